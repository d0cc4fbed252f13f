"""A key that no field of the entity matches is a near miss of one that is missing.

Backstage keeps keys it does not know under ``spec`` and ``metadata`` and reads
nothing from them, so a misspelt optional field (``spec.sytem``, ``metadata.descripton``,
``metadata.annotation``) is accepted and silently lost: the entity has no system, no
description. This rule names the field meant, at the misspelt key::

    catalog-info.yaml:5:3: warning key-typo metadata.descripton is not a metadata
      field (Backstage keeps it and reads nothing from it); did you mean "description"?

It looks at the keys of ``spec`` (against the fields of the kind's blueprint and its
relations), of ``metadata`` (against Backstage's fields and those of the blueprint's
``metadataSchema``), and of a Port entity's ``properties`` when its blueprint allows
unknown properties (when it does not, ``blueprint-schema`` reports the key as an
error, with the same suggestion). A field is suggested only when it is absent, with the
near-miss measure of ``reference-typo``. A misspelling of a *required* field that is
missing is ``blueprint-schema``'s error (``spec.lifecycle is missing; did you mean
"lifecycle" where you wrote "lifecyle"?``), not reported here again.

Fix (safe): the key is renamed to the field meant when it is the one near miss
(``catalog-lint fix``).

A warning, since Backstage accepts the entity as it is (the official validator's
verdicts are the reference, see docs/backstage-compatibility.md). A team that wants such
slips to block commits makes it an error: ``rules: {key-typo: error}``.

PASS::

    metadata:
      name: cart-service
      description: Keeps the shopping carts
    spec:
      system: shop

FAIL (warnings: ``descripton``, ``sytem``)::

    metadata:
      name: cart-service
      descripton: Keeps the shopping carts
    spec:
      sytem: shop
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import replace
from typing import Any

from catalog_lint.blueprints import Blueprint
from catalog_lint.findings import JsonPath, Problem, Severity, format_path
from catalog_lint.rules._backstage import METADATA_FIELDS, blueprint_for, metadata_of, placeholder
from catalog_lint.rules._fixes import key_typo
from catalog_lint.rules._keys import at_key_of, near_key, properties_of
from catalog_lint.rules.base import DocumentContext, Rule

RULE = Rule(
    id="key-typo",
    severity=Severity.WARNING,
    summary="A key no field matches is a near miss of a missing one (did you mean ...?).",
    scope="document",
    dialects=("backstage", "port"),
    fixable="safe",
)

#: The ``metadata`` fields Backstage knows (``uid`` and ``etag`` are set by the catalog).
KNOWN_METADATA = METADATA_FIELDS | {"uid", "etag"}


def check(ctx: DocumentContext) -> Iterator[Problem]:
    data = ctx.data
    if type(data) is not dict:
        return
    if ctx.doc.dialect == "port":
        entity = ctx.doc.entity
        blueprint = entity.blueprint if entity is not None else None
        properties = data.get("properties")
        if blueprint is not None and type(properties) is dict \
                and blueprint.schema.get("additionalProperties") is not False:
            yield from _near_misses(ctx, properties, blueprint.schema, ("properties",),
                                    f"is not a property of blueprint {blueprint.identifier!r}")
        return
    kind, api_version = data.get("kind"), data.get("apiVersion")
    if type(kind) is not str or type(api_version) is not str:
        return
    blueprint = blueprint_for(ctx, kind, api_version)
    metadata = metadata_of(data)
    if metadata is not None:
        schema = blueprint.metadata_schema if blueprint is not None else None
        known = KNOWN_METADATA if schema is None else KNOWN_METADATA | (properties_of(schema) or set())
        if not known.issuperset(metadata):  # most documents: every key is a known one
            yield from _near_misses(ctx, metadata, schema, ("metadata",), "is not a metadata "
                                    "field (Backstage keeps it and reads nothing from it)", known)
    spec = data.get("spec")
    if blueprint is not None and type(spec) is dict and not placeholder(spec):
        fields = _spec_fields(blueprint)
        if not fields.issuperset(spec):
            yield from _near_misses(ctx, spec, blueprint.schema, ("spec",),
                                    f"is not a field of a {blueprint.kind or kind} (Backstage "
                                    "keeps it and reads nothing from it)", fields)


#: The ``spec`` fields of each blueprint, worked out once (keyed by ``id``: blueprints
#: are not hashable; the blueprint itself is kept to make the key safe).
_SPEC_FIELDS: dict[int, tuple[Blueprint, frozenset[str]]] = {}


def _spec_fields(blueprint: Blueprint) -> frozenset[str]:
    cached = _SPEC_FIELDS.get(id(blueprint))
    if cached is not None and cached[0] is blueprint:
        return cached[1]
    fields = properties_of(blueprint.schema) or set()
    fields.update(relation.field[1] for relation in blueprint.relations.values()
                  if len(relation.field) == 2 and relation.field[0] == "spec")
    _SPEC_FIELDS[id(blueprint)] = (blueprint, frozenset(fields))
    return _SPEC_FIELDS[id(blueprint)][1]


def _near_misses(ctx: DocumentContext, holder: dict[str, Any], schema: Any, prefix: JsonPath,
                 says: str, known: Collection[str] | None = None) -> Iterator[Problem]:
    """Each unknown key of ``holder`` that misspells an absent known field, except a
    required one (``blueprint-schema`` reports that)."""
    fields = known if known is not None else properties_of(schema) or set()
    if not fields or all(key in fields for key in holder):
        return
    required = schema.get("required") if isinstance(schema, dict) else None
    required = set(required) if isinstance(required, list) else set()
    for key in holder:
        if not isinstance(key, str) or key in fields:
            continue
        meant = near_key(key, fields, holder)
        if meant is None or meant in required:
            continue
        path = (*prefix, key)
        problem = at_key_of(ctx, RULE.id, f'{format_path(path)} {says}; did you mean '
                            f'"{meant}"?', path, path)
        yield replace(problem, fix=key_typo(holder, key, fields, path))
