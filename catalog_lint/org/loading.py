"""Finding report files and reading each one into a :class:`~.model.Source`.

Reports come from many repositories' CI: they are untrusted. Each file is read by the
same rules as any file a user names (a regular file; a symbolic link only to a file
inside the folder given), at most ``max_bytes`` of it; it must be UTF-8 JSON, a
catalog-lint report (checked against ``schemas/report.schema.json``) or a catalog export
(``schemas/catalog-export.schema.json``) of a version this catalog-lint understands.
Anything else is a :class:`~.model.Skipped` with the reason: the command warns about it
and lists it, or stops (``--strict``). Strings kept from a report are cut to a length a
page can show.

What is kept of a report: the ``repository`` section, each entity with its relations,
each subject's level per scorecard with the rules that do not pass (and the rules'
titles and fixes once per scorecard), the ``dora`` figures and the findings' counts.
Keys are looked up by name, never by position, so their order does not matter.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from catalog_lint.errors import FatalError
from catalog_lint.org.model import (
    GENERIC_NAMES,
    CardInfo,
    EntityRecord,
    RuleInfo,
    Score,
    Skipped,
    Source,
)
from catalog_lint.scorecards.results import RuleDefinitions, definitions, description

#: Largest report or export read (``--max-report-bytes``): a report of a repository
#: with several thousand scored entities stays well below it.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
#: Longest text kept from a report (a title, a file path, a fix); longer ones are cut.
MAX_TEXT = 2000
#: Longest entity reference kept: Backstage names are at most 63 characters.
MAX_REF = 512


class ReportError(Exception):
    """Why a file gives nothing, in one line."""


@dataclass(frozen=True)
class ReportFile:
    path: Path
    shown: str  # how messages name it
    root: Path  # symbolic links may lead anywhere inside it
    default_name: str  # the repository's name when the report does not say


def report_files(paths: Sequence[Path]) -> list[ReportFile]:
    """Each file named, and every ``*.json`` file under each folder named (hidden
    folders left out, links to folders not followed), in a stable order."""
    found: list[ReportFile] = []
    seen: set[str] = set()
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            for folder, folders, files in os.walk(path):
                folders[:] = sorted(f for f in folders if not f.startswith("."))
                for name in sorted(files):
                    if name.endswith(".json") and not name.startswith("."):
                        file = Path(folder) / name
                        found.append(ReportFile(file, file.as_posix(), root, _default_name(file)))
        elif os.path.lexists(path):
            found.append(ReportFile(path, path.as_posix(), Path(os.path.abspath(path)).parent,
                                    _default_name(path)))
        else:
            raise FatalError(f"{path}: no such file or folder")
    unique = []
    for item in found:
        key = os.path.realpath(item.path)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def _default_name(path: Path) -> str:
    stem = path.name[:-5] if path.name.endswith(".json") else path.name
    if stem.lower() in GENERIC_NAMES and path.parent.name not in ("", "."):
        return path.resolve().parent.name
    return stem


def read_all(files: Sequence[ReportFile], max_bytes: int = DEFAULT_MAX_BYTES,
             jobs: int | None = None) -> tuple[list[Source], list[Skipped]]:
    """Every file read, in order: on every core when there are many."""
    from catalog_lint.gcpause import collector_paused
    from catalog_lint.jobs import jobs_for

    workers = jobs_for(len(files), jobs)
    # Parsed reports hold no cycles and the sources live to the end: the cyclic collector
    # would only scan them again and again (it took a third of the time).
    with collector_paused():
        if workers > 1:
            import gc
            import multiprocessing

            chunk = max(1, min(64, len(files) // (workers * 8) or 1))
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                     initializer=gc.disable) as pool:
                results = list(pool.map(_read_one, files, [max_bytes] * len(files), chunksize=chunk))
        else:
            results = [_read_one(item, max_bytes) for item in files]
    sources = [r for r in results if isinstance(r, Source)]
    skipped = [r for r in results if isinstance(r, Skipped)]
    return sources, skipped


def _read_one(item: ReportFile, max_bytes: int) -> Source | Skipped:
    try:
        return read_source(item, max_bytes)
    except ReportError as exc:
        return Skipped(item.shown, str(exc))


def read_source(item: ReportFile, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """One file as a source, or :class:`ReportError`."""
    return source_of(parse(read_bytes(item, max_bytes)), item)


def read_bytes(item: ReportFile, max_bytes: int) -> bytes:
    from catalog_lint.regular_files import FileTooLarge, OutsideRepository, read_file

    try:
        return read_file(os.path.abspath(item.path), max_bytes, root=os.path.realpath(item.root))
    except FileTooLarge as exc:
        size = f"{exc.size:,} bytes" if exc.size is not None else "larger"
        raise ReportError(f"report is {size}, more than the limit of {max_bytes:,} "
                          "(--max-report-bytes)") from None
    except OutsideRepository:
        raise ReportError(f"a symbolic link that leads outside {item.root.as_posix()}; "
                          "not read") from None
    except OSError as exc:
        raise ReportError(f"cannot read: {exc.strerror or exc}") from None


def parse(raw: bytes) -> Any:
    """JSON, read by orjson (about twice as fast as the standard library on reports,
    which matters for thousands of them): UTF-8 only, no ``NaN`` or ``Infinity``,
    integers of at most 64 bits, at most 1,024 levels deep."""
    import orjson

    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if "utf-8" in exc.msg.lower():
            raise ReportError("not UTF-8 text") from None
        if "depth" in exc.msg.lower() or "recursion" in exc.msg.lower():
            raise ReportError("JSON nests too deep") from None
        raise ReportError(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None


def source_of(data: Any, item: ReportFile) -> Source:
    """A parsed document as a source: a report or an export."""
    if isinstance(data, dict) and data.get("format") == "catalog-lint-catalog":
        return _export_source(data, item)
    tool = data.get("tool") if isinstance(data, dict) else None
    if not (isinstance(tool, dict) and tool.get("name") == "catalog-lint"):
        raise ReportError("not a catalog-lint report or catalog export (write one with "
                          "catalog-lint check --format json, or catalog-lint export)")
    assert isinstance(data, dict)
    version = data.get("version")
    from catalog_lint.report import REPORT_VERSION

    if not isinstance(version, int) or isinstance(version, bool):
        raise ReportError(f"report version {version!r} is not a number")
    if version > REPORT_VERSION:
        raise ReportError(f"report version {version} is newer than this catalog-lint "
                          f"understands ({REPORT_VERSION}); upgrade catalog-lint")
    _check_schema(data)
    return _report_source(data, item)


def run_source(data: dict[str, Any], name: str) -> Source:
    """The report of this run (``score --format html``) as a source, ``name`` standing in
    for the repository's when the report does not know it."""
    return source_of(data, ReportFile(Path("."), "(this run)", Path("."), name))


