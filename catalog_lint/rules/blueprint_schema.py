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
from dataclasses import replace
from typing import Any

from catalog_lint.blueprints import Blueprint, SchemaError
from catalog_lint.findings import Fix, JsonPath, Problem, Severity, format_path
from catalog_lint.rules._backstage import (
    ENVELOPE_FIELDS,
    METADATA_FIELDS,
    blueprint_for,
    describe,
    is_opaque_placeholder,
    is_text_placeholder,
    may_have_placeholders,
    placeholder,
    with_hint,
)
from catalog_lint.rules._fixes import key_typo, misspelt_key_of, retyped
from catalog_lint.rules._keys import at_key_of, near_key, properties_of, slip_for, subschema
from catalog_lint.rules.base import DocumentContext, Rule

RULE = Rule(
    id="blueprint-schema",
    severity=Severity.ERROR,
    summary="spec (Backstage) or properties (Port), and metadata where the blueprint has "
            "organisation rules, match the blueprint's schema.",
    scope="document",
    fixable="safe",
    dialects=("backstage", "port"),
)


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
        if slip_for("spec", data, ENVELOPE_FIELDS) is None:  # else: the envelope's finding
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
    errors = [error for error in validator.errors(instance)
              if not any(error.path[: len(p)] == p for p in opaque)]
    if errors:
        yield from _problems(ctx, blueprint, validator.schema, instance, errors, ("metadata",),
                             severity, organisation=True)


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


def _needs(blueprint: Blueprint, prefix: JsonPath = ("spec",)) -> str:
    holder = format_path(prefix)
    required = [f"{holder}.{name}" for name in blueprint.schema.get("required") or []]
    kind = blueprint.kind or blueprint.identifier
    article = "an" if kind[:1] in "AEIOaeio" else "a"  # an API, a User
    if not required:
        return f"{article} {kind} needs a {holder} mapping"
    fields = required[0] if len(required) == 1 else (
        f"{', '.join(required[:-1])} and {required[-1]}"
    )
    return f"{article} {kind} needs {fields}"


def _validate(ctx: DocumentContext, blueprint: Blueprint, instance: dict[str, Any],
              prefix: JsonPath, severity: Severity | None) -> Iterator[Problem]:
    opaque: list[JsonPath] = []
    if may_have_placeholders(ctx):
        instance = _substitute(instance, (), opaque)
    errors = [error for error in blueprint.validator.errors(instance)
              # a $json/$yaml placeholder: its value is unknown here
              if not any(error.path[: len(p)] == p for p in opaque)]
    if errors:  # most documents: nothing more to do
        yield from _problems(ctx, blueprint, blueprint.validator.schema, instance, errors,
                             prefix, severity)


