"""From two ``scores`` sections to *causes*, each with its consequences.

Deleting a README makes the fact ``entity.files.readme`` change for every subject that
reads it, the rule "Has a README" fail for each, and levels drop. A reviewer wants one
line for the change and the rest under it, so the gate works in three steps:

1. **Readings.** For every subject (entity or repository) and scorecard scored on both
   sides, the values each rule read (the facts and entity properties of its conditions)
   are compared. Only what a scorecard reads for that subject is compared, so an entity
   that no scorecard scores is never mentioned. A value unknown on either side is no
   change. A repository fact (``repo.*``, ``dora.*``) is one reading whoever read it.
2. **Causes.** Readings that read the same to a person are one cause: "README.md was
   removed" whether the repository's or an entity's README fact says so
   (:func:`catalog_lint.facts.phrasing.describe_change`). A reading is a regression by
   itself when :data:`FACT_DIRECTIONS` says it got worse (a fact can weaken without
   turning a rule yet); otherwise only through what it turned.
3. **Consequences.** A rule that turned between pass and fail is put under the cause of
   the first value it read that changed; a level that moved, under the cause of the first
   rule of that scorecard and subject that turned the same way. What has no cause the gate
   can name (a level dropped because a rule became unknown) stands as a cause of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from catalog_lint.facts.phrasing import PHRASES, describe_change, join_names, show
from catalog_lint.findings import Severity
from catalog_lint.gate.model import Change
from catalog_lint.gate.scores import REPOSITORY, reads, rules_of, subjects, titles, who
from catalog_lint.scorecards.results import definitions, join_rule

#: Where an entity is written: ``(file, line)``.
Location = tuple[str | None, int]

#: Facts whose change is a regression (or an improvement) by itself, and which way is
#: better: ``true`` (a yes/no that should hold), ``higher`` (a number), ``present`` (a
#: path that should exist). History and DORA facts are left out: they move with time, not
#: with the change (a rule they turn is still a consequence).
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

#: Facts about CODEOWNERS: their cause is shown at the CODEOWNERS file when the head has
#: one (a fact naming a path, such as a README, at that path).
_CODEOWNERS_FACTS = ("repo.codeowners.", "entity.codeowners.", "entity.ownership.")


def direction(kind: str, old: Any, new: Any) -> int:
    """+1 when ``new`` is better than ``old``, -1 when worse, 0 when neither (or when
    the values are not of the kind's type)."""
    if kind == "true":
        if isinstance(old, bool) and isinstance(new, bool) and old != new:
            return 1 if new else -1
    elif kind == "higher":
        numbers = (int, float)
        if (isinstance(old, numbers) and isinstance(new, numbers)
                and not isinstance(old, bool) and not isinstance(new, bool) and old != new):
            return 1 if new > old else -1
    elif kind == "present" and bool(old) != bool(new):
        return 1 if new else -1
    return 0


@dataclass(frozen=True)
class Reading:
    """A value a scorecard read, known on both sides, that changed."""

    subject: str
    kind: str  # "fact" or "property"
    name: str
    before: Any
    after: Any

    @property
    def direction(self) -> int:
        if self.kind != "fact" or self.name not in FACT_DIRECTIONS:
            return 0
        return direction(FACT_DIRECTIONS[self.name], self.before, self.after)

    def sentence(self, subjects: str) -> str:
        if self.kind == "fact":
            return describe_change(self.name, self.before, self.after, subjects)
        return describe_property(self.name, self.before, self.after, subjects)

    def group(self) -> tuple[str, ...]:
        """Readings with the same group are one cause: a fact change that reads the same
        (whoever it concerns), or one property of one entity."""
        if self.kind == "fact":
            return ("fact", self.sentence("{who}"))
        return ("property", self.subject, self.sentence("{who}"))

    def to_dict(self) -> dict[str, Any]:
        return {"subject": self.subject, "kind": self.kind, "name": self.name,
                "before": self.before, "after": self.after}


def describe_property(path: str, before: Any, after: Any, subject: str) -> str:
    """One sentence for an entity property that changed."""
    empty: tuple[Any, ...] = (None, "", [], {})
    if after in empty and before not in empty:
        return f"{path} was removed from {subject}"
    if before in empty and after not in empty:
        return f"{path} was added to {subject}"
    return f"{path} of {subject} changed from {show(before)} to {show(after)}"


@dataclass
class Turn:
    """A scorecard rule that went from pass to fail (or back) for one subject."""

    subject: str
    card: str
    rule: dict[str, Any]
    worse: bool
    readings: list[Reading]


@dataclass
class Move:
    """A level that moved for one subject and scorecard."""

    subject: str
    card: str
    before: Any
    after: Any
    worse: bool
    turns: list[Turn]
    #: rules that passed on the base and are unknown on the head
    unknown: list[dict[str, Any]]


@dataclass
class _Cause:
    readings: list[Reading] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)


