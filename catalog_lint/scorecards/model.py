"""Scorecards as values: levels, rules, queries and conditions, compiled and ready to run.

A scorecard is loaded and checked once (:mod:`.loading`); what is here holds no raw
YAML, only compiled paths and operator tests, so evaluating a thousand entities stays
cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from catalog_lint.scorecards.operators import Test
from catalog_lint.scorecards.paths import Part

Status = Literal["pass", "fail", "unknown"]
PASS: Status = "pass"
FAIL: Status = "fail"
UNKNOWN: Status = "unknown"


@dataclass(frozen=True)
class Condition:
    """One test: an entity property or a fact, an operator, and the expected value."""

    kind: Literal["property", "fact"]
    subject: str  # as written: the property path or the fact name
    operator: str
    value: Any
    test: Test = field(compare=False, repr=False)
    path: tuple[Part, ...] = ()  # the parsed property path
    line: int = 0
    port_path: tuple[Part, ...] = ()  # the same path as it reads a Port entity
    #: ``backstage`` or ``port``: the condition is only for entities of that dialect;
    #: elsewhere it is left out of its query, as if it were not written.
    dialect: str | None = None

    @property
    def reads_entity(self) -> bool:
        return (self.kind == "property" or self.subject.startswith("entity.")
                or self.dialect is not None)

    def applies(self, dialect: str) -> bool:
        return self.dialect is None or self.dialect == dialect

    def describe(self) -> str:
        """``spec.owner isNotEmpty``, ``dora.tier in [Elite, High]``."""
        if self.value is None:
            return f"{self.subject} {self.operator}"
        return f"{self.subject} {self.operator} {_show(self.value)}"


@dataclass(frozen=True)
class Query:
    combinator: Literal["and", "or"]
    conditions: tuple[Condition | Query, ...]

    def leaves(self) -> list[Condition]:
        return list(self._leaves)

    def applies(self, dialect: str) -> bool:
        """Whether any condition is for entities of this dialect (asked for every
        entity and rule: answered once per dialect)."""
        known = self._applies.get(dialect)
        if known is None:
            known = self._applies[dialect] = any(leaf.applies(dialect) for leaf in self._leaves)
        return known

    @cached_property
    def _leaves(self) -> tuple[Condition, ...]:
        found: list[Condition] = []
        for item in self.conditions:
            found.extend(item.leaves() if isinstance(item, Query) else [item])
        return tuple(found)

    @cached_property
    def _applies(self) -> dict[str, bool]:
        return {}


@dataclass(frozen=True)
class Level:
    title: str
    description: str = ""
    color: str | None = None


@dataclass(frozen=True)
class ScoreRule:
    identifier: str
    title: str
    level: str
    level_index: int
    description: str  # what a person does to make it pass
    query: Query
    line: int = 0

    @property
    def reads_entity(self) -> bool:
        """Whether the rule looks at the entity (its data or ``entity.*`` facts); a rule
        that reads only repository facts is the same for every entity of a repository."""
        return any(leaf.reads_entity for leaf in self.query.leaves())

    @property
    def reads_property(self) -> bool:
        """Whether the rule reads entity data, which the repository does not have."""
        return any(leaf.kind == "property" for leaf in self.query.leaves())


@dataclass(frozen=True)
class AppliesTo:
    kinds: tuple[str, ...] = ()  # Backstage kinds, lower case; "*" for any
    blueprints: tuple[str, ...] = ()  # Port blueprint identifiers; "*" for any
    repository: bool = False
    entities: bool = True  # false: the repository only

    def entity(self, dialect: str, kind: str) -> bool:
        if not self.entities:
            return False
        if not self.kinds and not self.blueprints:
            return True
        if dialect == "port":
            return "*" in self.blueprints or kind in self.blueprints
        return "*" in self.kinds or kind.lower() in self.kinds


@dataclass(frozen=True)
class Scorecard:
    identifier: str
    title: str
    levels: tuple[Level, ...]
    rules: tuple[ScoreRule, ...]
    applies_to: AppliesTo = AppliesTo()
    filter: Query | None = None
    description: str = ""
    source: str = ""  # the file it came from, or builtin:<identifier>

    @property
    def level_titles(self) -> list[str]:
        return [level.title for level in self.levels]


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)
