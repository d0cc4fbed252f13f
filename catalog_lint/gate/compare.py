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
            file, line = locations.get(ref, (None, None))
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

#: The key under which the repository's own scorecard results are compared (it is not an
#: entity, and has no entity reference).
REPOSITORY = "(repository)"


def _subjects(scores: Any) -> dict[str, dict[str, Any]]:
    """``{subject: {scorecard: result}}`` from a ``scores`` section (docs/scorecards.md):
    each entity by reference, and the repository under :data:`REPOSITORY`."""
    if not isinstance(scores, dict):
        return {}
    subjects: dict[str, dict[str, Any]] = {}
    repository = (scores.get("repository") or {}).get("scorecards")
    if isinstance(repository, dict) and repository:
        subjects[REPOSITORY] = repository
    for entity in scores.get("entities") or []:
        if isinstance(entity, dict) and isinstance(entity.get("scorecards"), dict):
            subjects[str(entity.get("ref"))] = entity["scorecards"]
    return subjects


def _titles(scores: Any) -> dict[str, str]:
    if not isinstance(scores, dict):
        return {}
    return {str(card.get("identifier")): str(card.get("title") or card.get("identifier"))
            for card in scores.get("scorecards") or [] if isinstance(card, dict)}


def score_of(result: dict[str, Any]) -> float | None:
    """A scorecard result as a number: the share of its rules that pass, in percent."""
    counts = result.get("counts")
    if not isinstance(counts, dict):
        return None
    total = sum(int(counts.get(key) or 0) for key in ("pass", "fail", "unknown"))
    if not total:
        return None
    return round(100.0 * int(counts.get("pass") or 0) / total, 1)


def score_changes(base: Any, head: Any, locations: dict[str, Location]) -> list[Change]:
    """Levels that moved and scorecard rules that stopped (or started) passing, for every
    entity and scorecard scored on both sides. A rule that becomes ``unknown`` is not a
    regression: the fact behind it could not be computed, which says nothing about the
    change."""
    before, after = _subjects(base), _subjects(head)
    titles = {**_titles(base), **_titles(head)}
    changes: list[Change] = []
    for subject in sorted(set(before) & set(after)):
        entity = None if subject == REPOSITORY else subject
        file, line = locations.get(subject, (None, 1)) if entity else (None, 1)
        who = "the repository" if entity is None else subject
        for card in sorted(set(before[subject]) & set(after[subject])):
            old, new = before[subject][card], after[subject][card]
            if not isinstance(old, dict) or not isinstance(new, dict):
                continue
            title = titles.get(card, card)
            old_rank, new_rank = old.get("rank"), new.get("rank")
            if isinstance(old_rank, int) and isinstance(new_rank, int) and old_rank != new_rank:
                worse = new_rank < old_rank
                changes.append(Change(
                    kind="level", regression=worse, severity=Severity.ERROR,
                    message=(f"{title}: level {'dropped' if worse else 'rose'} from "
                             f"{old.get('level')} to {new.get('level')} for {who}"),
                    entity=entity, file=file, line=line, subject=card, scorecard=card,
                    before=old.get("level"), after=new.get("level"),
                ))
            old_rules = {r.get("identifier"): r for r in old.get("rules") or []
                         if isinstance(r, dict)}
            for rule in new.get("rules") or []:
                if not isinstance(rule, dict):
                    continue
                previous = old_rules.get(rule.get("identifier"))
                if previous is None:
                    continue
                was, now = previous.get("status"), rule.get("status")
                if {was, now} != {"pass", "fail"}:
                    continue
                worse = now == "fail"
                how = "passed on the base and fails now" if worse else "passes now"
                text = (f"{title}: rule '{rule.get('title') or rule.get('identifier')}' "
                        f"({rule.get('level')}) {how} for {who}")
                if worse and rule.get("fix"):
                    text += f". {rule['fix']}"
                changes.append(Change(
                    kind="scorecard-rule", regression=worse, severity=Severity.WARNING,
                    message=text, entity=entity, file=file, line=line,
                    subject=f"{card}/{rule.get('identifier')}", scorecard=card,
                    before=was, after=now,
                ))
    return changes


