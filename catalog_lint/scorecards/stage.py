"""The scoring stage: file facts, DORA facts, and every selected scorecard evaluated for
each entity and for the repository, into ``run.sections["scores"]``.

Runs after the git facts stage (which fills ``repo.codeowners``, ``repo.branch_protection``
and the ``entity.*`` ownership and history facts) and only when scoring is switched on
(:func:`catalog_lint.scorecards.enable`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog_lint.errors import FatalError
from catalog_lint.facts import dora, files
from catalog_lint.facts.dora_figures import dora_figures
from catalog_lint.facts.model import FactSet, Unknown
from catalog_lint.gcpause import collector_paused
from catalog_lint.scorecards import SELECTED, enabled
from catalog_lint.scorecards.evaluate import Evaluator, Subject, card_definition
from catalog_lint.scorecards.loading import (
    builtin_scorecards,
    configured_scorecards,
    folder_scorecards,
)
from catalog_lint.scorecards.model import Scorecard
from catalog_lint.scorecards.results import SCORES_VERSION

if TYPE_CHECKING:
    from catalog_lint.config import Config
    from catalog_lint.model import Entity
    from catalog_lint.pipeline import Run



def select_scorecards(config: Config, wanted: list[str] | None = None,
                      set_folders: Sequence[tuple[Path, str]] = ()) -> list[Scorecard]:
    """Built-in scorecards, replaced or extended by those of the blueprint sets in force
    (``set_folders``: their ``scorecards/`` folders) and then by the config's, filtered by
    the selection (the command line's, else the config's)."""
    section = config.get("scorecards", {}) or {}
    cards: dict[str, Scorecard] = {card.identifier: card for card in builtin_scorecards()}
    for folder, _origin in set_folders:
        for card in folder_scorecards(folder):
            cards[card.identifier] = card
    for card in configured_scorecards(section.get("custom", []), config.source, config.root):
        cards[card.identifier] = card
    selection = wanted or section.get("select")
    if not selection:
        return list(cards.values())
    unknown = [name for name in selection if name not in cards]
    if unknown:
        raise FatalError(f"unknown scorecard {unknown[0]!r} (known: {', '.join(sorted(cards))})")
    return [cards[name] for name in dict.fromkeys(selection)]


def selected_scorecards(run: Run) -> list[Scorecard]:
    """The scorecards this run scores (:func:`select_scorecards` with its settings)."""
    return select_scorecards(run.config, run.options.extra.get(SELECTED),
                             run.blueprints.scorecard_folders())


@dataclass
class Ahead:
    """What :func:`prepare` made while files were read: the scorecards; the file index
    and the file facts (they come from the repository's listing, known before any entity
    file is read); and for each entity (by ``id``) its file facts, as made and as a fact
    set, and the results of the rules that read its data and the file facts alone, by
    card."""

    scorecards: list[Scorecard]
    evaluator: Evaluator
    index: files.FileIndex
    repository: dict[str, Any]
    made: dict[int, tuple[dict[str, Any], FactSet]] = field(default_factory=dict)
    ready: dict[int, dict[str, list[dict[str, Any] | None]]] = field(default_factory=dict)
    #: the scorecards that apply to an entity, by its dialect and kind
    cards_for: dict[tuple[str, str], list[Scorecard]] = field(default_factory=dict)


#: ``Run.prepared`` key of the :class:`Ahead` (``False``: nothing is made ahead).
PREPARED = "scores"


def prepare(run: Run, entities: list[Entity]) -> None:
    """Score what can be scored of ``entities`` before the git facts are known (see
    ``pipeline.PREPARERS``): the rules that read an entity's data and its files alone,
    such as "has an owner", "has a dashboard link" or "has a README". A large run does
    it while other processes are still reading files, so this part of scoring is shared
    between cores; the stage scores the rest (the git facts are known only once every
    file is read)."""
    if not enabled(run.options.extra):
        return
    ahead = run.prepared.get(PREPARED)
    if ahead is None:
        try:
            scorecards = selected_scorecards(run)
        except FatalError:  # the stage says so, as a run without this would
            run.prepared[PREPARED] = False
            return
        index = files.FileIndex(run.snapshot.list_files(), run.snapshot.read_bytes)
        repository = files.repository_facts(index)
        known = FactSet()
        known.set_all(repository, files.SOURCE)
        ahead = run.prepared[PREPARED] = Ahead(
            scorecards, Evaluator(scorecards, known, known_early=files.FACT_NAMES), index,
            repository)
    if ahead is False:
        return
    known = ahead.evaluator.repo_facts
    evaluator, index, made, ready = ahead.evaluator, ahead.index, ahead.made, ahead.ready
    cards_for = ahead.cards_for
    for entity in entities:
        data, dialect, kind = entity.data, entity.dialect, entity.kind
        own = files.entity_facts(index, entity.document.file.path, data)
        facts = FactSet.made_of(own, files.SOURCE)
        made[id(entity)] = own, facts
        cards = cards_for.get((dialect, kind))
        if cards is None:
            cards = cards_for[(dialect, kind)] = [
                card for card in ahead.scorecards if card.applies_to.entity(dialect, kind)]
        if cards:  # most entities of a large catalog are groups, systems, resources...
            subject = Subject(data, dialect, known, facts, kind)
            ready[id(entity)] = {card.identifier: evaluator.ahead(card, subject)
                                 for card in cards}


def run(run: Run) -> None:
    if not enabled(run.options.extra):
        return
    ahead = run.prepared.pop(PREPARED, None)
    if isinstance(ahead, Ahead):
        scorecards = ahead.scorecards
        index = ahead.index
        repository = ahead.repository
    else:
        ahead = None
        scorecards = selected_scorecards(run)
        index = files.FileIndex(run.snapshot.list_files(), run.snapshot.read_bytes)
        repository = files.repository_facts(index)
    where = run.config.source or "config"
    settings = dora.DoraSettings.from_config(run.config.get("dora"), where)

    run.facts.set_all(repository, files.SOURCE)
    run.facts.set_all(dora.compute(run.snapshot.git_dir, run.snapshot.revision, settings),
                      dora.SOURCE)

    made = ahead.made if ahead is not None else {}
    last: dict[str, dict[str, Any]] = {}  # the file facts each reference holds in the end
    for entity in run.entities:
        ref = entity.ref  # a property that builds the string: once
        own, early = made.get(id(entity)) or (None, None)
        if own is None:
            own = files.entity_facts(index, entity.path, entity.data)
        facts = run.entity_facts.get(ref)
        if facts is None and early is not None:
            run.entity_facts[ref] = early  # made ahead: these facts, set the same way
        else:
            if facts is None:
                facts = run.entity_facts[ref] = FactSet()
            facts.set_all(own, files.SOURCE)
        last[ref] = own
    ready = ahead.ready if ahead is not None else None
    if ready is not None and len(last) < len(run.entities):
        # entities that share a reference share its facts, the last one's: what was
        # scored ahead on an entity's own file facts is scored again if they differ
        for entity in run.entities:
            own, _ = made.get(id(entity)) or (None, None)
            if own is not None and own != last[entity.ref]:
                ready.pop(id(entity), None)

    # the repository scores on the entity rules as if it were an entity at its root
    root = repository_root_facts(files.entity_facts(index, ROOT_ENTITY_FILE, {}), run.facts)
    run.sections["scores"] = score(scorecards, run.entities, run.facts, run.entity_facts, root,
                                   ready)
    run.sections["dora"] = dora_figures({"dora": run.facts.to_json().get("dora")})


#: Where the repository sits, as an entity: a file at its root.
ROOT_ENTITY_FILE = "catalog-info.yaml"


def repository_root_facts(root_file_facts: dict[str, Any], repo: FactSet) -> FactSet:
    """The ``entity.*`` facts of the repository itself, for the rules written for
    entities: those of its root folder; CODEOWNERS covers the repository when it exists."""
    root = FactSet()
    root.set_all(root_file_facts, files.SOURCE)
    exists = repo.get("repo.codeowners.exists")
    root.set("entity.codeowners.covered", exists if isinstance(exists, Unknown) else exists is True)
    return root


#: Results made ahead (:attr:`Ahead.ready`): by ``id`` of the entity, then by card.
Ready = Mapping[int, Mapping[str, Sequence["dict[str, Any] | None"]]]


def score(scorecards: Sequence[Scorecard], entities: Sequence[Entity], repo_facts: FactSet,
          entity_facts: Mapping[str, FactSet], root_facts: FactSet | None = None,
          ready: Ready | None = None) -> dict[str, Any]:
    """The ``scores`` section (its JSON shape is in docs/scorecards.md). ``ready``: the
    results :func:`prepare` made for these scorecards, used where there are some."""
    with collector_paused():  # many small dicts and lists, none in a cycle: see gcpause
        return _score(scorecards, entities, repo_facts, entity_facts, root_facts, ready or {})


def _score(scorecards: Sequence[Scorecard], entities: Sequence[Entity], repo_facts: FactSet,
           entity_facts: Mapping[str, FactSet], root_facts: FactSet | None, ready: Ready
           ) -> dict[str, Any]:
    evaluator = Evaluator(scorecards, repo_facts, root_facts, known_early=files.FACT_NAMES)
    summary: dict[str, dict[str, int]] = {
        card.identifier: dict.fromkeys(card.level_titles, 0) for card in scorecards
    }
    repository: dict[str, Any] = {}
    for card in scorecards:
        if evaluator.applies(card, evaluator.repository):
            repository[card.identifier] = evaluator.score(card, evaluator.repository)
    scored = []
    for entity in entities:
        ref = entity.ref
        subject = Subject(entity.data, entity.dialect, repo_facts, entity_facts.get(ref),
                          entity.kind)
        made = ready.get(id(entity))
        results = {}
        for card in scorecards:
            if evaluator.applies(card, subject):
                result = evaluator.score(card, subject,
                                         made.get(card.identifier) if made is not None else None)
                results[card.identifier] = result
                summary[card.identifier][result["level"]] += 1
        if results:
            scored.append({
                "ref": ref,
                "kind": entity.kind,
                "file": entity.file,
                "line": entity.document.line,
                "scorecards": results,
            })
    return {
        "version": SCORES_VERSION,
        "scorecards": [card_definition(card) for card in scorecards],
        "repository": {"scorecards": repository},
        "entities": scored,
        "summary": summary,
    }
