"""Relation fields hold entity references the catalog can parse.

Backstage validates the shape of ``spec`` first and parses references later, when it
builds relations; a reference it cannot parse makes the entity fail at that step. A
reference is ``[<kind>:][<namespace>/]<name>``. The kind may be left out only where the
field has a default: ``owner`` (Group), ``system`` (System), ``domain`` (Domain),
``subcomponentOf`` (Component), ``providesApis``/``consumesApis`` (API), ``memberOf``
and ``parent``/``children`` (Group), ``members`` (User). ``dependsOn`` and
``dependencyOf`` have none: write ``component:cart-db`` or ``resource:cart-db``. No part
may be empty (``component:``, ``default/``, ``:cart``).

A warning, because it is the catalog's processing that fails, not the file's validation.

PASS::

    spec:
      owner: group:payments/team-cart
      dependsOn: [resource:cart-db, component:pricing]

FAIL (a warning: no kind in ``dependsOn``; an empty namespace)::

    spec:
      owner: group:/team-cart
      dependsOn: [cart-db]
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from catalog_lint.blueprints import Blueprint
from catalog_lint.findings import JsonPath, Problem, Severity, format_path
from catalog_lint.rules._backstage import blueprint_for, describe, placeholder, quote
from catalog_lint.rules.base import DocumentContext, Rule

RULE = Rule(
    id="entity-ref-syntax",
    severity=Severity.WARNING,
    summary="Relation fields hold references the catalog can parse ([kind:][namespace/]name).",
    scope="document",
    dialects=("backstage",),
)

#: Per blueprint: (spec field, default kind, whether the schema types the field, and
#: whether as a list).
_Plan = list[tuple[str, "str | None", bool, bool]]
_PLANS: dict[int, tuple[Blueprint, _Plan]] = {}


def relation_fields(blueprint: Blueprint) -> _Plan:
    """The blueprint's relation fields under ``spec`` that hold entity references: (field,
    default kind, whether the schema types it, whether as a list), worked out once."""
    cached = _PLANS.get(id(blueprint))
    if cached is not None and cached[0] is blueprint:
        return cached[1]
    typed = blueprint.schema.get("properties", {})
    raw = blueprint.raw.get("relations", {})
    plan: _Plan = [
        (relation.field[1], relation.default_kind, relation.field[1] in typed,
         (typed.get(relation.field[1]) or {}).get("type") == "array")
        for relation in blueprint.relations.values()
        if len(relation.field) == 2 and relation.field[0] == "spec"
        # Location targets are URLs or paths, not references
        and (raw.get(relation.name) or {}).get("format", "entity-ref") == "entity-ref"
    ]
    _PLANS[id(blueprint)] = (blueprint, plan)
    return plan


def ref_ok(ref: str, default_kind: str | None) -> bool:
    """Whether Backstage's ``parseEntityRef`` accepts ``ref`` in a field with this default
    kind (the namespace always has a default: the entity's own)."""
    return _ref_ok(ref, default_kind is not None)


@lru_cache(maxsize=4096)  # a catalog names the same groups and systems again and again
def _ref_ok(ref: str, has_default_kind: bool) -> bool:
    colon = ref.find(":")
    slash = ref.find("/")
    if slash != -1 and slash < colon:
        colon = -1
    if colon == 0 or (slash != -1 and slash == colon + 1):
        return False  # empty kind or empty namespace
    if len(ref) == max(colon + 1, slash + 1):
        return False  # empty name
    return colon != -1 or has_default_kind


def spec_and_blueprint(ctx: DocumentContext) -> tuple[dict[str, Any], Blueprint] | None:
    """The ``spec`` mapping of a Backstage entity and the blueprint of its kind, when it
    has both."""
    data = ctx.data
    if type(data) is not dict:
        return None
    kind, api_version, spec = data.get("kind"), data.get("apiVersion"), data.get("spec")
    if type(kind) is not str or type(api_version) is not str or type(spec) is not dict:
        return None
    blueprint = blueprint_for(ctx, kind, api_version)
    return None if blueprint is None else (spec, blueprint)


def check(ctx: DocumentContext) -> Iterator[Problem]:
    found = spec_and_blueprint(ctx)
    if found is None:
        return
    spec, blueprint = found
    for field, default_kind, typed, typed_list in relation_fields(blueprint):
        if field not in spec:
            continue
        value = spec[field]
        if typed and (value == "" or (type(value) is list) != typed_list):
            continue  # the schema rejects it already: blueprint-schema says so
        if type(value) is str:
            if not ref_ok(value, default_kind):
                path: JsonPath = ("spec", field)
                yield Problem(RULE.id, _message(path, value, default_kind), path)
            continue
        if placeholder(value):
            continue
        items = list(enumerate(value)) if type(value) is list else [(None, value)]
        for index, item in items:
            path = ("spec", field) if index is None else ("spec", field, index)
            if type(item) is not str:
                if not typed:  # typed fields: blueprint-schema reports the type
                    yield Problem(RULE.id, f"{format_path(path)} must be an entity reference "
                                  f"string, got {describe(item)}", path)
            elif typed and item == "":
                continue
            elif not ref_ok(item, default_kind):
                yield Problem(RULE.id, _message(path, item, default_kind), path)


def _message(path: tuple[str | int, ...], ref: str, default_kind: str | None) -> str:
    where = format_path(path)
    if ref == "":
        return f"{where} is an empty reference"
    colon, slash = ref.find(":"), ref.find("/")
    has_kind = colon != -1 and not (slash != -1 and slash < colon)
    if not has_kind and default_kind is None:
        return (f"{where} {quote(ref)} has no kind and this field has no default kind, so "
                f"the catalog cannot resolve it: write it as \"component:{ref}\" or "
                f"\"resource:{ref}\"")
    return (f"{where} {quote(ref)} is not a valid entity reference: expected "
            "[<kind>:][<namespace>/]<name> with no empty part")
