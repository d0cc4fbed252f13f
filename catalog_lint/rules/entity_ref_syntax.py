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

WARNING (no kind in ``dependsOn``; an empty namespace)::

    spec:
      owner: group:/team-cart
      dependsOn: [cart-db]
"""

from __future__ import annotations

from collections.abc import Iterator

from catalog_lint.findings import Problem, Severity, format_path
from catalog_lint.refs import RefError, parse_ref
from catalog_lint.rules._backstage import describe, placeholder, quote
from catalog_lint.rules.base import DocumentContext, Rule

RULE = Rule(
    id="entity-ref-syntax",
    severity=Severity.WARNING,
    summary="Relation fields hold references the catalog can parse ([kind:][namespace/]name).",
    scope="document",
    dialects=("backstage",),
)


def check(ctx: DocumentContext) -> Iterator[Problem]:
    data = ctx.data
    if type(data) is not dict:
        return
    kind, api_version, spec = data.get("kind"), data.get("apiVersion"), data.get("spec")
    if type(kind) is not str or type(api_version) is not str or type(spec) is not dict:
        return
    blueprint = ctx.blueprints.backstage(kind, api_version)
    if blueprint is None or not blueprint.relations:
        return
    metadata = data.get("metadata")
    namespace = metadata.get("namespace") if type(metadata) is dict else None
    namespace = namespace if type(namespace) is str and namespace else "default"
    typed = blueprint.schema.get("properties", {})
    for relation in blueprint.relations.values():
        if len(relation.field) != 2 or relation.field[0] != "spec":
            continue
        if blueprint.raw.get("relations", {}).get(relation.name, {}).get("format") not in (
            None, "entity-ref"
        ):
            continue  # Location targets are URLs or paths, not references
        field = relation.field[1]
        if field not in spec:
            continue
        value = spec[field]
        if placeholder(value):
            continue
        items = list(enumerate(value)) if type(value) is list else [(None, value)]
        for index, item in items:
            if type(item) is not str:
                if field not in typed:  # typed fields: blueprint-schema reports the type
                    path = ("spec", field) if index is None else ("spec", field, index)
                    yield Problem(RULE.id, f"{format_path(path)} must be an entity reference "
                                  f"string, got {describe(item)}", path)
                continue  # a wrong type is the blueprint-schema rule's to report
            try:
                parse_ref(item, relation.default_kind, namespace)
            except RefError:
                path = ("spec", field) if index is None else ("spec", field, index)
                yield Problem(RULE.id, _message(path, item, relation.default_kind), path)


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