def _problems(ctx: DocumentContext, blueprint: Blueprint, schema: dict[str, Any],
              instance: dict[str, Any], errors: list[SchemaError], prefix: JsonPath,
              severity: Severity | None, organisation: bool = False) -> Iterator[Problem]:
    """A problem per schema error, with the slips of the keyboard explained: a missing
    required property that a key nearby misspells is reported at that key and names
    it (which explains that key too, when unknown keys are not allowed); an unknown key
    that misspells an absent property says which. ``organisation``: the schema is a
    blueprint's ``metadataSchema``, whose rules the messages attribute to it."""
    why = f"the {blueprint.label} blueprint requires it ({blueprint.origin})"
    slips: dict[JsonPath, dict[str, str]] = {}  # parent path -> {missing: misspelt key}
    for error in errors:
        name = _required_name(error.message) if error.keyword == "required" else None
        parent = _value_at(instance, error.path)
        if name is not None and isinstance(parent, dict):
            declared = properties_of(subschema(schema, error.path)) or set()
            slip = slip_for(name, parent, declared)
            if slip is not None:
                slips.setdefault(error.path, {})[name] = slip
    for error in errors:
        if error.keyword == "additionalProperties":
            yield from _unknown_properties(ctx, blueprint, schema, instance, error, prefix,
                                           severity, set(slips.get(error.path, {}).values()))
            continue
        path, message = _message(ctx, blueprint, instance, error, prefix)
        name = _required_name(error.message) if error.keyword == "required" else None
        slip = slips.get(error.path, {}).get(name or "")
        if slip is not None:
            where = format_path(path)
            message = f'{where} is missing; did you mean "{name}" where you wrote "{slip}"?'
            if organisation:
                message = f"{message} ({why})"
            problem = at_key_of(ctx, RULE.id, message, path, (*prefix, *error.path, slip),
                                severity=severity)
            declared = properties_of(subschema(schema, error.path)) or set()
            if organisation and not error.path:  # Backstage's own metadata fields are known too
                declared |= METADATA_FIELDS
            yield replace(problem, fix=misspelt_key_of(
                _value_at(instance, error.path), str(name), declared, (*prefix, *error.path)))
            continue
        if organisation and message.endswith("; it is required here"):
            message = message.replace("; it is required here", f"; {why}")
        elif organisation and error.keyword == "pattern":
            message = f"{message} ({blueprint.label} blueprint, {blueprint.origin})"
        yield Problem(RULE.id, message, path, severity=severity,
                      fix=_retyped_fix(ctx, instance, error, path))


def _retyped_fix(ctx: DocumentContext, instance: dict[str, Any], error: SchemaError,
                 path: JsonPath) -> Fix | None:
    """A value YAML typed as a number or a boolean where a string is wanted is quoted."""
    if error.keyword == "type" and "string" in error.message.split(", got ", 1)[0]:
        return retyped(ctx, path, _value_at(instance, error.path))
    return None


def _unknown_properties(ctx: DocumentContext, blueprint: Blueprint, schema: dict[str, Any],
                        instance: dict[str, Any], error: SchemaError, prefix: JsonPath,
                        severity: Severity | None, explained: set[str]) -> Iterator[Problem]:
    """Keys a schema with ``additionalProperties: false`` does not allow: a misspelling of
    a missing required property is reported with it; one of an absent optional property
    gets its own problem, naming it, at the key; the rest one problem as before."""
    holder = subschema(schema, error.path)
    declared = properties_of(holder)
    parent = _value_at(instance, error.path)
    if declared is None or not isinstance(parent, dict):
        path, message = _message(ctx, blueprint, instance, error, prefix)
        yield Problem(RULE.id, message, path, severity=severity)
        return
    patterns = holder.get("patternProperties") if isinstance(holder, dict) else None
    unknown = sorted(key for key in parent if key not in declared and key not in explained
                     and not _matches_pattern(key, patterns))
    rest = []
    for key in unknown:
        meant = near_key(key, declared, parent)
        if meant is None:
            rest.append(key)
            continue
        path = (*prefix, *error.path, key)
        where = (f"is not a property of blueprint {blueprint.identifier!r}"
                 if blueprint.dialect == "port" else "is not allowed here")
        problem = at_key_of(ctx, RULE.id, f'{format_path(path)} {where}; did you mean '
                            f'"{meant}"?', path, path, severity=severity)
        yield replace(problem, fix=key_typo(parent, key, declared, path))
    if rest:
        listed = ", ".join(repr(key) for key in rest)
        verb = "was" if len(rest) == 1 else "were"
        path = (*prefix, *error.path)
        first = next(key for key in parent if key in rest)  # in the file's order
        yield at_key_of(ctx, RULE.id, f"{format_path(path)}: unknown properties are not "
                        f"allowed ({listed} {verb} unexpected)", path, (*path, first),
                        severity=severity)


def _matches_pattern(key: str, patterns: Any) -> bool:
    if not isinstance(patterns, dict):
        return False
    import re

    for pattern in patterns:
        try:
            if re.search(pattern, key):
                return True
        except re.error:
            return True  # a pattern Python cannot read: leave the key to the schema
    return False


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
    return _needs(blueprint, prefix)


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
