"""The pipeline: snapshot → files → documents → entities → checks → findings → report.

:func:`run` is the whole of ``catalog-lint validate`` minus option parsing and output.
Stages after the per-file checks (the catalog graph, git facts, scores) are listed in
:data:`STAGES` and receive the :class:`Run`; each adds findings or report sections.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog_lint import yaml_native
from catalog_lint.blueprints import BlueprintRegistry, load_configured
from catalog_lint.config import Config
from catalog_lint.dialects import BACKSTAGE, Foreign, classify
from catalog_lint.dialects import backstage as backstage_dialect
from catalog_lint.dialects import port as port_dialect
from catalog_lint.discovery import PathMatcher, discover, patterns_from_config
from catalog_lint.errors import FatalError
from catalog_lint.facts.model import FactSet
from catalog_lint.findings import (
    Finding,
    JsonPath,
    Problem,
    Severity,
    fingerprint,
    format_path,
    sort_key,
)
from catalog_lint.gcpause import collector_paused
from catalog_lint.jobs import jobs_for
from catalog_lint.jsvalues import load_json_with_duplicates
from catalog_lint.model import Document, Entity, SourceFile, may_hold
from catalog_lint.regular_files import RefusedFile
from catalog_lint.report import FileRecord, LazyDicts, Report
from catalog_lint.rules import REFINES, document_rules, is_rule, rule_by_id, unknown_rule
from catalog_lint.rules.base import DocumentCheck, DocumentContext, LoadedRule
from catalog_lint.snapshot import Snapshot
from catalog_lint.suppressions import Suppressions
from catalog_lint.yaml_core import DuplicateKey

if TYPE_CHECKING:
    from catalog_lint.placeholders import Placed, Resolver
    from catalog_lint.yaml_fast import FastDocument
    from catalog_lint.yaml_native import NativeDocument

#: Stages run after every file has been read, as ``"module:function"``; each is called
#: with the :class:`Run`. Later features plug in here.
#: Each entry is a light function that decides first and imports its machinery after,
#: so a one-file pre-commit run does not pay for git or scoring imports.
STAGES: list[str] = [
    "catalog_lint.graph.stage:run",
    "catalog_lint.facts:run_stage",
    # scores read every fact: keep this after the facts stage
    "catalog_lint.scorecards:run_stage",
]

#: Work of the stages that depends on one entity only, done as entities are read when
#: files are read in parallel (``catalog_lint.parallel``), where it fills time the main
#: process would otherwise spend waiting: ``"module:function"``, called with the
#: :class:`Run` and the entities just read; the stage finds its results in
#: ``Run.prepared``.
PREPARERS: list[str] = [
    "catalog_lint.graph.stage:prepare",
    "catalog_lint.scorecards:prepare",
]

#: ``RunOptions.extra`` key: keep the line of each entity field (``Entity.lines``).
ENTITY_LINES = "entity_lines"


@dataclass
class RunOptions:
    """What the command line adds to the configuration."""

    paths: Sequence[str] = ()  # files or folders, relative to the snapshot root
    jobs: int | None = None  # worker processes for reading files; None: decide by the count
    blueprint_dirs: Sequence[Path] = ()
    extra: dict[str, Any] = field(default_factory=dict)  # options of later stages


class Run:
    """The state of one run. Stages read it and call :meth:`emit`."""

    def __init__(self, snapshot: Snapshot, config: Config, options: RunOptions,
                 blueprints: BlueprintRegistry | None = None) -> None:
        self.snapshot = snapshot
        self.config = config
        snapshot.read_limit = config.max_file_size  # every file the run reads is capped
        self.options = options
        self.blueprints: BlueprintRegistry = (
            blueprints if blueprints is not None
            else load_configured(config, options.blueprint_dirs))
        self._severity = _severity_overrides(config)
        self._ignores = _per_file_ignores(config)
        self.files: list[SourceFile] = []
        self.records: dict[str, FileRecord] = {}
        self.documents: list[Document] = []
        self.entities: list[Entity] = []
        self.findings: list[Finding] = []
        self.sections: dict[str, Any] = {}
        #: Repository facts (``repo.*``, ``dora.*``) and facts per entity (keyed by
        #: ``Entity.ref``), filled by the fact stages and read by the scoring stage.
        self.facts = FactSet()
        self.entity_facts: dict[str, FactSet] = {}
        #: What ``PREPARERS`` made ahead of the stages, by stage.
        self.prepared: dict[str, Any] = {}
        self._suppressions: dict[str, Suppressions | None] = {}
        #: The last entity a finding named, and its reference (findings come in runs).
        self._last_entity: Entity | None = None
        self._last_ref: str | None = None
        self._checks: dict[str, list[DocumentCheck]] = {}
        self._resolver: Resolver | None = None  # placeholders: made when first needed
        #: The fast reader (:func:`catalog_lint.yaml_fast.read_fast`) while a parallel
        #: reading uses it; a serial run reads every file exactly (and imports nothing more).
        self.read_fast: Callable[[str], list[FastDocument] | None] | None = None
        self.document_rules: list[LoadedRule] = [
            loaded for loaded in document_rules()
            if loaded.check is not None
            and self._severity.get(loaded.rule.id, loaded.rule.severity) is not None
        ]

    @property
    def named_files_only(self) -> bool:
        """Whether the run reads only files named on the command line (the pre-commit
        hook): it reports on those files only (the graph stage still reads the others to
        resolve their references), and repository-wide judgements (git facts) are left
        to whole-repository runs."""
        paths = self.options.paths
        return bool(paths) and all(self.snapshot.is_file(p) for p in paths)

    # -- findings ----------------------------------------------------------------------

    def severity_of(self, rule_id: str, default: Severity | None = None) -> Severity | None:
        """The configured severity of a rule; ``None`` when it is turned off."""
        if rule_id in self._severity:
            return self._severity[rule_id]
        if default is not None:
            return default
        loaded = rule_by_id(rule_id)
        return loaded.rule.severity if loaded else Severity.ERROR

    def emit(
        self,
        problem: Problem,
        *,
        doc: Document | None = None,
        file: SourceFile | None = None,
        entity: Entity | None = None,
        display: str | None = None,
    ) -> Finding | None:
        """Turn a problem into a finding of the run (:meth:`place`)."""
        finding = self.place(problem, doc=doc, file=file, entity=entity, display=display)
        if finding is not None:
            self.findings.append(finding)
        return finding

    def place(
        self,
        problem: Problem,
        *,
        doc: Document | None = None,
        file: SourceFile | None = None,
        entity: Entity | None = None,
        display: str | None = None,
    ) -> Finding | None:
        """The finding a problem makes: severity from the config, position from the
        document, suppressions and per-file ignores applied; ``None`` when it is turned
        off, ignored or suppressed. Not yet a finding of the run (:meth:`emit` makes it
        one). (A run may emit hundreds of thousands: what repeats is looked up, not
        recomputed.)"""
        rule = problem.rule
        severity = self._severity.get(rule, _UNSET)
        if severity is _UNSET:
            severity = problem.severity or self.severity_of(rule)
        if severity is None:
            return None
        if doc is not None:
            file = doc.file
            entity = entity or doc.entity
        line, column = problem.line, problem.column
        message = problem.message
        if doc is not None and doc.substitutions:
            # Inside a placeholder's content (placeholders.py): the finding belongs to the
            # file the placeholder brought in, at its line, and names the placeholder.
            from catalog_lint.placeholders import place

            placed = place(doc, (*doc.base_path, *problem.path), problem)
            if placed is not None:
                file, line, column, message = placed
                if file is not doc.file:
                    doc = None  # the entity's document lines say nothing of that file
        path_text = display or (file.display if file else "")
        if self._ignores and self._ignored(file.path if file else path_text, rule):
            return None
        if line is None:
            line, column = (1, 1) if doc is None else doc.position_of(problem.path)
        column = column or 1
        # a file's suppressions are read once; most files have none (None), the common case
        if file is not None and self._suppressions.get(file.path, _UNSET) is not None \
                and self._suppressed(file, doc, line, rule):
            return None
        if entity is None:
            entity_ref = None
        elif entity is self._last_entity:
            entity_ref = self._last_ref
        else:
            entity_ref = self._last_ref = entity.ref
            self._last_entity = entity
        path = problem.path
        rendered_path = _RENDERED.get(path) or _rendered_path(path)
        finding = Finding(
            rule, severity, message, path_text, line, column, rendered_path, entity_ref,
            fingerprint(rule, path_text, entity_ref, rendered_path, problem.identity or message),
            # a fix addresses a place in a document: without one there is nothing to edit
            problem.fix.bound(doc.position_index, doc.base_path)
            if problem.fix is not None and doc is not None else None,
        )
        return finding

    def _ignored(self, path: str, rule_id: str) -> bool:
        refined = REFINES.get(rule_id)  # ignoring a rule ignores what refines it
        return any(
            (rule_id in rule_ids or "all" in rule_ids or refined in rule_ids)
            and matcher.match_file(path)
            for matcher, rule_ids in self._ignores
        )

    def _suppressed(self, file: SourceFile, doc: Document | None, line: int, rule_id: str) -> bool:
        if file.text is None:
            return False
        if file.path in self._suppressions:
            suppressions = self._suppressions[file.path]
        else:  # once per file: a file can hold 200,000 findings
            parsed = Suppressions.parse(file.text, file.document_starts)
            suppressions = self._suppressions[file.path] = (
                parsed if parsed.lines or parsed.documents else None)
        if suppressions is None:  # the file suppresses nothing (most files)
            return False
        start = doc.line if doc else None
        refined = REFINES.get(rule_id)
        return suppressions.covers(line, start, rule_id) or (
            refined is not None and suppressions.covers(line, start, refined))

    # -- reading -------------------------------------------------------------------------

    def record(self, file: SourceFile) -> FileRecord:
        record = self.records.get(file.path)
        if record is None:
            record = FileRecord(path=file.display)
            self.records[file.path] = record
            self.files.append(file)
        return record

    def read(self, path: str) -> None:
        """Read one file into documents and entities, reporting what stops it."""
        file = SourceFile(path=path, display=self.snapshot.display(path))
        record = self.record(file)
        try:
            data = self.snapshot.read_bytes(path)  # capped at max-file-size, regular files only
        except RefusedFile as refused:
            self.emit(Problem(refused.rule, refused.message), file=file)
            return
        except OSError as exc:
            self.emit(Problem("file-unreadable", f"cannot read file: {exc.strerror or exc}"),
                      file=file)
            return
        self._read_data(file, record, data, path.endswith(".json"))

    def read_fetched(self, data: bytes, name: str) -> None:
        """Read a file that is not in the snapshot (a Location target fetched from a URL)
        from its bytes, exactly as :meth:`read` reads a snapshot file; ``name`` (the URL)
        is its path and what its findings show. JSON when the name's path ends ``.json``."""
        file = SourceFile(path=name, display=name)
        record = self.record(file)
        if len(data) > self.config.max_file_size:
            self.emit(
                Problem("input-limits", f"file is {len(data):,} bytes, more than the limit of "
                        f"{self.config.max_file_size:,} (max-file-size); not read"),
                file=file,
            )
            return
        address = name.split("#", 1)[0].split("?", 1)[0]
        self._read_data(file, record, data, address.endswith(".json"))

    def _read_data(self, file: SourceFile, record: FileRecord, data: bytes,
                   is_json: bool) -> None:
        """Decode, parse and admit the documents of one file's bytes."""
        text = _decode(data)
        if isinstance(text, Problem):
            self.emit(text, file=file)
            return
        file.text = text
        if not text.strip():
            self.emit(Problem("empty-file", "file is empty"), file=file)
            return
        if is_json:
            documents = self._json_documents(file)
        else:
            documents = self._yaml_documents(file)
        read_fast = file.read_fast
        record.documents = len(documents)
        foreign: list[tuple[Document, Foreign]] = []
        for doc in documents:
            found = self._admit(doc)
            if found is not None:
                foreign.append((doc, found))
        if foreign:  # one finding per file, however many documents are foreign
            from catalog_lint.dialects.foreign import summarise

            message, severity = summarise([f for _, f in foreign])
            self.emit(Problem("not-an-entity", message, severity=severity), doc=foreign[0][0])
        if self.options.extra.get(ENTITY_LINES):  # export: before the trees go
            from catalog_lint.graph.exchange import data_lines

            for doc in documents:
                if doc.entity is not None:
                    doc.entity.lines = data_lines(doc.entity)
        if read_fast:  # trees a rule composed for a position: let them go too
            file.nodes = None
        if file.nodes is None and not file.cache.get("broken"):
            # The document rules are done with the node trees: let them go (a 10,000-file
            # run would otherwise hold hundreds of megabytes). A later stage that needs a
            # position recomposes that one file from its text.
            for doc in documents:
                doc.node = None

    def _yaml_documents(self, file: SourceFile) -> list[Document]:
        assert file.text is not None
        if yaml_native.AVAILABLE:  # the exact reader's answer with positions, in C
            native = yaml_native.read_positioned(file.text)
            if native is not None:
                return self._native_documents(file, native)
        else:
            fast = self.read_fast(file.text) if self.read_fast is not None else None
            if fast is not None:  # plain YAML, read exactly, without positions (yaml_fast)
                return self._fast_documents(file, fast)
        # the exact reader, and PyYAML with it, only when a file needs it
        from catalog_lint.yaml_reader import parse_stream

        stream = parse_stream(file.text)
        if stream.pieced:  # positions cannot be recomposed from the whole text: keep trees
            file.cache["broken"] = True
        for warning in stream.warnings:
            self.emit(Problem("yaml-syntax", warning.message, line=warning.line,
                              column=warning.column, severity=Severity.WARNING), file=file)
        if not stream.problems and all(parsed.empty for parsed in stream.documents):
            self.emit(Problem("empty-file", "file holds no document, only comments or "
                              "blank lines"), file=file)
            return []
        # before any finding of the file: its suppressions are read once, with these
        file.document_starts = sorted({parsed.line for parsed in stream.documents})
        for problem in stream.problems:
            rule = "input-limits" if problem.limit else "yaml-syntax"
            self.emit(Problem(rule, problem.message, line=problem.line, column=problem.column),
                      file=file)
        documents: list[Document] = []
        for parsed in stream.documents:
            doc = Document(file, parsed.index, parsed.line, parsed.column, parsed.data,
                           parsed.node, position_index=parsed.index, positions=parsed.positions)
            if parsed.empty:
                self.emit(Problem("empty-document", f"document {parsed.index + 1} is empty",
                                  line=parsed.line, column=1), file=file)
                continue
            doc.duplicate_keys = parsed.duplicate_keys
            doc.yaml11_suspects = parsed.yaml11_suspects
            documents.extend(_expand_lists(doc))
        return documents

    @staticmethod
    def _native_documents(file: SourceFile, native: list[NativeDocument]) -> list[Document]:
        """The documents of a file the C reader read: never empty, no duplicate keys, no
        YAML 1.1 look-alikes (else it declines the file), with their positions."""
        file.document_starts = sorted({parsed.line for parsed in native})
        documents: list[Document] = []
        for index, parsed in enumerate(native):
            documents.extend(_expand_lists(Document(file, index, parsed.line, parsed.column,
                                                    parsed.data, position_index=index,
                                                    positions=parsed.positions)))
        return documents

    @staticmethod
    def _fast_documents(file: SourceFile, fast: list[FastDocument]) -> list[Document]:
        """The documents of a file the fast reader read: never empty, no duplicate keys,
        no YAML 1.1 look-alikes (else it declines the file); positions composed later."""
        file.read_fast = True
        file.document_starts = sorted({parsed.line for parsed in fast})
        documents: list[Document] = []
        for index, parsed in enumerate(fast):
            documents.extend(_expand_lists(Document(file, index, parsed.line, parsed.column,
                                                    parsed.data, position_index=index)))
        return documents

    def _json_documents(self, file: SourceFile) -> list[Document]:
        assert file.text is not None
        try:
            # Numbers as JavaScript reads them: an integer past 2**53 is rounded (and one
            # of thousands of digits is Infinity, not a Python error); NaN and Infinity
            # are not JSON at all, though Python's reader takes them.
            data, duplicates = load_json_with_duplicates(file.text)
        except json.JSONDecodeError as exc:
            from catalog_lint.json_errors import explain_json

            said = explain_json(exc)
            self.emit(Problem("json-syntax", said.message, line=said.line, column=said.column),
                      file=file)
            return []
        except RecursionError:
            self.emit(Problem("input-limits", "nesting too deep; refusing to read this file"),
                      file=file)
            return []
        doc = Document(file, 0, 1, 1, data)
        doc.duplicate_keys = [DuplicateKey(key, 0, 0) for key in duplicates]
        return list(_expand_lists(doc))

    def _report_duplicates(self, doc: Document) -> None:
        for dup in doc.duplicate_keys:
            self.emit(Problem("duplicate-key", f"key {dup.key!r} appears more than once in "
                              "this mapping; only the last value would be kept",
                              line=dup.line or None, column=dup.column or None), doc=doc)

    def _admit(self, doc: Document) -> Foreign | None:
        """Classify a document, build its entity and run the document rules on it; a
        foreign document is returned for :meth:`read` to report once per file."""
        kind = classify(doc.data, doc.file.path)
        if isinstance(kind, Foreign):
            if doc.base_path == () or doc.base_path[-1] == 0:
                self._report_duplicates(doc)
            self.documents.append(doc)
            return kind
        doc.dialect = kind
        placed: list[Placed] = []
        if kind == BACKSTAGE:
            if may_hold(doc):  # $text/$json/$yaml replaced before anything judges the data
                placed = self._placeholders().substitute(doc)
            doc.entity = backstage_dialect.build_entity(doc, self.blueprints)
        else:
            doc.entity = port_dialect.build_entity(doc, self.blueprints)
        self.documents.append(doc)
        if doc.entity is not None:
            self.entities.append(doc.entity)
            self.records[doc.file.path].entities += 1
        for item in placed:  # now that the entity is known, for the findings' entity
            if item.at is None:
                self.emit(item.problem, doc=doc)
            else:
                self.emit(item.problem, file=item.at.file, entity=doc.entity)
        if doc.base_path == () or doc.base_path[-1] == 0:
            self._report_duplicates(doc)
        context = DocumentContext(doc, self.blueprints, self.config.raw)
        checks = self._checks.get(kind)
        if checks is None:  # the rules that apply to this dialect, worked out once
            checks = self._checks[kind] = [
                loaded.check for loaded in self.document_rules
                if loaded.check is not None and (not loaded.rule.dialects or kind in loaded.rule.dialects)
            ]
        for check in checks:
            for problem in check(context):
                self.emit(problem, doc=doc)
        return None

    def _placeholders(self) -> Resolver:
        """The run's placeholder resolver (:mod:`catalog_lint.placeholders`), made when
        the first document with a ``$`` needs it; targets are read once per run."""
        if self._resolver is None:
            from catalog_lint.graph.stage import fetch_limits
            from catalog_lint.placeholders import REPOSITORY_URL, Resolver

            self._resolver = Resolver(self.snapshot, self.config.max_file_size,
                                      lambda: fetch_limits(self),
                                      self.options.extra.get(REPOSITORY_URL))
        return self._resolver

    # -- report ------------------------------------------------------------------------

    def write_facts_section(self) -> None:
        """The ``facts`` section from the facts as they are now: into the section a stage
        opened (the facts stage's, with ``sources`` and ``notes``), else a new one when
        there are facts. Written once, when the report is made: a stage after the facts
        stage adds facts of its own, and 28,550 entities' facts take 0.1 s to write."""
        section = self.sections.get("facts")
        if section is None:
            if not len(self.facts):
                return
            section = self.sections["facts"] = {}
        section["repository"] = self.facts.to_json()
        if "sources" in section:
            section["sources"] = dict(sorted(self.facts.sources.items()))
        section["entities"] = {ref: facts.to_json() for ref, facts in self.entity_facts.items()}

    def report(self) -> Report:
        self.write_facts_section()
        return Report(
            root=str(self.snapshot.root),
            revision=self.snapshot.revision,
            display_root=str(getattr(self.snapshot, "cwd", self.snapshot.root)),
            files=[self.records[f.path] for f in self.files],
            findings=sorted(self.findings, key=sort_key),
            entities=LazyDicts(self.entities, _entity_summary, nested=("relations",)),
            sections=self.sections,
            sources={f.display: f.text for f in self.files if f.text is not None},
        )


