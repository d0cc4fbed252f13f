"""The values the gate produces: changes, per-entity deltas and the result as a whole.

Everything here is plain data with a JSON form (``to_dict``/``from_dict``), because the
result travels inside a report (``report.sections["diff"]``): ``catalog-lint diff
--format json`` writes it, and ``catalog-lint comment --report`` reads it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from catalog_lint.findings import Finding, Severity, fingerprint

#: Version of the ``diff`` section's shape (docs/gate.md). 2: ``regressions`` and
#: ``improvements`` list causes, each with its ``consequences``; 1 (no ``version`` key)
#: listed every change flat.
DIFF_VERSION = 2

#: ``--fail-on`` of ``catalog-lint diff``: fail on regressions only (the default), on
#: regressions and on every error-level finding of the head, or never.
FAIL_ON_CHOICES = ("regression", "any", "never")

#: Kinds of change, in the order reports list them. A *cause* (what a change did: a new
#: finding, a fact or an entity property that moved) is a ``finding``, ``fact`` or
#: ``property``; its *consequences* (what followed: a scorecard rule that turned, a level
#: that moved) are ``scorecard-rule`` and ``level``. A rule or level that moved with no
#: cause the gate can name stands as a cause of its own.
KINDS = ("finding", "fact", "property", "scorecard-rule", "level")

#: Pseudo-rules under which reporters show changes that are not findings (a level that
#: dropped, a scorecard rule that stopped passing, a fact that got worse): their ID, and
#: the help text that SARIF and the docs show.
GATE_RULES: dict[str, tuple[str, str]] = {
    "scorecard-rule": (
        "gate-scorecard-rule",
        "A scorecard rule that passed on the base commit fails on the head.",
    ),
    "level": (
        "gate-level-dropped",
        "An entity's maturity level is lower on the head than on the base commit.",
    ),
    "fact": (
        "gate-fact-regressed",
        "A repository or entity fact that a scorecard reads got worse between the base "
        "commit and the head (for example, README.md was removed, or CODEOWNERS no longer "
        "covers an entity's file); the scorecard rules and levels it changed are listed "
        "under it.",
    ),
    "property": (
        "gate-property-changed",
        "An entity property that a scorecard reads changed between the base commit and the "
        "head so that a scorecard rule fails (for example, metadata.description was "
        "removed); the rules and levels it changed are listed under it.",
    ),
}


@dataclass(frozen=True)
class Change:
    """One thing that changed. ``regression`` says which way.

    For ``kind == "finding"`` the :attr:`finding` is the head's finding (new) or the
    base's (fixed). For the other kinds, ``before``/``after`` hold the two values and
    :attr:`subject` names what changed (a scorecard rule, a scorecard, a fact, a property).

    The gate's list holds causes; a cause's :attr:`consequences` are the scorecard rules
    and levels that moved because of it, and its :attr:`values` every fact or property
    change it stands for (one removed README is read by several subjects).
    """

    kind: str
    regression: bool
    message: str
    severity: Severity = Severity.ERROR
    entity: str | None = None
    file: str | None = None
    line: int = 1
    column: int = 1
    subject: str | None = None
    scorecard: str | None = None
    before: Any = None
    after: Any = None
    finding: Finding | None = None
    consequences: tuple[Change, ...] = ()
    #: ``{"subject": ref or "(repository)", "kind": "fact" or "property", "name",
    #: "before", "after"}`` for each value whose change this cause is.
    values: tuple[dict[str, Any], ...] = ()
    #: How to make a scorecard rule pass again (its description), for a rule that fails.
    fix: str | None = None

    @property
    def rule(self) -> str:
        """The rule ID reporters show: the finding's rule, or the gate's pseudo-rule."""
        if self.finding is not None:
            return self.finding.rule
        return GATE_RULES[self.kind][0]

    @property
    def subjects(self) -> list[str]:
        """Every entity (or ``(repository)``) this change and its consequences concern."""
        found: dict[str, None] = {}
        for change in (self, *self.consequences):
            if change.entity is not None:
                found[change.entity] = None
            for value in change.values:
                found[str(value.get("subject"))] = None
        return list(found)

    def summary(self) -> str:
        """The message, followed by the consequences, in one paragraph."""
        if not self.consequences:
            return self.message
        return f"{self.message}. Consequences: " + "; ".join(
            c.message for c in self.consequences)

    def as_finding(self) -> Finding:
        """The change as a finding, for reporters that only know findings (annotations,
        JUnit, Code Quality): the message carries the consequences. The fingerprint reads
        the cause's own message, so it stays put when consequences come and go."""
        if self.finding is not None:
            return self.finding
        file = self.file or ""
        path = self.subject or ""
        return Finding(
            rule=self.rule, severity=self.severity, message=self.summary(), file=file,
            line=self.line, column=self.column, path=path, entity=self.entity,
            fingerprint=fingerprint(self.rule, file, self.entity, path, self.message),
        )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "regression": self.regression,
            "rule": self.rule,
            "message": self.message,
            "severity": self.severity.value,
            "entity": self.entity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
        }
        if self.finding is not None:
            data["finding"] = self.finding.to_dict()
        else:
            data.update(subject=self.subject, scorecard=self.scorecard, before=self.before,
                        after=self.after)
        if self.values:
            data["values"] = [dict(value) for value in self.values]
        if self.fix:
            data["fix"] = self.fix
        data["consequences"] = [c.to_dict() for c in self.consequences]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Change:
        finding = data.get("finding")
        return cls(
            kind=str(data["kind"]),
            regression=bool(data["regression"]),
            message=str(data.get("message", "")),
            severity=Severity.parse(str(data.get("severity", "error"))),
            entity=data.get("entity"),
            file=data.get("file"),
            line=int(data.get("line") or 1),
            column=int(data.get("column") or 1),
            subject=data.get("subject"),
            scorecard=data.get("scorecard"),
            before=data.get("before"),
            after=data.get("after"),
            finding=Finding.from_dict(finding) if isinstance(finding, dict) else None,
            consequences=tuple(cls.from_dict(c) for c in data.get("consequences") or ()
                               if isinstance(c, dict)),
            values=tuple(v for v in data.get("values") or () if isinstance(v, dict)),
            fix=data.get("fix"),
        )


