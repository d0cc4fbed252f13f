"""The references an entity declares, read through its blueprint's relations.

Backstage: each relation names the field that holds it (``spec.owner``); a value is a
reference string (or a list of them when the relation is ``many``), parsed with
Backstage's own rules: the relation's default kind, the referring entity's namespace.

Port: ``relations`` maps a relation name to an identifier (or a list of identifiers
when ``many``) of an entity of the relation's target blueprint. A mapping value is a
search-query relation, which Port resolves at run time: it is left alone here.

Shape problems (a required relation missing, several targets where one is allowed, a
Port relation the blueprint does not declare) are reported here. What other rules
already report is skipped, so one mistake gives one finding: for Backstage, a field the
kind's JSON schema constrains (type, presence) and references that do not parse
(``entity-ref-syntax``); for Port, value types (``port-entity``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from sys import intern as _intern
from typing import Any, NamedTuple

from catalog_lint.blueprints import Blueprint, Relation
from catalog_lint.findings import JsonPath, Problem
from catalog_lint.graph.model import BACKSTAGE, Edge, Key, Node, backstage_key, port_key
from catalog_lint.model import Entity
from catalog_lint.near_miss import candidates
from catalog_lint.refs import RefError, parse_ref, split_ref

LOCATION_FIELDS = frozenset({("spec", "target"), ("spec", "targets")})

_MISSING = object()


def node_for(entity: Entity, plans: Plans | None = None) -> tuple[Node, list[Problem]]:
    """The entity's node with its edges (unresolved), and the shape problems found.
    ``plans`` caches what each blueprint's relations need; share one across a build."""
    node = _node(entity)
    return node, list(_references(node, entity, Plans() if plans is None else plans))


def lazy_node_for(entity: Entity, plans: Plans, index: dict[Key, Node]) -> Node:
    """The entity's node, its references read and resolved against ``index`` only when
    first asked for (their shape problems are left to a run over the entity's file)."""
    def load(node: Node) -> None:
        for _ in _references(node, entity, plans):
            pass
        for edge in node.edges:
            edge.node = index.get(edge.target)

    node = _node(entity)
    node._load = load
    return node


def _node(entity: Entity) -> Node:
    data = entity.data if isinstance(entity.data, dict) else {}
    if entity.dialect == BACKSTAGE:
        return Node(
            key=backstage_key(entity.kind, entity.namespace, entity.name),
            kind=entity.kind,
            title=_title(data.get("metadata")),
            entity=entity,
            file=entity.file,
            api_version=str(data.get("apiVersion") or ""),
            blueprint=entity.blueprint,
        )
    return Node(
        key=port_key(entity.kind, entity.name),
        kind=entity.kind,
        title=_title(data),
        entity=entity,
        file=entity.file,
        blueprint=entity.blueprint,
    )


def _references(node: Node, entity: Entity, plans: Plans) -> Iterator[Problem]:
    """Add the entity's edges to its node, yielding the shape problems met."""
    data = entity.data if isinstance(entity.data, dict) else {}
    if entity.dialect == BACKSTAGE:
        yield from _backstage_edges(node, entity, data, plans)
    else:
        yield from _port_edges(node, entity, data, plans)


def _title(holder: Any) -> str:
    """The ``title`` of a mapping (Backstage ``metadata``, a Port entity), if a string."""
    if isinstance(holder, dict):
        title = holder.get("title")
        if isinstance(title, str):
            return title
    return ""


def _get(data: Any, path: tuple[str, ...]) -> Any:
    current = data
    for part in path:
        if not isinstance(current, dict) or part not in current:
            return _MISSING
        current = current[part]
    return current


def _schema_property(schema: dict[str, Any], path: tuple[str, ...]) -> tuple[dict[str, Any], bool]:
    """The subschema of the property at ``path`` and whether its parent requires it;
    ``({}, False)`` when the schema says nothing about it."""
    current = schema
    required = False
    for part in path:
        properties = current.get("properties")
        if not isinstance(properties, dict) or not isinstance(properties.get(part), dict):
            return {}, False
        required = part in (current.get("required") or ())
        current = properties[part]
    return current, required


