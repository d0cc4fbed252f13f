"""Classify each change between two versions of a blueprint: breaking or compatible.

Breaking: something an entity valid before may no longer satisfy. A blueprint or a
property removed; a property, a relation or a constraint added as required; a type
narrowed; an enum value removed (or an enum introduced); a pattern or format added or
changed; a lower bound raised or an upper bound lowered; ``additionalProperties``
turned off; a relation's target removed, or made required, or ``many`` turned off.

Compatible: what only lets more through, or only documents: a property or an optional
relation added, a requirement dropped, a type widened, an enum value added, a
description changed. A change of a keyword this module cannot reason about (``anyOf``,
``$ref``, ...) is reported as breaking, to be safe: the entity check then says whether
anything really breaks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from catalog_lint.blueprints import BACKSTAGE, Blueprint

_DOCS = frozenset({"title", "description", "examples", "default", "enumColors", "icon",
                   "enumDescriptions", "markdownDescription", "$comment"})
_HANDLED = frozenset({"type", "properties", "required", "additionalProperties", "enum",
                      "const", "pattern", "format", "items", "uniqueItems"})
_LOWER_BOUNDS = ("minLength", "minItems", "minimum", "exclusiveMinimum", "minProperties")
_UPPER_BOUNDS = ("maxLength", "maxItems", "maximum", "exclusiveMaximum", "maxProperties")


@dataclass(frozen=True)
class Change:
    dialect: str
    blueprint: str  # Backstage kind or Port identifier, as people name it
    path: str  # where in an entity: spec.lifecycle, properties.tier, relations.owner; "" for all
    breaking: bool
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"dialect": self.dialect, "blueprint": self.blueprint, "path": self.path,
                "breaking": self.breaking, "message": self.message}


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def compare(old: Blueprint | None, new: Blueprint | None) -> list[Change]:
    """Every change from ``old`` to ``new`` (either may be ``None``: added, removed)."""
    some = new or old
    assert some is not None
    label = some.label
    changes: list[Change] = []

    def add(path: str, breaking: bool, message: str) -> None:
        changes.append(Change(some.dialect, label, path, breaking, message))

    if old is None:
        add("", False, f"blueprint {label} added")
        return changes
    if new is None:
        add("", True, f"blueprint {label} removed: its entities are no longer recognised")
        return changes
    if old.dialect == BACKSTAGE:
        gone = [v for v in old.api_versions if v not in new.api_versions]
        if gone and new.api_versions:
            add("apiVersion", True, f"apiVersion {', '.join(gone)} no longer accepted")
        added = [v for v in new.api_versions if v not in old.api_versions]
        if added and old.api_versions:
            add("apiVersion", False, f"apiVersion {', '.join(added)} accepted")
    ranks = {"info": 0, "warning": 1, "error": 2}
    old_severity = ranks.get(str(old.raw.get("severity", "error")), 2)
    new_severity = ranks.get(str(new.raw.get("severity", "error")), 2)
    if new_severity != old_severity:
        add("", new_severity > old_severity, f"severity of its schema problems "
            f"{old.raw.get('severity', 'error')} -> {new.raw.get('severity', 'error')}")
    prefix = "spec" if old.dialect == BACKSTAGE else "properties"
    for path, breaking, message in schema_changes(old.schema, new.schema, prefix):
        add(path, breaking, message)
    if old.metadata_schema is not None or new.metadata_schema is not None:
        empty = {"type": "object"}  # what a kind without organisation rules asks of metadata
        for path, breaking, message in schema_changes(old.metadata_schema or empty,
                                                      new.metadata_schema or empty, "metadata"):
            add(path, breaking, message)
    for path, breaking, message in relation_changes(old, new):
        add(path, breaking, message)
    return changes


def _types(schema: dict[str, Any]) -> set[str] | None:
    value = schema.get("type")
    if value is None:
        return None
    types = {value} if isinstance(value, str) else set(value)
    if "number" in types:
        types.add("integer")
    return types


def schema_changes(old: dict[str, Any], new: dict[str, Any], path: str
                   ) -> Iterator[tuple[str, bool, str]]:
    """``(path, breaking, message)`` for every change from schema ``old`` to ``new``."""
    if old == new:
        return
    old_types, new_types = _types(old), _types(new)
    if old_types != new_types:
        if new_types is not None and (old_types is None or old_types - new_types):
            yield path, True, f"type narrowed: {old.get('type', 'any')} -> {new.get('type')}"
        else:
            yield path, False, f"type widened: {old.get('type')} -> {new.get('type', 'any')}"
    yield from _enum_changes(old, new, path)
    for key in ("const", "pattern", "format"):
        if old.get(key) == new.get(key):
            continue
        if key not in new:
            yield path, False, f"{key} {_show(old[key])} removed"
        elif key not in old:
            yield path, True, f"{key} {_show(new[key])} added"
        else:
            yield path, True, f"{key} changed: {_show(old[key])} -> {_show(new[key])}"
    yield from _bound_changes(old, new, path)
    if old.get("uniqueItems") is not True and new.get("uniqueItems") is True:
        yield path, True, "items must now be distinct"
    if old.get("additionalProperties") is not False and new.get("additionalProperties") is False:
        yield path, True, "no longer accepts properties it does not list"
    elif old.get("additionalProperties") is False and new.get("additionalProperties") is not False:
        yield path, False, "accepts properties it does not list"
    yield from _property_changes(old, new, path)
    old_items, new_items = old.get("items"), new.get("items")
    if isinstance(old_items, dict) or isinstance(new_items, dict):
        yield from schema_changes(old_items if isinstance(old_items, dict) else {},
                                  new_items if isinstance(new_items, dict) else {}, f"{path}[]")
    docs = sorted(k for k in _DOCS if old.get(k) != new.get(k))
    if docs:
        yield path, False, f"{', '.join(docs)} changed"
    others = sorted(k for k in set(old) | set(new)
                    if k not in _DOCS and k not in _HANDLED and k not in _LOWER_BOUNDS
                    and k not in _UPPER_BOUNDS and old.get(k) != new.get(k))
    for key in others:
        yield path, True, (f"{key} changed (catalog-lint cannot tell whether this narrows "
                           "what is accepted; treated as breaking)")


def _enum_changes(old: dict[str, Any], new: dict[str, Any], path: str
                  ) -> Iterator[tuple[str, bool, str]]:
    old_enum, new_enum = old.get("enum"), new.get("enum")
    if old_enum == new_enum:
        return
    if not isinstance(new_enum, list):
        yield path, False, "enum removed: any value of the type is accepted"
    elif not isinstance(old_enum, list):
        yield path, True, f"restricted to the values {_show(new_enum)}"
    else:
        gone = [v for v in old_enum if v not in new_enum]
        added = [v for v in new_enum if v not in old_enum]
        if gone:
            yield path, True, f"enum value{'s' if len(gone) > 1 else ''} removed: " + ", ".join(
                map(_show, gone))
        if added:
            yield path, False, f"enum value{'s' if len(added) > 1 else ''} added: " + ", ".join(
                map(_show, added))


def _bound_changes(old: dict[str, Any], new: dict[str, Any], path: str
                   ) -> Iterator[tuple[str, bool, str]]:
    for key in (*_LOWER_BOUNDS, *_UPPER_BOUNDS):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        lower = key in _LOWER_BOUNDS
        if after is None:
            yield path, False, f"{key} {before} removed"
        elif before is None:
            yield path, True, f"{key} {after} added"
        elif not isinstance(before, (int, float)) or not isinstance(after, (int, float)):
            yield path, True, f"{key} changed: {before} -> {after}"
        else:
            tighter = after > before if lower else after < before
            yield path, tighter, f"{key} {'raised' if lower == tighter else 'lowered'}: " \
                                 f"{before} -> {after}"


def _property_changes(old: dict[str, Any], new: dict[str, Any], path: str
                      ) -> Iterator[tuple[str, bool, str]]:
    old_props = _mapping(old.get("properties"))
    new_props = _mapping(new.get("properties"))
    old_required = set(old.get("required") or [])
    new_required = set(new.get("required") or [])
    for name in old_props:
        if name not in new_props:
            yield f"{path}.{name}", True, "property removed"
    for name in new_props:
        if name not in old_props:
            required = name in new_required
            yield (f"{path}.{name}", required,
                   "required property added" if required else "property added")
    for name in sorted(new_required - old_required):
        if name in old_props or name not in new_props:
            yield f"{path}.{name}", True, "made required"
    for name in sorted(old_required - new_required):
        yield f"{path}.{name}", False, "no longer required"
    for name in old_props:
        if name in new_props and isinstance(old_props[name], dict) and isinstance(
                new_props[name], dict):
            yield from schema_changes(old_props[name], new_props[name], f"{path}.{name}")


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def relation_changes(old: Blueprint, new: Blueprint) -> Iterator[tuple[str, bool, str]]:
    for name, before in old.relations.items():
        after = new.relations.get(name)
        where = ".".join(before.field) if old.dialect == BACKSTAGE and before.field else \
            f"relations.{name}"
        if after is None:
            yield where, True, f"relation {name!r} removed"
            continue
        gone = [t for t in before.target if t.lower() not in {a.lower() for a in after.target}]
        if after.target and not before.target:
            yield where, True, f"relation {name!r} now targets only {', '.join(after.target)}"
        elif gone and after.target:
            yield where, True, f"relation {name!r} no longer targets {', '.join(gone)}"
        added = [t for t in after.target if t.lower() not in {b.lower() for b in before.target}]
        if added and before.target:
            yield where, False, f"relation {name!r} also targets {', '.join(added)}"
        if after.required and not before.required:
            yield where, True, f"relation {name!r} made required"
        elif before.required and not after.required:
            yield where, False, f"relation {name!r} no longer required"
        if before.many and not after.many:
            yield where, True, f"relation {name!r} takes one target now (many turned off)"
        elif after.many and not before.many:
            yield where, False, f"relation {name!r} takes several targets now (many)"
        if before.field != after.field:
            yield where, True, (f"relation {name!r} moved from {'.'.join(before.field)} to "
                                f"{'.'.join(after.field)}")
        if after.acyclic and not before.acyclic:
            yield where, True, f"relation {name!r} must not form cycles now"
    for name, after in new.relations.items():
        if name not in old.relations:
            where = ".".join(after.field) if new.dialect == BACKSTAGE and after.field else \
                f"relations.{name}"
            yield where, after.required, (f"required relation {name!r} added" if after.required
                                          else f"relation {name!r} added")
