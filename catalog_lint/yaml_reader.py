"""Read YAML the way Backstage reads it, at the speed of libyaml.

PyYAML's resolver follows YAML 1.1: ``name: no`` becomes ``False``, ``012`` is octal,
``1:30`` is sexagesimal, dates become ``datetime``. Backstage reads catalog files with a
YAML 1.2 core-schema parser, where all of those stay strings or plain numbers. So the
loader here keeps PyYAML's C parser and composer (libyaml) and replaces the Python half:
the implicit resolvers are the YAML 1.2 core schema, only JSON-compatible types can be
constructed (no tag builds a Python object), mapping keys become strings as JavaScript
makes them, and duplicate keys are recorded instead of silently overwritten.

Hostile input is refused before it can cost memory or time: alias expansion is bounded,
nesting depth is bounded (libyaml itself stops flow collections at 1,000 levels).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # the C loader is what makes this fast; the pure-Python one is the same grammar
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - only on a PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

#: A document whose aliases would expand to more nodes than this is refused.
MAX_EXPANDED_NODES = 100_000
#: Deeper nesting than this is refused (no catalog entity needs it; recursion does).
MAX_DEPTH = 100

# The YAML 1.2 core schema, exactly: no underscores, no binary, no sexagesimal.
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN))$"
)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")

STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"


class DuplicateKey:
    __slots__ = ("column", "key", "line")

    def __init__(self, key: str, line: int, column: int) -> None:
        self.key, self.line, self.column = key, line, column


def js_key(value: Any) -> str:
    """The property name JavaScript gives a mapping key (js-yaml does ``String(key)``)."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return js_number(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return ",".join("" if v is None else js_key(v) for v in value)
    return "[object Object]"


def js_number(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return repr(value)


class Yaml12Loader(_BaseLoader):
    """libyaml parsing, YAML 1.2 core resolution, JSON-only construction."""

    # Fresh tables: the resolvers and constructors registered below replace PyYAML's.
    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's class-level table
    yaml_constructors: ClassVar[dict[Any, Any]] = {}

    def __init__(self, stream: str | bytes) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[DuplicateKey] = []
        #: Plain scalars a YAML 1.1 reader would type differently (``no``, ``012``,
        #: ``1:30``), counted while resolving so the yaml11-value rule only walks the
        #: documents that have some.
        self.yaml11_suspects = 0

    # The resolver is called by libyaml's composer for every node. PyYAML's general one
    # also serves path resolvers, which this loader has none of; this one does only what
    # is needed, and notes YAML 1.1 look-alikes on the way.
    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, pattern in _RESOLVERS.get(value[:1], ()):
                    if pattern.match(value):
                        if tag is INT_TAG and value[:1] == "0" and _OCTAL_1_1.match(value):
                            self.yaml11_suspects += 1
                        return tag
                if value in _YAML11_WORDS or (":" in value and _SEXAGESIMAL_1_1.match(value)):
                    self.yaml11_suspects += 1
            return STR_TAG
        return SEQ_TAG if kind is SequenceNode else MAP_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[str, Any]:  # type: ignore[override]
        if not isinstance(node, MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a mapping node, but found {type(node).__name__}", node.start_mark
            )
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                # JavaScript objects have string keys: Backstage's readers refuse these
                raise yaml.constructor.ConstructorError(
                    None, None, "a list or mapping cannot be a mapping key here",
                    key_node.start_mark,
                )
            key = js_key(self.construct_object(key_node, deep=True))
            if key in mapping:
                mark = key_node.start_mark
                self.duplicate_keys.append(DuplicateKey(key, mark.line + 1, mark.column + 1))
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_map(self, node: Node) -> Any:
        data: dict[str, Any] = {}
        yield data
        data.update(self.construct_mapping(node))

    def construct_yaml_int(self, node: Node) -> int:
        text = str(self.construct_scalar(node))  # type: ignore[arg-type]
        if text.startswith(("0x", "0o")):
            return int(text[2:], 16 if text[1] == "x" else 8)
        return int(text, 10)  # "012" is twelve: YAML 1.2 has no implicit octal

    def construct_yaml_float(self, node: Node) -> float:
        text = str(self.construct_scalar(node)).lower()  # type: ignore[arg-type]
        if text.endswith(".inf"):
            return -math.inf if text.startswith("-") else math.inf
        if text == ".nan":
            return math.nan
        return float(text)

    def construct_undefined(self, node: Node) -> Any:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"unknown tag {node.tag!r}: catalog files may only use plain YAML values",
            node.start_mark,
        )


