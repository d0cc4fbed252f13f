"""Where every key and value of a document starts, recorded once, in the first parse.

A finding names a JSON path (``spec.dependsOn[1]``); its line and column come from this
table, built while the reader constructs the document, so that no finding ever parses a
file again and no node tree (hundreds of bytes per value) outlives the reading step.

The table is a flat array of integers (two bytes each when they fit) and the list of
the keys it names, per document
(small, quick to build and to send between processes; a nested form of tuples and dicts
took three times the memory and twice the time to send):

- numbers 0-2: line, column (0-based) and block of the document's top value;
- a mapping or a list is a *block*: ``is_mapping, count``, then ``count`` entries of
  :data:`WIDTH` numbers: ``key, key line, key column, value line, value column, value
  block``, where ``key`` indexes the list of keys (the scalar's text as written, which
  is what a path names) and is -1 for a list item, whose "key" position is the item's;
  a scalar's block is -1. The keys of one mapping are consecutive in the list, in the
  order written.

A mapping that repeats a key keeps both entries: a path reaches the last one (the value
a reader keeps), a key look-up the first, exactly as the node-tree walks these replace
(``catalog_lint.yaml_reader.locate`` and ``locate_key``) did. An alias shares its
anchor's block, as it shares its node. Finding a key is a scan of its mapping's keys; a
mapping of more than :data:`INDEXED` keys is indexed on its first look-up.
"""

from __future__ import annotations

import os
from array import array
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from yaml.nodes import Node

#: A document's positions: the numbers and the keys (see the module's docstring).
Positions = tuple["array[int]", tuple[str, ...]]
#: The numbers while they are being recorded.
Recording = list[int]
#: Slots per entry of a block.
WIDTH = 6
#: Mappings with more keys than this get a dict from key to entry on first look-up.
INDEXED = 64


def new_block(numbers: Recording, mapping: bool, count: int) -> int:
    """Reserve a block of ``count`` entries at the end; its offset."""
    offset = len(numbers)
    numbers += (mapping, count)
    numbers += _EMPTY_ENTRY * count
    return offset


_EMPTY_ENTRY = (-1, 0, 0, 0, 0, -1)


def finish(numbers: Recording, keys: list[str]) -> Positions:
    """The recorded numbers in two bytes each when they fit (most files), else four;
    the keys as a tuple (a list grown by appending holds spare room)."""
    return array("h" if max(numbers) <= _SHORT else "i", numbers), tuple(keys)


_SHORT = 2**15 - 1


def place_of(node: Node) -> Positions:
    """The positions of a composed node tree (the reader records them while it builds
    the values; this walk serves documents with aliases and JSON files, which are
    composed for their positions). Iterative: a JSON file may nest deeper than Python
    recurses."""
    from yaml.nodes import MappingNode, ScalarNode  # PyYAML's trees only: the C reader needs neither

    positions: Recording = []
    keys: list[str] = []
    blocks: dict[int, int] = {}
    pending: list[tuple[Node, int]] = []

    def block(current: Node) -> int:
        if isinstance(current, ScalarNode):
            return -1
        known = blocks.get(id(current))
        if known is not None:  # an alias: the anchor's node, the anchor's block
            return known
        if isinstance(current, MappingNode):
            offset = new_block(positions, True, sum(isinstance(key, ScalarNode) for key, _ in current.value))
        else:
            offset = new_block(positions, False, len(current.value))
        blocks[id(current)] = offset
        pending.append((current, offset))
        return offset

    mark = node.start_mark
    positions += (mark.line, mark.column, -1)
    positions[2] = block(node)
    while pending:
        current, offset = pending.pop()
        entry = offset + 2
        if isinstance(current, MappingNode):
            for key_node, value_node in current.value:
                if not isinstance(key_node, ScalarNode):
                    continue  # a path cannot name it (the reader refuses such keys)
                key_mark, value_mark = key_node.start_mark, value_node.start_mark
                positions[entry:entry + WIDTH] = (len(keys), key_mark.line, key_mark.column,
                                                  value_mark.line, value_mark.column, block(value_node))
                keys.append(key_node.value)
                entry += WIDTH
        else:
            for item in current.value:
                mark = item.start_mark
                positions[entry:entry + WIDTH] = (-1, mark.line, mark.column, mark.line, mark.column,
                                                  block(item))
                entry += WIDTH
    return finish(positions, keys)


def native_allowed() -> bool:
    """Whether the compiled module (``catalog_lint._libyaml_positions``) may be used, where
    it is built: ``CATALOG_LINT_NATIVE_YAML=0`` turns it off, for comparison."""
    return os.environ.get("CATALOG_LINT_NATIVE_YAML", "1") != "0"


def _compiled_locate() -> Any:
    if not native_allowed():
        return None
    try:
        from catalog_lint._libyaml_positions import locate as compiled
    except ImportError:  # not built here, or built before it had one
        return None
    return compiled