@functools.cache  # compiled once per process
def _validator() -> Any:
    import fastjsonschema

    text = (resources.files("catalog_lint") / "schemas" / "report.schema.json").read_text(
        encoding="utf-8")
    return fastjsonschema.compile(_what_org_reads(json.loads(text)))


def _check_schema(data: dict[str, Any]) -> None:
    import fastjsonschema

    try:
        _validator()(data)
    except fastjsonschema.JsonSchemaValueException as exc:
        where = (exc.name or "").replace("data", "", 1).lstrip(".") or "the top"
        raise ReportError(f"not a valid report at {cut(where, 200)}: {cut(exc.message, 300)}") from None
    except RecursionError:
        raise ReportError("JSON nests too deep") from None


def _what_org_reads(schema: dict[str, Any]) -> dict[str, Any]:
    """The report schema, with the parts ``org`` does not read checked for their type
    only: a finding's place and fingerprint, the files read (a quarter of the checking
    time on large reports), the scores' results below their level (checked in full, they
    took longer than everything else) and the conditions of the scorecards' rules. What
    is read is checked in full, or read with care."""
    properties = schema["properties"]
    properties["files"] = {"type": "array"}
    finding = properties["findings"]["items"]
    finding["properties"] = {key: finding["properties"][key] for key in ("severity", "entity")}
    finding["required"] = ["severity", "entity"]
    finding.pop("additionalProperties", None)
    definitions = schema["$defs"]
    definitions["scoreRule"]["properties"]["conditions"] = {"type": "array"}
    for unread in ("levels", "counts"):
        definitions["scoreResult"]["properties"][unread] = {}
    # each result's rules: thousands per report, each read with care (as in version 1,
    # whose section was not checked at all): the type of the list only
    definitions["scoreResult"]["properties"]["rules"] = {"type": "array"}
    return schema


