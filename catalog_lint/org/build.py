"""The organisation catalog: the latest report of each repository put together.

Every entity keeps its repository, file and line (and a link to the file at that line
when the report knows where its files are shown). References are resolved against the
entities of every repository: a reference into another repository is *cross-repository*;
one that reaches no entity anywhere *dangles*, and is listed under its repository with
what it may have meant. An entity whose reference two repositories define is a
*duplicate*. Each entity's team is its owner, or, for an owner that is a user, the first
group the user is a member of.

Two kinds of problem can fail the command (``--fail-on``): duplicates are errors;
dangling references are warnings, errors with ``--complete`` (the reports are every
repository of the organisation, so a reference that reaches nothing is a mistake).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from catalog_lint import __version__
from catalog_lint.org.model import CardInfo, EntityRecord, Skipped, Source

ORG_FORMAT = "catalog-lint-org"
#: The org document's version (``schemas/org.schema.json``).
ORG_VERSION = 1

NO_TEAM = "(no owner)"
#: A path that needs no percent-encoding in a URL (most do): ``quote`` is slow.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9._~/-]*\Z")


@dataclass(frozen=True)
class OrgOptions:
    #: The reports cover the whole organisation: a dangling reference is an error.
    complete: bool = False


@dataclass
class Placed:
    """An entity of the current catalog with what the organisation knows of it."""

    repository: str
    record: EntityRecord
    owner: str | None
    team: str
    system: str | None
    domain: str | None


def kind_of(ref: str) -> str:
    """``component`` of ``component:default/cart``; ``group`` of ``port:group/a``."""
    if ref.startswith("port:"):
        return ref[5:].partition("/")[0].lower()
    return ref.partition(":")[0].lower()


def histories(sources: Sequence[Source]) -> dict[str, list[Source]]:
    """Each repository's reports, oldest first (by when they were made, then by file)."""
    by_name: dict[str, list[Source]] = {}
    for source in sources:
        by_name.setdefault(source.name, []).append(source)
    for reports in by_name.values():
        reports.sort(key=lambda s: (s.date, s.file))
    return dict(sorted(by_name.items()))


def merged_cards(sources: Sequence[Source]) -> dict[str, CardInfo]:
    """Every scorecard met, with every rule's title and fix (the first definition met,
    in repository order, speaks for an identifier)."""
    cards: dict[str, CardInfo] = {}
    for source in sources:
        for identifier, card in source.cards.items():
            merged = cards.setdefault(identifier, CardInfo(identifier, card.title,
                                                           list(card.levels)))
            for level in card.levels:
                if level not in merged.levels:
                    merged.levels.append(level)
            for rule_id, info in card.rules.items():
                merged.rules.setdefault(rule_id, info)
    return cards


def link(files_url: str | None, file: str, line: int) -> str | None:
    """The address of ``file`` at ``line``, when the report says where its files are
    shown; only http(s), only for a path inside the repository."""
    if not files_url or not files_url.startswith(("https://", "http://")):
        return None
    if not file or file.startswith(("/", "../")) or file == ".." or "://" in file:
        return None
    path = file if _PLAIN_PATH.match(file) else quote(file)
    return f"{files_url}{path}#L{line}"


def build(sources: Sequence[Source], skipped: Sequence[Skipped] = (),
          options: OrgOptions = OrgOptions()) -> dict[str, Any]:
    """The org document (its shape: ``schemas/org.schema.json``, docs/org.md)."""
    from catalog_lint.gcpause import collector_paused

    with collector_paused():  # many long-lived objects, no cycles: see gcpause
        return _build(sources, skipped, options)


