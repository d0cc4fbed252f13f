"""A plan's rules as one Python function: scoring an entity in one call.

An evaluator scores an entity on the rules of a plan (:mod:`catalog_lint.scorecards.evaluate`):
for each rule, it reads the values the rule's conditions read and looks up the result kept
for them. Done a step at a time, that is a dozen Python calls per entity, and a large
run's scoring was mostly those calls. A program does the same in straight-line code,
generated once per plan (as fastjsonschema compiles a schema): every path is walked once
for all the rules that read under it (``spec``, ``metadata.annotations``, the entity's
``entity.*`` facts), a list's items under one key (``metadata.links[*].type``) are taken
in place, and each kept result is looked up in place. What is not a plain read or
look-up (a value not seen before, a nested query, a path with an index or another
wildcard, a fact the walk does not find) calls the evaluator's own code, so a program's
results are the very objects the step-by-step way gives (the tests compare the two).

Nothing a scorecard says is written into the code: keys, paths, names and kept results
are constants bound by name (``C7``), so a scorecard from an untrusted repository cannot
put code in it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from catalog_lint.scorecards import paths

if TYPE_CHECKING:
    from catalog_lint.scorecards.evaluate import Evaluator, Subject, _Planned

#: A program: fills ``results[position]`` for each position it was made for.
Program = Callable[["Subject", "list[Any]"], None]


#: Lines of code a program may have: Python compiles about 30 µs a line, so a scorecard of
#: thousands of rules (one a pull request wrote, say) is scored step by step instead. A
#: real scorecard's program has tens of lines.
MOST_LINES = 2000


def compile_program(evaluator: Evaluator, steps: Sequence[_Planned],
                    positions: Sequence[int]) -> Program | None:
    """The program that scores an entity (a subject with data) on the rules at
    ``positions`` of a plan's ``steps``, as :meth:`Evaluator._result` does each;
    ``None`` when it would be longer than :data:`MOST_LINES`."""
    from catalog_lint.scorecards import evaluate

    return _Writer(evaluator, evaluate).program(steps, positions)


class _Writer:
    def __init__(self, evaluator: Evaluator, evaluate: Any) -> None:
        self.evaluator = evaluator
        self.evaluate = evaluate
        self.lines = ["def program(subject, results):", "    data = subject.data",
                      "    facts = subject.entity_facts",
                      "    facts = facts.tree if facts is not None else None"]
        self.namespace: dict[str, Any] = {
            "MISSING": paths.MISSING, "KEPT": evaluate._KEPT, "VALUES_KEY": evaluate.values_key,
            "RESOLVE": paths.resolve, "READ": evaluate._read}
        #: the local holding each value walked to, by its root (``data`` or ``facts``)
        #: and its path
        self.walked: dict[tuple[str, ...], str] = {("data",): "data", ("facts",): "facts"}
        self.locals = 0

    def program(self, steps: Sequence[_Planned], positions: Sequence[int]) -> Program | None:
        for position in positions:
            self._step(position, steps[position])
            if len(self.lines) > MOST_LINES:
                return None
        code = compile("\n".join(self.lines) + "\n", "<scorecard program>", "exec")
        exec(code, self.namespace)  # our own lines: what the scorecard says is bound by name
        program: Program = self.namespace["program"]
        return program

    def _step(self, position: int, step: _Planned) -> None:
        rule, shared, compiled, single, kept, _early, reader = step
        evaluator = self.evaluator
        if shared is not None:
            self._line(f"results[{position}] = {self._constant(shared)}")
        elif single is not None:
            value = self._read(*single)
            store, miss = self._constant(kept), self._constant(
                partial(evaluator.single_miss, rule, compiled, kept))
            self._line(f"c = {value}.__class__")
            self._line(f"r = {store}.get((c, {value})) if c in KEPT else None")
            self._line(f"results[{position}] = r if r is not None else {miss}(subject, {value})")
        elif reader is not None:
            values = [self._read(how, where) for how, where in reader.reads]
            store, miss = self._constant(kept), self._constant(
                partial(evaluator.several_miss, rule, compiled, kept))
            self._line(f"vs = ({', '.join(values)},)")
            self._line(f"cs = ({', '.join(f'{value}.__class__' for value in values)},)")
            self._line("key = (cs, vs) if KEPT.issuperset(cs) else VALUES_KEY(vs)")
            self._line(f"r = {store}.get(key) if key is not None else None")
            self._line(f"results[{position}] = r if r is not None else {miss}(subject, vs, key)")
        else:  # a nested query, or a rule evaluated the plain way
            result = self._constant(partial(_step_result, evaluator, step))
            self._line(f"results[{position}] = {result}(subject)")

    def _read(self, how: int, where: Any) -> str:
        """A local holding the value read. Paths of keys are walked here, each part once
        for the whole program: an entity's property (``spec.owner``), the items of a
        list under one (``metadata.links[*].type``), an ``entity.*`` fact. Anything
        else, and whatever such a walk does not find, is read as the evaluator reads it
        (it knows what a missing fact is, for one)."""
        evaluate = self.evaluate
        keys = type(where) is tuple and all(type(part) is str for part in where)
        if how == evaluate._PROPERTY and keys and paths.WILDCARD not in where:
            return self._walk(("data", *where))
        name = self._local()
        if how == evaluate._PROPERTY and keys and where.count(paths.WILDCARD) == 1 \
                and len(where) - where.index(paths.WILDCARD) == 2:
            # [*] then a key: the key's value in each item that is a mapping and has it
            items = self._walk(("data", *where[:-2]))
            key = self._constant(where[-1])
            found = f"[x for i in {{}} if i.__class__ is dict and (x := i.get({key}, MISSING)) is not MISSING]"
            self._line(f"if {items}.__class__ is list:")
            self._line(f"    {name} = {found.format(items)}")
            self._line(f"elif {items}.__class__ is dict:")
            self._line(f"    {name} = {found.format(items + '.values()')}")
            self._line("else:")
            self._line(f"    {name} = MISSING")
            return name
        if how == evaluate._ENTITY_FACT:
            found = self._walk(("facts", *where.split(".")))
            self._line(f"{name} = {found} if {found} is not MISSING "
                       f"else READ({how}, {self._constant(where)}, subject)")
            return name
        if how == evaluate._PROPERTY:
            self._line(f"{name} = RESOLVE(data, {self._constant(where)})")
        else:
            self._line(f"{name} = READ({how}, {self._constant(where)}, subject)")
        return name

    def _walk(self, path: tuple[str, ...]) -> str:
        """The local holding the value at ``path`` (its first item: ``data`` or
        ``facts``), as :func:`paths.resolve` finds it; MISSING where it is not."""
        name = self.walked.get(path)
        if name is None:
            parent = self._walk(path[:-1])
            name = self.walked[path] = self._local()
            self._line(f"{name} = {parent}.get({self._constant(path[-1])}, MISSING) "
                       f"if {parent}.__class__ is dict else MISSING")
        return name

    def _local(self) -> str:
        self.locals += 1
        return f"v{self.locals}"

    def _constant(self, value: Any) -> str:
        name = f"C{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def _line(self, text: str) -> None:
        self.lines.append(f"    {text}")


def _step_result(evaluator: Evaluator, step: _Planned, subject: Subject) -> Any:
    rule, _, compiled, single, kept, _, reader = step
    return evaluator._result(rule, compiled, single, kept, subject, reader)
