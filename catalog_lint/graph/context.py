"""The repository's other entity files, read only to resolve references.

A run over named files (the pre-commit hook passes the staged files) reports on those
files only, but their references point at entities anywhere in the repository. So the
graph stage also reads every other entity file that a run over the whole folder would
read (discovery with the config's patterns, from the folder the run starts in: the
repository's top when pre-commit runs the hook), and the files their Locations point
at. Outside a git work tree that folder must be the current one: named files elsewhere
make the run's folder a common parent of both, which is not searched. These *context*
files are read cheaply: parsed and turned into entities, with no document rule run on
them and nothing reported about them (their own problems are for a run over them, such
as CI's whole-repository run); their node trees are let go as each file is read, as in
any run.

What a context file holds is kept between runs (:mod:`catalog_lint.graph.context_cache`,
by path and a hash of the bytes, or the file's identity), pruned to what the graph
reads: the envelope, ``metadata.name``/``namespace``/``title``, and ``spec`` (Backstage)
or ``relations`` (Port) with long strings emptied and nested values left empty, types
kept (a relation field's type decides how it is read). A file found in the cache is not
parsed. Context files are read in this process, one after the other: with the cache
warm there is little to parse, and forking workers would cost more than it saves.

``--no-context`` (``RunOptions.extra["context"] = False``) reads the named files only,
as catalog-lint did before: references to other files are then not judged at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from catalog_lint.dialects import BACKSTAGE, PORT
from catalog_lint.graph import locations
from catalog_lint.graph.context_cache import ContextCache, Stub, digest
from catalog_lint.model import Document, SourceFile
from catalog_lint.pipeline import Run, RunOptions

if TYPE_CHECKING:
    from catalog_lint.findings import Finding, Problem
    from catalog_lint.model import Entity
    from catalog_lint.report import FileRecord

#: ``RunOptions.extra`` key: ``False`` turns context reading off (``--no-context``).
CONTEXT = "context"


def wanted(run: Run) -> bool:
    """Whether the run names files (and so reads the rest of the repository as context).
    Only a bounded folder is read as context: a git work tree (or a commit), or, outside
    git, the folder the run starts in. Named files outside it widen the run's folder to
    a common parent (the home folder, say), which is never searched for them."""
    if not run.named_files_only or run.options.extra.get(CONTEXT) is False:
        return False
    snapshot = run.snapshot
    return snapshot.git_dir is not None or getattr(snapshot, "cwd", None) == snapshot.root


class ContextRun(Run):
    """A run that reads files only to know their entities: no document rule runs and no
    finding is kept. It shares the reporting run's snapshot, configuration and
    blueprints, and never reads a file that run has read."""

    def __init__(self, run: Run, cache: ContextCache) -> None:
        options = RunOptions(blueprint_dirs=run.options.blueprint_dirs)
        super().__init__(run.snapshot, run.config, options, blueprints=run.blueprints)
        self.document_rules = []
        self.records.update(run.records)  # read already: never a context file too
        self.cache = cache
        self._identities: dict[str, str | None] = {}

    def emit(self, problem: Problem, *, doc: Document | None = None,
             file: SourceFile | None = None, entity: Entity | None = None,
             display: str | None = None) -> Finding | None:
        return None  # context files are not reported on

    def read(self, path: str) -> None:
        """A file unchanged since the cache saw it is not even read."""
        identity = self.snapshot.identity(path)
        if identity is not None and path not in self.records:
            stubs = self.cache.known(path, identity)
            if stubs is not None:
                file = SourceFile(path=path, display=self.snapshot.display(path))
                self.record(file)
                if self._restore(file, stubs):
                    return
                del self.records[path]  # a malformed entry: read the file after all
                self.files.pop()
        self._identities[path] = identity
        super().read(path)

    def _read_data(self, file: SourceFile, record: FileRecord, data: bytes,
                   is_json: bool) -> None:
        hashed = digest(data)
        identity = self._identities.get(file.path)
        stubs = self.cache.lookup(file.path, hashed, identity)
        if stubs is not None and self._restore(file, stubs):
            return
        first = len(self.documents)
        super()._read_data(file, record, data, is_json)
        self.cache.store(file.path, hashed, [
            _stub(doc) for doc in self.documents[first:] if doc.entity is not None], identity)

    def _restore(self, file: SourceFile, stubs: list[Stub]) -> bool:
        """The entities of a file from its cached stubs; ``False`` (nothing restored)
        when an entry is not shaped as :func:`_stub` writes it."""
        documents = []
        for stub in stubs:
            if not (isinstance(stub, list) and len(stub) == 5 and type(stub[0]) is int
                    and type(stub[1]) is int and isinstance(stub[2], list)
                    and stub[3] in (BACKSTAGE, PORT) and isinstance(stub[4], dict)):
                return False
            index, line, base_path, dialect, data = stub
            doc = Document(file, index, line, 1, data, base_path=tuple(base_path),
                           position_index=index)
            doc.dialect = dialect
            documents.append(doc)
        for doc in documents:
            if doc.dialect == BACKSTAGE:
                from catalog_lint.dialects.backstage import build_entity
            else:
                from catalog_lint.dialects.port import build_entity
            doc.entity = build_entity(doc, self.blueprints)
            if doc.entity is not None:
                self.entities.append(doc.entity)
        return True


def _stub(doc: Document) -> Stub:
    """What the cache keeps of a document with an entity: ``[index, line, base path,
    dialect, pruned data]``, the line being where the entity starts (an item of a Port
    list starts below its document)."""
    line = doc.line
    if doc.base_path:
        found = doc.locate(doc.base_path)
        if found is not None:
            line = found[0]
    return [doc.position_index, line, list(doc.base_path), doc.dialect,
            _pruned(doc.dialect, doc.data)]


#: Strings longer than this are kept as ``""``: no reference is that long.
_LONGEST = 1024
_BACKSTAGE_METADATA = ("name", "namespace", "title")
_PORT_FIELDS = ("identifier", "blueprint", "title")


def _pruned(dialect: str | None, data: dict[str, Any]) -> dict[str, Any]:
    """The part of an entity's data the graph reads, see the module's docstring."""
    if dialect == PORT:
        out = {key: _shallow(data[key]) for key in _PORT_FIELDS if key in data}
        fields: tuple[str, ...] = ("relations",)
    else:
        out = {key: _shallow(data[key]) for key in ("apiVersion", "kind") if key in data}
        metadata = data.get("metadata")
        if isinstance(metadata, dict):
            out["metadata"] = {key: _shallow(metadata[key])
                               for key in _BACKSTAGE_METADATA if key in metadata}
        fields = ("spec",)
    for key in fields:
        value = data.get(key)
        if isinstance(value, dict):
            out[key] = {k: _one_level(v) for k, v in value.items()}
        elif key in data:
            out[key] = _shallow(value)
    return out


def _shallow(value: Any) -> Any:
    """A scalar as it is (a long string emptied); a list or mapping emptied."""
    if isinstance(value, str):
        return value if len(value) <= _LONGEST else ""
    if isinstance(value, list):
        return []
    if isinstance(value, dict):
        return {}
    return value


def _one_level(value: Any) -> Any:
    """A relation field's value: lists and mappings keep their scalars, one level down."""
    if isinstance(value, list):
        return [_shallow(item) for item in value]
    if isinstance(value, dict):
        return {k: _shallow(v) for k, v in value.items()}
    return _shallow(value)


def read(run: Run, urls: locations.UrlPolicy) -> list[Entity]:
    """The entities of every entity file of the run's folder that ``run`` has not read,
    and of the files their Locations point at (URL targets as ``urls`` says)."""
    from catalog_lint.gcpause import collector_paused
    from catalog_lint.pipeline import resolve_targets

    cache = ContextCache.for_root(run.snapshot.root, commits=run.snapshot.revision is not None)
    reader = ContextRun(run, cache)
    files = [path for path in resolve_targets(run.snapshot, run.config, ())
             if path not in run.records]
    with collector_paused():  # as the run's own reading: long-lived objects, no garbage
        for path in files:
            reader.read(path)
        locations.follow(reader, urls)
    cache.save()
    return reader.entities
