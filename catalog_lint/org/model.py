"""What one report (or catalog export) contributes to the organisation's view, in a
compact form: a few hundred bytes per entity, so that 100,000 of them fit easily and
cross from a reading process to the main one cheaply (named tuples: pickle handles them
several times faster than dataclass instances)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

#: A report file read from a folder whose name says nothing of the repository takes its
#: folder's name instead (``catalog-lint-cart/report.json`` → ``catalog-lint-cart``).
GENERIC_NAMES = frozenset({"report", "catalog-lint", "catalog-lint-report", "check",
                           "catalog", "catalog-lint-catalog", "export"})


class Score(NamedTuple):
    """One subject's result on one scorecard."""

    level: str
    rank: int
    next: str | None
    #: The next level's rules that do not pass: what holds the subject back.
    blocking: tuple[str, ...] = ()
    #: Every rule that fails, and every rule whose facts were unknown.
    failing: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()


class EntityRecord(NamedTuple):
    ref: str
    kind: str
    name: str
    title: str
    file: str
    line: int
    #: Relation name → target references; ``None`` when the report does not carry them
    #: (a report of an older catalog-lint).
    relations: dict[str, list[str]] | None
    scores: dict[str, Score]
    errors: int = 0
    warnings: int = 0


class RuleInfo(NamedTuple):
    title: str
    level: str
    fix: str


@dataclass
class CardInfo:
    identifier: str
    title: str
    levels: list[str]
    rules: dict[str, RuleInfo] = field(default_factory=dict)


@dataclass
class Source:
    """One report or export, read."""

    file: str  # as the command line (or the folder walk) named it
    kind: str  # "report" or "export"
    name: str  # the repository
    url: str | None = None
    commit: str | None = None
    committed_at: str | None = None
    checked_at: str | None = None
    files_url: str | None = None
    entities: list[EntityRecord] = field(default_factory=list)
    cards: dict[str, CardInfo] = field(default_factory=dict)
    repository_scores: dict[str, Score] = field(default_factory=dict)
    dora: dict[str, Any] | None = None
    findings: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def date(self) -> str:
        """When the report was made (else the commit's date), ISO 8601; ``""`` unknown."""
        return self.checked_at or self.committed_at or ""

    @property
    def day(self) -> str:
        return self.date[:10]


@dataclass(frozen=True)
class Skipped:
    """A file that gave nothing, and why (shown as a warning and in every output)."""

    file: str
    reason: str
