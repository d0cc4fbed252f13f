"""Evaluate scorecards with Port's level semantics.

A condition passes, fails, or is unknown (it read an ``Unknown`` fact). Queries combine
them in three-valued logic: ``and`` fails when any part fails, else is unknown when any
part is unknown; ``or`` passes when any part passes, else is unknown when any part is
unknown. A rule is its query. Unknown counts as not passed.

The first level needs no rules; a subject reaches a higher level when every rule of that
level and of every level below passes.

The results are plain JSON in the ``scores`` section's version 2 (docs/scorecards.md): a
scorecard's rules are described once (:func:`card_definition`), and a subject's result
carries only what varies, each rule's and condition's result parallel to its definition
(:mod:`catalog_lint.scorecards.results` joins them back). What reads only repository
facts is the same for every entity of a run, so it is evaluated once and shared (the same
dict in every result): a whole rule when every condition of it reads repository facts, a
condition otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from catalog_lint.scorecards.programs import Program


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
        how, where = _reader(condition, self.dialect)
        return _read(how, where, self)


# -- definitions: what a scorecard asks, written once -----------------------------------


def card_definition(card: Scorecard) -> dict[str, Any]:
    """An item of the section's ``scorecards``: the card and every rule's definition."""
    return {
        "identifier": card.identifier,
        "title": card.title,
        "description": card.description,
        "levels": card.level_titles,
        "rules": [rule_definition(rule) for rule in card.rules],
        "source": card.source,
    }


def rule_definition(rule: ScoreRule) -> dict[str, Any]:
    return {
        "identifier": rule.identifier,
        "title": rule.title,
        "level": rule.level,
        "combinator": rule.query.combinator,
        "conditions": [_item_definition(item) for item in rule.query.conditions],
        "fix": rule.description,
    }


def _item_definition(item: Condition | Query) -> dict[str, Any]:
    if isinstance(item, Query):
        return {"combinator": item.combinator,
                "conditions": [_item_definition(part) for part in item.conditions]}
    found: dict[str, Any] = {item.kind: item.subject, "operator": item.operator}
    if item.value is not None:
        found["value"] = _as_json(item.value)
    if item.dialect is not None:
        found["dialect"] = item.dialect
    return found


# -- results: what varies from subject to subject ----------------------------------------

#: What a condition, a query or a rule gave: its status and its result's JSON.
Outcome = tuple[Status, dict[str, Any]]


def evaluate_condition(condition: Condition, subject: Subject) -> Outcome:
    return _outcome(condition, subject.read(condition))


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


def evaluate_query(query: Query, subject: Subject) -> tuple[Status, list[dict[str, Any] | None]]:
    """The query's status and its conditions' results, parallel to its definition: a
    condition for entities of the other dialect is left out (``None``), as if it were
    not written. The plain way, condition by condition (:class:`Evaluator` runs the same
    logic from compiled plans)."""
    statuses: list[Status] = []
    parts: list[dict[str, Any] | None] = []
    for item in query.conditions:
        if not item.applies(subject.dialect):
            parts.append(None)
            continue
        if isinstance(item, Query):
            status, nested = evaluate_query(item, subject)
            parts.append({"status": status, "conditions": nested})
        else:
            status, part = evaluate_condition(item, subject)
            parts.append(part)
        statuses.append(status)
    return combine(query.combinator, statuses), parts


def evaluate_rule(rule: ScoreRule, subject: Subject) -> dict[str, Any]:
    status, conditions = evaluate_query(rule.query, subject)
    return {"identifier": rule.identifier, "status": status, "conditions": conditions}


# -- the evaluator: compiled plans, and what is shared ------------------------------------

# How a compiled query gets each of its parts (the first item of a step).
_SKIP = 0  # a condition for the other dialect: None
_KNOWN = 1  # an outcome known for every subject: (status, result)
_PROPERTY = 2  # an entity property: its path
_ENTITY_FACT = 3  # an ``entity.*`` fact: its name
_REPO_FACT = 4  # a repository fact (compiled, every one is shared): its name
_NESTED = 5  # a nested query: its compiled form
# A step is (how, what the comment above says, (condition, outcomes kept by value) for
# the three that read a value).

#: ``(is_and, steps)``: a query compiled for one dialect.
Compiled = tuple[bool, tuple[tuple[int, Any, Any], ...]]

#: Value classes whose outcomes are kept by value: the same value read by the same
#: condition gives the same outcome, whichever entity it came from.
_KEPT = frozenset({str, int, bool, type(None), type(paths.MISSING), Unknown})
#: Distinct values kept per condition, at most: a condition that reads a different value
#: for every entity (a description) gains nothing from keeping them.
_KEPT_PER_CONDITION = 256
#: Lists whose outcomes are kept too, by their items, when every item is a string (the
#: types or titles of an entity's links, its tags): ``[1]`` and ``[True]`` are equal
#: lists, and their outcomes need not be.
_KEPT_ITEMS = frozenset({str})
#: Results kept per rule that reads several values, at most (by the outcomes it met).
_KEPT_RESULTS = 1024


class Evaluator:
    """Evaluates scorecards for the subjects of one run, sharing what can be shared:
    rules that read only repository facts are evaluated once, and so are the repository
    facts of the other rules; the outcome of a condition on a value it has seen before is
    reused. Each rule is compiled once per dialect into a plan of steps, so that scoring
    an entity is a loop over the steps. ``share=False`` evaluates every rule for every
    subject the plain way (:func:`evaluate_rule`; the tests check both agree)."""

    def __init__(self, scorecards: Iterable[Scorecard], repo_facts: FactSet,
                 root_facts: FactSet | None = None, *, share: bool = True,
                 known_early: frozenset[str] = frozenset(),
                 programs_after: int | None = None) -> None:
        self.scorecards = list(scorecards)
        #: entities scored the step-by-step way on a plan before it is made a program
        self.programs_after = PROGRAMS_AFTER if programs_after is None else programs_after
        #: facts known before any entity file is read (by name): a rule that reads only
        #: them and the entity's data can be scored ahead (:meth:`ahead`)
        self.known_early = known_early
        self.repo_facts = repo_facts
        self.repository = Subject(None, "repository", repo_facts, root_facts or FactSet())
        self.share = share
        #: whole rules that read only repository facts: their result, by (card, rule)
        self._rules: dict[tuple[str, str], dict[str, Any]] = {}
        #: conditions that read a repository fact: their outcome, by ``id``
        self._conditions: dict[int, Outcome] = {}
        #: outcomes by ``id`` of the condition, then by (class of the value, value)
        self._outcomes: dict[int, dict[tuple[type, Any], Outcome]] = {}
        #: the level part of results (all but the rules), by scorecard and counts
        self._levels: dict[tuple[Any, ...], dict[str, Any]] = {}
        #: per (card, dialect): the rules that score such a subject (:meth:`_plan`)
        self._plans: dict[tuple[str, str], _Plan] = {}
        if not share:
            return
        for card in self.scorecards:
            for rule in card.rules:
                if not rule.reads_entity:
                    self._rules[(card.identifier, rule.identifier)] = evaluate_rule(
                        rule, self.repository)
                else:
                    for condition in _repository_conditions(rule.query):
                        self._conditions[id(condition)] = evaluate_condition(
                            condition, self.repository)

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

    def score(self, card: Scorecard, subject: Subject,
              ready: Sequence[dict[str, Any] | None] | None = None) -> dict[str, Any]:
        """One scorecard's result for one subject (see docs/scorecards.md, JSON shape).
        ``ready``: the results :meth:`ahead` made for this card and subject, if any."""
        plan = self._plan(card, subject)
        results: list[Any]  # every item a result once the positions to do are done
        if ready is None:
            results = list(plan.base)
            todo = plan.todo
        else:
            results = list(ready)
            for position, shared in plan.shared:
                results[position] = shared
            todo = plan.todo_after_ahead
        program = self._program(plan, todo) if subject.data is not None else None
        if program is not None:
            program(subject, results)
        else:
            steps = plan.steps
            for position in todo:
                rule, _, compiled, single, kept, _, reader = steps[position]
                results[position] = self._result(rule, compiled, single, kept, subject, reader)
        # the level part depends on the statuses alone: found once per distinct list
        statuses = tuple(map(_STATUS, results))
        levels = plan.levels.get(statuses)
        if levels is None:
            levels = self._level_part(card, plan, statuses)
        return {**levels, "rules": results}

    def _level_part(self, card: Scorecard, plan: _Plan, statuses: tuple[Status, ...]
                    ) -> dict[str, Any]:
        """The level part of a result (all but its rules) for these statuses of the
        plan's rules; subjects with the same counts share it (the same dict)."""
        titles = card.level_titles
        passed = [0] * len(titles)
        total = [0] * len(titles)
        counts = {PASS: 0, FAIL: 0, UNKNOWN: 0}
        for status, level in zip(statuses, plan.level_indexes, strict=True):
            counts[status] += 1
            total[level] += 1
            if status == PASS:
                passed[level] += 1
        key = (card.identifier, tuple(passed), tuple(total), tuple(counts.values()))
        levels = self._levels.get(key)
        if levels is None:
            levels = self._levels[key] = level_result(titles, passed, total, counts, [])
        if len(plan.levels) < _LEVELS_KEPT_PER_PLAN:
            plan.levels[statuses] = levels
        return levels

    def ahead(self, card: Scorecard, subject: Subject) -> list[dict[str, Any] | None]:
        """The results of ``card``'s rules that read the entity's data and the facts
        known early alone (``known_early``: the file facts), for :meth:`score`'s
        ``ready`` (``None`` for the others): no other fact goes into them, so a large run
        makes them while files are still being read, on an evaluator made before the
        other facts are known (``scorecards.stage.prepare``). The rules of a card are
        planned alike by every evaluator given the same ``known_early``, so the
        positions match."""
        plan = self._plan(card, subject)
        program = self._program(plan, plan.early) if subject.data is not None else None
        if program is not None:
            results: list[dict[str, Any] | None] = [None] * len(plan.steps)
            program(subject, results)
            return results
        return [self._result(rule, compiled, single, kept, subject, reader) if early else None
                for rule, _, compiled, single, kept, early, reader in plan.steps]

    def _program(self, plan: _Plan, positions: tuple[int, ...]) -> Program | None:
        """The plan's program for the rules at ``positions`` (:mod:`.programs`), once
        the plan has scored :attr:`programs_after` entities: a run of a few files does
        not pay for making it. ``None``: score step by step (also for good, when the
        rules are too many for a program, see :data:`.programs.MOST_LINES`)."""
        program = plan.programs.get(positions, _NOT_MADE)
        if program is _NOT_MADE:
            if plan.uses < self.programs_after:
                plan.uses += 1
                return None
            from catalog_lint.scorecards.programs import compile_program

            program = plan.programs[positions] = compile_program(self, plan.steps, positions)
        return program

    def _result(self, rule: ScoreRule, compiled: Compiled | None, single: tuple[int, Any] | None,
                kept: dict[Any, dict[str, Any]], subject: Subject,
                reader: _Reader | None = None) -> dict[str, Any]:
        """A rule's result for ``subject``: kept by the values it reads (the same values
        give the same result), else evaluated."""
        if single is not None:
            how, where = single
            if how == _PROPERTY and subject.data is not None:
                value = paths.resolve(subject.data, where)  # the common case, inline
            else:
                value = _read(how, where, subject)
            kind = value.__class__
            if kind in _KEPT:
                result = kept.get((kind, value))
                if result is not None:
                    return result
            return self.single_miss(rule, compiled, kept, subject, value)
        if reader is not None:
            # A rule that reads several values, none in a nested query: kept by the
            # values, when each is one whose outcome is kept (the dashboards rule reads
            # five, and most entities have none of them).
            values = reader.read(subject)
            key = values_key(values)
            if key is not None:
                result = kept.get(key)
                if result is not None:
                    return result
            return self.several_miss(rule, compiled, kept, subject, values, key)
        elif compiled is not None:
            # A rule that reads several values: kept by the outcomes its conditions met,
            # when each is one kept for good (the same outcomes make the same result).
            status, conditions, lasting = self._run(compiled, subject)
            if not lasting:
                return {"identifier": rule.identifier, "status": status, "conditions": conditions}
            met = tuple(map(id, conditions))
            result = kept.get(met)
            if result is None:
                result = {"identifier": rule.identifier, "status": status, "conditions": conditions}
                if len(kept) < _KEPT_RESULTS:
                    kept[met] = result
            return result
        return self._evaluate(rule, compiled, subject)

    def single_miss(self, rule: ScoreRule, compiled: Compiled | None,
                    kept: dict[Any, dict[str, Any]], subject: Subject, value: Any
                    ) -> dict[str, Any]:
        """The result of a rule that reads one value, ``value``, when none is kept for
        it: evaluated, and kept when its class is one kept, while there is room."""
        result = self._evaluate(rule, compiled, subject, (value,))
        kind = value.__class__
        if kind in _KEPT and len(kept) < _KEPT_PER_CONDITION:
            kept[(kind, value)] = result
        return result

    def several_miss(self, rule: ScoreRule, compiled: Compiled | None,
                     kept: dict[Any, dict[str, Any]], subject: Subject, values: tuple[Any, ...],
                     key: Any) -> dict[str, Any]:
        """The result of a rule that reads several ``values`` (no nested query), when
        none is kept for them by ``key`` (:func:`values_key`): evaluated, and kept when
        every part of it is an outcome kept (no more memory than the outcomes), while
        there is room."""
        assert compiled is not None  # a rule that reads values is compiled
        status, conditions, lasting = self._run(compiled, subject, values)
        result = {"identifier": rule.identifier, "status": status, "conditions": conditions}
        if key is not None and lasting and len(kept) < _KEPT_RESULTS:
            kept[key] = result
        return result

    def _evaluate(self, rule: ScoreRule, compiled: Compiled | None, subject: Subject,
                  values: tuple[Any, ...] | None = None) -> dict[str, Any]:
        if compiled is None:
            return evaluate_rule(rule, subject)
        status, conditions, _ = self._run(compiled, subject, values)
        return {"identifier": rule.identifier, "status": status, "conditions": conditions}

    def _plan(self, card: Scorecard, subject: Subject) -> _Plan:
        """The rules that score ``subject``, in order, each with its shared result or its
        compiled query (``None`` for both: evaluate it the plain way), the one value it
        reads (when it reads one), its results kept by that value (or, for a rule that
        reads several, by the outcomes its conditions met), and whether it reads the
        entity's data and the facts known early alone (:meth:`ahead`)."""
        entity = subject.data is not None
        key = (card.identifier, subject.dialect if entity else "")
        plan = self._plans.get(key)
        if plan is not None:
            return plan
        steps: list[_Planned] = []
        for rule in card.rules:
            if entity and not rule.query.applies(subject.dialect):
                continue  # every condition is for the other dialect: not this entity's rule
            if not entity and rule.reads_property:
                continue  # the repository has no entity data: rules that read it do not score it
            shared = self._rules.get((card.identifier, rule.identifier))
            compiled = (self._compile(rule.query, subject.dialect)
                        if self.share and shared is None else None)
            reads = list(_reads(compiled)) if compiled is not None else []
            early = compiled is not None and entity and all(
                leaf.kind == "property" or self._known_early(leaf.subject)
                for leaf in rule.query.leaves())
            flat = compiled is not None and all(how != _NESTED for how, _, _ in compiled[1])
            steps.append((rule, shared, compiled, reads[0] if flat and len(reads) == 1 else None,
                          {}, early, _Reader(reads) if flat and len(reads) > 1 else None))
        plan = self._plans[key] = _Plan(steps)
        return plan

    def _known_early(self, name: str) -> bool:
        """Whether the fact ``name`` (or the one it reads into) is known early."""
        return name in self.known_early or any(
            name.startswith(known + ".") for known in self.known_early)

    def _compile(self, query: Query, dialect: str) -> Compiled:
        steps: list[tuple[int, Any, Any]] = []
        for item in query.conditions:
            if not item.applies(dialect):
                steps.append((_SKIP, None, None))
            elif isinstance(item, Query):
                steps.append((_NESTED, self._compile(item, dialect), None))
            elif id(item) in self._conditions:
                steps.append((_KNOWN, self._conditions[id(item)], None))
            else:
                how, where = _reader(item, dialect)
                steps.append((how, where, (item, self._outcomes.setdefault(id(item), {}))))
        return query.combinator == "and", tuple(steps)

    def _run(self, compiled: Compiled, subject: Subject, values: tuple[Any, ...] | None = None
             ) -> tuple[Status, list[dict[str, Any] | None], bool]:
        """:func:`evaluate_query`, from a compiled query; and whether every part is an
        outcome kept for as long as this evaluator lives (then the same parts are the
        same objects). ``values``: what its steps read, read already (a query with no
        nested one)."""
        is_and, steps = compiled
        given = iter(values) if values is not None else None
        parts: list[dict[str, Any] | None] = []
        passed = failed = unknown = False
        lasting = True
        for how, where, item in steps:
            if how == _KNOWN:
                status, part = where
            elif how == _NESTED:
                status, nested, _ = self._run(where, subject)
                part = {"status": status, "conditions": nested}
                lasting = False
            elif how == _SKIP:
                parts.append(None)
                continue
            else:
                if given is not None:
                    value = next(given)
                elif how == _PROPERTY and subject.data is not None:
                    value = paths.resolve(subject.data, where)  # the common case, inline
                else:
                    value = _read(how, where, subject)
                condition, kept = item
                kind = value.__class__
                if kind in _KEPT:
                    key: Any = (kind, value)
                elif kind is list and _KEPT_ITEMS.issuperset(map(type, value)):
                    key = (list, tuple(value))
                else:
                    key = None
                if key is None:
                    status, part = _outcome(condition, value)
                    lasting = False
                else:
                    outcome = kept.get(key)
                    if outcome is None:
                        outcome = _outcome(condition, value)
                        if len(kept) < _KEPT_PER_CONDITION:
                            kept[key] = outcome
                        else:
                            lasting = False
                    status, part = outcome
            parts.append(part)
            if status == PASS:
                passed = True
            elif status == FAIL:
                failed = True
            else:
                unknown = True
        if is_and:
            return (FAIL if failed else UNKNOWN if unknown else PASS), parts, lasting
        return (PASS if passed else UNKNOWN if unknown else FAIL), parts, lasting