def schema_covers(blueprint: Blueprint, field: tuple[str, ...]) -> tuple[bool, bool]:
    """Whether a Backstage kind's schema describes the field (its type) and requires it.
    Blueprints may describe the whole document or only ``spec``: both are tried."""
    for path in (field, field[1:] if field[:1] == ("spec",) else None):
        if not path:
            continue
        subschema, required = _schema_property(blueprint.schema, path)
        if subschema:
            return True, required
    return False, False


class _Field(NamedTuple):
    """What reading one relation of a Backstage kind needs, worked out once per kind."""

    relation: Relation
    dotted: str  # spec.owner
    typed: bool  # the kind's schema gives the field a type
    schema_required: bool  # ... and requires it
    allowed: frozenset[str]  # lower-cased target kinds; empty: any
    in_spec: str | None  # ``owner`` for ``spec.owner`` (nearly every relation), else None


#: Fields per blueprint, keyed by ``id`` (blueprints are not hashable); one per build.
@dataclass(slots=True)
class Plans:
    """What a build shares between entities: the fields of each blueprint's relations
    (keyed by ``id``: blueprints are not hashable), and one tuple per target key. A
    catalog refers to the same groups and systems from thousands of files: each edge
    holding its own copy of the key cost a fifth of the graph's memory."""

    fields: dict[int, tuple[Blueprint, list[_Field]]] = field(default_factory=dict)
    keys: dict[Key, Key] = field(default_factory=dict)
    #: The path of each list item, by the list's path and the item's index.
    paths: dict[tuple[JsonPath, int], JsonPath] = field(default_factory=dict)

    def key(self, key: Key) -> Key:
        """The build's one copy of ``key``."""
        return self.keys.setdefault(key, key)

    def item_path(self, path: JsonPath, index: int) -> JsonPath:
        """The build's one copy of the path of item ``index`` of the list at ``path``
        (the fifth ``dependsOn`` of every component has the same one)."""
        found = self.paths.get((path, index))
        if found is None:
            found = self.paths[(path, index)] = (*path, index)
        return found


def _plan(blueprint: Blueprint, plans: Plans) -> list[_Field]:
    cached = plans.fields.get(id(blueprint))
    if cached is not None and cached[0] is blueprint:
        return cached[1]
    fields = []
    for relation in blueprint.relations.values():
        if not relation.field or relation.field in LOCATION_FIELDS:
            continue
        typed, required = schema_covers(blueprint, relation.field)
        fields.append(_Field(relation, ".".join(relation.field), typed, required,
                             frozenset(t.lower() for t in relation.target),
                             relation.field[1] if len(relation.field) == 2
                             and relation.field[0] == "spec" else None))
    plans.fields[id(blueprint)] = (blueprint, fields)
    return fields


