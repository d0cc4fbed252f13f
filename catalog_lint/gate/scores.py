"""Reading the ``scores`` section of a report (its shape is in docs/scorecards.md) for the
gate: who was scored on which scorecard, each result's level and rules, and the values
(facts and entity properties) each rule read. A rule's result is joined with its
definition (:mod:`catalog_lint.scorecards.results`), so either version of the section
reads the same.

Every function tolerates a section that is missing or malformed (an older report, a run
without scoring): it then finds nothing.
"""

from __future__ import annotations

from typing import Any

from catalog_lint.scorecards.results import leaves

#: The key under which the repository's own scorecard results are compared (it is not an
#: entity, and has no entity reference).
REPOSITORY = "(repository)"


def who(subject: str) -> str:
    """A subject as a sentence names it."""
    return "the repository" if subject == REPOSITORY else subject


def subjects(scores: Any) -> dict[str, dict[str, Any]]:
    """``{subject: {scorecard: result}}``: each entity by reference, and the repository
    under :data:`REPOSITORY`."""
    if not isinstance(scores, dict):
        return {}
    found: dict[str, dict[str, Any]] = {}
    repository = (scores.get("repository") or {}).get("scorecards")
    if isinstance(repository, dict) and repository:
        found[REPOSITORY] = repository
    for entity in scores.get("entities") or []:
        if isinstance(entity, dict) and isinstance(entity.get("scorecards"), dict):
            found[str(entity.get("ref"))] = entity["scorecards"]
    return found


def titles(scores: Any) -> dict[str, str]:
    """Scorecard identifier -> title."""
    if not isinstance(scores, dict):
        return {}
    return {str(card.get("identifier")): str(card.get("title") or card.get("identifier"))
            for card in scores.get("scorecards") or [] if isinstance(card, dict)}


def passing(result: Any) -> tuple[int, int] | None:
    """``(rules that pass, rules evaluated)`` of a scorecard result, or ``None``."""
    counts = result.get("counts") if isinstance(result, dict) else None
    if not isinstance(counts, dict):
        return None
    total = sum(int(counts.get(key) or 0) for key in ("pass", "fail", "unknown"))
    if not total:
        return None
    return int(counts.get("pass") or 0), total


def score_of(result: Any) -> float | None:
    """A scorecard result as a number: the share of its rules that pass, in percent."""
    counted = passing(result)
    if counted is None:
        return None
    return round(100.0 * counted[0] / counted[1], 1)


def reads(rule: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """``{("fact" or "property", name): condition}`` for what a rule's result read."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for leaf in leaves(rule.get("conditions")):
        kind = "fact" if "fact" in leaf else "property"
        found.setdefault((kind, str(leaf[kind])), leaf)
    return found


def rules_of(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A scorecard result's rules by identifier, as they are (not joined)."""
    return {str(rule.get("identifier")): rule for rule in result.get("rules") or []
            if isinstance(rule, dict)}


def score_table(base: Any, head: Any) -> dict[str, dict[str, dict[str, Any]]]:
    """Per subject and scorecard: the level, the rules that pass and the score, before
    and after (``None`` on a side that did not score it)."""
    before, after = subjects(base), subjects(head)
    table: dict[str, dict[str, dict[str, Any]]] = {}
    for subject in set(before) | set(after):
        for card in set(before.get(subject, {})) | set(after.get(subject, {})):
            old = before.get(subject, {}).get(card) or {}
            new = after.get(subject, {}).get(card) or {}
            passed_old, passed_new = passing(old), passing(new)
            table.setdefault(subject, {})[card] = {
                "before": old.get("level"), "after": new.get("level"),
                "passed_before": passed_old[0] if passed_old else None,
                "passed_after": passed_new[0] if passed_new else None,
                "rules_before": passed_old[1] if passed_old else None,
                "rules_after": passed_new[1] if passed_new else None,
                "score_before": score_of(old), "score_after": score_of(new),
            }
    return table


def moved(card: dict[str, Any]) -> bool:
    """Whether a row of :func:`score_table` changed: its level or the rules that pass."""
    return any(card.get(f"{key}_before") != card.get(f"{key}_after")
               for key in ("passed", "rules")) or card.get("before") != card.get("after")