#: :func:`locate`'s walk in C, where the module is built: a run looks up the position of
#: each of its findings, 50,000 in a large one, and in C a look-up takes a sixth of the
#: time (0.5 against 3.3 microseconds, measured on the realistic benchmark catalog).
_locate_compiled = _compiled_locate()


def locate(positions: Positions | None, path: tuple[Any, ...]) -> tuple[int, int] | None:
    """Line and column (1-based) of the value at ``path``; when it is missing, of the key
    of its nearest existing parent; ``None`` when not even the first step exists."""
    if positions is None:
        return None
    numbers, keys = positions
    if _locate_compiled is not None:
        found = _locate_compiled(numbers, keys, path, INDEXED)
        if found is not NotImplemented:
            return found
    return locate_here(numbers, keys, path)


def locate_here(numbers: array[int], keys: tuple[str, ...],
                path: tuple[Any, ...]) -> tuple[int, int] | None:
    """:func:`locate`'s walk in Python (a large mapping's keys are indexed)."""
    line, column, block = numbers[0], numbers[1], numbers[2]
    best: tuple[int, int] | None = None
    for part in path:
        if block < 0:
            return best
        if numbers[block]:
            if not isinstance(part, str):
                return best
            entry = _entry(numbers, keys, block, part, last=True)
            if entry < 0:
                return best
            best = (numbers[entry + 1] + 1, numbers[entry + 2] + 1)
        else:
            if not isinstance(part, int) or not 0 <= part < numbers[block + 1]:
                return best
            entry = block + 2 + WIDTH * part
            best = (numbers[entry + 3] + 1, numbers[entry + 4] + 1)
        line, column, block = numbers[entry + 3], numbers[entry + 4], numbers[entry + 5]
    return (line + 1, column + 1)


def locate_key(positions: Positions | None, path: tuple[Any, ...]) -> tuple[int, int] | None:
    """Line and column of the key (not the value) at ``path``: the first occurrence of a
    repeated key, like the first match of a walk over the mapping's pairs."""
    if not path or positions is None:
        return locate(positions, path)
    numbers, keys = positions
    block = numbers[2]
    for part in path[:-1]:
        entry = _step(numbers, keys, block, part)
        if entry < 0:
            return locate(positions, path)
        block = numbers[entry + 5]
    last = path[-1]
    if block >= 0 and numbers[block] and isinstance(last, str):
        entry = _entry(numbers, keys, block, last, last=False)
        if entry >= 0:
            return (numbers[entry + 1] + 1, numbers[entry + 2] + 1)
    return locate(positions, path)


def _step(numbers: array[int], keys: tuple[str, ...], block: int, part: Any) -> int:
    """The entry a step of a path reaches (a repeated key: its first one), or -1."""
    if block < 0:
        return -1
    if numbers[block]:
        return _entry(numbers, keys, block, part, last=False) if isinstance(part, str) else -1
    if isinstance(part, int) and 0 <= part < numbers[block + 1]:
        return block + 2 + WIDTH * part
    return -1


def _entry(numbers: array[int], keys: tuple[str, ...], block: int, key: str, last: bool) -> int:
    """The offset of the entry of ``key`` in the mapping ``block`` (its last or first
    occurrence), or -1."""
    count = numbers[block + 1]
    start = block + 2
    if count > INDEXED:
        indexed = _index(numbers, keys, block).get(key)
        if indexed is None:
            return -1
        return indexed[1] if last else indexed[0]
    if not count:
        return -1
    # A mapping's keys are recorded together, in order: its entries' keys are one run of
    # the list, searched in C (a finding looks up a key or two of each of its mappings)
    first = numbers[start]
    end = first + count
    try:
        index = keys.index(key, first, end)
    except ValueError:
        return -1
    if last and key in keys[index + 1:end]:  # repeated: a path reaches its last occurrence
        while True:
            try:
                index = keys.index(key, index + 1, end)
            except ValueError:
                break
    return start + WIDTH * (index - first)


#: Indexes of large mappings: ``(id(numbers), block) -> (numbers, {key: (first, last)})``
#: (the array is held so that its id stays its own); the latest few are kept.
_INDEXES: dict[tuple[int, int], tuple[array[int], dict[str, tuple[int, int]]]] = {}


def _index(numbers: array[int], keys: tuple[str, ...], block: int) -> dict[str, tuple[int, int]]:
    cached = _INDEXES.get((id(numbers), block))
    if cached is not None and cached[0] is numbers:
        return cached[1]
    index: dict[str, tuple[int, int]] = {}
    start = block + 2
    for offset in range(start, start + WIDTH * numbers[block + 1], WIDTH):
        key = keys[numbers[offset]]
        first = index.get(key)
        index[key] = (offset if first is None else first[0], offset)
    if len(_INDEXES) >= 16:
        _INDEXES.pop(next(iter(_INDEXES)))
    _INDEXES[id(numbers), block] = (numbers, index)
    return index