def _backstage_edges(node: Node, entity: Entity, data: dict[str, Any],
                     plans: Plans) -> Iterator[Problem]:
    blueprint = entity.blueprint
    if blueprint is None:
        return
    namespace = entity.namespace
    holder = data.get("spec")  # where nearly every relation is: read once
    if not isinstance(holder, dict):
        holder = None
    declared: list[str] = []
    for spec in _plan(blueprint, plans):
        relation = spec.relation
        if spec.in_spec is None:
            value = _get(data, relation.field)
        else:
            value = _MISSING if holder is None else holder.get(spec.in_spec, _MISSING)
        if value is _MISSING or value is None:
            # Present but null is the schema's business when it types the field.
            if relation.required and not spec.schema_required and not (
                    value is None and spec.typed):
                yield Problem(
                    "missing-required-relation",
                    f"{spec.dotted} is required for a {entity.kind}: {_relation_hint(relation)}",
                    path=relation.field,
                )
            continue
        if value == []:
            continue  # Backstage accepts an empty list for a required list (memberOf: [])
        if spec.typed and isinstance(value, list) != relation.many:
            continue  # a list for one reference or the reverse: the schema reports the type
        declared.append(relation.name)  # declared on the node at the end, all at once
        if isinstance(value, list):
            if not relation.many and len(value) > 1:
                yield Problem(
                    "too-many-targets",
                    f"{spec.dotted} takes one reference, got {len(value)}",
                    path=relation.field,
                )
            items: list[tuple[Any, JsonPath]] = [
                (item, plans.item_path(relation.field, i)) for i, item in enumerate(value)
            ]
        else:
            items = [(value, relation.field)]
        for item, path in items:
            if isinstance(item, str):
                # The common case, inline: Backstage's parseEntityRef for a string.
                try:
                    kind, ref_namespace, name = split_ref(item)
                except RefError:
                    continue  # unparsable: the entity-ref-syntax rule reports it
                kind = kind if kind is not None else relation.default_kind
                if kind is None:
                    continue  # no kind where the field has none: entity-ref-syntax again
                # kinds and namespaces repeat across the catalog: one string each
                key = (BACKSTAGE, _intern(kind.lower()), _intern((ref_namespace or namespace).lower()),
                       name.lower())
            elif spec.typed:
                continue  # the schema reports a number or a mapping here
            else:
                try:
                    ref = parse_ref(item, relation.default_kind, namespace)
                except RefError:
                    continue  # entity-ref-syntax reports it
                kind = ref.kind
                key = backstage_key(ref.kind, ref.namespace, ref.name)
            edge = Edge(node, relation.name, relation, plans.key(key), path)
            if spec.allowed and key[1] not in spec.allowed:
                edge.kind_ok = False
                yield Problem(
                    "relation-target-kind",
                    f"{spec.dotted} must refer to {_kinds(relation.target)}, "
                    f"not a {kind} ({edge.target_ref})",
                    path=path,
                )
            node.edges.append(edge)
    if declared:
        node.declare_all(declared)


def _relation_hint(relation: Relation) -> str:
    if relation.target:
        return f"a reference to {_kinds(relation.target)}"
    return "an entity reference"


def _kinds(targets: tuple[str, ...]) -> str:
    names = list(targets)
    if len(names) == 1:
        return f"a {names[0]}"
    return "a " + ", a ".join(names[:-1]) + f" or a {names[-1]}"


def _port_edges(node: Node, entity: Entity, data: dict[str, Any],
                plans: Plans) -> Iterator[Problem]:
    """The value types (a string, a list of strings, null) are the ``port-entity`` rule's;
    what needs the blueprint (names, required, many) is checked here."""
    blueprint = entity.blueprint
    relations = data.get("relations")
    if blueprint is None or (relations is not None and not isinstance(relations, dict)):
        return  # an unknown blueprint, or relations of the wrong type: reported elsewhere
    relations = relations or {}
    for name in relations:
        if name not in blueprint.relations:
            known = ", ".join(sorted(blueprint.relations)) or "none"
            meant = candidates(str(name), [r for r in blueprint.relations if r not in relations])
            hint = f'; did you mean "{meant[0]}"?' if meant else ""
            yield Problem(
                "unknown-relation",
                f"blueprint {blueprint.identifier!r} has no relation {name!r} "
                f"(its relations: {known}){hint}",
                path=("relations", str(name)),
            )
    for name, relation in blueprint.relations.items():
        value = relations.get(name)
        path: JsonPath = ("relations", name)
        if value is None or value == [] or value == "":
            if relation.required:
                yield Problem(
                    "missing-required-relation",
                    f"relation {name!r} is required by blueprint {blueprint.identifier!r}"
                    + (f" (an identifier of a {relation.target[0]})" if relation.target else ""),
                    path=path,
                )
            continue
        node.declare(name)
        if isinstance(value, list):
            if not relation.many and len(value) > 1:
                yield Problem(
                    "too-many-targets",
                    f"relation {name!r} of blueprint {blueprint.identifier!r} is not many: "
                    f"it takes one identifier, got {len(value)}",
                    path=path,
                )
                # Resolve them anyway: each target's existence is still worth checking.
            items: list[tuple[Any, JsonPath]] = [(v, plans.item_path(path, i))
                                                 for i, v in enumerate(value)]
        else:
            items = [(value, path)]
        target = relation.target[0] if relation.target else None
        if target is None:
            continue  # a relation without a target blueprint cannot be resolved
        for item, item_path in items:
            if isinstance(item, str) and item:
                node.edges.append(Edge(node, name, relation, plans.key(port_key(target, item)),
                                       item_path))
