"""The references an entity declares, read through its blueprint's relations.

Backstage: each relation names the field that holds it (``spec.owner``); a value is a
reference string (or a list of them when the relation is ``many``), parsed with
Backstage's own rules: the relation's default kind, the referring entity's namespace.

Port: ``relations`` maps a relation name to an identifier (or a list of identifiers
when ``many``) of an entity of the relation's target blueprint. A mapping value is a
search-query relation, which Port resolves at run time: it is left alone here.

Shape problems (a required relation missing, several targets where one is allowed, a
value that is not a reference, a Port relation the blueprint does not declare) are
reported here. For Backstage, a field the kind's JSON schema already constrains (type,
presence) is left to the schema rule, so one mistake gives one finding.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog_lint.blueprints import Blueprint, Relation
from catalog_lint.findings import JsonPath, Problem
from catalog_lint.graph.model import BACKSTAGE, Edge, Node, backstage_key, port_key
from catalog_lint.model import Entity
from catalog_lint.refs import RefError, parse_ref

LOCATION_FIELDS = frozenset({("spec", "target"), ("spec", "targets")})

_MISSING = object()


def node_for(entity: Entity) -> tuple[Node, list[Problem]]:
    """The entity's node with its edges (unresolved), and the shape problems found."""
    data = entity.data if isinstance(entity.data, dict) else {}
    if entity.dialect == BACKSTAGE:
        node = Node(
            key=backstage_key(entity.kind, entity.namespace, entity.name),
            kind=entity.kind,
            title=_title(data.get("metadata")),
            entity=entity,
            file=entity.file,
            line=entity.document.line,
            api_version=str(data.get("apiVersion") or ""),
            blueprint=entity.blueprint,
        )
        problems = list(_backstage_edges(node, entity, data))
    else:
        node = Node(
            key=port_key(entity.kind, entity.name),
            kind=entity.kind,
            title=str(data.get("title") or ""),
            entity=entity,
            file=entity.file,
            line=entity.document.line,
            blueprint=entity.blueprint,
        )
        problems = list(_port_edges(node, entity, data))
    return node, problems


def _title(metadata: Any) -> str:
    if isinstance(metadata, dict):
        title = metadata.get("title")
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


def _backstage_edges(node: Node, entity: Entity, data: dict[str, Any]) -> Iterator[Problem]:
    blueprint = entity.blueprint
    if blueprint is None:
        return
    for relation in blueprint.relations.values():
        if not relation.field or relation.field in LOCATION_FIELDS:
            continue
        value = _get(data, relation.field)
        typed, schema_required = schema_covers(blueprint, relation.field)
        if value is _MISSING or value is None:
            # Present but null is the schema's business when it types the field.
            if relation.required and not schema_required and not (value is None and typed):
                yield Problem(
                    "missing-required-relation",
                    f"{'.'.join(relation.field)} is required for a {entity.kind}: "
                    f"{_relation_hint(relation)}",
                    path=relation.field,
                )
            continue
        if value == []:
            continue  # Backstage accepts an empty list for a required list (memberOf: [])
        node.declared.add(relation.name)
        if isinstance(value, list):
            if not relation.many and len(value) > 1 and not typed:
                yield Problem(
                    "too-many-targets",
                    f"{'.'.join(relation.field)} takes one reference, got {len(value)}",
                    path=relation.field,
                )
            items: list[tuple[Any, JsonPath]] = [
                (item, (*relation.field, i)) for i, item in enumerate(value)
            ]
        else:
            items = [(value, relation.field)]
        for item, path in items:
            if not isinstance(item, str) and typed:
                continue  # the schema reports a number or a mapping here
            try:
                ref = parse_ref(item, relation.default_kind, entity.namespace)
            except RefError as exc:
                yield Problem("invalid-reference", f"{'.'.join(relation.field)}: {exc}",
                              path=path)
                continue
            edge = Edge(node, relation.name, relation,
                        backstage_key(ref.kind, ref.namespace, ref.name), path)
            if relation.target and ref.kind.lower() not in {t.lower() for t in relation.target}:
                edge.kind_ok = False
                yield Problem(
                    "relation-target-kind",
                    f"{'.'.join(relation.field)} must refer to {_kinds(relation.target)}, "
                    f"not a {ref.kind} ({edge.target_ref})",
                    path=path,
                )
            node.edges.append(edge)


def _relation_hint(relation: Relation) -> str:
    if relation.target:
        return f"a reference to {_kinds(relation.target)}"
    return "an entity reference"


def _kinds(targets: tuple[str, ...]) -> str:
    names = list(targets)
    if len(names) == 1:
        return f"a {names[0]}"
    return "a " + ", a ".join(names[:-1]) + f" or a {names[-1]}"


def _port_edges(node: Node, entity: Entity, data: dict[str, Any]) -> Iterator[Problem]:
    blueprint = entity.blueprint
    relations = data.get("relations")
    if relations is not None and not isinstance(relations, dict):
        yield Problem("invalid-reference", "relations must be a mapping of relation names to "
                      "entity identifiers", path=("relations",))
        return
    relations = relations or {}
    if blueprint is None:
        return  # the unknown blueprint is reported by the validation rules
    for name in relations:
        if name not in blueprint.relations:
            known = ", ".join(sorted(blueprint.relations)) or "none"
            yield Problem(
                "unknown-relation",
                f"blueprint {blueprint.identifier!r} has no relation {name!r} "
                f"(its relations: {known})",
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
        node.declared.add(name)
        if isinstance(value, dict):
            continue  # a search-query relation: Port evaluates it, nothing to resolve here
        if isinstance(value, list):
            if not relation.many and len(value) > 1:
                yield Problem(
                    "too-many-targets",
                    f"relation {name!r} of blueprint {blueprint.identifier!r} is not many: "
                    f"it takes one identifier, got {len(value)}",
                    path=path,
                )
                # Resolve them anyway: each target's existence is still worth checking.
            elif not relation.many:
                yield Problem(
                    "invalid-reference",
                    f"relation {name!r} is not many: give one identifier, not a list",
                    path=path,
                )
            items: list[tuple[Any, JsonPath]] = [(v, (*path, i)) for i, v in enumerate(value)]
        else:
            items = [(value, path)]
        target = relation.target[0] if relation.target else None
        for item, item_path in items:
            if not isinstance(item, str) or not item:
                yield Problem(
                    "invalid-reference",
                    f"relation {name!r}: an entity identifier must be a non-empty string, "
                    f"got {_describe(item)}",
                    path=item_path,
                )
                continue
            if target is None:
                continue  # a relation without a target blueprint cannot be resolved
            node.edges.append(Edge(node, name, relation, port_key(target, item), item_path))


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return "an empty string"
    if isinstance(value, list):
        return "a list"
    return "a mapping"
