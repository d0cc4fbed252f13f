"""Where every key and value of a document starts, recorded once, in the first parse.

A finding names a JSON path (``spec.dependsOn[1]``); its line and column come from this
table, built while the reader constructs the document, so that no finding ever parses a
file again and no node tree (hundreds of bytes per value) outlives the reading step.

The table is nested plain tuples, dicts and lists (small, fast to build, cheap to send
between processes):

- a *place* is ``(line, column, children)``, 0-based, of a value;
- ``children`` is ``None`` for a scalar; for a mapping, a dict from the key *as written*
  (the scalar's text, which is what a path names) to ``(key line, key column, value
  line, value column, value children)``; for a sequence, a list of the items' places.

A mapping that repeats a key keeps the last one under the key's text (the value a reader
keeps) and the first one under ``(FIRST, text)``: the two look-ups below differ there,
exactly as the node-tree walks they replace (:func:`catalog_lint.yaml_reader.locate` and
``locate_key``) did. An alias shares its anchor's children, as it shares its node.
"""

from __future__ import annotations

from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode

#: ``(line, column, children)`` of a value, 0-based.
Place = tuple[int, int, Any]
#: The first occurrence of a repeated key is kept under ``(FIRST, text)``.
FIRST = "first"


def place_of(node: Node) -> Place:
    """The table of a composed node tree (the reader builds it while constructing; this
    walk serves documents with aliases and JSON files, composed for their positions).
    Iterative: a JSON file may nest deeper than Python recurses."""
    made: dict[int, Any] = {}
    pending: list[Node] = []

    def children(current: Node) -> Any:
        if isinstance(current, ScalarNode):
            return None
        known = made.get(id(current))
        if known is not None:  # an alias: the anchor's node, the anchor's children
            return known
        container: Any = {} if isinstance(current, MappingNode) else []
        made[id(current)] = container
        pending.append(current)
        return container

    mark = node.start_mark
    place = (mark.line, mark.column, children(node))
    while pending:
        current = pending.pop()
        container = made[id(current)]
        if isinstance(current, MappingNode):
            for key_node, value_node in current.value:
                if not isinstance(key_node, ScalarNode):
                    continue  # a path cannot name it (the reader refuses such keys)
                key_mark, value_mark = key_node.start_mark, value_node.start_mark
                entry = (key_mark.line, key_mark.column, value_mark.line, value_mark.column,
                         children(value_node))
                text = key_node.value
                previous = container.get(text)
                if previous is not None and (FIRST, text) not in container:
                    container[FIRST, text] = previous
                container[text] = entry
        else:
            for item in current.value:
                mark = item.start_mark
                container.append((mark.line, mark.column, children(item)))
    return place


def locate(place: Place | None, path: tuple[Any, ...]) -> tuple[int, int] | None:
    """Line and column (1-based) of the value at ``path``; when it is missing, of the key
    of its nearest existing parent; ``None`` when not even the first step exists."""
    if place is None:
        return None
    line, column, children = place
    best: tuple[int, int] | None = None
    for part in path:
        if children.__class__ is dict and isinstance(part, str):
            entry = children.get(part)
            if entry is None:
                return best
            best = (entry[0] + 1, entry[1] + 1)
            line, column, children = entry[2], entry[3], entry[4]
        elif children.__class__ is list and isinstance(part, int) and 0 <= part < len(children):
            line, column, children = children[part]
            best = (line + 1, column + 1)
        else:
            return best
    return (line + 1, column + 1)


def locate_key(place: Place | None, path: tuple[Any, ...]) -> tuple[int, int] | None:
    """Line and column of the key (not the value) at ``path``: the first occurrence of a
    repeated key, like the first match of a walk over the mapping's pairs."""
    if not path or place is None:
        return locate(place, path)
    children = place[2]
    for part in path[:-1]:
        children = _first_child(children, part)
        if children is _MISSING:
            return locate(place, path)
    last = path[-1]
    if children.__class__ is dict and isinstance(last, str):
        entry = children.get((FIRST, last)) or children.get(last)
        if entry is not None:
            return (entry[0] + 1, entry[1] + 1)
    return locate(place, path)


_MISSING = object()


def _first_child(children: Any, part: Any) -> Any:
    if children.__class__ is dict and isinstance(part, str):
        entry = children.get((FIRST, part)) or children.get(part)
        return _MISSING if entry is None else entry[4]
    if children.__class__ is list and isinstance(part, int) and 0 <= part < len(children):
        return children[part][2]
    return _MISSING