#: A rule in a plan: the rule, its shared result, its compiled query, the one value it
#: reads ``(how, where)`` when it reads one, its results kept by the values it reads (by
#: the outcomes met, when a nested query reads some), whether it reads the entity's data
#: and the facts known early alone, and the reader of its values when it reads several
#: and has no nested query.
_Planned = tuple[ScoreRule, "dict[str, Any] | None", "Compiled | None", "tuple[int, Any] | None",
                 "dict[Any, dict[str, Any]]", bool, "_Reader | None"]


class _Reader:
    """Reads the values of a rule's conditions, in their order, walking each path that
    several of them share only once: the four annotations of the dashboards rule are
    four look-ups in ``metadata.annotations``, found once."""

    __slots__ = ("leaves", "parents", "reads")

    def __init__(self, reads: Sequence[tuple[int, Any]]) -> None:
        self.reads = tuple(reads)
        parents: list[tuple[paths.Part, ...]] = []
        leaves: list[tuple[int, Any, int]] = []  # (how, where, the parent's slot or -1)
        for how, where in reads:
            if how == _PROPERTY and where and type(where[-1]) is str \
                    and paths.WILDCARD not in where:
                parent = where[:-1]
                if parent not in parents:
                    parents.append(parent)
                leaves.append((how, where[-1], parents.index(parent)))
            else:
                leaves.append((how, where, -1))
        self.parents = tuple(parents)
        self.leaves = tuple(leaves)

    def read(self, subject: Subject) -> tuple[Any, ...]:
        data = subject.data
        if data is None:  # not an entity: each the plain way
            return tuple(_read(how, where, subject) if slot < 0 else
                         _read(how, (*self.parents[slot], where), subject)
                         for how, where, slot in self.leaves)
        resolve, missing = paths.resolve, paths.MISSING
        found = [resolve(data, parent) for parent in self.parents]
        values = []
        for how, where, slot in self.leaves:
            if slot < 0:
                values.append(_read(how, where, subject))
            else:  # as paths.resolve takes a last step that is a key
                parent = found[slot]
                values.append(parent.get(where, missing) if parent.__class__ is dict else missing)
        return tuple(values)