def _build(sources: Sequence[Source], skipped: Sequence[Skipped], options: OrgOptions
           ) -> dict[str, Any]:
    from catalog_lint.org import maturity, trends
    from catalog_lint.org.suggest import SuggestionIndex

    history = histories(sources)
    current = [reports[-1] for reports in history.values()]
    cards = merged_cards(current)

    index: dict[str, tuple[Source, EntityRecord]] = {}
    definitions: dict[str, list[tuple[Source, EntityRecord]]] = {}
    for source in current:
        for record in source.entities:
            if record.ref in index:
                definitions.setdefault(record.ref, [index[record.ref]]).append((source, record))
            else:
                index[record.ref] = (source, record)

    suggestions = SuggestionIndex(list(index))
    dangling_severity = "error" if options.complete else "warning"
    placed: list[Placed] = []
    entities: list[dict[str, Any]] = []
    dangling: list[dict[str, Any]] = []
    crossing: dict[tuple[str, str], int] = {}
    references = resolved = 0
    dangling_per_repository: dict[str, int] = {}
    for source in current:
        for record in source.entities:
            if index[record.ref][1] is not record:
                continue  # a duplicate: the first definition speaks for the reference
            for relation, targets in (record.relations or {}).items():
                for target in targets:
                    references += 1
                    found = index.get(target)
                    if found is not None:
                        resolved += 1
                        if found[0].name != source.name:
                            pair = (source.name, found[0].name)
                            crossing[pair] = crossing.get(pair, 0) + 1
                        continue
                    dangling_per_repository[source.name] = dangling_per_repository.get(source.name, 0) + 1
                    dangling.append({
                        "repository": source.name, "entity": record.ref, "relation": relation,
                        "target": target, "file": record.file, "line": record.line,
                        "url": link(source.files_url, record.file, record.line),
                        "suggestions": suggestions.suggest(target),
                        "severity": dangling_severity,
                    })
            item = _place(source, record, index)
            placed.append(item)
            entities.append(_entity_document(item, source))

    duplicates = [{
        "ref": ref, "severity": "error",
        "definitions": [{"repository": s.name, "file": r.file, "line": r.line,
                         "url": link(s.files_url, r.file, r.line)} for s, r in found],
    } for ref, found in sorted(definitions.items())]

    owners = _owners(placed, index, cards)
    repositories = [_repository_document(reports, dangling_per_repository.get(name, 0))
                    for name, reports in history.items()]
    problems = {"error": 0, "warning": 0}
    problems["error"] += len(duplicates)
    problems[dangling_severity] += len(dangling)
    titles = {ref: index[ref][1].title for item in placed
              for ref in (item.owner, item.team, item.system, item.domain)
              if ref is not None and ref in index and index[ref][1].title}
    return {
        "format": ORG_FORMAT,
        "version": ORG_VERSION,
        "tool": {"name": "catalog-lint", "version": __version__},
        "complete": options.complete,
        "summary": {
            "repositories": len(current),
            "reports": len(sources),
            "entities": len(entities),
            "references": references,
            "resolved": resolved,
            "cross_repository": sum(crossing.values()),
            "dangling": len(dangling),
            "duplicates": len(duplicates),
            "owners": len(owners),
            "skipped": len(skipped),
            "problems": problems,
        },
        "scorecards": [_card_document(card) for card in cards.values()],
        "repositories": repositories,
        "entities": entities,
        "titles": dict(sorted(titles.items())),
        "cross_references": [{"from": a, "to": b, "references": n}
                             for (a, b), n in sorted(crossing.items())],
        "dangling": dangling,
        "duplicates": duplicates,
        "owners": owners,
        "maturity": maturity.distributions(cards, placed, current),
        "failing_rules": maturity.failing_rules(cards, placed, current),
        "dora": maturity.dora_table(current),
        "trends": trends.trends(history, cards),
        "skipped": [{"file": s.file, "reason": s.reason} for s in skipped],
    }


def _first(record: EntityRecord, relation: str) -> str | None:
    targets = (record.relations or {}).get(relation)
    return targets[0] if targets else None