Yaml12Loader.add_implicit_resolver(NULL_TAG, _NULL, ["~", "n", "N", ""])
Yaml12Loader.add_implicit_resolver(BOOL_TAG, _BOOL, list("tTfF"))
Yaml12Loader.add_implicit_resolver(INT_TAG, _INT, list("-+0123456789"))
Yaml12Loader.add_implicit_resolver(FLOAT_TAG, _FLOAT, list("-+0123456789."))
#: First character -> the resolvers to try, as used by Yaml12Loader.resolve.
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = Yaml12Loader.yaml_implicit_resolvers
#: Plain words YAML 1.1 reads as booleans (YAML 1.2 and Backstage: strings).
_YAML11_WORDS = frozenset(
    ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"]
)
_OCTAL_1_1 = re.compile(r"^0[0-7]+$")
_SEXAGESIMAL_1_1 = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
Yaml12Loader.add_constructor(NULL_TAG, _BaseLoader.construct_yaml_null)  # type: ignore[type-var]
Yaml12Loader.add_constructor(BOOL_TAG, _BaseLoader.construct_yaml_bool)  # type: ignore[type-var]
Yaml12Loader.add_constructor(INT_TAG, Yaml12Loader.construct_yaml_int)
Yaml12Loader.add_constructor(FLOAT_TAG, Yaml12Loader.construct_yaml_float)
Yaml12Loader.add_constructor(STR_TAG, _BaseLoader.construct_yaml_str)  # type: ignore[type-var]
Yaml12Loader.add_constructor(SEQ_TAG, _BaseLoader.construct_yaml_seq)  # type: ignore[type-var]
Yaml12Loader.add_constructor(MAP_TAG, Yaml12Loader.construct_yaml_map)
Yaml12Loader.add_constructor(None, Yaml12Loader.construct_undefined)