def score_table(base: Any, head: Any) -> dict[str, dict[str, dict[str, Any]]]:
    """Per entity and scorecard: the level and score before and after."""
    before, after = _subjects(base), _subjects(head)
    table: dict[str, dict[str, dict[str, Any]]] = {}
    for subject in set(before) | set(after):
        cards = set(before.get(subject, {})) | set(after.get(subject, {}))
        for card in cards:
            old = before.get(subject, {}).get(card) or {}
            new = after.get(subject, {}).get(card) or {}
            table.setdefault(subject, {})[card] = {
                "before": old.get("level"), "after": new.get("level"),
                "score_before": score_of(old), "score_after": score_of(new),
            }
    return table


# -- facts --------------------------------------------------------------------------------

#: Facts a pull request can make worse, and which way is better: ``true`` (a boolean
#: that should hold), ``higher`` (a number), ``present`` (a path that should exist).
#: History and DORA facts are left out: they move with time, not with the change.
FACT_DIRECTIONS: dict[str, str] = {
    "repo.codeowners.exists": "true",
    "repo.codeowners.coverage": "higher",
    "repo.branch_protection.pull_requests_required": "true",
    "repo.branch_protection.required_reviews": "higher",
    "repo.branch_protection.code_owner_reviews": "true",
    "repo.branch_protection.dismiss_stale_reviews": "true",
    "repo.branch_protection.enforce_admins": "true",
    "repo.branch_protection.force_pushes_blocked": "true",
    "repo.branch_protection.deletions_blocked": "true",
    "repo.files.readme": "present",
    "repo.files.license": "present",
    "repo.files.security_policy": "present",
    "repo.files.contributing": "present",
    "repo.docs.exists": "true",
    "repo.tests.exists": "true",
    "entity.codeowners.covered": "true",
    "entity.ownership.agrees": "true",
    "entity.files.readme": "present",
    "entity.docs.exists": "true",
    "entity.tests.exists": "true",
}


def _fact(tree: Any, dotted: str) -> tuple[bool, Any]:
    """``(known, value)`` of a dotted fact in a facts tree as reports store it; a
    missing or unknown fact is not known."""
    node = tree
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    if isinstance(node, dict) and node.get("unknown") is True:
        return False, None
    return True, node


def _direction(kind: str, old: Any, new: Any) -> int:
    """+1 when ``new`` is better than ``old``, -1 when worse, 0 when neither."""
    if kind == "true":
        if isinstance(old, bool) and isinstance(new, bool) and old != new:
            return 1 if new else -1
    elif kind == "higher":
        if isinstance(old, (int, float)) and isinstance(new, (int, float)) and old != new:
            return 1 if new > old else -1
    elif kind == "present" and bool(old) != bool(new):
        return 1 if new else -1
    return 0


def _meaning(name: str) -> str:
    from catalog_lint.facts.names import FACT_NAMES

    for fact in FACT_NAMES:
        if fact.name == name:
            return fact.meaning
    return name


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "none"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def fact_changes(base: Any, head: Any, locations: dict[str, Location]) -> list[Change]:
    """Facts of :data:`FACT_DIRECTIONS` that got worse (or better), for the repository
    and for every entity on both sides. Unknown on either side is no change."""
    if not isinstance(base, dict) or not isinstance(head, dict):
        return []
    subjects: list[tuple[str | None, Any, Any]] = [
        (None, base.get("repository"), head.get("repository"))
    ]
    old_entities, new_entities = base.get("entities") or {}, head.get("entities") or {}
    if isinstance(old_entities, dict) and isinstance(new_entities, dict):
        subjects += [(ref, old_entities[ref], new_entities[ref])
                     for ref in sorted(set(old_entities) & set(new_entities))]
    changes: list[Change] = []
    for entity, old_tree, new_tree in subjects:
        scope = "repo." if entity is None else "entity."
        file, line = locations.get(entity, (None, 1)) if entity else (None, 1)
        for name, kind in FACT_DIRECTIONS.items():
            if not name.startswith(scope):
                continue
            known_old, old = _fact(old_tree, name)
            known_new, new = _fact(new_tree, name)
            if not (known_old and known_new):
                continue
            direction = _direction(kind, old, new)
            if not direction:
                continue
            who = "the repository" if entity is None else entity
            changes.append(Change(
                kind="fact", regression=direction < 0, severity=Severity.ERROR,
                message=(f"{'worse' if direction < 0 else 'better'} for {who}: "
                         f"{_meaning(name)} ({name}: {_show(old)} → {_show(new)})"),
                entity=entity, file=file, line=line, subject=name, before=old, after=new,
            ))
    return changes
