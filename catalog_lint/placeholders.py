"""Backstage's placeholders, replaced as the catalog replaces them before it validates.

The catalog's ``PlaceholderProcessor`` walks an entity and swaps every mapping of the
form ``{$text: PATH}``, ``{$json: PATH}`` or ``{$yaml: PATH}`` for the content of the
file ``PATH`` names: its text, its JSON, or its (single) YAML document. Its rules, which
this module follows:

- a mapping is a placeholder when it has exactly one key, that key starts with ``$`` and
  names a resolver (``$text``, ``$json``, ``$yaml``); a mapping with a ``$`` key and
  other keys, or an unknown ``$key`` (``$ref``), is left alone and not looked into;
- the value must be a string (a path or a URL); anything else rejects the entity;
- a relative path resolves against the entity file's location as a URL does (``/x``
  from the repository's top); an absolute http(s) URL is fetched;
- placeholders do not nest: the content a placeholder brings in is not searched for
  more placeholders (so a chain, or a file that includes itself, cannot loop);
- ``apiVersion``, ``kind``, ``metadata.name`` and ``metadata.namespace`` are checked
  *before* placeholders are replaced (an entity whose envelope is not valid is rejected
  as written), and a placeholder at ``metadata.annotations`` is never replaced (the
  catalog first adds its location annotations to that mapping, which then has more
  than one key).

Here a target is read through the run's snapshot (a working tree or a commit): only
regular files inside the repository, at most ``max-file-size`` bytes, symbolic links
followed only while they stay inside. URL targets are fetched only with ``--allow-url``;
without it a URL placeholder stays in place and counts as a value of unknown content,
as does a placeholder whose target cannot be read (which is reported). Limits against
hostile repositories: :data:`MAX_PER_ENTITY` placeholders and ``max-file-size`` bytes of
substituted content per entity, :data:`MAX_URLS` URLs fetched per run.

Positions: the document keeps a :class:`Substitution` per replaced placeholder (the JSON
path where it stood and the target it brought in). A finding inside the content is
placed in the target file, at the line of the offending value there, and names the
placeholder that brought it in (:func:`place`); a finding on the whole value stays at
the placeholder. :func:`grafted_tree` gives the rules a node tree in which the targets'
trees stand where the placeholders stood.
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from catalog_lint.findings import JsonPath, Problem, Severity, format_path
from catalog_lint.model import Document, SourceFile, Unresolved

if TYPE_CHECKING:
    from yaml.nodes import Node

    from catalog_lint.graph.exchange import FetchLimits
    from catalog_lint.snapshot import Snapshot

RULE_ID = "placeholder-target"
KINDS = ("$text", "$json", "$yaml")
#: Placeholders replaced in one entity; the rest stay in place, unknown, and the first
#: over the limit is reported.
MAX_PER_ENTITY = 1000
#: URL targets fetched in one run (each URL once), as for Location targets.
MAX_URLS = 100

#: ``RunOptions.extra`` key: the URL of the repository as the catalog registers it
#: (``https://github.com/acme/cart``); default: the git remote ``origin``.
REPOSITORY_URL = "repository_url"
#: The hosts the catalog knows without configuration (its default integrations): it
#: reads a placeholder URL there only from the entity's own repository.
_SCM_HOSTS = ("github.com", "gitlab.com", "bitbucket.org")

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HTTP = re.compile(r"^https?:", re.IGNORECASE)
#: Where a placeholder is never replaced, and why (see the module docstring).
_ENVELOPE: dict[JsonPath, str] = {(): "the document itself", ("apiVersion",): "apiVersion", ("kind",): "kind",
             ("metadata",): "metadata", ("metadata", "name"): "metadata.name",
             ("metadata", "namespace"): "metadata.namespace"}
_ANNOTATIONS = ("metadata", "annotations")


@dataclass
class Target:
    """A file a placeholder brought in: a snapshot path or a URL, and its text."""

    path: str
    display: str
    text: str
    size: int  # bytes read
    is_json: bool = False
    _tree: Node | None = field(default=None, repr=False)
    _file: SourceFile | None = field(default=None, repr=False)

    def tree(self) -> Node | None:
        """The node tree of the target's (single) document: kept from parsing, else
        recomposed from the text (trees are dropped before documents travel between
        processes)."""
        if self._tree is None:
            from catalog_lint.yaml_reader import compose_positions

            nodes = compose_positions(self.text)
            self._tree = nodes[0] if nodes else None
        return self._tree

    @property
    def file(self) -> SourceFile:
        """The target as findings name it (and read its suppression comments)."""
        if self._file is None:
            self._file = SourceFile(path=self.path, display=self.display, text=self.text)
        return self._file

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_tree"] = None  # recomposed from the text where needed
        return state


@dataclass
class Substitution:
    """One placeholder of a document: where it stood, what it said, what replaced it
    (``target`` is ``None`` when it was left in place)."""

    path: JsonPath
    kind: str
    written: str
    line: int
    column: int
    source: str  # the entity file, as findings name it
    target: Target | None = None

    def note(self, inside: bool) -> str:
        """``(from $yaml: ./links.yaml at catalog-info.yaml:9)``."""
        where = f" at {self.source}:{self.line}" if inside else ""
        return f"(from {self.kind}: {self.written}{where})"


# -- finding placeholders, as the catalog's processor walks an entity ---------------------


def walk(value: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    """Every placeholder of ``value`` with its path, in document order: mappings with one
    key that is a resolver's name. Mappings with a ``$`` key among others, or one
    unknown ``$key``, are not looked into, as the catalog leaves them alone."""
    if type(value) is list:
        for index, item in enumerate(value):
            yield from walk(item, (*path, index))
        return
    if not isinstance(value, dict):
        return
    if not any(type(key) is str and key.startswith("$") for key in value):
        for key, item in value.items():
            yield from walk(item, (*path, key))
        return
    if len(value) == 1 and next(iter(value)) in KINDS:
        yield path, value


def _envelope_valid(data: dict[str, Any]) -> bool:
    """The catalog's envelope check, made before placeholders are replaced."""
    metadata = data.get("metadata")
    if not (_text(data.get("apiVersion")) and _text(data.get("kind"))
            and type(metadata) is dict and _text(metadata.get("name"))):
        return False
    return "namespace" not in metadata or _text(metadata["namespace"])


