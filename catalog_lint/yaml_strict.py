"""What libyaml accepts and YAML 1.2 does not, found while the values are built.

libyaml (0.2.5) lets a few mistakes through that YAML 1.2, and so Backstage's reader,
refuse, and reads a few valid inputs differently. The reader's constructors call the
checks here on the few nodes that can hold such a mistake (quoted and block scalars,
flow collections, anchored nodes), so a clean document pays almost nothing:

- a comment with no space before its ``#`` (``"value"#note``, ``[a]#note``, ``>#note``);
- a line of a multi-line quoted scalar or flow collection inside a block collection
  that is not indented more than the collection (tabs do not count as indentation);
- a lone ``-`` as a value in a flow collection (``[-]``);
- a block scalar whose leading blank lines hold more spaces than its first line;
- ``?foo`` in a flow collection, which libyaml reads as the key ``foo``;
- an anchor with ``:`` in its name (``&an:chor``), which libyaml cuts at the ``:``.

Each raises :class:`StrictError` at the offending character.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import yaml
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


class StrictError(yaml.MarkedYAMLError):
    """A mistake libyaml let through; its mark is a position in the whole file."""


@dataclass
class Source:
    """The text a loader parses, and where it sits in the file."""

    text: str
    index_offset: int = 0  # characters before it in the file (node marks count them)
    line_offset: int = 0  # lines before it in the file

    def position(self, mark: Mark) -> int:
        """Where a (file) mark of a node falls in ``text``."""
        return mark.index - self.index_offset

    def error(self, message: str, position: int) -> StrictError:
        line_start = self.text.rfind("\n", 0, position) + 1
        line = self.line_offset + self.text.count("\n", 0, position)
        mark = Mark("<file>", position + self.index_offset, line, position - line_start, None, 0)
        return StrictError(None, None, message, mark)


_NO_SPACE = "a comment needs a space before its '#'"


def check_quoted(source: Source, node: Node) -> bool:
    """A quoted scalar: no ``#`` right after it. Whether it spans lines (then its
    indentation is checked with the document's)."""
    end = source.position(node.end_mark)
    if source.text[end : end + 1] == "#":
        raise source.error(_NO_SPACE, end)
    return node.end_mark.line != node.start_mark.line


#: A block scalar's header: properties, the indicator, then a space or the end.
_BLOCK_HEADER = re.compile(r"(?:[!&][^ \t\r\n]*[ \t]+)*[|>]([1-9][-+]?|[-+][1-9]?|)([^\r\n]*)")


def check_block_scalar(source: Source, node: Node) -> bool:
    """A block scalar: its header's comment has a space before ``#``. Whether its
    leading blank lines must be checked against its first line (no explicit
    indentation, and libyaml found the value empty or starting with a blank line)."""
    start = source.position(node.start_mark)
    header = _BLOCK_HEADER.match(source.text, start)
    if header is None:  # pragma: no cover - libyaml composed a block scalar here
        return False
    rest = header.group(2)
    if rest[:1] == "#":
        raise source.error(_NO_SPACE, header.start(2))
    explicit = any(character.isdigit() for character in header.group(1))
    value = node.value
    return not explicit and (not value or value[0] == "\n")


def check_flow(source: Source, node: Node) -> bool:
    """A flow collection: comments, lone dashes and ``?key``. Whether it spans lines."""
    text = source.text
    start, end = source.position(node.start_mark), source.position(node.end_mark)
    if text[end : end + 1] == "#":
        raise source.error(_NO_SPACE, end)
    if "#" in text[start:end]:
        _check_flow_comments(source, node, start, end)
    if isinstance(node, SequenceNode):
        scalars = [child for child in node.value if isinstance(child, ScalarNode)]
    else:
        scalars = [child for pair in node.value for child in pair if isinstance(child, ScalarNode)]
        for key, _ in node.value:
            position = source.position(key.start_mark)
            if isinstance(key, ScalarNode) and key.style == "" and text[position - 1 : position] == "?":
                raise source.error(
                    f"'?{key.value}' in a flow collection: write a space after '?' for an "
                    f"explicit key, or quote the text ('?{key.value}')", position - 1)
    for scalar in scalars:
        value = scalar.value
        if scalar.style == "" and value[:1] == "-" and (len(value) == 1 or value[1] in " \t"):
            raise source.error("a plain value cannot start with '-' and a space (or be '-' "
                               "alone) in a flow collection; quote it",
                               source.position(scalar.start_mark))
    return node.end_mark.line != node.start_mark.line


def _check_flow_comments(source: Source, node: Node, start: int, end: int) -> None:
    """Each line's first ``#`` outside a scalar starts a comment: it needs a space (or
    the line's start) before it."""
    spans = sorted((source.position(n.start_mark), source.position(n.end_mark))
                   for n in descendants(node) if isinstance(n, ScalarNode))
    starts = [low for low, _ in spans]
    text = source.text
    position = text.find("#", start, end)
    while position >= 0:
        inside = bisect_right(starts, position) - 1  # scalars do not overlap
        if inside < 0 or position >= spans[inside][1]:
            if text[position - 1] not in " \t\r\n":
                raise source.error(_NO_SPACE, position)
            line_end = text.find("\n", position, end)
            if line_end < 0:
                return
            position = line_end  # the rest of the line is the comment
        position = text.find("#", position + 1, end)


