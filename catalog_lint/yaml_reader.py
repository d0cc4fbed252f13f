"""Read YAML the way Backstage reads it, at the speed of libyaml.

PyYAML's resolver follows YAML 1.1: ``name: no`` becomes ``False``, ``012`` is octal,
``1:30`` is sexagesimal, dates become ``datetime``. Backstage reads catalog files with a
YAML 1.2 core-schema parser, where all of those stay strings or plain numbers. So the
loader here keeps PyYAML's C parser and composer (libyaml) and replaces the Python half:
the implicit resolvers are the YAML 1.2 core schema, only JSON-compatible types can be
constructed (no tag builds a Python object, and a core tag must describe its value),
numbers are JavaScript's doubles, mapping keys become strings as JavaScript makes them,
and duplicate keys are recorded instead of silently overwritten. What libyaml lets
through and YAML 1.2 refuses is caught on the way (:mod:`catalog_lint.yaml_strict`).

A stream libyaml refuses is read piece by piece (:func:`split_pieces`), each piece
exactly as written, so that one broken document hides no other and nothing is dropped.

Hostile input is refused before it can cost memory or time: alias expansion is bounded,
nesting depth is bounded (libyaml itself stops flow collections at 1,000 levels), and no
number, however long, is converted in more than linear time.
"""

from __future__ import annotations

import operator
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from sys import intern as _intern
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from catalog_lint.jsvalues import js_integer, js_key
from catalog_lint.yaml_core import (
    BOOL_TAG,
    CORE_PATTERNS,
    CORE_RESOLVERS,
    FLOAT_TAG,
    INT_TAG,
    MAP_TAG,
    MAX_DEPTH,
    MAX_EXPANDED_NODES,
    NOTABLE_STARTS,
    NULL_TAG,
    SEQ_TAG,
    STR_TAG,
    DuplicateKey,
    core_bool,
    core_float,
    needs_limit_check,
    plain_tag,
)
from catalog_lint.yaml_errors import explain
from catalog_lint.yaml_positions import INDEXED, WIDTH, Positions, Recording, finish, new_block, place_of
from catalog_lint.yaml_strict import (
    Source,
    StrictError,
    check_anchor_colons,
    check_block_scalar,
    check_flow,
    check_indentation,
    check_quoted,
    descendants,
    has_anchor_colon,
)

try:  # the C loader is what makes this fast; the pure-Python one is the same grammar
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - only on a PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

#: Plain values up to this long are interned while reading (see ``_fill_mapping``).
_SHARED_LENGTH = 32