def values_key(values: tuple[Any, ...]) -> tuple[tuple[type, ...], tuple[Any, ...]] | None:
    """What keeps a result by the values its rule read: their classes (``1`` and ``True``
    are equal, and their outcomes need not be) and the values, lists of strings as
    tuples; ``None`` when a value is not one whose outcome is kept."""
    classes = tuple(map(type, values))
    if _KEPT.issuperset(classes):
        return classes, values
    items = []
    for value in values:
        kind = value.__class__
        if kind is list and _KEPT_ITEMS.issuperset(map(type, value)):
            items.append(tuple(value))
        elif kind in _KEPT:
            items.append(value)
        else:
            return None
    return classes, tuple(items)


_NOT_MADE: Any = object()
#: Entities a plan scores the step-by-step way before it is made a program: making one
#: takes about as long as scoring this many entities the step-by-step way.
PROGRAMS_AFTER = 32
#: A plan keeps the level part for this many distinct lists of statuses, at most.
_LEVELS_KEPT_PER_PLAN = 4096
_STATUS = itemgetter("status")


class _Plan:
    """The rules that score a kind of subject (:meth:`Evaluator._plan`), with what
    :meth:`Evaluator.score` needs ready: the results every subject shares, the positions
    to evaluate for each subject (with or without results made ahead), each rule's
    level, and the level parts found so far by the list of statuses."""

    __slots__ = (
        "base",
        "early",
        "level_indexes",
        "levels",
        "programs",
        "shared",
        "steps",
        "todo",
        "todo_after_ahead",
        "uses",
    )

    def __init__(self, steps: list[_Planned]) -> None:
        self.steps = steps
        self.base: list[dict[str, Any] | None] = [step[1] for step in steps]
        self.shared = tuple((position, step[1]) for position, step in enumerate(steps)
                            if step[1] is not None)
        self.todo = tuple(position for position, step in enumerate(steps) if step[1] is None)
        self.todo_after_ahead = tuple(position for position in self.todo
                                      if not steps[position][5])
        self.early = tuple(position for position, step in enumerate(steps) if step[5])
        #: programs (:mod:`.programs`) by the positions they score, and the subjects
        #: scored before they were made
        self.programs: dict[tuple[int, ...], Program | None] = {}
        self.uses = 0
        self.level_indexes = tuple(step[0].level_index for step in steps)
        self.levels: dict[tuple[Status, ...], dict[str, Any]] = {}