def _text(value: Any) -> bool:
    return type(value) is str and value != ""


def _set(data: Any, path: JsonPath, expected: Any, value: Any) -> bool:
    """Put ``value`` at ``path`` if ``expected`` is still there (YAML aliases can make
    two paths share one mapping: it is replaced once)."""
    parent = data
    for part in path[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = path[-1]
    try:
        if parent[last] is not expected:
            return False
    except (KeyError, IndexError, TypeError):
        return False
    parent[last] = value
    return True


# -- resolving --------------------------------------------------------------------------


@dataclass
class Placed:
    """A problem the resolver found, with where it goes: at the placeholder (``at`` is
    ``None``) or in a target file."""

    problem: Problem
    at: Target | None = None


@dataclass
class _Read:
    target: Target | None = None
    value: Any = None
    error: str | None = None  # the target cannot be used; said at the placeholder
    problems: list[Problem] = field(default_factory=list)  # in the target, at its lines


class Resolver:
    """Replaces the placeholders of a run's documents; each target is read and parsed
    once per run."""

    def __init__(self, snapshot: Snapshot, max_file_size: int,
                 fetch_limits: Callable[[], FetchLimits],
                 repository_url: str | None = None) -> None:
        self.snapshot = snapshot
        self.max_file_size = max_file_size
        self._fetch_limits = fetch_limits
        self._repository_url = repository_url
        self._own: tuple[str | None, str | None] | None = None
        self._reads: dict[tuple[str, str], _Read] = {}
        self._urls: set[str] = set()
        self._prefix: str | None = None

    # The one entry point -----------------------------------------------------------

    def substitute(self, doc: Document) -> list[Placed]:
        """Replace the placeholders of a Backstage document's data in place, record them
        on ``doc.substitutions``, and return the problems found on the way."""
        data = doc.data
        if type(data) is not dict:
            return []
        found = list(walk(data))
        if not found:
            return []
        doc.substitutions = []
        placed: list[Placed] = []
        envelope_ok = _envelope_valid(data)
        budget = self.max_file_size
        count = 0
        for path, placeholder in found:
            kind = next(iter(placeholder))
            written = placeholder[kind]
            line, column = _placeholder_position(doc, path)
            record = Substitution(path, kind, written if type(written) is str else "",
                                  line, column, doc.file.display)
            where = format_path(path) or "the top of the document"
            problem: str | None = None
            content: Any = None
            if path in _ENVELOPE:
                problem = (f"a {kind} placeholder cannot stand at {_ENVELOPE[path]}: the "
                           "catalog checks apiVersion, kind, metadata.name and "
                           "metadata.namespace before it replaces placeholders")
            elif path == _ANNOTATIONS:
                problem = (f"a {kind} placeholder cannot stand at metadata.annotations: the "
                           "catalog adds its location annotations to this mapping before it "
                           f'replaces placeholders, so it reads an annotation named "{kind}"')
            elif type(written) is not str:
                from catalog_lint.rules._backstage import describe

                problem = (f"the {kind} placeholder at {where} needs a path or a URL as a "
                           f"string, got {describe(written)}")
            elif not envelope_ok:
                pass  # rejected as written: nothing is replaced
            elif count >= MAX_PER_ENTITY:
                if count == MAX_PER_ENTITY:
                    problem = (f"more than {MAX_PER_ENTITY:,} placeholders in this entity; "
                               "the rest are not read")
                count += 1
            else:
                count += 1
                read = self._resolve(doc, kind, written)
                if read is None:
                    pass  # a URL, not fetched without --allow-url: unknown content
                elif read.error is not None:
                    problem = f"{kind}: {written}: {read.error}"
                elif read.target is not None and read.target.size > budget:
                    problem = (f"{kind}: {written}: not read: the placeholders of this "
                               f"entity bring in more than {self.max_file_size:,} bytes "
                               "(max-file-size)")
                elif read.target is not None:
                    budget -= read.target.size
                    record.target = read.target
                    content = read.value
                    placed += [Placed(_noted(p, record), read.target) for p in read.problems]
                    if read.problems and any(p.severity is None for p in read.problems):
                        record.target = None  # not usable: unknown content, errors said
            if problem is not None:
                placed.append(Placed(Problem(RULE_ID, problem, path, line=line,
                                             column=column)))
            if record.target is not None:
                if _set(data, path, placeholder, content):
                    placed += self._nested(record, content)
                    doc.substitutions.append(record)
            else:
                _set(data, path, placeholder, Unresolved(placeholder))
                doc.substitutions.append(record)
        return placed

    # Targets -----------------------------------------------------------------------

    def _resolve(self, doc: Document, kind: str, written: str) -> _Read | None:
        """The target of one placeholder, read and parsed (cached), or ``None`` for a
        URL that is not fetched."""
        located = self._locate(doc.file.path, written)
        if isinstance(located, _Read):
            return located
        is_url, address = located
        if is_url:
            refused = self._other_repository(address)
            if refused is not None:
                return _Read(error=refused)
            if not self._fetch_limits().allow_url:
                return None
        key = (kind, address)
        read = self._reads.get(key)
        if read is None:
            read = self._reads[key] = self._load(kind, address, is_url)
        return read

    def _locate(self, base: str, written: str) -> tuple[bool, str] | _Read:
        """``(is_url, snapshot path or URL)`` of a placeholder's target, or why none."""
        value = written.strip("\x00\t\n\x0b\x0c\r ")
        if _HTTP.match(value) and "//" in value[:8]:
            return True, urllib.parse.urldefrag(value).url
        if _URL.match(value):
            return _Read(error=f"{value.split(':', 1)[0]}: URLs are not read (only http(s) "
                         "URLs and paths inside the repository)")
        if _URL.match(base):  # a file fetched from a URL: relative to its URL
            return True, urllib.parse.urldefrag(urllib.parse.urljoin(base, value)).url
        path = re.split(r"[?#]", value.replace("\\", "/"), maxsplit=1)[0]
        if path == "":
            return _Read(error="the path is empty")
        segments: list[str] = []
        for raw in path.split("/"):
            decoded = urllib.parse.unquote(raw)  # "%2e%2e" is "..", as a URL reads it
            if "/" in decoded:
                return _Read(error="the path holds an encoded '/'; not read")
            segments.append(decoded)
        prefix = self._repository_prefix()
        depth = len([part for part in prefix.split("/") if part])
        if path.startswith("/"):  # from the top of the repository, as the catalog reads it
            start = "/".join([".."] * depth)
        else:
            start = posixpath.dirname(base)
        joined = posixpath.normpath(posixpath.join(start, *segments))
        climbs = 0
        for part in joined.split("/"):
            if part != "..":
                break
            climbs += 1
        if joined.startswith("/") or climbs > depth:
            return _Read(error="the path leads outside the repository; not read")
        return False, joined

    def _other_repository(self, url: str) -> str | None:
        """Why the catalog would refuse a URL on a known host (github.com, ...) that
        is not in the entity's own repository; ``None`` when it would read it, or when
        the repository is not known (no ``origin`` remote)."""
        parts = urllib.parse.urlsplit(url)
        host = (parts.hostname or "").lower()
        if host not in _SCM_HOSTS:
            return None
        own_host, own_name = self._own_repository()
        if own_host is None or own_name is None:
            return None
        segments = [s for s in parts.path.split("/") if s]
        if host == "gitlab.com" and "-" in segments:
            segments = segments[: segments.index("-")]
        else:
            segments = segments[:2]
        name = "/".join(segments).removesuffix(".git")
        if host == own_host and name == own_name:
            return None
        return (f"the catalog reads a placeholder URL on {host} only from the entity's own "
                f"repository ({own_host}/{own_name}), and this one is {host}/{name}")

    def _own_repository(self) -> tuple[str | None, str | None]:
        if self._own is None:
            from catalog_lint.facts.gitinfo import parse_remote

            remote = self._repository_url
            top = self.snapshot.git_dir
            if remote is None and top is not None:
                import subprocess

                try:
                    found = subprocess.run(["git", "-C", str(top), "config", "--get",
                                            "remote.origin.url"], capture_output=True,
                                           text=True, check=False, timeout=30)
                    remote = found.stdout.strip() if found.returncode == 0 else None
                except (OSError, subprocess.TimeoutExpired):
                    remote = None
            self._own = parse_remote(remote) if remote else (None, None)
        return self._own

    def _repository_prefix(self) -> str:
        """Where the snapshot's root lies inside its repository (``services/cart``), so
        that ``/x`` and ``../x`` can be told from paths outside it; ``""`` at the top, and
        when the root is not in a git work tree (then the root is the boundary)."""
        if self._prefix is None:
            import os

            snapshot = self.snapshot
            subdir = getattr(snapshot, "subdir", None)
            if isinstance(subdir, str):
                self._prefix = subdir
            else:
                top = snapshot.git_dir
                prefix = ""
                if top is not None:
                    relative = os.path.relpath(os.path.realpath(snapshot.root),
                                               os.path.realpath(top))
                    if not relative.startswith(".."):
                        prefix = "" if relative == "." else relative.replace(os.sep, "/")
                self._prefix = prefix
        return self._prefix

    def _load(self, kind: str, address: str, is_url: bool) -> _Read:
        raw = self._fetch(address) if is_url else self._read_file(address)
        if isinstance(raw, str):
            return _Read(error=raw)
        # as the catalog decodes it: UTF-8, anything else replaced, a BOM kept
        text = raw.decode("utf-8", "replace")
        display = address if is_url else posixpath.normpath(self.snapshot.display(address))
        target = Target(address, display, text, len(raw), is_json=kind == "$json")
        if kind == "$text":
            return _Read(target, text)
        if kind == "$json":
            return _parse_json(target)
        return _parse_yaml(target)

    def _read_file(self, path: str) -> bytes | str:
        from catalog_lint.regular_files import FileTooLarge, OutsideRepository, RefusedFile

        shown = posixpath.normpath(self.snapshot.display(path))
        try:
            return self.snapshot.read_bytes(path)
        except FileNotFoundError:
            return f"{shown} does not exist"
        except NotADirectoryError:
            return f"{shown} does not exist"
        except IsADirectoryError:
            return f"{shown} is a folder, not a file"
        except FileTooLarge as exc:
            return f"{shown}: {exc}"
        except OutsideRepository as exc:
            return f"{shown} is {exc}"
        except RefusedFile as exc:
            return f"{shown} is {exc}"
        except OSError as exc:
            return f"cannot read {shown}: {exc.strerror or exc}"

    def _fetch(self, url: str) -> bytes | str:
        from catalog_lint.graph.exchange import FetchError, FetchLimits, fetch_url

        if url not in self._urls and len(self._urls) >= MAX_URLS:
            return f"not fetched: this run already fetched {MAX_URLS} placeholder URLs"
        self._urls.add(url)
        limits = self._fetch_limits()
        limits = FetchLimits(True, limits.timeout, min(limits.max_bytes, self.max_file_size))
        try:
            fetched = fetch_url(url, limits, what="placeholder target",
                                accept="application/yaml, application/json, text/plain, */*")
        except FetchError as exc:
            return f"not read: {exc}"
        if fetched.content_type == "text/html":
            return f"not read: {url} answered with an HTML page"
        return fetched.body

    # Placeholders inside the content: not replaced ----------------------------------

    def _nested(self, record: Substitution, content: Any) -> list[Placed]:
        """A placeholder written inside a target's content stays as written (the catalog
        replaces placeholders only in the entity itself): say so, once per target use."""
        target = record.target
        assert target is not None
        out: list[Placed] = []
        for path, placeholder in walk(content):
            kind = next(iter(placeholder))
            message = (f"{kind}: {placeholder[kind]!s} inside the content of {record.kind}: "
                       f"{record.written} is not replaced: the catalog replaces placeholders "
                       "only in the entity file itself, so this stays a mapping")
            line, column = _locate_in(target, path)
            out.append(Placed(Problem(RULE_ID, f"{message} {record.note(True)}",
                                      (*record.path, *path), line=line, column=column,
                                      severity=Severity.WARNING), target))
        return out


def _noted(problem: Problem, record: Substitution) -> Problem:
    return Problem(problem.rule, f"{problem.message} {record.note(True)}",
                   (*record.path, *problem.path), line=problem.line, column=problem.column,
                   severity=problem.severity)




def _parse_json(target: Target) -> _Read:
    import json

    from catalog_lint.jsvalues import load_json_with_duplicates

    read = _Read(target)
    try:
        read.value, duplicates = load_json_with_duplicates(target.text)
    except json.JSONDecodeError as exc:
        read.problems.append(Problem("json-syntax", exc.msg, line=exc.lineno,
                                     column=exc.colno))
        return read
    except RecursionError:
        read.problems.append(Problem("input-limits", "nesting too deep; refusing to read "
                                     "this file", line=1, column=1))
        return read
    deep = _too_deep(read.value)
    if deep:
        read.problems.append(Problem("input-limits", deep, line=1, column=1))
        return read
    for key in duplicates:  # JSON.parse keeps the last one: the catalog accepts it
        read.problems.append(Problem("duplicate-key", f"key {key!r} appears more than once "
                                     "in a mapping; only the last value is kept",
                                     line=1, column=1, severity=Severity.WARNING))
    return read


def _parse_yaml(target: Target) -> _Read:
    from catalog_lint.yaml_reader import parse_stream

    stream = parse_stream(target.text)
    read = _Read(target)
    for warning in stream.warnings:
        read.problems.append(Problem("yaml-syntax", warning.message, line=warning.line,
                                     column=warning.column, severity=Severity.WARNING))
    if stream.problems:
        first = stream.problems[0]
        rule = "input-limits" if first.limit else "yaml-syntax"
        read.problems.append(Problem(rule, first.message, line=first.line,
                                     column=first.column))
        return read
    documents = stream.documents
    if len(documents) != 1:
        found = "no document" if not documents else f"{len(documents)} documents"
        read.error = f"{target.display} holds {found}; a $yaml placeholder takes exactly one"
        return read
    parsed = documents[0]
    target._tree = parsed.node
    for dup in parsed.duplicate_keys:  # the catalog's YAML reader refuses them
        read.problems.append(Problem("duplicate-key", f"key {dup.key!r} appears more than "
                                     "once in this mapping; the catalog refuses the file",
                                     line=dup.line or 1, column=dup.column or 1))
    read.value = parsed.data
    return read


def _too_deep(value: Any) -> str | None:
    from catalog_lint.yaml_core import MAX_DEPTH

    stack = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"nesting deeper than {MAX_DEPTH} levels; refusing to read this file"
        if type(current) is dict:
            stack.extend((item, depth + 1) for item in current.values())
        elif type(current) is list:
            stack.extend((item, depth + 1) for item in current)
    return None


# -- positions ---------------------------------------------------------------------------


def _placeholder_position(doc: Document, path: JsonPath) -> tuple[int, int]:
    from catalog_lint.yaml_reader import locate

    found = locate(doc.tree(), (*doc.base_path, *path))
    return found if found is not None else (doc.line, doc.column)


def _locate_in(target: Target, path: JsonPath) -> tuple[int, int]:
    """Line and column of ``path`` inside a target; its first value when ``path`` is
    not there."""
    from catalog_lint.yaml_reader import locate

    root = target.tree()
    if root is None:
        return 1, 1
    return locate(root, path) or (root.start_mark.line + 1, root.start_mark.column + 1)


def origin_of(doc: Document, path: JsonPath) -> Substitution | None:
    """The replaced placeholder whose content holds ``path`` (or stands at it)."""
    for record in doc.substitutions or ():
        if record.target is not None and path[: len(record.path)] == record.path:
            return record
    return None


def place(doc: Document, path: JsonPath, problem: Problem
          ) -> tuple[SourceFile, int | None, int | None, str] | None:
    """Where a finding on ``path`` goes when a placeholder's content holds it: ``(file,
    line, column, message)``, or ``None`` when no placeholder is involved.

    Inside a ``$json``/``$yaml`` target: that file, at the value's line there (a line the
    rule gave came from :func:`grafted_tree`, so it is the target's already), and the
    message names the placeholder. On the whole value (or a ``$text`` one): the entity
    file, at the placeholder."""
    record = origin_of(doc, path)
    if record is None or problem.rule == RULE_ID:
        return None
    target = record.target
    assert target is not None
    if len(path) == len(record.path) or record.kind == "$text":
        return (doc.file, record.line, record.column,
                f"{problem.message} {record.note(False)}")
    line, column = problem.line, problem.column
    if line is None:
        line, column = _locate_in(target, path[len(record.path):])
    return target.file, line, column, f"{problem.message} {record.note(True)}"


def grafted_tree(doc: Document) -> Node | None:
    """The document's node tree with each replaced placeholder's node swapped for its
    target's tree (a ``$text`` one for a block scalar), so that positions the rules look
    up inside the content are the target's. The swapped-in root keeps the placeholder's
    own position, so the value as a whole is still found at the placeholder. The
    document's own tree is not changed (the path to each placeholder is copied)."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    from catalog_lint.yaml_reader import child

    root = doc.tree()
    if root is None:
        return None
    for record in doc.substitutions or ():
        target = record.target
        if target is None:
            continue
        full = (*doc.base_path, *record.path)
        chain = [root]
        for part in full:
            step = child(chain[-1], part)
            if step is None:
                break
            chain.append(step)
        else:
            placeholder = chain[-1]
            if record.kind == "$text":
                replacement: Node = ScalarNode("tag:yaml.org,2002:str", target.text,
                                               placeholder.start_mark, placeholder.end_mark,
                                               style="|")
            else:
                content = target.tree()
                if content is None:
                    continue
                kind = type(content)
                if kind is ScalarNode:
                    replacement = ScalarNode(content.tag, content.value, placeholder.start_mark,
                                             placeholder.end_mark, style=content.style)
                else:
                    assert kind in (MappingNode, SequenceNode)
                    replacement = kind(content.tag, content.value, placeholder.start_mark,
                                       placeholder.end_mark, flow_style=content.flow_style)
            root = _replace(chain, full, replacement)
    return root


def _replace(chain: list[Node], path: JsonPath, replacement: Node) -> Node:
    """Copies of the nodes on ``chain`` (root to placeholder) with the last swapped for
    ``replacement``; returns the new root."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    new = replacement
    for depth in range(len(path) - 1, -1, -1):
        parent, part, old = chain[depth], path[depth], chain[depth + 1]
        copy: Node
        if isinstance(parent, MappingNode):
            pairs = [(k, new if v is old and isinstance(k, ScalarNode) and k.value == part
                      else v) for k, v in parent.value]
            copy = MappingNode(parent.tag, pairs, parent.start_mark, parent.end_mark,
                               flow_style=parent.flow_style)
        else:
            assert isinstance(parent, SequenceNode)
            items = [new if i == part else v for i, v in enumerate(parent.value)]
            copy = SequenceNode(parent.tag, items, parent.start_mark, parent.end_mark,
                                flow_style=parent.flow_style)
        new = copy
    return new