def check_indentation(source: Source, root: Node, candidates: set[int]) -> None:
    """The lines of multi-line quoted scalars and flow collections (``candidates``, by
    id) must be indented more than the block collection around them, and a block
    scalar's leading blank lines may not hold more spaces than its first line."""
    stack: list[tuple[Node, int]] = [(root, -1)]  # a node, its parent's indentation
    seen: set[int] = set()
    while stack:
        node, parent = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if id(node) in candidates:
            if isinstance(node, ScalarNode) and node.style in ("|", ">"):
                _check_leading_blank_lines(source, node, parent)
            else:
                _check_continuation_lines(source, node, parent)
        if isinstance(node, MappingNode) and not node.flow_style and node.value:
            column = _entry_column(source, node.value[0][0])
            stack.extend((child, column) for pair in node.value for child in pair)
        elif isinstance(node, SequenceNode) and not node.flow_style and node.value:
            dash = source.position(node.start_mark)
            column = node.start_mark.column if source.text[dash : dash + 1] == "-" else -1
            stack.extend((child, column) for child in node.value)


def _entry_column(source: Source, key: Node) -> int:
    """The column of a block mapping's entries: its first key's, or its '?'."""
    text = source.text
    position = source.position(key.start_mark)
    before = position - 1
    while before >= 0 and text[before] == " ":
        before -= 1
    if before >= 0 and text[before] == "?":
        return key.start_mark.column - (position - before)
    return key.start_mark.column


def _check_continuation_lines(source: Source, node: Node, parent: int) -> None:
    if parent < 0:
        return  # at the top of a document any indentation will do
    text = source.text
    start, end = source.position(node.start_mark), source.position(node.end_mark)
    flow = not isinstance(node, ScalarNode)
    line_start = text.find("\n", start, end) + 1
    while line_start:
        line_end = text.find("\n", line_start, end)
        line = text[line_start : end if line_end < 0 else line_end]
        content = line.lstrip(" ")
        spaces = len(line) - len(content)
        written = content.lstrip(" \t\r")
        closing = flow and line_end < 0 and written[:1] in ("]", "}") and spaces == parent
        if written and spaces <= parent and not (flow and written[:1] == "#") and not closing:
            what = "quoted value" if not flow else (
                "list" if isinstance(node, SequenceNode) else "mapping")
            raise source.error(
                f"this line continues the {what} of line {node.start_mark.line + 1} and must "
                f"be indented more than its parent (at least {parent + 1} spaces"
                f"{'; tabs do not count' if content[:1] == chr(9) else ''})",
                line_start + spaces)
        line_start = line_end + 1 if line_end >= 0 else 0


def _check_leading_blank_lines(source: Source, node: Node, parent: int) -> None:
    text = source.text
    position = text.find("\n", source.position(node.start_mark))
    most, widest = 0, 0
    while position >= 0:
        line_end = text.find("\n", position + 1)
        line = text[position + 1 : len(text) if line_end < 0 else line_end].rstrip("\r")
        content = line.lstrip(" ")
        spaces = len(line) - len(content)
        if content:
            if parent < spaces < most:
                raise source.error(
                    f"this leading blank line of a block scalar has {most} spaces, more "
                    f"than its first line ({spaces}): YAML cannot tell the scalar's "
                    "indentation", widest)
            return
        if spaces > most:
            most, widest = spaces, position + 1
        position = line_end


#: An anchor with ':' inside its name, where libyaml cuts it short.
_ANCHOR_COLON = re.compile(r"(?:^|(?<=[ \t\[{,]))&[0-9A-Za-z_-]+:[^ \t\r\n,\[\]{}]")


def has_anchor_colon(text: str) -> bool:
    return "&" in text and _ANCHOR_COLON.search(text) is not None


def check_anchor_colons(source: Source, root: Node) -> None:
    """Refuse ``&an:chor``: YAML 1.2 reads the anchor ``an:chor``; libyaml reads the
    anchor ``an`` and a value starting ``:chor``."""
    starts = {source.position(node.start_mark) for node in descendants(root)}
    for found in _ANCHOR_COLON.finditer(source.text):
        if found.start() in starts:
            anchor = re.match(r"[^ \t\r\n,\[\]{}]*", source.text[found.start():]).group()  # type: ignore[union-attr]
            cut = anchor.index(":")
            raise source.error(
                f"anchor {anchor!r} has ':' in its name, which libyaml would read as the "
                f"anchor {anchor[:cut]!r} and the text {anchor[cut:]!r}; use letters, "
                "digits, '-' and '_' in anchor names", found.start())


def descendants(root: Node) -> list[Node]:
    """Every node of a document once (an alias's target is not visited again)."""
    found: list[Node] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        found.append(node)
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            stack.extend(child for pair in node.value for child in pair)
    return found
