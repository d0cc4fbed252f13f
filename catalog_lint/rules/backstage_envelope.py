"""The envelope of a Backstage entity: ``apiVersion``, ``kind``, ``metadata``, ``spec``.

Backstage rejects an entity file unless:

- ``apiVersion``, ``kind`` and ``metadata`` are present;
- ``apiVersion`` is a string of the form ``[<DNS name>/]<version>`` (letters and digits,
  at most 63 characters), such as ``backstage.io/v1alpha1``;
- ``kind`` is a letter followed by letters and digits, at most 63 characters;
- ``metadata`` is a mapping and ``spec``, when present, is a mapping;
- no other field sits at the top level. ``relations`` and ``status`` are filled in by
  the catalog itself; writing them in a file is an error too.

A top-level field that belongs under ``metadata`` or ``spec`` (``owner:``,
``description:``) gets a hint saying where it goes.

PASS::

    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata:
      name: cart-service
    spec:
      type: service
      lifecycle: production
      owner: team-cart

FAIL (``owner`` belongs under ``spec``)::

    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata:
      name: cart-service
    owner: team-cart
    spec:
      type: service
      lifecycle: production

FAIL (the kind is not a single word)::

    apiVersion: backstage.io/v1alpha1
    kind: cloud-resource
    metadata:
      name: cart-db

Fix (safe): a top-level key that misspells a missing envelope field, with no other field
as near (``metdata`` -> ``metadata``, ``apiversion`` -> ``apiVersion``), is renamed; an
``apiVersion`` or ``kind`` YAML read as a number is quoted; an ``apiVersion`` that is a
known one but for case is written as that one (``Backstage.io/v1alpha1``). A field that belongs under
``metadata`` or ``spec`` is not moved: where it goes is for a person to decide.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from catalog_lint.backstage_formats import (
    explain_api_version,
    explain_kind,
    is_api_version,
    is_kind,
)
from catalog_lint.findings import Fix, Problem, Severity
from catalog_lint.rules._backstage import (
    ENVELOPE_FIELDS,
    METADATA_FIELDS,
    at_key,
    describe,
    expected_string,
    is_opaque_placeholder,
    is_text_placeholder,
    quote,
)
from catalog_lint.rules._fixes import key_typo, retyped
from catalog_lint.rules._keys import at_key_of, slip_for
from catalog_lint.rules.base import DocumentContext, Rule

RULE = Rule(
    id="backstage-envelope",
    severity=Severity.ERROR,
    summary="apiVersion, kind, metadata and spec are present, well-formed and alone at the top.",
    scope="document",
    dialects=("backstage",),
    fixable="safe",
)

_SPEC_FIELDS = frozenset({
    "type", "lifecycle", "owner", "system", "domain", "subcomponentOf", "providesApis",
    "consumesApis", "dependsOn", "dependencyOf", "definition", "parent", "children",
    "members", "memberOf", "profile", "target", "targets", "subdomainOf", "steps",
    "parameters", "output",
})


def check(ctx: DocumentContext) -> Iterator[Problem]:
    data = ctx.data
    if type(data) is not dict:
        return
    # A missing field written with a slip of the keyboard (``metdata``, ``speck``): the
    # finding names the field meant, at the misspelt key, once.
    slips = {field: slip for field in ENVELOPE_FIELDS if field not in data
             and (slip := slip_for(field, data, ENVELOPE_FIELDS)) is not None}
    meant = {slip: field for field, slip in slips.items()}
    for key in data:
        if key not in ENVELOPE_FIELDS:
            if meant.get(key, "spec") != "spec":
                continue  # reported as the missing field it misspells, below
            problem = at_key(ctx, RULE.id, _foreign_field_message(key, data, meant.get(key)),
                             (key,))
            if key not in ("relations", "status"):
                problem = replace(problem, fix=key_typo(data, key, ENVELOPE_FIELDS, (key,)))
            yield problem
    for field in ("apiVersion", "kind", "metadata"):
        if field in slips:
            problem = at_key_of(ctx, RULE.id, f'{field} is missing; did you mean "{field}" '
                                f'where you wrote "{slips[field]}"?', (field,), (slips[field],))
            yield replace(problem, fix=key_typo(data, slips[field], ENVELOPE_FIELDS,
                                                (slips[field],)))
    if "apiVersion" not in slips:
        yield from _text_field(ctx, data, "apiVersion", is_api_version, explain_api_version,
                               "such as backstage.io/v1alpha1")
    if "kind" not in slips:
        yield from _text_field(ctx, data, "kind", is_kind, explain_kind, "such as Component")
    if "metadata" not in data:
        if "metadata" not in slips:
            yield Problem(RULE.id, "metadata is missing; every entity needs metadata with at "
                          "least a name", ("metadata",))
    else:
        metadata = data["metadata"]
        if (type(metadata) is not dict or is_text_placeholder(metadata)) and not (
            is_opaque_placeholder(metadata)
        ):
            yield Problem(RULE.id, f"metadata must be a mapping, got {describe(metadata)}",
                          ("metadata",))
    if "spec" in data:
        spec = data["spec"]
        if (type(spec) is not dict or is_text_placeholder(spec)) and not (
            is_opaque_placeholder(spec)
        ):
            yield Problem(RULE.id, f"spec must be a mapping, got {describe(spec)}", ("spec",))


def _text_field(ctx: DocumentContext, data: dict[str, object], field: str,
                valid: Callable[[object], bool], explain: Callable[[str], str],
                example: str) -> Iterator[Problem]:
    if field not in data:
        yield Problem(RULE.id, f"{field} is missing ({example})", (field,))
        return
    value = data[field]
    if is_opaque_placeholder(value):
        return
    if type(value) is not str:
        if not is_text_placeholder(value):
            yield Problem(RULE.id, expected_string(ctx, field, (field,), value), (field,),
                          fix=retyped(ctx, (field,), value))
        return
    if not valid(value):
        reason = explain(value)
        yield Problem(RULE.id, f"{field} {quote(value)} is not valid: {reason}", (field,),
                      fix=_known_case(ctx, field, value))


def _known_case(ctx: DocumentContext, field: str, value: str) -> Fix | None:
    """The known apiVersion that ``value`` is but for case (``Backstage.io/v1alpha1``)."""
    if field != "apiVersion":
        return None
    known = {v for b in ctx.blueprints.backstage_kinds() for v in b.api_versions}
    cased = [v for v in sorted(known) if v.lower() == value.lower()]
    if len(cased) != 1:
        return None
    return Fix("replace", (field,), cased[0], f"write the apiVersion as {cased[0]}")


def _foreign_field_message(key: str, data: dict[str, object], meant: str | None) -> str:
    if key in ("relations", "status"):
        return (f"{key} is filled in by the catalog and must not be written in an entity "
                "file; remove it")
    base = (f"unknown top-level field {quote(key)}: an entity has only apiVersion, kind, "
            "metadata and spec")
    if meant is not None:
        return f'{base}; did you mean "{meant}"?'
    if key in METADATA_FIELDS:
        return f"{base}; move it under metadata"
    if key in _SPEC_FIELDS:
        return f"{base}; move it under spec"
    return base
