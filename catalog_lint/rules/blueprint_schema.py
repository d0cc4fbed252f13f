"""The entity's data matches its blueprint's schema.

For a Backstage entity, ``spec`` is checked against its kind's schema, the same one
Backstage uses: which fields are required, their types, and that required strings are
not empty. For a Port entity, ``properties`` is checked against its blueprint's schema.
Every problem is reported at the offending value, and a value that YAML typed as a
number or a boolean where a string was expected says so::

    catalog-info.yaml:9:14: error blueprint-schema spec.lifecycle must be a string, got
    the number 1.1; YAML reads the unquoted 1.10 as the number 1.1; quote it: "1.10"

Required ``spec`` fields of the built-in kinds: Component ``type``, ``lifecycle``,
``owner``; API ``type``, ``lifecycle``, ``owner``, ``definition``; Resource ``type``,
``owner``; System and Domain ``owner``; Group ``type``, ``children`` (may be ``[]``);
User ``memberOf`` (may be ``[]``); Location none, but ``spec`` itself must be there.

A kind's blueprint may add organisation rules for ``metadata`` (``metadataSchema``: a
description required, annotations of a given form; see ``docs/platform-teams.md``);
their problems are reported here too, naming the blueprint that asks for them::

    catalog-info.yaml:3:1: error blueprint-schema metadata.description is missing; the
    Component blueprint requires it (package acme-blueprints 1.4.0)

Templates are special: the catalog accepts any ``spec`` for them and the scaffolder
checks it only when the template runs, so problems in a Template's ``spec`` are
warnings. A blueprint can ask for that with ``"severity": "warning"``.

PASS::

    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata:
      name: team-cart
    spec:
      type: team
      children: []

FAIL (``children`` is required, even when empty; ``owner`` is missing)::

    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata:
      name: team-cart
    spec:
      type: team
    ---
    apiVersion: backstage.io/v1alpha1
    kind: System
    metadata:
      name: checkout
    spec: {}
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from catalog_lint.blueprints import Blueprint, SchemaError
from catalog_lint.findings import Fix, JsonPath, Problem, Severity, format_path
from catalog_lint.rules._backstage import (
    blueprint_for,
    describe,
    is_opaque_placeholder,
    is_text_placeholder,
    may_have_placeholders,
    placeholder,
    with_hint,
)
from catalog_lint.rules._fixes import misspelt_key_of, retyped
from catalog_lint.rules.base import DocumentContext, Rule

RULE = Rule(
    id="blueprint-schema",
    severity=Severity.ERROR,
    summary="spec (Backstage) or properties (Port), and metadata where the blueprint has "
            "organisation rules, match the blueprint's schema.",
    scope="document",
    dialects=("backstage", "port"),
    fixable="safe",
)

#: The fields Backstage itself knows under ``metadata``: a misspelt one is renamed only
#: to a field neither these nor the blueprint's organisation rules name otherwise.
_METADATA_FIELDS = frozenset({
    "name", "namespace", "title", "description", "labels", "annotations", "tags", "links",
    "uid", "etag",
})


class _Unknown(str):
    """A ``$text`` placeholder while validating: a non-empty string of unknown content."""


def check(ctx: DocumentContext) -> Iterator[Problem]:
    data = ctx.data
    if type(data) is not dict:
        return
    if ctx.doc.dialect == "port":
        yield from _check_port(ctx, data)
    else:
        yield from _check_backstage(ctx, data)


def _check_backstage(ctx: DocumentContext, data: dict[str, Any]) -> Iterator[Problem]:
    kind, api_version = data.get("kind"), data.get("apiVersion")
    if type(kind) is not str or type(api_version) is not str:
        return
    blueprint = blueprint_for(ctx, kind, api_version)
    if blueprint is None:
        return  # unknown-kind says so
    severity = _severity(blueprint)
    yield from _check_metadata(ctx, blueprint, data.get("metadata"), severity)
    if "spec" not in data:
        yield Problem(RULE.id, f"spec is missing; {_needs(blueprint)}", ("spec",),
                      severity=severity)
        return
    spec = data["spec"]
    if type(spec) is not dict or placeholder(spec):
        return  # not a mapping: the envelope rule says so
    yield from _validate(ctx, blueprint, spec, ("spec",), severity)


def _check_metadata(ctx: DocumentContext, blueprint: Blueprint, metadata: Any,
                    severity: Severity | None) -> Iterator[Problem]:
    """A kind's ``metadataSchema``: the organisation's rules for ``metadata`` (a
    description, annotations of a given form). The formats Backstage itself enforces are
    the metadata rules' business."""
    validator = blueprint.metadata_validator
    if validator is None or type(metadata) is not dict or placeholder(metadata):
        return
    instance = metadata
    opaque: list[JsonPath] = []
    if may_have_placeholders(ctx):
        instance = _substitute(metadata, (), opaque)
    for error in validator.errors(instance):
        if any(error.path[: len(p)] == p for p in opaque):
            continue
        path, message = _message(ctx, blueprint, instance, error, ("metadata",))
        known = {*_METADATA_FIELDS, *(blueprint.metadata_schema or {}).get("properties", {})}
        fix = _fix(ctx, instance, error, path, ("metadata",), known)
        if error.keyword == "required" and message.endswith("; it is required here"):
            message = message.replace("; it is required here", f"; the {blueprint.label} "
                                      f"blueprint requires it ({blueprint.origin})")
        elif error.keyword == "pattern":
            message = f"{message} ({blueprint.label} blueprint, {blueprint.origin})"
        yield Problem(RULE.id, message, path, severity=severity, fix=fix)