def score_causes(base: Any, head: Any, locations: dict[str, Location],
                 head_facts: Any = None) -> list[Change]:
    """Causes (kinds ``fact``, ``property``, and unexplained ``scorecard-rule`` or
    ``level``) found between two ``scores`` sections, each with its consequences;
    ``head_facts`` (the head's ``facts`` section) tells where CODEOWNERS is."""
    readings, turns, moves = _compare(base, head)
    names = {**titles(base), **titles(head)}
    groups: dict[tuple[str, ...], _Cause] = {}
    for reading in readings:
        groups.setdefault(reading.group(), _Cause()).readings.append(reading)
    for turn in turns:
        groups.setdefault(_group_of(turn), _Cause()).turns.append(turn)
    for move in moves:
        same_way = [turn for turn in move.turns if turn.worse == move.worse]
        key = (_group_of(same_way[0]) if same_way
               else ("level", move.subject, move.card))
        groups.setdefault(key, _Cause()).moves.append(move)
    changes = []
    for cause in groups.values():
        change = _build(cause, names, locations, head_facts)
        if change is not None:
            changes.append(change)
    return changes


def _group_of(turn: Turn) -> tuple[str, ...]:
    """The cause a rule that turned goes under: that of the first value it read that
    changed, else its own."""
    if turn.readings:
        return turn.readings[0].group()
    return ("scorecard-rule", turn.subject, turn.card, str(turn.rule.get("identifier")))


def _compare(base: Any, head: Any) -> tuple[list[Reading], list[Turn], list[Move]]:
    """Every changed reading (once), every rule that turned, every level that moved."""
    before, after = subjects(base), subjects(head)
    defined_before, defined_after = definitions(base), definitions(head)
    readings: dict[tuple[str, str, str], Reading] = {}
    turns: list[Turn] = []
    moves: list[Move] = []
    for subject in sorted(set(before) & set(after)):
        for card in sorted(set(before[subject]) & set(after[subject])):
            old, new = before[subject][card], after[subject][card]
            if not isinstance(old, dict) or not isinstance(new, dict):
                continue
            old_rules = rules_of(old)
            rules_before = defined_before.get(card, {})
            rules_after = defined_after.get(card, {})
            card_turns: list[Turn] = []
            unknown: list[dict[str, Any]] = []
            for identifier, raw in rules_of(new).items():
                raw_before = old_rules.get(identifier)
                if raw_before is None or (raw_before == raw and rules_before.get(identifier)
                                          == rules_after.get(identifier)):
                    continue  # the same result of the same rule: nothing read changed
                previous = join_rule(raw_before, rules_before.get(identifier))
                rule = join_rule(raw, rules_after.get(identifier))
                changed = _changed_readings(subject, previous, rule, readings)
                was, now = previous.get("status"), rule.get("status")
                if {was, now} == {"pass", "fail"}:
                    card_turns.append(Turn(subject, card, rule, now == "fail", changed))
                elif was == "pass" and now == "unknown":
                    unknown.append(rule)
            turns += card_turns
            old_rank, new_rank = old.get("rank"), new.get("rank")
            if isinstance(old_rank, int) and isinstance(new_rank, int) and old_rank != new_rank:
                moves.append(Move(subject, card, old.get("level"), new.get("level"),
                                  new_rank < old_rank, card_turns, unknown))
    return list(readings.values()), turns, moves


def _changed_readings(subject: str, old_rule: dict[str, Any], new_rule: dict[str, Any],
                      seen: dict[tuple[str, str, str], Reading]) -> list[Reading]:
    """The values ``new_rule`` read that are known on both sides and differ, recorded in
    ``seen`` once per (scope, kind, name): a repository fact is the same reading for every
    subject that read it."""
    old_reads = reads(old_rule)
    found: list[Reading] = []
    for (kind, name), leaf in reads(new_rule).items():
        previous = old_reads.get((kind, name))
        if previous is None or "unknown" in (previous.get("status"), leaf.get("status")):
            continue
        if previous.get("actual") == leaf.get("actual"):
            continue
        scope = subject if kind == "property" or name.startswith("entity.") else REPOSITORY
        reading = seen.setdefault((scope, kind, name), Reading(
            scope, kind, name, previous.get("actual"), leaf.get("actual")))
        if reading not in found:
            found.append(reading)
    return found


def _build(cause: _Cause, names: dict[str, str], locations: dict[str, Location],
           head_facts: Any) -> Change | None:
    consequences = [_turn_change(turn, names, locations) for turn in cause.turns]
    consequences += [_move_change(move, names, locations) for move in cause.moves]
    if cause.readings:
        return _reading_cause(cause.readings, consequences, locations, head_facts)
    if cause.turns:  # a rule turned, and no value it read changed
        first, *rest = consequences
        return _with(first, consequences=tuple(rest), message=_standalone_rule(cause.turns[0],
                                                                               names))
    (move,) = cause.moves
    change = consequences[0]
    if move.unknown:
        reasons = "; ".join(_unknown_reason(rule) for rule in move.unknown)
        change = _with(change, message=f"{change.message}: {reasons}")
    return change