class Yaml12Loader(_BaseLoader):
    """libyaml parsing, YAML 1.2 core resolution, JSON-only construction."""

    # Fresh tables: the resolvers and constructors registered below replace PyYAML's.
    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's class-level table
    yaml_constructors: ClassVar[dict[Any, Any]] = {}

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        #: The text, and where it sits in the file once node marks are file positions.
        self.source = Source(stream)
        #: Nodes whose lines libyaml did not check (see yaml_strict), for this document.
        self.unchecked_lines: set[int] = set()
        self.anchor_colons = has_anchor_colon(stream)
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
            if implicit[0] and value[:1] in NOTABLE_STARTS:
                tag, look_alike = plain_tag(value)
                if look_alike:
                    self.yaml11_suspects += 1
                return tag
            return STR_TAG
        return SEQ_TAG if kind is SequenceNode else MAP_TAG

    # libyaml's composer calls these two around every node, for path resolvers, which
    # this loader has none of: built-in functions that do nothing cost half as much as
    # Python methods that do nothing (a few percent of a run). (Built-ins do not bind as
    # methods: ``self.descend_resolver(node, index)`` is ``operator.is_(node, index)``.)
    descend_resolver = operator.is_  # type: ignore[assignment]
    ascend_resolver = tuple  # type: ignore[assignment]

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

    def construct_tracked(self, root: Node) -> tuple[Any, Positions]:
        """:meth:`construct_document`, recording where each key and value starts
        (:mod:`catalog_lint.yaml_positions`) on the way, for a document without aliases
        (every node is then built once). The same checks, in the same order: collections
        are filled a generation at a time, as PyYAML's deferred constructors fill them,
        so the first error raised and the order of duplicate keys are the same."""
        mark = root.start_mark
        numbers: Recording = [mark.line, mark.column, -1]
        keys: list[str] = []
        queue: list[tuple[Node, Any, int]] = []
        try:
            data, numbers[2] = self._tracked_value(root, queue, numbers)
            while queue:
                generation, queue = queue, []
                for node, container, block in generation:
                    if container.__class__ is dict:
                        self._fill_mapping(node, container, block + 2, queue, numbers, keys)
                    else:
                        self._fill_sequence(node, container, block + 2, queue, numbers)
        finally:
            self.constructed_objects, self.recursive_objects = {}, {}
        return data, finish(numbers, keys)

    def _tracked_value(self, node: Node, queue: list[tuple[Node, Any, int]],
                       positions: Recording) -> tuple[Any, int]:
        """A node's value and its block of positions (-1 for a scalar); a collection is
        queued to be filled."""
        kind, tag = node.__class__, node.tag
        if kind is ScalarNode:
            if tag == STR_TAG and not node.style:  # type: ignore[attr-defined]
                return node.value, -1
            return self.construct_object(node), -1  # checks, or refuses, the tag
        container: Any
        if kind is MappingNode and tag == MAP_TAG:
            container = {}
        elif kind is SequenceNode and tag == SEQ_TAG:
            container = []
        else:  # a collection under another tag: its constructor refuses it
            self.construct_object(node)
            raise AssertionError(f"tag {tag!r} accepted on a collection")  # pragma: no cover
        if node.flow_style and check_flow(self.source, node):  # type: ignore[attr-defined]
            self.unchecked_lines.add(id(node))
        block = new_block(positions, kind is MappingNode, len(node.value))
        queue.append((node, container, block))
        return container, block

    def _fill_mapping(self, node: Node, mapping: dict[str, Any], entry: int,
                      queue: list[tuple[Node, Any, int]], positions: Recording,
                      keys: list[str]) -> None:
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode and not isinstance(key_node, ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a list or mapping cannot be a mapping key here",
                    key_node.start_mark,
                )
            # keys repeat in every document (apiVersion, metadata, name...): one string each
            text = _intern(key_node.value)
            if key_node.tag == STR_TAG and not key_node.style:
                key = text
            else:
                key = js_key(self.construct_object(key_node, deep=True))
            key_mark = key_node.start_mark
            if key in mapping:
                self.duplicate_keys.append(DuplicateKey(key, key_mark.line + 1, key_mark.column + 1))
            if value_node.__class__ is ScalarNode and value_node.tag == STR_TAG and not value_node.style:
                value = value_node.value
                # short values repeat too (kinds, types, lifecycles, owners): shared
                mapping[key] = _intern(value) if len(value) <= _SHARED_LENGTH else value
                block = -1
            else:
                mapping[key], block = self._tracked_value(value_node, queue, positions)
            value_mark = value_node.start_mark
            positions[entry:entry + WIDTH] = (len(keys), key_mark.line, key_mark.column,
                                              value_mark.line, value_mark.column, block)
            keys.append(text)
            entry += WIDTH

    def _fill_sequence(self, node: Node, sequence: list[Any], entry: int,
                       queue: list[tuple[Node, Any, int]], positions: Recording) -> None:
        for child in node.value:
            value, block = self._tracked_value(child, queue, positions)
            sequence.append(value)
            mark = child.start_mark
            positions[entry:entry + WIDTH] = (-1, mark.line, mark.column, mark.line, mark.column,
                                              block)
            entry += WIDTH

    def construct_yaml_map(self, node: Node) -> Any:
        if not isinstance(node, MappingNode):
            raise _tag_mismatch(node, MAP_TAG)
        if node.flow_style and check_flow(self.source, node):
            self.unchecked_lines.add(id(node))
        data: dict[str, Any] = {}
        yield data
        data.update(self.construct_mapping(node))

    def construct_yaml_seq(self, node: Node) -> Any:
        if not isinstance(node, SequenceNode):
            raise _tag_mismatch(node, SEQ_TAG)
        if node.flow_style and check_flow(self.source, node):
            self.unchecked_lines.add(id(node))
        data: list[Any] = []
        yield data
        data.extend(self.construct_object(child) for child in node.value)

    # Scalars. A plain scalar reaches the constructors below only when the resolver
    # matched its pattern; an explicit tag (``!!int abc``) reaches them with any content,
    # and YAML 1.2 says such a document is invalid: each constructor checks the content
    # against the tag's core-schema pattern and refuses a mismatch at the node.

    def construct_core_str(self, node: Node) -> str:
        value = node.value
        if value.__class__ is not str:
            raise _tag_mismatch(node, STR_TAG)
        style = node.style  # type: ignore[attr-defined]  # "" for a plain scalar: nothing to check
        if style and (check_quoted(self.source, node) if style in "'\""
                      else check_block_scalar(self.source, node)):
            self.unchecked_lines.add(id(node))
        return value

    def construct_core_null(self, node: Node) -> str | None:
        text = self._scalar_text(node, NULL_TAG)
        if self._non_specific(node):
            return text
        return None

    def construct_core_bool(self, node: Node) -> bool | str:
        text = self._scalar_text(node, BOOL_TAG)
        if self._non_specific(node):
            return text
        return core_bool(text)

    def construct_core_int(self, node: Node) -> int | float | str:
        text = self._scalar_text(node, INT_TAG)
        if self._non_specific(node):
            return text
        return js_integer(text)

    def construct_core_float(self, node: Node) -> float | str:
        text = self._scalar_text(node, FLOAT_TAG)
        if self._non_specific(node):
            return text
        return core_float(text)

    def _scalar_text(self, node: Node, tag: str) -> str:
        """The text of a scalar node that ``tag``'s core-schema pattern accepts."""
        value = node.value
        if value.__class__ is not str or CORE_PATTERNS[tag].match(value) is None:
            raise _tag_mismatch(node, tag)
        return value

    def _non_specific(self, node: Node) -> bool:
        """Whether the node carries the non-specific tag ``!``, which makes it a string.

        libyaml resolves ``! 12`` like a plain ``12`` (the resolver cannot see the tag);
        YAML 1.2 and Backstage's reader make it the string ``"12"``. Only a node written
        with properties (a tag or an anchor) starts with ``!`` or ``&``.
        """
        start = self.source.position(node.start_mark)
        text = self.source.text
        if start >= len(text) or text[start] not in "!&":
            return False
        return _written_tag(text, start) == "!"

    def construct_undefined(self, node: Node) -> Any:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"unknown tag {node.tag!r}: catalog files may only use plain YAML values",
            node.start_mark,
        )


