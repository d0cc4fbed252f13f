"""Compare two reports: the pure heart of ``catalog-lint diff``.

Findings are matched by fingerprint (rule, file, entity, JSON path and message; never
the line), as multisets: when the base has one finding with a fingerprint and the head
two, one of the head's is new. A finding that already existed on the base does not fail
the gate, so a team can adopt catalog-lint on an untidy catalog and ratchet.

Each new finding is a cause of its own. Scorecards (``report.sections["scores"]``) add
the other causes, each with its consequences under it: a fact or an entity property that
a scorecard reads moved, and rules turned and levels moved because of it
(:mod:`catalog_lint.gate.causes`). Both tolerate a section that is missing on either side
(an older report, or a run without scoring).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from catalog_lint.findings import Finding, Severity, fingerprint, sort_key
from catalog_lint.gate.causes import FACT_DIRECTIONS, Location, direction, score_causes
from catalog_lint.gate.model import Change, EntityDelta, GateResult, Side
from catalog_lint.gate.scores import REPOSITORY, moved, score_of, score_table
from catalog_lint.report import Report

__all__ = ["FACT_DIRECTIONS", "REPOSITORY", "compare", "direction", "finding_key",
           "score_of", "score_table"]


def finding_key(finding: Finding) -> str:
    """A finding's fingerprint (computed when a report read from JSON lacks it)."""
    return finding.fingerprint or fingerprint(
        finding.rule, finding.file, finding.entity, finding.path, finding.message
    )


def compare(base: Report, head: Report, *, fail_on: str = "regression") -> GateResult:
    """What changed from ``base`` to ``head``: the causes of regressions and improvements
    (each with its consequences) and, per entity, the counts and levels before and
    after."""
    new, fixed, unchanged = _finding_changes(base.findings, head.findings)
    changes: list[Change] = [_finding_change(f, regression=True) for f in new]
    changes += [_finding_change(f, regression=False) for f in fixed]
    changes += score_causes(base.sections.get("scores"), head.sections.get("scores"),
                            _entity_locations(base, head), head.sections.get("facts"))
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


def _finding_change(finding: Finding, *, regression: bool) -> Change:
    return Change(kind="finding", regression=regression, message=finding.message,
                  severity=finding.severity, entity=finding.entity, file=finding.file,
                  line=finding.line, column=finding.column, finding=finding)


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
    # A finding whose message alone changed ("40% of files have an owner" becoming
    # "38% ...") is the same problem restated, not a new one: pair such findings up by
    # rule, file, entity and JSON path. Facts and scores catch whether it got worse.
    fixed_by_place: dict[tuple[str, str, str | None, str], list[Finding]] = defaultdict(list)
    for finding in fixed:
        fixed_by_place[_place(finding)].append(finding)
    still_new: list[Finding] = []
    for finding in new:
        earlier = fixed_by_place.get(_place(finding))
        if earlier:
            fixed.remove(earlier.pop(0))
            unchanged += 1
        else:
            still_new.append(finding)
    return sorted(still_new, key=sort_key), sorted(fixed, key=sort_key), unchanged


def _place(finding: Finding) -> tuple[str, str, str | None, str]:
    return (finding.rule, finding.file, finding.entity, finding.path)


# -- entities -----------------------------------------------------------------------------


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
    """How each entity (and the repository, when scored) fared. An entity is ``changed``
    only when something about it changed: a finding came or went, a scorecard's level or
    passing rules moved, or a cause or consequence concerns it."""
    before_refs = {e.get("ref") for e in base.entities if isinstance(e.get("ref"), str)}
    after_refs = {e.get("ref") for e in head.entities if isinstance(e.get("ref"), str)}
    locations = _entity_locations(base, head)
    counts_before = _count_by_entity(base.findings)
    counts_after = _count_by_entity(head.findings)
    table = score_table(base.sections.get("scores"), head.sections.get("scores"))
    deltas: dict[str, EntityDelta] = {}
    for ref in sorted({str(r) for r in before_refs | after_refs} | set(table)):
        if ref in after_refs and ref not in before_refs:
            status = "added"
        elif ref in before_refs and ref not in after_refs:
            status = "removed"
        else:
            status = "unchanged"
        file, line = locations.get(ref, (None, None))
        deltas[ref] = EntityDelta(
            ref=ref, status=status, file=file, line=line,
            findings_before=counts_before.get(ref, 0), findings_after=counts_after.get(ref, 0),
            scorecards=dict(sorted(table.get(ref, {}).items())),
        )
    concerned: set[str] = set()
    for change in changes:
        if change.finding is not None and change.entity in deltas:
            if change.regression:
                deltas[change.entity].new += 1
            else:
                deltas[change.entity].fixed += 1
        for ref in change.subjects:
            if ref in deltas:
                concerned.add(ref)
                deltas[ref].regressions += change.regression
    for item in deltas.values():
        if item.status == "unchanged" and (
                item.ref in concerned or any(moved(card) for card in item.scorecards.values())):
            item.status = "changed"
    return sorted(deltas.values(), key=lambda d: (-d.regressions, d.status == "unchanged", d.ref))


def _count_by_entity(findings: Iterable[Finding]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for finding in findings:
        if finding.entity:
            counts[finding.entity] += 1
    return counts
