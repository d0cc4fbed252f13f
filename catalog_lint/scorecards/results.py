"""Reading a ``scores`` section of either version (docs/scorecards.md, "The JSON shape").

Version 2 describes each scorecard's rules once, under ``scorecards[i].rules``, and a
subject's result carries only what varies: per rule its identifier, status and the
results of its conditions, parallel to the definition's condition tree (``null`` for a
condition of the other dialect). Version 1, written by catalog-lint before it, repeated
the definition in every result. The readers here give every consumer the same *joined*
form, a rule's result with its definition merged in (version 1's form: identifier,
title, level, status, combinator, conditions each with ``fact`` or ``property``,
operator, value, actual, status and reason; fix when it does not pass), whichever version
a report was written in: the CI reports ``catalog-lint org`` reads may be older.

Every function tolerates a section that is missing or malformed (a report is data from
elsewhere): what does not fit is left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

#: The version of the section this catalog-lint writes (version 1: before rules were
#: described once).
SCORES_VERSION = 2

#: Definitions of one scorecard's rules, by rule identifier.
RuleDefinitions = dict[str, dict[str, Any]]


def definitions(scores: Any) -> dict[str, RuleDefinitions]:
    """``{scorecard: {rule: definition}}`` of a version 2 section; empty for version 1,
    whose results carry their definitions."""
    found: dict[str, RuleDefinitions] = {}
    if not isinstance(scores, dict):
        return found
    for card in scores.get("scorecards") or ():
        if not isinstance(card, dict) or not isinstance(card.get("rules"), list):
            continue  # version 1: ``rules`` is a count
        found[str(card.get("identifier"))] = {
            rule["identifier"]: rule for rule in card["rules"]
            if isinstance(rule, dict) and isinstance(rule.get("identifier"), str)}
    return found


def join_rule(result: Any, definition: Any) -> dict[str, Any]:
    """A rule's result with its definition merged in (version 1's form). A result
    without a definition (version 1, or a rule the section does not describe) is
    returned as it is."""
    if not isinstance(result, dict):
        return {}
    if not isinstance(definition, dict):
        return result
    status = result.get("status")
    joined: dict[str, Any] = {
        "identifier": result.get("identifier"),
        "title": definition.get("title"),
        "level": definition.get("level"),
        "status": status,
        "combinator": definition.get("combinator"),
        "conditions": _join(definition.get("conditions"), result.get("conditions")),
    }
    if status != "pass" and "fix" in definition:
        joined["fix"] = definition["fix"]
    return joined


def _join(definitions: Any, results: Any) -> list[dict[str, Any]]:
    joined: list[dict[str, Any]] = []
    if not isinstance(definitions, list) or not isinstance(results, list):
        return joined
    for definition, result in zip(definitions, results, strict=False):
        if not isinstance(definition, dict) or not isinstance(result, dict):
            continue  # null: a condition for entities of the other dialect, left out
        if "conditions" in definition:
            joined.append({"combinator": definition.get("combinator"),
                           "status": result.get("status"),
                           "conditions": _join(definition["conditions"],
                                               result.get("conditions"))})
        else:
            leaf = {key: value for key, value in definition.items() if key != "dialect"}
            leaf.update(result)
            joined.append(leaf)
    return joined


def joined_rules(result: Any, rules: RuleDefinitions) -> list[dict[str, Any]]:
    """Every rule of a scorecard result, joined with its definition from ``rules`` (the
    scorecard's, from :func:`definitions`)."""
    if not isinstance(result, dict) or not isinstance(result.get("rules"), list):
        return []
    return [join_rule(rule, rules.get(str(rule.get("identifier"))))
            for rule in result["rules"] if isinstance(rule, dict)]


def description(rule: dict[str, Any], definition: Any) -> dict[str, Any]:
    """Where a rule's ``title``, ``level`` and ``fix`` are read, whatever the version:
    its definition, else (version 1) the result itself; without joining conditions."""
    return definition if isinstance(definition, dict) else rule


def leaves(conditions: Any) -> Iterator[dict[str, Any]]:
    """The conditions of a joined rule that read a value (nested queries flattened)."""
    for condition in conditions if isinstance(conditions, list) else ():
        if not isinstance(condition, dict):
            continue
        if "conditions" in condition:
            yield from leaves(condition["conditions"])
        elif "fact" in condition or "property" in condition:
            yield condition