def _tag_mismatch(node: Node, tag: str) -> yaml.constructor.ConstructorError:
    name = _SHORT_TAGS.get(tag, tag)
    if isinstance(node, ScalarNode):
        shown = node.value if len(node.value) <= 40 else node.value[:40] + "..."
        what = f"a value that is not {_TAG_MEANINGS[tag]}: {shown!r}"
    else:
        what = f"a {'list' if isinstance(node, SequenceNode) else 'mapping'}"
        if tag not in (MAP_TAG, SEQ_TAG):
            what += f" (only a single value can be {_TAG_MEANINGS[tag]})"
    return yaml.constructor.ConstructorError(None, None, f"{name} tag on {what}", node.start_mark)


def _written_tag(text: str, index: int) -> str | None:
    """The tag written among the node properties (``&anchor``, ``!tag``) at ``index``."""
    length = len(text)
    for _ in range(2):  # at most an anchor and a tag, in either order
        if index >= length or text[index] not in "!&":
            return None
        end = index
        while end < length and text[end] not in " \t\r\n":
            end += 1
        if text[index] == "!":
            return text[index:end]
        while end < length and text[end] in " \t\r\n":
            end += 1
        index = end
    return None


for _tag, _pattern, _firsts in CORE_RESOLVERS:
    Yaml12Loader.add_implicit_resolver(_tag, _pattern, list(_firsts))
