"""Facts about a repository and its entities, computed once per snapshot.

Every fact carries its source (``api``, ``settings``, ``codeowners``, ``history``,
``files``, ...). A fact that cannot be computed is :class:`Unknown`, with the reason:
never a silent pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from catalog_lint.facts.model import UNKNOWN, FactSet, Unknown, is_unknown

if TYPE_CHECKING:
    from catalog_lint.pipeline import Run

__all__ = ["UNKNOWN", "FactSet", "Unknown", "is_unknown", "run_stage"]

#: ``RunOptions.extra`` key that asks for git facts even in a run over named files.
FACTS = "facts"


def run_stage(run: Run) -> None:
    """The git facts stage, for runs over folders (the whole repository). A run over
    named files only (the pre-commit hook) skips it unless asked (``extra["facts"]``):
    history and CODEOWNERS coverage are properties of the repository, and the
    ``catalog-lint-codeowners`` hook checks them whenever CODEOWNERS or an entity file
    changes."""
    if run.named_files_only and not run.options.extra.get(FACTS):
        return
    if run.snapshot.git_dir is None:
        return  # nothing to compute outside git: the stage's modules are not even imported
    from catalog_lint.facts.stage import run as stage

    stage(run)