def cut(value: Any, limit: int = MAX_TEXT) -> str:
    """``value`` as text of at most ``limit`` characters."""
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _optional(value: Any, limit: int = MAX_TEXT) -> str | None:
    return cut(value, limit) if isinstance(value, str) and value else None


def _line(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 1


def _relations(value: Any) -> dict[str, list[str]] | None:
    if not isinstance(value, dict):
        return None
    relations: dict[str, list[str]] = {}
    for name, targets in value.items():
        if isinstance(targets, list):
            kept = [cut(t, MAX_REF) for t in targets if isinstance(t, str) and t]
            if kept:
                relations[cut(name, 100)] = kept
    return relations


def _report_source(data: dict[str, Any], item: ReportFile) -> Source:
    repository = data.get("repository") if isinstance(data.get("repository"), dict) else {}
    assert isinstance(repository, dict)
    source = Source(
        file=item.shown, kind="report",
        name=cut(repository.get("name") or item.default_name, 300),
        url=_optional(repository.get("url")),
        commit=_optional(repository.get("commit") or data.get("revision"), 100),
        committed_at=_optional(repository.get("committed_at"), 40),
        checked_at=_optional(repository.get("checked_at"), 40),
        files_url=_optional(repository.get("files_url")),
    )
    if not repository:
        source.notes.append("the report has no repository section (made by an older "
                            "catalog-lint, or outside git): no commit, date or links")
    errors: dict[str, int] = {}
    warnings: dict[str, int] = {}
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in data.get("findings") or ():
        severity = finding.get("severity")
        counts[severity] = counts.get(severity, 0) + 1
        entity = finding.get("entity")
        if isinstance(entity, str):
            if severity == "error":
                errors[entity] = errors.get(entity, 0) + 1
            elif severity == "warning":
                warnings[entity] = warnings.get(entity, 0) + 1
    source.findings = counts
    cards, scores, repository_scores = _scores(data.get("scores"))
    source.cards, source.repository_scores = cards, repository_scores
    seen: set[str] = set()
    without_relations = 0
    for entity in data.get("entities") or ():
        ref = cut(entity.get("ref"), MAX_REF)
        if ref in seen:
            continue  # defined twice in one repository: its own report says so
        seen.add(ref)
        relations = _relations(entity.get("relations"))
        if relations is None:
            without_relations += 1
        source.entities.append(EntityRecord(
            ref=ref, kind=cut(entity.get("kind"), 100), name=cut(entity.get("name"), MAX_REF),
            title=cut(entity.get("title") or ""), file=cut(entity.get("file")),
            line=_line(entity.get("line")), relations=relations,
            scores=scores.get(ref, {}), errors=errors.get(ref, 0),
            warnings=warnings.get(ref, 0)))
    if without_relations:
        source.notes.append(f"{without_relations} entit{'y' if without_relations == 1 else 'ies'} "
                            "without relations (a report of an older catalog-lint): their "
                            "references are not resolved")
    dora = data.get("dora")
    source.dora = dora if isinstance(dora, dict) else None
    return source


def _scores(section: Any) -> tuple[dict[str, CardInfo], dict[str, dict[str, Score]],
                                   dict[str, Score]]:
    """The scorecards, each entity's scores by reference, and the repository's. The
    ``scores`` section's shape is documented in docs/scorecards.md (version 2 describes
    each rule once, under its scorecard; version 1, of older reports, in every result:
    both are read); what does not fit it is left out."""
    cards: dict[str, CardInfo] = {}
    per_entity: dict[str, dict[str, Score]] = {}
    repository: dict[str, Score] = {}
    if not isinstance(section, dict):
        return cards, per_entity, repository
    rules = definitions(section)
    for card in _dicts(section.get("scorecards")):
        identifier = card.get("identifier")
        levels = card.get("levels")
        if isinstance(identifier, str) and isinstance(levels, list):
            cards[cut(identifier, 200)] = CardInfo(
                cut(identifier, 200), cut(card.get("title") or identifier, 300),
                [cut(level, 200) for level in levels if isinstance(level, str)])
    holder = section.get("repository")
    if isinstance(holder, dict):
        repository = _subject_scores(holder.get("scorecards"), cards, rules)
    for entity in _dicts(section.get("entities")):
        ref = entity.get("ref")
        if isinstance(ref, str):
            per_entity[cut(ref, MAX_REF)] = _subject_scores(entity.get("scorecards"), cards,
                                                            rules)
    return cards, per_entity, repository


def _dicts(value: Any) -> Iterable[dict[str, Any]]:
    return (item for item in value if isinstance(item, dict)) if isinstance(value, list) else ()


def _subject_scores(value: Any, cards: dict[str, CardInfo],
                    rules: dict[str, RuleDefinitions]) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    if not isinstance(value, dict):
        return scores
    for identifier, result in value.items():
        card = cards.get(identifier)
        if card is None or not isinstance(result, dict) or not isinstance(result.get("level"), str):
            continue
        next_level = result.get("next") if isinstance(result.get("next"), str) else None
        defined = rules.get(identifier, {})
        blocking: list[str] = []
        failing: list[str] = []
        unknown: list[str] = []
        for rule in _dicts(result.get("rules")):
            status = rule.get("status")
            rule_id = rule.get("identifier")
            if status == "pass" or not isinstance(rule_id, str):
                continue
            described = description(rule, defined.get(rule_id))
            rule_id = cut(rule_id, 200)
            if rule_id not in card.rules:
                card.rules[rule_id] = RuleInfo(cut(described.get("title") or rule_id, 300),
                                               cut(described.get("level"), 200),
                                               cut(described.get("fix") or ""))
            (unknown if status == "unknown" else failing).append(rule_id)
            if next_level is not None and described.get("level") == next_level:
                blocking.append(rule_id)
        rank = result.get("rank")
        scores[identifier] = Score(
            level=cut(result["level"], 200),
            rank=rank if isinstance(rank, int) and not isinstance(rank, bool) else 0,
            next=cut(next_level, 200) if next_level else None,
            blocking=tuple(blocking), failing=tuple(failing), unknown=tuple(unknown))
    return scores


def _export_source(data: dict[str, Any], item: ReportFile) -> Source:
    from catalog_lint.graph.exchange import validated

    try:
        data = validated(data, item.shown)
    except FatalError as exc:
        message = exc.message.removeprefix(f"{item.shown}: ")
        raise ReportError(message) from None
    source = Source(file=item.shown, kind="export",
                    name=cut(data.get("source") or item.default_name, 300),
                    commit=_optional(data.get("revision"), 100))
    source.notes.append("a catalog export: entities and references, no scores")
    seen: set[str] = set()
    for entity in data["entities"]:
        ref = cut(entity.get("ref"), MAX_REF)
        if ref in seen:
            continue
        seen.add(ref)
        source.entities.append(EntityRecord(
            ref=ref, kind=cut(entity.get("kind"), 100), name=cut(entity.get("name"), MAX_REF),
            title=cut(entity.get("title") or ""), file=cut(entity.get("file") or ""),
            line=_line(entity.get("line")), relations=_relations(entity.get("relations")) or {},
            scores={}))
    return source