_SHORT_TAGS = {tag: "!!" + tag.rsplit(":", 1)[1] for tag in
               (STR_TAG, NULL_TAG, BOOL_TAG, INT_TAG, FLOAT_TAG, MAP_TAG, SEQ_TAG)}
_TAG_MEANINGS = {STR_TAG: "a string", NULL_TAG: "null", BOOL_TAG: "true or false",
                 INT_TAG: "an integer", FLOAT_TAG: "a number", MAP_TAG: "a mapping",
                 SEQ_TAG: "a list"}
Yaml12Loader.add_constructor(NULL_TAG, Yaml12Loader.construct_core_null)
Yaml12Loader.add_constructor(BOOL_TAG, Yaml12Loader.construct_core_bool)
Yaml12Loader.add_constructor(INT_TAG, Yaml12Loader.construct_core_int)
Yaml12Loader.add_constructor(FLOAT_TAG, Yaml12Loader.construct_core_float)
Yaml12Loader.add_constructor(STR_TAG, Yaml12Loader.construct_core_str)
Yaml12Loader.add_constructor(SEQ_TAG, Yaml12Loader.construct_yaml_seq)
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



@dataclass
class ParsedDocument:
    index: int
    line: int  # 1-based line where the document's content starts
    column: int
    data: Any
    node: Node | None
    duplicate_keys: Sequence[DuplicateKey] = ()
    empty: bool = False
    yaml11_suspects: int = 0  # plain scalars that YAML 1.1 would type differently
    #: Where each key and value starts (:mod:`catalog_lint.yaml_positions`).
    positions: Positions | None = None


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
    #: What a YAML 1.2 reader accepts with a warning (an unknown directive it ignores).
    warnings: list[SyntaxProblem] = field(default_factory=list)
    #: Read piece by piece (not in one pass): node positions cannot be recomposed from
    #: the whole text, so keep the node trees.
    pieced: bool = False


def _mark_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    message = "; ".join(parts) if parts else str(exc).splitlines()[0]
    return message.replace("\n", " ")


def parse_stream(text: str) -> ParsedStream:
    """Parse every document of ``text``. A broken document does not hide the others.

    libyaml reads the whole stream at once when it can: the fast path. When it cannot,
    the stream is cut into :func:`split_pieces` (at the lines where YAML itself ends a
    document) and each piece is parsed on its own, exactly as written, so that an error
    lands on its document and the other documents are still read, as Backstage's reader
    reads them. Pieces are contiguous slices of the text: nothing is dropped or rewritten
    on the way, and every piece either parses to the document a YAML 1.2 parser reads
    there or gets a problem at its line.
    """
    check = needs_limit_check(text)
    if text[-1:] == " " and not text[text.rfind("\n") + 1 :].strip(" "):
        # libyaml drops a last line of spaces that has no line break (a block scalar
        # then loses a line); YAML reads it as if the break were there
        text += "\n"
    # libyaml takes a directive in the middle of a stream (after a document that was
    # not closed with "...") as the start of a new document, and lets a comment touch a
    # directive; YAML 1.2 allows neither. Piece by piece, directives are checked.
    if text[:1] != "%" and "\n%" not in text:
        try:
            return ParsedStream(_parse_whole(text, check), [])
        except (yaml.YAMLError, LimitExceeded):
            pass
    stream = ParsedStream([], [], pieced=True)
    documents, problems = stream.documents, stream.problems
    index = 0
    for piece in split_pieces(text):
        if not piece.document and not piece.directives:
            continue  # comments, blank lines and "..." only: no document, nothing to read
        try:
            body = _read_prologue(piece, stream.warnings)
            parsed = _parse_whole(body, check, piece.line, piece.offset, index)
        except LimitExceeded as exc:
            problems.append(SyntaxProblem(exc.message, exc.line, exc.column, index, True))
        except yaml.MarkedYAMLError as exc:
            problems.append(_piece_problem(piece, exc, index))
        except yaml.YAMLError as exc:  # a character libyaml refuses (a ReaderError)
            said = explain(exc, piece.text, piece.line)
            problems.append(SyntaxProblem(said.message, said.line, said.column, index) if said
                            else SyntaxProblem(str(exc), piece.line + 1, 1, index))
        else:
            documents.extend(parsed)
            index += len(parsed)
            continue
        index += piece.document  # a broken document still takes its place in the stream
    return stream


