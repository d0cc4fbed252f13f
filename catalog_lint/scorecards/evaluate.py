"""Evaluate scorecards with Port's level semantics.

A condition passes, fails, or is unknown (it read an ``Unknown`` fact). Queries combine
them in three-valued logic: ``and`` fails when any part fails, else is unknown when any
part is unknown; ``or`` passes when any part passes, else is unknown when any part is
unknown. A rule is its query. Unknown counts as not passed.

The first level needs no rules; a subject reaches a higher level when every rule of that
level and of every level below passes.

The results are plain JSON (their shape is documented in ``docs/scorecards.md``).
Rules that read only repository facts give the same answer for every entity of a run, so
each is evaluated once per run and shared.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from catalog_lint.facts.model import FactSet, Unknown
from catalog_lint.scorecards import paths
from catalog_lint.scorecards.model import (
    FAIL,
    PASS,
    UNKNOWN,
    Condition,
    Query,
    Scorecard,
    ScoreRule,
    Status,
)


@dataclass
class Subject:
    """What a scorecard is evaluated against: an entity, or the repository (``data`` is
    ``None``; its ``entity.*`` facts are those of the repository's root folder)."""

    data: Any
    dialect: str
    repo_facts: FactSet
    entity_facts: FactSet | None = None
    kind: str = ""

    def read(self, condition: Condition) -> Any:
        if condition.kind == "fact":
            if condition.subject.startswith("entity."):
                if self.entity_facts is None:
                    return Unknown("not an entity")
                return self.entity_facts.get(condition.subject)
            return self.repo_facts.get(condition.subject)
        if self.data is None:  # never reached: such rules do not score the repository
            return Unknown("the repository has no entity properties")
        return paths.resolve(self.data,
                             condition.port_path if self.dialect == "port" else condition.path)


def evaluate_condition(condition: Condition, subject: Subject) -> tuple[Status, dict[str, Any]]:
    value = subject.read(condition)
    result: dict[str, Any] = {condition.kind: condition.subject, "operator": condition.operator}
    if condition.value is not None:
        result["value"] = _as_json(condition.value)
    if type(value) is Unknown:
        result["actual"] = None
        result["status"] = UNKNOWN
        result["reason"] = value.reason
        return UNKNOWN, result
    status: Status = PASS if condition.test(value) else FAIL
    result["actual"] = None if value is paths.MISSING else _as_json(value)
    result["status"] = status
    return status, result


def _as_json(value: Any) -> Any:
    """``value`` as JSON can hold it: a number beyond the double range (YAML's ``1e400``,
    ``.inf``) or NaN becomes null, as JavaScript's ``JSON.stringify`` writes it, so
    every format of the results is strict JSON."""
    if value.__class__ is float and not math.isfinite(value):
        return None
    if value.__class__ is list:
        return [_as_json(item) for item in value]
    if value.__class__ is dict:
        return {key: _as_json(item) for key, item in value.items()}
    return value


def combine(combinator: str, statuses: Iterable[Status]) -> Status:
    seen = set(statuses)
    if combinator == "and":
        if FAIL in seen:
            return FAIL
        return UNKNOWN if UNKNOWN in seen else PASS
    if PASS in seen:
        return PASS
    return UNKNOWN if UNKNOWN in seen else FAIL


def evaluate_query(query: Query, subject: Subject) -> tuple[Status, list[dict[str, Any]]]:
    statuses: list[Status] = []
    parts: list[dict[str, Any]] = []
    for item in query.conditions:
        if not item.applies(subject.dialect):
            continue  # a condition for entities of the other dialect
        if isinstance(item, Query):
            status, nested = evaluate_query(item, subject)
            parts.append({"combinator": item.combinator, "status": status, "conditions": nested})
        else:
            status, part = evaluate_condition(item, subject)
            parts.append(part)
        statuses.append(status)
    return combine(query.combinator, statuses), parts


def evaluate_rule(rule: ScoreRule, subject: Subject) -> dict[str, Any]:
    status, conditions = evaluate_query(rule.query, subject)
    result: dict[str, Any] = {
        "identifier": rule.identifier,
        "title": rule.title,
        "level": rule.level,
        "status": status,
        "combinator": rule.query.combinator,
        "conditions": conditions,
    }
    if status != PASS:
        result["fix"] = rule.description
    return result


class Evaluator:
    """Evaluates scorecards for the subjects of one run, sharing what can be shared."""

    def __init__(self, scorecards: Iterable[Scorecard], repo_facts: FactSet,
                 root_facts: FactSet | None = None) -> None:
        self.scorecards = list(scorecards)
        self.repo_facts = repo_facts
        self.repository = Subject(None, "repository", repo_facts, root_facts or FactSet())
        self._shared: dict[tuple[str, str], dict[str, Any]] = {}
        for card in self.scorecards:
            for rule in card.rules:
                if not rule.reads_entity:
                    self._shared[(card.identifier, rule.identifier)] = evaluate_rule(
                        rule, self.repository)

    def applies(self, card: Scorecard, subject: Subject) -> bool:
        if subject.data is None:  # the repository, unless no rule could score it
            return card.applies_to.repository and any(not r.reads_property for r in card.rules)
        if not card.applies_to.entity(subject.dialect, subject.kind):
            return False
        if card.filter is not None:
            status, _ = evaluate_query(card.filter, subject)
            if status != PASS:
                return False
        return True

    def score(self, card: Scorecard, subject: Subject) -> dict[str, Any]:
        """One scorecard's result for one subject (see docs/scorecards.md, JSON shape)."""
        results: list[dict[str, Any]] = []
        for rule in card.rules:
            shared = self._shared.get((card.identifier, rule.identifier))
            if subject.data is not None and not rule.query.applies(subject.dialect):
                continue  # every condition is for the other dialect: not this entity's rule
            if shared is not None:
                results.append(shared)
            elif subject.data is not None or not rule.reads_property:
                results.append(evaluate_rule(rule, subject))
            # the repository has no entity data: rules that read it do not score it
        return level_result(card, results)


def level_result(card: Scorecard, results: list[dict[str, Any]]) -> dict[str, Any]:
    """Port's semantics: the highest level whose rules, and those of every level below,
    all pass."""
    titles = card.level_titles
    passed = [0] * len(titles)
    total = [0] * len(titles)
    index_of = {title: position for position, title in enumerate(titles)}
    counts = {PASS: 0, FAIL: 0, UNKNOWN: 0}
    for result in results:
        position = index_of[result["level"]]
        total[position] += 1
        counts[result["status"]] += 1
        if result["status"] == PASS:
            passed[position] += 1
    reached = 0
    for position in range(1, len(titles)):
        if passed[position] != total[position]:
            break
        reached = position
    return {
        "level": titles[reached],
        "rank": reached,
        "next": titles[reached + 1] if reached + 1 < len(titles) else None,
        "levels": [
            {"title": title, "passed": passed[i], "total": total[i], "reached": i <= reached}
            for i, title in enumerate(titles)
        ],
        "counts": counts,
        "rules": results,
    }
