"""Keys that are slips of the keyboard (not a rule itself).

Shared by the rules that judge keys (``blueprint-schema``, ``backstage-envelope``,
``port-entity``, ``key-typo``), with the measure of :mod:`catalog_lint.near_miss`:

- :func:`slip_for`: the key written where a missing one was meant (``lifecyle`` for a
  missing ``lifecycle``), so that the "missing" finding names it, at its line;
- :func:`near_key`: the known key an unknown one was probably meant to be.

A key that is itself declared is never a slip, and a known key is only suggested when
it is absent (``owners`` next to ``owner`` may well be a field of its own).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from catalog_lint.findings import JsonPath, Problem, Severity
from catalog_lint.near_miss import candidates
from catalog_lint.rules.base import DocumentContext


def near_key(key: str, known: Iterable[str], present: Collection[str] = ()) -> str | None:
    """The closest of the ``known`` keys (not ``present`` already) that ``key`` is a near
    miss of, or ``None``."""
    found = [name for name in candidates(key, known) if name not in present]
    return found[0] if found else None


def slip_for(missing: str, present: Iterable[Any], declared: Collection[str] = ()) -> str | None:
    """The key among ``present`` (not a ``declared`` one) that is a near miss of the
    ``missing`` key, the closest first, or ``None``."""
    written = [key for key in present if isinstance(key, str) and key not in declared]
    found = candidates(missing, written)
    return found[0] if found else None


def properties_of(schema: Any) -> set[str] | None:
    """The property names a JSON Schema object declares; ``None`` when it is not an
    object schema that lists them."""
    if not isinstance(schema, dict):
        return None
    properties = schema.get("properties")
    return set(properties) if isinstance(properties, dict) else None


def subschema(schema: Any, path: JsonPath) -> Any:
    """The schema that applies at ``path`` following ``properties`` and ``items`` only;
    ``None`` when the path leaves what those describe."""
    current = schema
    for part in path:
        if not isinstance(current, dict):
            return None
        if isinstance(part, int):
            current = current.get("items")
        else:
            properties = current.get("properties")
            current = properties.get(part) if isinstance(properties, dict) else None
    return current


def at_key_of(ctx: DocumentContext, rule: str, message: str, path: JsonPath, key_path: JsonPath,
              severity: Severity | None = None, identity: str | None = None) -> Problem:
    """A problem about ``path`` placed on the key at ``key_path`` (the misspelt key)."""
    found = ctx.doc.locate_key((*ctx.doc.base_path, *key_path))  # the position table's
    line, column = found if found else (None, None)
    return Problem(rule, message, path, line=line, column=column, severity=severity,
                   identity=identity)