def _parse_whole(text: str, check: bool, line_offset: int = 0, index_offset: int = 0,
                 first_index: int = 0) -> list[ParsedDocument]:
    loader = Yaml12Loader(text)
    aliases = "*" in text  # else every node is built once: the tracked constructor
    documents: list[ParsedDocument] = []
    try:
        index = first_index
        while loader.check_node():
            loader.yaml11_suspects = 0
            node = loader.get_node()  # libyaml composes, calling resolve() on each node
            suspects = loader.yaml11_suspects
            if node is None:  # pragma: no cover - check_node said there was one
                break
            if line_offset or index_offset:  # positions below are then the whole file's
                _shift_marks(node, line_offset, index_offset)
                loader.source.index_offset, loader.source.line_offset = index_offset, line_offset
            if check:
                check_limits(node)
            before = len(loader.duplicate_keys)
            if aliases:  # a node may be shared (or hold itself): PyYAML's constructor
                data = loader.construct_document(node)
                positions = place_of(node)
            else:
                data, positions = loader.construct_tracked(node)
            if loader.unchecked_lines:
                check_indentation(loader.source, node, loader.unchecked_lines)
                loader.unchecked_lines.clear()
            if loader.anchor_colons:
                check_anchor_colons(loader.source, node)
            dups = loader.duplicate_keys[before:] or ()  # most documents: none, shared
            mark = node.start_mark
            empty = data is None and isinstance(node, ScalarNode) and node.value == ""
            documents.append(
                ParsedDocument(index, mark.line + 1, mark.column + 1, data, node, dups, empty,
                               yaml11_suspects=suspects, positions=positions)
            )
            index += 1
    finally:
        loader.dispose()
    return documents


def _shift_marks(root: Node, lines: int, characters: int) -> None:
    """Make the positions of a document parsed on its own relative to the whole file."""
    from yaml.error import Mark  # libyaml's own marks are read-only

    for node in descendants(root):
        for attribute in ("start_mark", "end_mark"):
            mark = getattr(node, attribute)
            setattr(node, attribute, Mark(mark.name, mark.index + characters,
                                          mark.line + lines, mark.column, None, 0))


@dataclass
class Piece:
    """A slice of a stream that holds at most one document, cut where YAML ends one."""

    text: str
    line: int  # 0-based line of its first line in the file
    offset: int  # character index of its first character in the file
    document: bool  # it has a "---" line or content, not only comments and directives
    directives: bool  # it has a directive line
    last: bool = True  # nothing follows it in the file


#: A line that ends the document before it: "---" or "..." at column 0, alone or
#: followed by a space. Inside any scalar or collection too: YAML forbids them there.
_BOUNDARY = re.compile(r"^(?:---|\.\.\.)(?=[ \t\r\n]|$)", re.MULTILINE)
#: A line that is neither blank, nor a comment, nor a directive, nor a bare "...".
_CONTENT = re.compile(r"^(?!%|\.\.\.(?:[ \t]*(?:#.*)?)?$)[ \t]*[^ \t\r\n#]", re.MULTILINE)