def _reading_cause(readings: list[Reading], consequences: list[Change],
                   locations: dict[str, Location], head_facts: Any) -> Change | None:
    worse = any(r.direction < 0 for r in readings) or any(c.regression for c in consequences)
    better = any(r.direction > 0 for r in readings) or any(not c.regression
                                                           for c in consequences)
    if not worse and not better:
        return None  # a value changed, and nothing says it matters
    scope = list(dict.fromkeys(r.subject for r in readings))
    first = readings[0]
    entities = [s for s in scope if s != REPOSITORY]
    file, line = _cause_location(first, entities, consequences, locations, head_facts)
    kind = "fact" if any(r.kind == "fact" for r in readings) else "property"
    severities = [Severity.ERROR if kind == "fact" else Severity.WARNING,
                  *(c.severity for c in consequences if c.regression == worse)]
    return Change(
        kind=kind, regression=worse, severity=max(severities, key=lambda s: s.rank),
        message=first.sentence(join_names([who(s) for s in scope])),
        entity=entities[0] if len(scope) == 1 and entities else None,
        file=file, line=line, subject=first.name, before=first.before, after=first.after,
        consequences=tuple(consequences), values=tuple(r.to_dict() for r in readings),
    )


def _cause_location(reading: Reading, entities: list[str], consequences: list[Change],
                    locations: dict[str, Location], head_facts: Any) -> Location:
    """The file a cause is about: the file the fact names when the head has it, else
    the (first) entity it concerns, else nothing (the repository)."""
    if reading.kind == "fact":
        path = PHRASES.get(reading.name)
        if path is not None and path.path and isinstance(reading.after, str) and reading.after:
            return reading.after, 1
        if reading.name.startswith(_CODEOWNERS_FACTS):
            path = _fact(head_facts, "repo.codeowners.path")
            if isinstance(path, str) and path:
                return path, 1
    for ref in [*entities, *(c.entity for c in consequences if c.entity)]:
        if ref in locations:
            return locations[ref]
    return None, 1


def _fact(facts: Any, dotted: str) -> Any:
    node = facts.get("repository") if isinstance(facts, dict) else None
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _turn_change(turn: Turn, names: dict[str, str], locations: dict[str, Location]
                 ) -> Change:
    rule = turn.rule
    entity = None if turn.subject == REPOSITORY else turn.subject
    file, line = locations.get(turn.subject, (None, 1))  # the repository has no place
    how = "fails now" if turn.worse else "passes now"
    return Change(
        kind="scorecard-rule", regression=turn.worse, severity=Severity.WARNING,
        message=(f"{names.get(turn.card, turn.card)}: rule "
                 f"'{rule.get('title') or rule.get('identifier')}' ({rule.get('level')}) "
                 f"{how} for {who(turn.subject)}"),
        entity=entity, file=file, line=line,
        subject=f"{turn.card}/{rule.get('identifier')}", scorecard=turn.card,
        before="pass" if turn.worse else "fail", after="fail" if turn.worse else "pass",
        fix=rule.get("fix") if turn.worse else None,
    )


def _standalone_rule(turn: Turn, names: dict[str, str]) -> str:
    rule = turn.rule
    how = "passed on the base and fails now" if turn.worse else "failed on the base and passes now"
    return (f"{names.get(turn.card, turn.card)}: rule "
            f"'{rule.get('title') or rule.get('identifier')}' ({rule.get('level')}) {how} "
            f"for {who(turn.subject)}")


def _move_change(move: Move, names: dict[str, str], locations: dict[str, Location]) -> Change:
    entity = None if move.subject == REPOSITORY else move.subject
    file, line = locations.get(move.subject, (None, 1))
    return Change(
        kind="level", regression=move.worse, severity=Severity.ERROR,
        message=(f"{names.get(move.card, move.card)}: level "
                 f"{'dropped' if move.worse else 'rose'} from {move.before} to {move.after} "
                 f"for {who(move.subject)}"),
        entity=entity, file=file, line=line, subject=move.card, scorecard=move.card,
        before=move.before, after=move.after,
    )


def _unknown_reason(rule: dict[str, Any]) -> str:
    reasons = [str(leaf.get("reason")) for leaf in reads(rule).values()
               if leaf.get("status") == "unknown" and leaf.get("reason")]
    title = rule.get("title") or rule.get("identifier")
    because = f" ({'; '.join(dict.fromkeys(reasons))})" if reasons else ""
    return f"rule '{title}' ({rule.get('level')}) could not be evaluated on the head{because}"


def _with(change: Change, **updates: Any) -> Change:
    return replace(change, **updates)