def _check_port(ctx: DocumentContext, data: dict[str, Any]) -> Iterator[Problem]:
    entity = ctx.doc.entity
    blueprint = entity.blueprint if entity is not None else None
    if blueprint is None:
        return
    properties = data.get("properties", {})
    if type(properties) is not dict:
        return
    yield from _validate(ctx, blueprint, properties, ("properties",), _severity(blueprint))


def _severity(blueprint: Blueprint) -> Severity | None:
    value = blueprint.raw.get("severity")
    return Severity.parse(value) if isinstance(value, str) else None


def _needs(blueprint: Blueprint) -> str:
    required = [f"spec.{name}" for name in blueprint.schema.get("required") or []]
    kind = blueprint.kind or blueprint.identifier
    article = "an" if kind[:1] in "AEIOaeio" else "a"  # an API, a User
    if not required:
        return f"{article} {kind} needs a spec mapping"
    fields = required[0] if len(required) == 1 else (
        f"{', '.join(required[:-1])} and {required[-1]}"
    )
    return f"{article} {kind} needs {fields}"


def _validate(ctx: DocumentContext, blueprint: Blueprint, instance: dict[str, Any],
              prefix: JsonPath, severity: Severity | None) -> Iterator[Problem]:
    opaque: list[JsonPath] = []
    if may_have_placeholders(ctx):
        instance = _substitute(instance, (), opaque)
    errors = blueprint.validator.errors(instance)
    known = set(blueprint.schema.get("properties") or {})
    for error in errors:
        if any(error.path[: len(p)] == p for p in opaque):
            continue  # a $json/$yaml placeholder: its value is unknown here
        path, message = _message(ctx, blueprint, instance, error, prefix)
        yield Problem(RULE.id, message, path, severity=severity,
                      fix=_fix(ctx, instance, error, path, prefix, known))


def _fix(ctx: DocumentContext, instance: dict[str, Any], error: SchemaError, path: JsonPath,
         prefix: JsonPath, known: set[str]) -> Fix | None:
    """A missing required key that an unknown key beside it surely misspells is renamed;
    a value YAML typed as a number or a boolean where a string is wanted is quoted."""
    if error.keyword == "required":
        if error.path or len(path) != len(prefix) + 1:
            return None  # deeper down, which keys are known is the schema's detail
        return misspelt_key_of(instance, str(path[-1]), known, prefix)
    if error.keyword == "type" and "string" in error.message.split(", got ", 1)[0]:
        return retyped(ctx, path, _value_at(instance, error.path))
    return None