def split_pieces(text: str) -> list[Piece]:
    """Cut a stream into pieces of at most one document each, keeping every character.

    A piece ends after a "..." line, or before a "---" line when it already holds a
    document; the directives and comments before a "---" line stay with it. The pieces
    laid end to end are the text.
    """
    pieces: list[Piece] = []
    start = line = 0
    opened = False  # the current piece has passed its "---" line

    def cut(end: int) -> None:
        nonlocal start, line
        body = text[start:end]
        if body:
            document = opened or _CONTENT.search(body) is not None
            directives = body.startswith("%") or "\n%" in body
            pieces.append(Piece(body, line, start, document, directives, end == len(text)))
            line += body.count("\n")
        start = end

    for marker in _BOUNDARY.finditer(text):
        position = marker.start()
        if marker.group() == "---":
            if opened or _CONTENT.search(text, start, position) is not None:
                cut(position)
            opened = True
        else:
            line_end = text.find("\n", position)
            cut(len(text) if line_end < 0 else line_end + 1)
            opened = False
    cut(len(text))
    return pieces


_NO_DOCUMENT_START = "did not find expected <document start>"
_MAPPING_NOT_ALLOWED = "mapping values are not allowed in this context"
#: A '#' right after the version of a %YAML directive (libyaml takes it for a comment;
#: in a %TAG prefix, '#' is part of the URI).
_COMMENT_TOUCHING = re.compile(r"^%YAML[ \t]+[0-9.]*[0-9](#)")
_YAML_DIRECTIVE = re.compile(r"%YAML[ \t]+1\.([0-9]+)(?=[ \t]|$)")


def _read_prologue(piece: Piece, warnings: list[SyntaxProblem]) -> str:
    """The piece's text with its directives as YAML 1.2 reads them, where libyaml
    would refuse the document: a reserved directive (``%FOO``) is ignored, and a
    ``%YAML 1.x`` newer than 1.2 is read as 1.2, each with a warning. Lines and columns
    stay as they are."""
    if not piece.directives:
        return piece.text
    lines = piece.text.split("\n")
    for number, line in enumerate(lines):
        if _BOUNDARY.match(line) or _CONTENT.match(line):
            break  # the directives of a document come before its "---"
        if not line.startswith("%"):
            continue
        name = line[1:].split(None, 1)[0] if line[1:].strip() else ""
        where = piece.line + number + 1
        touching = _COMMENT_TOUCHING.search(line)
        if touching is not None:
            raise Source(piece.text, piece.offset, piece.line).error(
                "a comment needs a space before its '#'",
                len("\n".join(lines[:number])) + bool(number) + touching.start(1))
        version = _YAML_DIRECTIVE.match(line)
        if name not in ("", "YAML", "TAG"):
            lines[number] = "#" + line[1:]
            warnings.append(SyntaxProblem(f"unknown directive %{name} is ignored (YAML "
                                          "reserves it for future use)", where, 1, 0))
        elif version is not None and int(version.group(1)) > 2:
            minor = version.group(1)
            lines[number] = line[: version.start(1)] + "2".ljust(len(minor)) + line[version.end(1):]
            warnings.append(SyntaxProblem(f"%YAML 1.{minor} is newer than this reader: the "
                                          "document is read as YAML 1.2", where, 1, 0))
    return "\n".join(lines)


def _piece_problem(piece: Piece, exc: yaml.MarkedYAMLError, index: int) -> SyntaxProblem:
    """The problem of a piece libyaml refused, at its place in the whole file."""
    mark = exc.problem_mark or exc.context_mark
    # a constructor's marks come from nodes already shifted to file lines
    offset = 0 if isinstance(exc, (yaml.constructor.ConstructorError, StrictError)) else piece.line
    line = offset + (mark.line + 1 if mark else 1)
    column = mark.column + 1 if mark else 1
    message = _mark_message(exc)
    # libyaml's own guard against deep flow nesting is a safety limit too
    if "maximum nesting depth" in message:
        message = "nesting deeper than libyaml's limit; refusing to read this document"
        return SyntaxProblem(message, line, column, index, True)
    if mark is None:
        return SyntaxProblem(message, line, column, index)
    # libyaml's words for mistakes around document markers: say which, where it was made
    lines = piece.text.splitlines()
    written = lines[mark.line] if mark.line < len(lines) else ""
    if exc.problem == _NO_DOCUMENT_START:
        directive = _stray_directive(piece)
        if written.startswith("...") and mark.column > 3:
            message = ("only a comment may follow the document end marker '...' on its "
                       "line; start a new document with '---'")
        elif directive is not None:
            line, column = piece.line + directive[0] + 1, 1
            if piece.document:
                message = (f"directive {directive[1]!r} inside a document: a directive must "
                           "come after the end marker '...' of the previous document, before "
                           "the '---' of its own")
            else:
                message = (f"directive {directive[1]!r} is not followed by a document: "
                           "directives must be followed by '---' and the document they "
                           "apply to")
    elif exc.problem == _MAPPING_NOT_ALLOWED and written.startswith("---"):
        message = ("a mapping cannot start on the '---' line: begin it on the next line "
                   "(only a single value, a list or mapping in brackets, or a block "
                   "scalar may follow '---')")
    if message == _mark_message(exc) and (said := explain(exc, piece.text, piece.line,
                                                          piece.last)) is not None:
        return SyntaxProblem(said.message, said.line, said.column, index)  # libyaml's words
    return SyntaxProblem(message, line, column, index)