def _expand_lists(doc: Document) -> Iterable[Document]:
    """A Port file may hold a list of entities: each item becomes a document of its own."""
    data = doc.data
    if isinstance(data, list) and any(
        isinstance(item, dict) and ("identifier" in item or "blueprint" in item) for item in data
    ):
        for position, item in enumerate(data):
            item_doc = Document(doc.file, doc.index, doc.line, doc.column, item, doc.node,
                                base_path=(*doc.base_path, position),
                                position_index=doc.position_index, positions=doc.positions)
            item_doc.duplicate_keys = doc.duplicate_keys
            yield item_doc
    else:
        yield doc


#: Rendered JSON paths: a run's findings point at the same few fields again and again.
_RENDERED: dict[JsonPath, str] = {}
#: Not in a table (a severity of None means "turned off", a suppression of None "none").
_UNSET: Any = object()


def _rendered_path(path: JsonPath) -> str:
    rendered = _RENDERED.get(path)
    if rendered is None:
        if len(_RENDERED) > 10_000:  # paths into one huge document: keep the memo small
            _RENDERED.clear()
        rendered = _RENDERED[path] = format_path(path)
    return rendered


def _decode(data: bytes) -> str | Problem:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Problem("file-encoding", "file is UTF-16 (it starts with a UTF-16 byte-order "
                       "mark); save it as UTF-8", line=1, column=1)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\0" in data[:8192]:
        return Problem("file-encoding", "binary file (it contains NUL bytes); an entity file "
                       "must be UTF-8 text", line=1, column=1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        return Problem("file-encoding", f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
                       "save the file as UTF-8", line=line, column=column)


def _entity_summary(entity: Entity) -> dict[str, Any]:
    # made for every entity as the report is written, in the run's serial end: the
    # attributes read directly rather than through Entity's properties
    document, blueprint, data = entity.document, entity.blueprint, entity.data
    summary = {
        "ref": entity.ref,
        "dialect": entity.dialect,
        "kind": entity.kind,
        "name": entity.name,
        "file": document.file.display,
        "line": document.line,
        "blueprint": None if blueprint is None else blueprint.identifier,
    }
    holder = data.get("metadata") if entity.dialect == BACKSTAGE else data
    title = holder.get("title") if isinstance(holder, dict) else None
    if isinstance(title, str) and title:
        summary["title"] = title
    node = entity.graph_node
    if node is not None:  # the graph stage's references: what catalog-lint org resolves
        summary["relations"] = node.relation_refs()
    return summary


def _severity_overrides(config: Config) -> dict[str, Severity | None]:
    overrides: dict[str, Severity | None] = {}
    for rule_id, value in config.rule_settings.items():
        if not is_rule(rule_id):
            raise FatalError(f"{config.source}: rules: {unknown_rule(rule_id)}")
        overrides[rule_id] = None if value == "off" else Severity.parse(value)
    return overrides


def _per_file_ignores(config: Config) -> list[tuple[Any, set[str]]]:
    raw = config.get("per-file-ignores", {})
    if not raw:
        return []
    from catalog_lint.globs import GitIgnore, GlobError

    result = []
    for pattern, rule_ids in raw.items():
        for rule_id in rule_ids:
            if rule_id != "all" and not is_rule(rule_id):
                raise FatalError(f"{config.source}: per-file-ignores: {unknown_rule(rule_id)}")
        try:  # checked with its line when the config was read; this is for a Config built in code
            matcher = GitIgnore([pattern])
        except GlobError as exc:
            raise FatalError(f"{config.source}: per-file-ignores: pattern {pattern!r} is not "
                             f"usable: {exc}") from None
        result.append((matcher, set(rule_ids)))
    return result


def resolve_targets(snapshot: Snapshot, config: Config, paths: Sequence[str]) -> list[str]:
    """The files to read: discovered ones, or those the user named."""
    matchers: list[PathMatcher] = []

    def matcher() -> PathMatcher:  # built only when a folder is searched
        if not matchers:
            from catalog_lint.globs import GlobError

            try:  # checked with its line when the config was read; this is for a Config built in code
                matchers.append(PathMatcher(*patterns_from_config(config.raw)))
            except GlobError as exc:
                raise FatalError(f"{config.source or 'config'}: a discovery pattern is not "
                                 f"usable: {exc}") from None
        return matchers[0]

    if not paths:
        return discover(snapshot, matcher())
    targets: list[str] = []
    for path in paths:
        clean = path.rstrip("/") or "."
        if clean != "." and snapshot.is_file(clean):
            targets.append(clean)
        elif snapshot.is_dir(clean):
            targets.extend(discover(snapshot, matcher(), "" if clean == "." else clean))
        else:
            raise FatalError(f"{snapshot.display(clean)}: no such file or folder")
    return list(dict.fromkeys(targets))


def run(snapshot: Snapshot, config: Config, options: RunOptions | None = None,
        targets: Sequence[str] | None = None) -> Report:
    options = options or RunOptions()
    state = Run(snapshot, config, options)
    files = targets if targets is not None else resolve_targets(snapshot, config, options.paths)
    jobs = jobs_for(len(files), options.jobs)
    snapshot.prefetch(files)
    # Every document read, every graph edge and finding lives to the end of the run, and
    # almost nothing is garbage: with the collector running, each collection would walk
    # them all again (a 10,000-file run with 50,000 findings spent a third of its time so).
    with collector_paused():
        if jobs > 1:
            from catalog_lint import parallel

            parallel.read_all(state, files, jobs)
        else:
            for path in files:
                state.read(path)
        for stage in STAGES:
            _load_stage(stage)(state)
        return state.report()


def prepare_entities(run: Run, entities: list[Entity]) -> None:
    """Let each stage do ahead what it can for ``entities`` (see :data:`PREPARERS`)."""
    for spec in PREPARERS:
        _load_stage(spec)(run, entities)


def _load_stage(spec: str) -> Callable[..., None]:
    module, _, function = spec.partition(":")
    return getattr(importlib.import_module(module), function)
