"""Unresolved references that are slips, and what they were probably meant to be.

Two kinds of slip get an error of their own instead of the ``unresolved-reference``
warning a partial catalog gives:

- a near miss of a known entity of the same kind and namespace (``system: chekout``
  when the System ``checkout`` exists): :class:`NearEntities`, with the measure of
  :mod:`catalog_lint.near_miss`;
- a name no entity can have (a space, a character outside Backstage's names or Port's
  identifiers, more than 63 characters): :func:`never_resolves`. When YAML folded a list
  item indented too far into the item above (``resource:cart-db - resource:cart-cache``),
  :func:`folded_line` finds the line it came from, in the source, so the message can
  show the fix.
"""

from __future__ import annotations

import re
from typing import Any

from catalog_lint.backstage_formats import (
    explain_dns_label,
    explain_kind,
    explain_object_name,
    is_dns_label,
    is_kind,
    is_object_name,
)
from catalog_lint.findings import JsonPath
from catalog_lint.graph.model import BACKSTAGE, CatalogGraph, Edge, Key, Node
from catalog_lint.near_miss import NameIndex
from catalog_lint.refs import RefError, split_ref
from catalog_lint.rules._backstage import node_at

#: Port's identifier pattern (the ``port-entity`` rule checks entities' own with it).
_PORT_IDENTIFIER = re.compile(r"^[A-Za-z0-9@_.+:/=-]+$")


class NearEntities:
    """Known entities by dialect, kind and namespace (local, context and external
    alike), indexed for near misses on first use."""

    def __init__(self, graph: CatalogGraph) -> None:
        self.graph = graph
        self._groups: dict[tuple[str, str, str], list[tuple[str, Node]]] | None = None
        self._indexes: dict[tuple[str, str, str], NameIndex[Node]] = {}

    def of(self, key: Key) -> list[Node]:
        """The entities ``key``'s name is a near miss of, closest first."""
        if self._groups is None:
            groups: dict[tuple[str, str, str], list[tuple[str, Node]]] = {}
            for node in self.graph.index.values():
                dialect, kind, namespace, name = node.key
                groups.setdefault((dialect, kind, namespace), []).append((name, node))
            self._groups = groups
        group = key[:3]
        index = self._indexes.get(group)
        if index is None:  # indexed when a reference first asks: most kinds never are
            index = self._indexes[group] = NameIndex(self._groups.get(group, ()))
        return [node for _, node in index.candidates(key[3])]


def written(edge: Edge) -> Any:
    """A reference's value as the file holds it (a string, or a mapping)."""
    return _value_at(edge.source.entity.data if edge.source.entity else None, edge.path)


def written_value(edge: Edge) -> str:
    """A reference as the file writes it."""
    value = written(edge)
    return value if isinstance(value, str) else edge.target_ref


def written_name(edge: Edge) -> str:
    """The name part of a reference as the file writes it (keys are lower-cased)."""
    value = _value_at(edge.source.entity.data if edge.source.entity else None, edge.path)
    if edge.source.dialect == BACKSTAGE and isinstance(value, str):
        try:
            return split_ref(value)[2]
        except RefError:
            pass
    elif isinstance(value, str):
        return value
    return edge.target[3]


def display_name(node: Node) -> str:
    """An entity's name as its file writes it."""
    return node.entity.name if node.entity is not None else node.name


def defined_at(node: Node) -> str:
    """Where an entity is defined, with its line: ``catalog-info.yaml:11``,
    ``teams.yaml:4 in catalog org.json``."""
    line = node.line
    where = f"{node.file}:{line}" if node.file and line else node.file
    if node.entity is None and node.origin:
        return f"{where} in catalog {node.origin}" if where else f"catalog {node.origin}"
    return where


def never_resolves(target: Key) -> str | None:
    """Why no entity can ever be what ``target`` names (its name, namespace or kind is
    not one an entity can have), or ``None`` when one could be."""
    dialect, kind, namespace, name = target
    if dialect != BACKSTAGE:
        if _PORT_IDENTIFIER.match(name):
            return None
        bad = sorted({char for char in name if not _PORT_IDENTIFIER.match(char)})
        shown = ", ".join("a space" if char == " " else repr(char) for char in bad[:5])
        return (f"a Port identifier has only letters, digits and @ _ . + : / = - "
                f"(this one has {shown})")
    if not is_object_name(name):
        return f"no entity can have that name: {_explain_name(name)}"
    if not is_dns_label(namespace):
        return f"no namespace can be called {namespace!r}: {explain_dns_label(namespace)}"
    if not is_kind(kind):
        return f"no kind can be called {kind!r}: {explain_kind(kind)}"
    return None


def _explain_name(name: str) -> str:
    if " " in name:
        return "it contains a space"
    return explain_object_name(name)


def folded_line(node: Node, path: JsonPath) -> tuple[int, str] | None:
    """When the value at ``path`` is a plain YAML scalar that runs over several lines
    and one of them starts with ``- `` (a list item indented deeper than the item above,
    which YAML folds into it), that line's number and text; else ``None``."""
    entity = node.entity
    if entity is None:
        return None
    doc = entity.document
    text = doc.file.text
    scalar = node_at(doc.tree(), (*doc.base_path, *path))
    if text is None or scalar is None:
        return None
    from yaml.nodes import ScalarNode  # loaded with the tree (see node_at)

    if not isinstance(scalar, ScalarNode) or scalar.style:
        return None
    first, last = scalar.start_mark.line, scalar.end_mark.line
    if first == last:
        return None
    lines = text.splitlines()
    for number in range(first + 1, min(last, len(lines) - 1) + 1):
        stripped = lines[number].strip()
        if stripped == "-" or stripped.startswith("- "):
            return number + 1, stripped
    return None


def _value_at(data: Any, path: JsonPath) -> Any:
    for part in path:
        if isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data