def _stray_directive(piece: Piece) -> tuple[int, str] | None:
    """The first directive of a piece that is not followed by its document's "---":
    (0-based line within the piece, its text)."""
    found = None
    seen_start = False
    for number, line in enumerate(piece.text.splitlines()):
        if line.startswith("%"):
            if seen_start or found is None:
                found = (number, line.strip())
            if seen_start:
                return found
        elif _BOUNDARY.match(line) and line.startswith("---"):
            seen_start = True
            found = None
        elif _CONTENT.match(line):
            seen_start = True
    return found


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
            named = pairs_named(current, part)
            if named is not None:  # the last pair with that key: the one a mapping keeps
                found, key_mark = named[1], named[3].start_mark
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
        parent = child(parent, part, first=True)
        if parent is None:
            return locate(node, path)
    last = path[-1]
    if isinstance(parent, MappingNode) and isinstance(last, str):
        named = pairs_named(parent, last)
        if named is not None:  # the first pair with that key
            mark = named[2].start_mark
            return (mark.line + 1, mark.column + 1)
    return locate(node, path)


#: The pairs of a mapping with a key: first value, last value, first key, last key.
Named = tuple[Node, Node, ScalarNode, ScalarNode]
# Mappings of more than INDEXED pairs are looked up through an index, made on the first
# look-up, as in the position tables: a finding per key of a large mapping (a hostile
# blueprint with 20,000 properties, each wrong, took 26 s to lint) would otherwise cost
# the square.
_indexes: weakref.WeakKeyDictionary[MappingNode, tuple[int, dict[str, Named]]] = \
    weakref.WeakKeyDictionary()


def child(node: Node | None, part: str | int, *, first: bool = False) -> Node | None:
    """The value at key ``part`` of a mapping (the last pair's, the one a mapping keeps;
    with ``first``, the first pair's) or at index ``part`` of a list; ``None`` when there
    is none."""
    if isinstance(node, MappingNode) and isinstance(part, str):
        named = pairs_named(node, part)
        return None if named is None else named[0 if first else 1]
    if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]
    return None


def pairs_named(node: MappingNode, key: str) -> Named | None:
    """The pairs of ``node`` whose key is the plain text ``key``, or ``None``: the first
    value, the last value (the one a mapping keeps), the first key and the last key (the
    same node as the first when the key is written once)."""
    pairs = node.value
    if len(pairs) <= INDEXED:
        found: Named | None = None
        for key_node, value_node in pairs:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                found = ((found[0], value_node, found[2], key_node) if found is not None
                         else (value_node, value_node, key_node, key_node))
        return found
    cached = _indexes.get(node)
    if cached is None or cached[0] != len(pairs):  # made, or made again if it grew
        index: dict[str, Named] = {}
        for key_node, value_node in pairs:
            if isinstance(key_node, ScalarNode):
                first = index.get(key_node.value)
                index[key_node.value] = ((first[0], value_node, first[2], key_node)
                                         if first is not None
                                         else (value_node, value_node, key_node, key_node))
        cached = _indexes[node] = (len(pairs), index)
    return cached[1].get(key)


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
