"""JSON paths into an entity, as people write them in scorecards.

``spec.lifecycle``, ``metadata.annotations["pagerduty.com/service-id"]``,
``metadata.tags[0]``, ``metadata.links[*].type`` (every item: the value is the list of
what each item holds there). For Port entities a path that does not start with one of
the entity's own keys reads a property, as in Port: ``readme`` is ``properties.readme``;
``$identifier``, ``$title``, ``$team`` and ``$blueprint`` read the entity's own fields.
"""

from __future__ import annotations

import re
from typing import Any

WILDCARD = "*"


class PathError(ValueError):
    pass


class _Missing:
    """A path that leads nowhere (distinct from an explicit ``null``)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

Part = str | int
_NAME = re.compile(r"[^.\[\]\"'\s]+")
_INDEX = re.compile(r"\[\s*(\d+|\*)\s*\]")
_QUOTED = re.compile(r"""\[\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\]""")
_UNESCAPE = re.compile(r"\\(.)")

PORT_OWN_KEYS = frozenset({"identifier", "title", "blueprint", "properties", "relations", "team",
                           "icon"})
PORT_META = {"$identifier": "identifier", "$title": "title", "$team": "team",
             "$blueprint": "blueprint", "$icon": "icon"}


def parse(text: str) -> tuple[Part, ...]:
    """``metadata.annotations["a/b"]`` → ``("metadata", "annotations", "a/b")``."""
    if not isinstance(text, str) or not text.strip():
        raise PathError("empty property path")
    parts: list[Part] = []
    position = 0
    expect_name = True
    while position < len(text):
        if text[position] == "[":
            quoted = _QUOTED.match(text, position)
            if quoted:
                raw = quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
                parts.append(_UNESCAPE.sub(r"\1", raw))
                position = quoted.end()
                expect_name = False
                continue
            index = _INDEX.match(text, position)
            if index:
                value = index.group(1)
                parts.append(WILDCARD if value == "*" else int(value))
                position = index.end()
                expect_name = False
                continue
            raise PathError(f"bad bracket at character {position + 1} of {text!r} "
                            '(write ["key"], [0] or [*])')
        if text[position] == "." and not expect_name and parts:
            position += 1
            expect_name = True
            continue
        name = _NAME.match(text, position)
        if name and expect_name:
            parts.append(name.group(0))
            position = name.end()
            expect_name = False
            continue
        raise PathError(f"unexpected {text[position]!r} at character {position + 1} of {text!r}")
    if expect_name:
        raise PathError(f"{text!r} ends with a dot")
    return tuple(parts)


def for_dialect(parts: tuple[Part, ...], dialect: str) -> tuple[Part, ...]:
    """The path as it applies to an entity of ``dialect`` (Port's shorthands)."""
    if dialect != "port" or not parts or not isinstance(parts[0], str):
        return parts
    first = parts[0]
    if first in PORT_META:
        return (PORT_META[first], *parts[1:])
    if first in PORT_OWN_KEYS:
        return parts
    return ("properties", *parts)


def resolve(data: Any, parts: tuple[Part, ...]) -> Any:
    """The value at ``parts``, or :data:`MISSING`. A wildcard maps the rest of the path
    over the items of a list (or the values of a mapping) and keeps what exists. Only a
    plain ``dict`` or ``list`` is walked into: an unresolved placeholder (a ``dict`` of
    its own class, see ``model.Unresolved``) is a value of unknown content, with nothing
    under it, whether the path has a wildcard or not."""
    if WILDCARD not in parts:  # the common case, kept tight: it runs for every entity
        current = data
        for part in parts:
            if type(current) is dict:
                current = current.get(part, MISSING)
                if current is MISSING:
                    return MISSING
            elif type(part) is int and type(current) is list and 0 <= part < len(current):
                current = current[part]
            else:
                return MISSING
        return current
    current = data
    for position, part in enumerate(parts):
        if part == WILDCARD:
            if type(current) is dict:
                items = list(current.values())
            elif type(current) is list:
                items = current
            else:
                return MISSING
            rest = parts[position + 1:]
            values = []
            for item in items:
                value = resolve(item, rest)
                if value is MISSING:
                    continue
                # a second wildcard flattens instead of nesting lists
                if WILDCARD in rest and isinstance(value, list):
                    values.extend(value)
                else:
                    values.append(value)
            return values
        if type(part) is int:
            if type(current) is list and 0 <= part < len(current):
                current = current[part]
                continue
            return MISSING
        if type(current) is dict and part in current:
            current = current[part]
            continue
        return MISSING
    return current