class LimitExceeded(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def check_limits(root: Node) -> None:
    """Refuse alias bombs and deep nesting before anything walks the document.

    Sizes are computed per node once (aliases share node objects), so the check is
    linear in the composed graph even when its expansion would be exponential.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, children_done = stack.pop()
        if id(node) in sizes and not children_done:
            continue
        if depth > MAX_DEPTH:
            mark = node.start_mark
            raise LimitExceeded(
                f"nesting deeper than {MAX_DEPTH} levels; refusing to read this document",
                mark.line + 1,
                mark.column + 1,
            )
        children = _children(node)
        if not children_done:
            stack.append((node, depth, True))
            for child in children:
                if id(child) not in sizes:
                    stack.append((child, depth + 1, False))
            continue
        total = 1 + sum(sizes.get(id(child), 1) for child in children)
        if total > MAX_EXPANDED_NODES:
            mark = node.start_mark
            raise LimitExceeded(
                f"aliases expand this document to more than {MAX_EXPANDED_NODES:,} values "
                "(an alias bomb?); refusing to read it",
                mark.line + 1,
                mark.column + 1,
            )
        sizes[id(node)] = total


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return []


_DEEP_HINT = re.compile(r"\n {150,}\S")


def needs_limit_check(text: str) -> bool:
    """Cheap test for whether a stream could hold an alias bomb or very deep nesting."""
    return (
        "*" in text
        or text.count("[") + text.count("{") > MAX_DEPTH // 2
        or _DEEP_HINT.search(text) is not None
    )


@dataclass
class ParsedDocument:
    index: int
    line: int  # 1-based line where the document's content starts
    column: int
    data: Any
    node: Node | None
    duplicate_keys: list[DuplicateKey] = field(default_factory=list)
    empty: bool = False
    yaml11_suspects: int = 0  # plain scalars that YAML 1.1 would type differently


@dataclass
class SyntaxProblem:
    message: str
    line: int
    column: int
    index: int  # document index
    limit: bool = False  # a safety limit, not a grammar error


@dataclass
class ParsedStream:
    documents: list[ParsedDocument]
    problems: list[SyntaxProblem]


def _mark_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    message = "; ".join(parts) if parts else str(exc).splitlines()[0]
    return message.replace("\n", " ")


def parse_stream(text: str) -> ParsedStream:
    """Parse every document of ``text``. A broken document does not hide the others."""
    check = needs_limit_check(text)
    try:
        return ParsedStream(_parse_whole(text, check, 0, 0), [])
    except (yaml.YAMLError, LimitExceeded):
        pass
    # Slow path: parse document by document, as the catalog does, so the error lands on
    # the right document and the other documents are still checked.
    documents: list[ParsedDocument] = []
    problems: list[SyntaxProblem] = []
    for index, chunk in enumerate(split_documents(text)):
        if chunk.empty:
            documents.append(
                ParsedDocument(index, chunk.line + 1, 1, None, None, empty=True)
            )
            continue
        try:
            parsed = _parse_whole(chunk.text, check, chunk.line, index)
        except LimitExceeded as exc:
            problems.append(SyntaxProblem(exc.message, exc.line, exc.column, index, True))
            continue
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            # a constructor's marks come from nodes already shifted to file lines
            offset = 0 if isinstance(exc, yaml.constructor.ConstructorError) else chunk.line
            line = offset + (mark.line + 1 if mark else 1)
            column = mark.column + 1 if mark else 1
            message = _mark_message(exc)
            # libyaml's own guard against deep flow nesting is a safety limit too
            too_deep = "maximum nesting depth" in message
            if too_deep:
                message = "nesting deeper than libyaml's limit; refusing to read this document"
            problems.append(SyntaxProblem(message, line, column, index, too_deep))
            continue
        except yaml.YAMLError as exc:
            problems.append(SyntaxProblem(str(exc), chunk.line + 1, 1, index))
            continue
        if not parsed:
            documents.append(ParsedDocument(index, chunk.line + 1, 1, None, None, empty=True))
        for doc in parsed[:1]:
            doc.index = index
            documents.append(doc)
    return ParsedStream(documents, problems)


def _parse_whole(text: str, check: bool, line_offset: int, first_index: int) -> list[ParsedDocument]:
    loader = Yaml12Loader(text)
    documents: list[ParsedDocument] = []
    try:
        index = first_index
        while loader.check_node():
            loader.yaml11_suspects = 0
            node = loader.get_node()  # libyaml composes, calling resolve() on each node
            suspects = loader.yaml11_suspects
            if node is None:  # pragma: no cover - check_node said there was one
                break
            if line_offset:  # every position below is then relative to the whole file
                _shift_marks(node, line_offset)
            if check:
                check_limits(node)
            before = len(loader.duplicate_keys)
            data = loader.construct_document(node)
            dups = loader.duplicate_keys[before:]
            mark = node.start_mark
            empty = data is None and isinstance(node, ScalarNode) and node.value == ""
            documents.append(
                ParsedDocument(index, mark.line + 1, mark.column + 1, data, node, dups, empty,
                               yaml11_suspects=suspects)
            )
            index += 1
    finally:
        loader.dispose()
    return documents


def _shift_marks(root: Node, offset: int) -> None:
    """Make the positions of a document parsed on its own relative to the whole file."""
    from yaml.error import Mark  # libyaml's own marks are read-only

    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        for attribute in ("start_mark", "end_mark"):
            mark = getattr(node, attribute)
            setattr(node, attribute, Mark(mark.name, mark.index, mark.line + offset,
                                          mark.column, None, 0))
        stack.extend(_children(node))


@dataclass
class Chunk:
    text: str
    line: int  # 0-based line of the chunk's first line in the file
    empty: bool


_MARKER = re.compile(r"^---(?:\s|$)")
_END = re.compile(r"^\.\.\.(?:\s|$)")


def split_documents(text: str) -> list[Chunk]:
    """Split a stream at column-0 ``---``/``...`` markers, as the catalog's reader does.

    Text before the first ``---`` is a document only if it holds more than blank lines,
    comments and directives.
    """
    lines = text.splitlines(keepends=True)
    chunks: list[Chunk] = []
    current: list[str] = []
    current_start = 0
    explicit = False
    saw_marker = False

    def flush(is_explicit: bool) -> None:
        body = "".join(current)
        meaningful = any(
            ln.strip() and not ln.lstrip().startswith("#") and not ln.startswith("%")
            for ln in body.splitlines()
        )
        if is_explicit or meaningful:
            chunks.append(Chunk(body, current_start, not meaningful))

    for number, line in enumerate(lines):
        bare = line.rstrip("\r\n")
        if _MARKER.match(bare):
            if saw_marker or current:
                flush(explicit)
            saw_marker = True
            explicit = True
            rest = bare[3:]
            # Content after "--- " on the same line belongs to the new document; pad it
            # so that columns stay true.
            current = ["   " + rest + "\n"] if rest.strip() else []
            current_start = number if rest.strip() else number + 1
            continue
        if _END.match(bare):
            flush(explicit)
            current = []
            current_start = number + 1
            explicit = False
            continue
        if not current:
            current_start = number
        current.append(line)
    if current or explicit:
        flush(explicit)
    return chunks


def locate(node: Node | None, path: tuple[str | int, ...]) -> tuple[int, int] | None:
    """Line and column (1-based) of the value at ``path``; when it is missing, of the key
    of its nearest existing parent. ``None`` when not even the first step exists."""
    if node is None:
        return None
    best: tuple[int, int] | None = None
    current: Node = node
    for part in path:
        found: Node | None = None
        key_mark = None
        if isinstance(current, MappingNode) and isinstance(part, str):
            for key_node, value_node in current.value:
                if isinstance(key_node, ScalarNode) and key_node.value == part:
                    found, key_mark = value_node, key_node.start_mark
        elif isinstance(current, SequenceNode) and isinstance(part, int) and 0 <= part < len(current.value):
            found = current.value[part]
            key_mark = found.start_mark
        if found is None or key_mark is None:
            return best
        best = (key_mark.line + 1, key_mark.column + 1)
        current = found
    mark = current.start_mark
    return (mark.line + 1, mark.column + 1)


def locate_key(node: Node | None, path: tuple[str | int, ...]) -> tuple[int, int] | None:
    """Line and column of the key (not the value) at ``path``."""
    if not path:
        return locate(node, path)
    parent = node
    for part in path[:-1]:
        parent = _step(parent, part)
        if parent is None:
            return locate(node, path)
    last = path[-1]
    if isinstance(parent, MappingNode):
        for key_node, _ in parent.value:
            if isinstance(key_node, ScalarNode) and key_node.value == last:
                return (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    return locate(node, path)


def _step(node: Node | None, part: str | int) -> Node | None:
    if isinstance(node, MappingNode) and isinstance(part, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == part:
                return value_node
    elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]
    return None


def compose_positions(text: str) -> list[Node | None]:
    """Node trees of every document, for positions in files that were not read as YAML
    (JSON). Best effort: an empty list when libyaml cannot read the text."""
    try:
        loader = Yaml12Loader(text)
        try:
            nodes: list[Node | None] = []
            while loader.check_node():
                nodes.append(loader.get_node())
            return nodes
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return []