def _reads(compiled: Compiled) -> Iterable[tuple[int, Any]]:
    """``(how, where)`` of every value a compiled query reads for each subject."""
    for how, where, _item in compiled[1]:
        if how == _NESTED:
            yield from _reads(where)
        elif how in (_PROPERTY, _ENTITY_FACT, _REPO_FACT):
            yield how, where


def _reader(condition: Condition, dialect: str) -> tuple[int, Any]:
    """How ``condition`` reads its value from a subject of ``dialect``: ``(how, where)``
    for :func:`_read`."""
    if condition.kind == "property":
        return _PROPERTY, condition.port_path if dialect == "port" else condition.path
    if condition.subject.startswith("entity."):
        return _ENTITY_FACT, condition.subject
    return _REPO_FACT, condition.subject


def _read(how: int, where: Any, subject: Subject) -> Any:
    """The value a condition reads from ``subject``, as :func:`_reader` says."""
    if how == _PROPERTY:
        if subject.data is None:  # never reached: such rules do not score the repository
            return Unknown("the repository has no entity properties")
        return paths.resolve(subject.data, where)
    if how == _ENTITY_FACT:
        facts = subject.entity_facts
        return facts.get(where) if facts is not None else Unknown("not an entity")
    return subject.repo_facts.get(where)


def _outcome(condition: Condition, value: Any) -> Outcome:
    """What ``condition`` gives on ``value`` (:func:`evaluate_condition`, once read)."""
    if value.__class__ is Unknown:
        return UNKNOWN, {"status": UNKNOWN, "actual": None, "reason": value.reason}
    status: Status = PASS if condition.test(value) else FAIL
    return status, {"status": status,
                    "actual": None if value is paths.MISSING else _as_json(value)}


def _repository_conditions(query: Query) -> Iterable[Condition]:
    """The conditions of ``query`` (nested ones too) that read a repository fact."""
    for item in query.conditions:
        if isinstance(item, Query):
            yield from _repository_conditions(item)
        elif item.kind == "fact" and not item.subject.startswith("entity."):
            yield item


def level_result(titles: list[str], passed: list[int], total: list[int],
                 counts: dict[Status, int], results: list[dict[str, Any]]) -> dict[str, Any]:
    """Port's semantics: the highest level whose rules, and those of every level below,
    all pass (``passed`` and ``total``: the rules of each level that pass and that
    scored the subject)."""
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