@dataclass
class EntityDelta:
    """How one entity fared: present before and/or after, findings and levels."""

    ref: str
    status: str  # "added", "removed", "changed" or "unchanged"
    file: str | None = None
    line: int | None = None
    findings_before: int = 0
    findings_after: int = 0
    new: int = 0
    fixed: int = 0
    #: scorecard -> {"before": level or None, "after": level or None,
    #: "passed_before"/"passed_after": rules that pass, "rules_before"/"rules_after": rules
    #: evaluated, "score_before"/"score_after": the share that pass, in percent (or None)}
    scorecards: dict[str, dict[str, Any]] = field(default_factory=dict)
    regressions: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "ref": self.ref, "status": self.status, "file": self.file, "line": self.line,
            "findings_before": self.findings_before, "findings_after": self.findings_after,
            "new": self.new, "fixed": self.fixed, "scorecards": self.scorecards,
            "regressions": self.regressions,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EntityDelta:
        return cls(
            ref=str(data["ref"]), status=str(data.get("status", "changed")),
            file=data.get("file"), line=data.get("line"),
            findings_before=int(data.get("findings_before", 0)),
            findings_after=int(data.get("findings_after", 0)),
            new=int(data.get("new", 0)), fixed=int(data.get("fixed", 0)),
            scorecards=dict(data.get("scorecards") or {}),
            regressions=int(data.get("regressions", 0)),
        )


@dataclass
class Side:
    """One side of the comparison: its commit (``None`` for a working tree) and counts."""

    revision: str | None
    summary: dict[str, int] = field(default_factory=dict)
    #: Where a file of this side can be seen, as a prefix to which a path and
    #: ``#L<line>`` are added (``https://github.com/o/r/blob/<sha>/``); ``None`` when
    #: unknown, and then reports show plain paths.
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"revision": self.revision, "summary": self.summary, "url": self.url}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Side:
        return cls(revision=data.get("revision"), summary=dict(data.get("summary") or {}),
                   url=data.get("url"))


@dataclass
class GateResult:
    """What :func:`~catalog_lint.gate.compare.compare` found."""

    base: Side
    head: Side
    changes: list[Change] = field(default_factory=list)
    #: Findings present on both sides: they do not fail the gate.
    unchanged: int = 0
    entities: list[EntityDelta] = field(default_factory=list)
    fail_on: str = "regression"
    #: Error-level findings on the head, new or not (``--fail-on any`` fails on them).
    head_errors: int = 0

    @property
    def regressions(self) -> list[Change]:
        return [c for c in self.changes if c.regression]

    @property
    def improvements(self) -> list[Change]:
        return [c for c in self.changes if not c.regression]

    @property
    def new_findings(self) -> list[Finding]:
        return [c.finding for c in self.regressions if c.finding is not None]

    @property
    def fixed_findings(self) -> list[Finding]:
        return [c.finding for c in self.improvements if c.finding is not None]

    def fails(self, fail_on: str | None = None) -> bool:
        """Whether the gate fails: on regressions (``regression``), on regressions or
        any error-level finding of the head (``any``), or never."""
        mode = fail_on or self.fail_on
        if mode == "never":
            return False
        if mode == "any" and self.head_errors:
            return True
        return bool(self.regressions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": DIFF_VERSION,
            "fail_on": self.fail_on,
            "failed": self.fails(),
            "base": self.base.to_dict(),
            "head": self.head.to_dict(),
            "counts": {
                "regressions": len(self.regressions),
                "improvements": len(self.improvements),
                "consequences": sum(len(c.consequences) for c in self.regressions),
                "new_findings": len(self.new_findings),
                "fixed_findings": len(self.fixed_findings),
                "unchanged_findings": self.unchanged,
                "head_errors": self.head_errors,
            },
            "regressions": [c.to_dict() for c in self.regressions],
            "improvements": [c.to_dict() for c in self.improvements],
            "entities": [e.to_dict() for e in self.entities],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GateResult:
        changes = [Change.from_dict(c) for c in data.get("regressions", [])]
        changes += [Change.from_dict(c) for c in data.get("improvements", [])]
        counts = data.get("counts") or {}
        return cls(
            base=Side.from_dict(data.get("base") or {}),
            head=Side.from_dict(data.get("head") or {}),
            changes=changes,
            unchanged=int(counts.get("unchanged_findings", 0)),
            entities=[EntityDelta.from_dict(e) for e in data.get("entities", [])],
            fail_on=str(data.get("fail_on", "regression")),
            head_errors=int(counts.get("head_errors", 0)),
        )
