"""A Port entity's own fields have the types and shapes Port accepts.

The fields of a Port entity, as Port's API takes them:

- ``identifier`` (required): a string of letters, digits and ``@ _ . + : / = -``, not
  ``.`` or ``..``, at most 1,000 characters;
- ``blueprint`` (required): the identifier of the entity's blueprint;
- ``title``: a string, at most 1,000 characters;
- ``properties``: an object (its values are checked against the blueprint by the
  ``blueprint-schema`` rule);
- ``relations``: an object whose values are a target identifier, a list of them, or
  ``null`` for no target;
- ``team``: a team name or a list of them;
- ``icon``: a string.

Any other top-level key is reported as a warning, because Port would not store it: a
property written next to ``properties`` instead of inside it is the usual cause. The
read-only fields of entities exported from Port (``createdAt``, ``createdBy``,
``updatedAt``, ``updatedBy``) are accepted.

PASS::

    identifier: cart-service
    title: Cart service
    blueprint: component
    team: cart-team
    properties:
      type: service
      lifecycle: Production
    relations:
      system: shop
      providesApis: [cart-api]

FAIL::

    identifier: cart service
    blueprint: component
    lifecycle: Production
    relations:
      system: {identifier: shop}

gives::

    port.yaml:1:13: error port-entity identifier "cart service" has characters Port
      does not allow in an identifier (a space); use letters, digits and @ _ . + : / = -
    port.yaml:3:1: warning port-entity unknown top-level key 'lifecycle' (Port stores
      only identifier, title, blueprint, properties, relations, team, icon); did you mean
      to put it under properties?
    port.yaml:5:11: error port-entity relation 'system' must be a target identifier, a
      list of them, or null, got an object

(each finding is one line; wrapped here)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from catalog_lint.findings import Problem, Severity
from catalog_lint.rules._keys import at_key_of, near_key, slip_for
from catalog_lint.rules.base import DocumentContext, Rule

RULE = Rule(
    id="port-entity",
    severity=Severity.ERROR,
    summary="A Port entity's own fields (identifier, blueprint, relations, team) are well formed.",
    scope="document",
    dialects=("port",),
    family="validation",
)

#: Port's identifier pattern (entities, blueprints and relations share it).
IDENTIFIER = re.compile(r"^[A-Za-z0-9@_.+:/=-]+$")
MAX_IDENTIFIER_LENGTH = 1000
MAX_TITLE_LENGTH = 1000

KNOWN_KEYS = ("identifier", "title", "blueprint", "properties", "relations", "team", "icon")
#: Read-only fields of entities exported from Port: harmless in a file.
EXPORTED_KEYS = frozenset({"createdAt", "createdBy", "updatedAt", "updatedBy"})


def check(ctx: DocumentContext) -> Iterator[Problem]:
    data = ctx.data
    if not isinstance(data, dict):
        return
    # A required key written with a slip of the keyboard (``identifer``): its "required"
    # problem names it, at its line, and it is not also an unknown key.
    slips = {name: slip for name in ("identifier", "blueprint") if name not in data
             and (slip := slip_for(name, data, (*KNOWN_KEYS, *EXPORTED_KEYS))) is not None}
    for problem in (*_identifier(data), *_blueprint(data)):
        slip = slips.get(str(problem.path[0])) if problem.path[0] not in data else None
        if slip is None:
            yield problem
        else:
            name = problem.path[0]
            yield at_key_of(ctx, RULE.id, f'{name} is required; did you mean "{name}" where '
                            f'you wrote "{slip}"?', problem.path, (slip,))
    yield from _title(data)
    yield from _typed(data, "properties", dict, "an object")
    yield from _typed(data, "icon", str, "a string")
    yield from _team(data)
    yield from _relations(data)
    yield from _unknown_keys(ctx, set(slips.values()))


def _problem(message: str, *path: str | int, severity: Severity | None = None) -> Problem:
    return Problem(RULE.id, message, path=tuple(path), severity=severity)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _identifier(data: dict[str, Any]) -> Iterator[Problem]:
    if "identifier" not in data:
        yield _problem("identifier is required: the entity's unique ID within its blueprint",
                       "identifier")
        return
    value = data["identifier"]
    if not isinstance(value, str):
        yield _problem(f"identifier must be a string, got {_type_name(value)}", "identifier")
        return
    if not value:
        yield _problem("identifier must not be empty", "identifier")
        return
    if len(value) > MAX_IDENTIFIER_LENGTH:
        yield _problem(f"identifier is {len(value):,} characters long; the limit is "
                       f"{MAX_IDENTIFIER_LENGTH:,}", "identifier")
    if value in (".", ".."):
        yield _problem(f'identifier "{value}" is not allowed', "identifier")
    elif not IDENTIFIER.match(value):
        bad = sorted({c for c in value if not IDENTIFIER.match(c)})
        names = ", ".join("a space" if c == " " else repr(c) for c in bad[:5])
        yield _problem(f'identifier "{value}" has characters Port does not allow in an '
                       f"identifier ({names}); use letters, digits and @ _ . + : / = -",
                       "identifier")


def _blueprint(data: dict[str, Any]) -> Iterator[Problem]:
    if "blueprint" not in data:
        yield _problem("blueprint is required: the identifier of the entity's blueprint "
                       "(component, system, ...)", "blueprint")
        return
    value = data["blueprint"]
    if not isinstance(value, str):
        yield _problem(f"blueprint must be a string, got {_type_name(value)}", "blueprint")
    elif not value:
        yield _problem("blueprint must not be empty", "blueprint")


def _title(data: dict[str, Any]) -> Iterator[Problem]:
    if "title" not in data:
        return
    value = data["title"]
    if not isinstance(value, str):
        yield _problem(f"title must be a string, got {_type_name(value)}", "title")
    elif len(value) > MAX_TITLE_LENGTH:
        yield _problem(f"title is {len(value):,} characters long; the limit is "
                       f"{MAX_TITLE_LENGTH:,}", "title")


def _typed(data: dict[str, Any], key: str, expected: type, name: str) -> Iterator[Problem]:
    if key in data and not isinstance(data[key], expected):
        yield _problem(f"{key} must be {name}, got {_type_name(data[key])}", key)


def _team(data: dict[str, Any]) -> Iterator[Problem]:
    if "team" not in data:
        return
    value = data["team"]
    if isinstance(value, str):
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            if not isinstance(item, str):
                yield _problem(f"team[{index}] must be a team name (a string), got "
                               f"{_type_name(item)}", "team", index)
        return
    yield _problem(f"team must be a team name or a list of them, got {_type_name(value)}",
                   "team")


def _relations(data: dict[str, Any]) -> Iterator[Problem]:
    if "relations" not in data:
        return
    relations = data["relations"]
    if not isinstance(relations, dict):
        yield _problem(f"relations must be an object, got {_type_name(relations)}", "relations")
        return
    for name, value in relations.items():
        if value is None:
            continue
        if isinstance(value, str):
            if not value:
                yield _problem(f"relation {name!r} is an empty string; use null for no target",
                               "relations", name)
            continue
        if isinstance(value, list):
            for index, item in enumerate(value):
                if not isinstance(item, str):
                    yield _problem(f"relation {name!r} item {index} must be a target identifier "
                                   f"(a string), got {_type_name(item)}", "relations", name, index)
                elif not item:
                    yield _problem(f"relation {name!r} item {index} is an empty string",
                                   "relations", name, index)
            continue
        yield _problem(f"relation {name!r} must be a target identifier, a list of them, or null, "
                       f"got {_type_name(value)}", "relations", name)


def _unknown_keys(ctx: DocumentContext, explained: set[str]) -> Iterator[Problem]:
    data = ctx.doc.data
    for key in data:
        if key in KNOWN_KEYS or key in EXPORTED_KEYS or key in explained:
            continue
        meant = near_key(key, KNOWN_KEYS, data) if isinstance(key, str) else None
        hint = "did you mean to put it under properties?"
        if meant is not None:
            hint = f'did you mean "{meant}"?'
        elif key in ("name", "id"):
            hint = "the entity's ID is its identifier"
        elif key in ("owner", "teams"):
            hint = "ownership is team (a team name or a list), or a relation"
        # Point at the key itself: its value may be a whole block further down.
        line, column = ctx.doc.locate_key((*ctx.doc.base_path, key)) or (None, None)
        yield Problem(
            RULE.id,
            f"unknown top-level key {key!r} (Port stores only {', '.join(KNOWN_KEYS)}); {hint}",
            path=(key,), line=line, column=column, severity=Severity.WARNING,
        )