def _place(source: Source, record: EntityRecord,
           index: dict[str, tuple[Source, EntityRecord]]) -> Placed:
    owner = _first(record, "owner")
    team = owner
    if owner is not None and kind_of(owner) == "user" and owner in index:
        group = _first(index[owner][1], "memberOf")
        team = group or owner
    if kind_of(record.ref) == "group":
        team = record.ref  # a team is its own
    system = _first(record, "system")
    if kind_of(record.ref) == "system":
        system = record.ref
    domain = _first(record, "domain")
    if domain is None and system is not None and system in index:
        domain = _first(index[system][1], "domain")
    if kind_of(record.ref) == "domain":
        domain = record.ref
    return Placed(source.name, record, owner, team or NO_TEAM, system, domain)


def _entity_document(item: Placed, source: Source) -> dict[str, Any]:
    record = item.record
    return {
        "ref": record.ref,
        "kind": record.kind,
        "title": record.title,
        "repository": item.repository,
        "file": record.file,
        "line": record.line,
        "url": link(source.files_url, record.file, record.line),
        "owner": item.owner,
        "team": item.team,
        "system": item.system,
        "domain": item.domain,
        "relations": record.relations or {},
        "errors": record.errors,
        "warnings": record.warnings,
        "scores": {card: {"level": score.level, "rank": score.rank, "next": score.next,
                          "blocking": list(score.blocking), "failing": len(score.failing),
                          "unknown": len(score.unknown)}
                   for card, score in record.scores.items()},
    }


def _card_document(card: CardInfo) -> dict[str, Any]:
    return {
        "identifier": card.identifier,
        "title": card.title,
        "levels": card.levels,
        "rules": {rule_id: {"title": info.title, "level": info.level, "fix": info.fix}
                  for rule_id, info in sorted(card.rules.items())},
    }


def _owners(placed: list[Placed], index: dict[str, tuple[Source, EntityRecord]],
            cards: dict[str, CardInfo]) -> list[dict[str, Any]]:
    by_owner: dict[str, list[Placed]] = {}
    for item in placed:
        if item.owner is not None:
            by_owner.setdefault(item.owner, []).append(item)
    owners: list[dict[str, Any]] = []
    for ref, owned in by_owner.items():
        defined = index.get(ref)
        levels: dict[str, dict[str, int]] = {}
        for item in owned:
            for card, score in item.record.scores.items():
                counts = levels.setdefault(card, dict.fromkeys(cards[card].levels, 0)
                                           if card in cards else {})
                counts[score.level] = counts.get(score.level, 0) + 1
        owners.append({
            "ref": ref,
            "kind": kind_of(ref),
            "title": defined[1].title if defined else "",
            "repository": defined[0].name if defined else None,
            "entities": sorted(item.record.ref for item in owned),
            "levels": levels,
        })
    owners.sort(key=lambda o: (-len(o["entities"]), o["ref"]))
    return owners


def _repository_document(reports: list[Source], dangling: int) -> dict[str, Any]:
    source = reports[-1]
    scored: dict[str, dict[str, int]] = {}
    for record in source.entities:
        for card, score in record.scores.items():
            counts = scored.setdefault(card, {})
            counts[score.level] = counts.get(score.level, 0) + 1
    return {
        "name": source.name,
        "url": source.url if source.url and source.url.startswith(("https://", "http://")) else None,
        "report": source.file,
        "kind": source.kind,
        "files_url": (source.files_url if source.files_url
                      and source.files_url.startswith(("https://", "http://")) else None),
        "commit": source.commit,
        "committed_at": source.committed_at,
        "checked_at": source.checked_at,
        "entities": len(source.entities),
        "findings": dict(source.findings),
        "levels": {card: {"level": score.level, "rank": score.rank, "next": score.next,
                          "blocking": list(score.blocking)}
                   for card, score in source.repository_scores.items()},
        "scored": scored,
        "dangling": dangling,
        "reports": len(reports),
        "notes": list(source.notes),
    }
