"""Maturity scorecards as code: load, check and evaluate them (Port's level semantics).

Scores cost a pass over the repository's files and one over its git history, so the
scoring stage only runs when a command asks for it: :func:`enable` on the run options
(``catalog-lint score``, ``catalog-lint check`` and the pull-request gate do).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from catalog_lint.model import Entity
    from catalog_lint.pipeline import Run

#: ``RunOptions.extra`` key that switches scoring on.
SCORES = "scores"
#: ``RunOptions.extra`` key holding the identifiers of the scorecards to evaluate.
SELECTED = "scorecards"


def enable(extra: dict[str, Any], scorecards: Sequence[str] = ()) -> None:
    """Switch scoring on in ``RunOptions.extra``, optionally for chosen scorecards."""
    extra[SCORES] = True
    if scorecards:
        extra[SELECTED] = list(scorecards)


def enabled(extra: dict[str, Any]) -> bool:
    return bool(extra.get(SCORES))


def prepare(run: Run, entities: list[Entity]) -> None:
    """The scoring stage's preparer (``pipeline.PREPARERS``), imported only when a
    command switched scoring on."""
    if not enabled(run.options.extra):
        return
    from catalog_lint.scorecards.stage import prepare as ahead

    ahead(run, entities)


def run_stage(run: Run) -> None:
    """The scoring stage, imported only when a command switched scoring on."""
    if not enabled(run.options.extra):
        return
    from catalog_lint.scorecards.stage import run as stage

    stage(run)