def _substitute(value: Any, path: JsonPath, opaque: list[JsonPath]) -> Any:
    """A copy with ``$text`` placeholders as strings; ``$json``/``$yaml`` paths noted."""
    if is_text_placeholder(value):
        return _Unknown("$text")
    if is_opaque_placeholder(value):
        opaque.append(path)
        return value
    if type(value) is dict:
        return {k: _substitute(v, (*path, k), opaque) for k, v in value.items()}
    if type(value) is list:
        return [_substitute(v, (*path, i), opaque) for i, v in enumerate(value)]
    return value


def _value_at(instance: Any, path: JsonPath) -> Any:
    for part in path:
        try:
            instance = instance[part]
        except (KeyError, IndexError, TypeError):
            return None
    return instance


def _message(ctx: DocumentContext, blueprint: Blueprint, instance: dict[str, Any],
             error: SchemaError, prefix: JsonPath) -> tuple[JsonPath, str]:
    path: JsonPath = (*prefix, *error.path)
    if error.keyword == "required":
        name = _required_name(error.message)
        if name is not None:
            path = (*path, name)
            return path, (f"{format_path(path)} is missing; "
                          f"{_needs_at(blueprint, error.path, prefix)}")
        return path, f"{format_path(path)}: {error.message}"
    value = _value_at(instance, error.path)
    where = format_path(path)
    if error.keyword == "type":
        expected = error.message.split(", got ", 1)[0].replace("an array", "a list").replace(
            "an object", "a mapping")
        return path, with_hint(f"{where} {expected}, got {describe(value)}", ctx, path, value)
    if error.keyword == "minLength" and value == "":
        return path, f"{where} is empty; it needs a value"
    if error.keyword == "enum":
        choices = _enum_choices(error.message)
        if choices is not None:
            return path, f"{where} is {describe(value)}; expected one of: {choices}"
        return path, f"{where} is {describe(value)}: {error.message}"
    if error.keyword in ("oneOf", "anyOf"):
        return path, f"{where} matches none of the shapes allowed here, got {describe(value)}"
    if error.keyword == "pattern" and isinstance(value, str):
        pattern = blueprint_pattern(error.message)
        if pattern is not None:
            return path, f"{where} is {describe(value)}, which does not match {pattern}"
    return path, f"{where}: {error.message}"


def blueprint_pattern(message: str) -> str | None:
    """The pattern of a ``pattern`` error message (``'x' does not match '^a$'``)."""
    marker = " does not match "
    if marker not in message:
        return None
    try:
        import ast

        pattern = ast.literal_eval(message.split(marker, 1)[1])
    except (ValueError, SyntaxError):
        return None
    return pattern if isinstance(pattern, str) else None


def _needs_at(blueprint: Blueprint, path: JsonPath, prefix: JsonPath = ("spec",)) -> str:
    if path or prefix == ("metadata",):
        return "it is required here"
    return _needs(blueprint)


def _enum_choices(message: str) -> str | None:
    marker = " is not one of "
    if marker not in message:
        return None
    try:
        import ast  # only to read back a failing enum's choices

        choices = ast.literal_eval(message.split(marker, 1)[1])
    except (ValueError, SyntaxError):
        return None
    if not isinstance(choices, list):
        return None
    return ", ".join(str(c) if isinstance(c, str) else json.dumps(c) for c in choices)


def _required_name(message: str) -> str | None:
    suffix = " is required"
    if not message.endswith(suffix):
        return None
    try:
        import ast

        name = ast.literal_eval(message[: -len(suffix)])
    except (ValueError, SyntaxError):
        return None
    return name if isinstance(name, str) else None
