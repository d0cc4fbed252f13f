"""The graph rules' logic. Each function walks the resolved graph once and yields
``(node, problem)`` pairs for local nodes; the stage turns them into findings at the
node's document, with the problem's path pointing at the offending reference."""

from __future__ import annotations

from collections.abc import Iterator

from catalog_lint.findings import Finding, Fix, JsonPath, Problem, Severity
from catalog_lint.graph import typos
from catalog_lint.graph.model import BACKSTAGE, CatalogGraph, Edge, Key, Node, short_ref
from catalog_lint.rules._backstage import quote

Found = Iterator[tuple[Node, Problem]]


def label(edge: Edge) -> str:
    """How a message names the place a reference sits: ``spec.owner``, ``relation 'system'``."""
    if edge.source.dialect == BACKSTAGE and edge.relation is not None and edge.relation.field:
        return ".".join(edge.relation.field)
    return f"relation {edge.name!r}"


class _Alternatives:
    """Entities by name whatever their kind, to say "did you mean" (built on first use)."""

    def __init__(self, graph: CatalogGraph) -> None:
        self.graph = graph
        self._by_name: dict[tuple[str, str, str], list[Node]] | None = None

    def of(self, key: Key) -> list[Node]:
        if self._by_name is None:
            by_name: dict[tuple[str, str, str], list[Node]] = {}
            for node in self.graph.index.values():
                by_name.setdefault(self._name(node.key), []).append(node)
            self._by_name = by_name
        return [n for n in self._by_name.get(self._name(key), []) if n.key != key]

    @staticmethod
    def _name(key: Key) -> tuple[str, str, str]:
        dialect, _, namespace, name = key
        return (dialect, namespace, name)


def unresolved(graph: CatalogGraph, complete: bool, judged: bool = True,
               near_misses: bool = True, made_ahead: list[Finding] | None = None
               ) -> Found:
    """References to entities that are not in the catalog; a Port identifier found under
    another blueprint is a wrong target kind instead. A name no entity can have is
    always reported (``unresolvable-reference``); the others only when the run can see
    the catalog (``judged``): a near miss of a known entity is a ``reference-typo`` (when
    ``near_misses``), any other an ``unresolved-reference`` (a warning unless the catalog
    is ``complete``). ``made_ahead``: an unresolved-reference finding already made for
    the edge (:attr:`Edge.ahead`, see :class:`UnresolvedAhead`) is appended to this list
    instead of its problem being yielded, at the point it would have been (50,000 of
    them went one by one through the caller's loop)."""
    alternatives = _Alternatives(graph)
    near = typos.NearEntities(graph) if near_misses else None
    severity = Severity.ERROR if complete else Severity.WARNING
    # What the target alone decides, once per target: a catalog refers to the same few
    # groups and systems of other repositories from thousands of files. With it, the
    # target's messages by field and namespace: the same words for every entity owned
    # by the same missing group (one string, not one per finding).
    verdicts: dict[Key, _Verdict] = {}
    labels: dict[tuple[int, str, bool], str] = {}  # label(edge), by relation and dialect
    for node in graph.nodes:
        if not node.local:
            continue
        namespace, backstage = node.key[2], node.key[0] == BACKSTAGE
        for edge in node.edges:
            if edge.node is not None or not edge.kind_ok:
                continue
            verdict = verdicts.get(edge.target)
            if verdict is None:
                verdict = verdicts[edge.target] = _verdict(edge.target, judged, alternatives,
                                                           near)
            impossible, others, meant, messages = verdict
            if impossible is not None:
                yield node, _unresolvable(node, edge, impossible)
                continue
            if not judged:
                continue
            if not backstage and others:
                other = others[0]
                yield node, Problem(
                    "relation-target-kind",
                    f"{label(edge)} points at blueprint {edge.target[1]!r}, but "
                    f"{edge.target[3]!r} is a {other.kind} (in {other.where})",
                    path=edge.path,
                )
                continue
            if meant:
                yield node, _typo(node, edge, meant[:3])
                continue
            if made_ahead is not None and edge.ahead is not None and not others:
                # its words are those below: no other name is near
                if edge.ahead[0] is not None:  # None: turned off, ignored or suppressed
                    made_ahead.append(edge.ahead[0])
                continue
            labelled = (id(edge.relation), edge.name, backstage)
            where = labels.get(labelled)
            if where is None:
                where = labels[labelled] = label(edge)
            said = messages.get((where, namespace))
            if said is None:
                said = messages[where, namespace] = _unresolved_message(
                    where, edge.target, namespace, others, complete)
            at = edge.at  # the position, when looked up ahead (build.prepare)
            yield node, Problem("unresolved-reference", said, edge.path,
                                None if at is None else at[0], None if at is None else at[1],
                                severity)


class UnresolvedAhead:
    """The unresolved-reference problem :func:`unresolved` makes of an edge when no
    entity answers it and none has its name under another kind, at :attr:`Edge.at`:
    made while files are still read (``graph.stage.prepare``), and used only if so. The
    words are kept by relation and target, as :func:`unresolved` keeps them."""

    def __init__(self, complete: bool) -> None:
        self.complete = complete
        self.severity = Severity.ERROR if complete else Severity.WARNING
        self._labels: dict[tuple[int, str, bool], str] = {}
        self._messages: dict[tuple[str, Key, str], str] = {}

    def problem(self, node: Node, edge: Edge) -> Problem:
        labelled = (id(edge.relation), edge.name, node.key[0] == BACKSTAGE)
        where = self._labels.get(labelled)
        if where is None:
            where = self._labels[labelled] = label(edge)
        worded = (where, edge.target, node.key[2])
        said = self._messages.get(worded)
        if said is None:
            said = self._messages[worded] = _unresolved_message(
                where, edge.target, node.key[2], [], self.complete)
        at = edge.at
        return Problem("unresolved-reference", said, edge.path,
                       None if at is None else at[0], None if at is None else at[1],
                       self.severity)


#: Why no entity can be the target (or None), the entities of its name under other kinds,
#: the near misses, and the unresolved-reference messages made so far (by field and
#: namespace of the referring entity).
_Verdict = tuple[str | None, list[Node], list[Node], dict[tuple[str, str], str]]


def _verdict(target: Key, judged: bool, alternatives: _Alternatives,
             near: typos.NearEntities | None) -> _Verdict:
    impossible = typos.never_resolves(target)
    if impossible is not None or not judged:
        return impossible, [], [], {}
    return None, alternatives.of(target), near.of(target) if near is not None else [], {}


def _unresolved_message(where: str, target: Key, namespace: str, others: list[Node],
                        complete: bool) -> str:
    said = f"{where}: {short_ref(target, namespace)} is not in the catalog"
    if others:
        names = " or ".join(short_ref(o.key, namespace) for o in others[:3])
        return said + f" (did you mean {names}?)"
    if not complete:
        return said + " (if it is defined in another repository, load that catalog with --catalog)"
    return said


def _typo(node: Node, edge: Edge, meant: list[Node]) -> Problem:
    """``spec.system: system "chekout" is not in the catalog; did you mean "checkout"
    (catalog-info.yaml:11)?``; the fingerprint leaves the lines out."""
    _, kind, namespace, _ = edge.target
    written = typos.written_name(edge)
    if node.dialect == BACKSTAGE and namespace != node.namespace:
        written = f"{namespace}/{written}"
    head = f'{label(edge)}: {kind} "{written}" is not in the catalog; did you mean '
    names = [f'"{typos.display_name(other)}"' for other in meant]
    placed = [f"{name} ({typos.defined_at(other)})" for name, other in zip(names, meant, strict=True)]
    return Problem("reference-typo", head + " or ".join(placed) + "?", path=edge.path,
                   identity=head + " or ".join(names) + "?", fix=_typo_fix(edge, meant))


def _typo_fix(edge: Edge, meant: list[Node]) -> Fix | None:
    """The reference rewritten to name the entity meant, in the form it is written in,
    when exactly one entity is near (a guess between two is for a person)."""
    value = typos.written(edge)
    if len(meant) != 1 or not isinstance(value, str):
        return None
    from catalog_lint.rules._fixes import reference_fix

    return reference_fix(value, typos.display_name(meant[0]), edge.path)


def _unresolvable(node: Node, edge: Edge, why: str) -> Problem:
    """A reference no entity can answer; a folded list item says how to unfold it."""
    value = typos.written_value(edge)
    folded = typos.folded_line(node, edge.path)
    if folded is not None:
        line, text = folded
        if edge.path and isinstance(edge.path[-1], int):
            message = (f"{label(edge)}: {quote(value)} is two list items folded into one: "
                       f"{quote(text)} (line {line}) is indented deeper than the item above "
                       "it, so YAML reads it as more of that item; align the dashes")
        else:
            message = (f"{label(edge)}: {quote(value)} has a list item folded into it: "
                       f"{quote(text)} (line {line}) is indented under this value, so YAML "
                       "reads it as more of the value; move it out, or fix its indentation")
        identity = message.replace(f" (line {line})", "")
    else:
        message = f"{label(edge)}: {quote(value)} can never be resolved: {why}"
        identity = None
    return Problem("unresolvable-reference", message, path=edge.path, identity=identity)


def _name_path(node: Node) -> JsonPath:
    return ("metadata", "name") if node.dialect == BACKSTAGE else ("identifier",)


def duplicates(graph: CatalogGraph) -> Found:
    """Each definition of an entity defined more than once, naming the others."""
    for key, nodes in graph.duplicates.items():
        for node in nodes:
            if not node.local:
                continue  # a context file's: reported by a run over that file
            # The same file twice reads "also in this file" rather than naming it.
            others = ", ".join("this file" if o.where == node.where else o.where
                               for o in nodes if o is not node)
            yield node, Problem(
                "duplicate-entity",
                f"{short_ref(key)} is defined {len(nodes)} times; also in {others}",
                path=_name_path(node),
            )


def cycles(graph: CatalogGraph) -> Found:
    """One finding per cycle among edges of a relation marked acyclic, at the reference
    that leaves the cycle's first reported entity (in reference order). Only what the
    run's own entities reach is looked at: a cycle elsewhere is not theirs (and the
    references of context nodes nobody reaches are never read)."""
    by_name: dict[str, list[Edge]] = {}
    reached = {id(node) for node in graph.nodes if node.local}
    stack = [node for node in graph.nodes if node.local]
    while stack:
        for edge in stack.pop().edges:
            target = edge.node
            if target is not None and edge.relation is not None and edge.relation.acyclic:
                by_name.setdefault(edge.name, []).append(edge)
                if id(target) not in reached:
                    reached.add(id(target))
                    stack.append(target)
    for name in sorted(by_name):
        for component in _strongly_connected(by_name[name]):
            cycle = _cycle_in(component)
            if cycle is None:
                continue
            start = next((i for i, e in enumerate(cycle) if e.source.local), None)
            if start is None:
                continue  # a cycle among external entities only is not this repository's
            cycle = cycle[start:] + cycle[:start]
            first = cycle[0]
            chain = " → ".join([short_ref(e.source.key) for e in cycle]
                               + [short_ref(first.source.key)])
            yield first.source, Problem(
                "relation-cycle",
                f"{label(first)} makes a cycle: {chain}",
                path=first.path,
            )


def _strongly_connected(edges: list[Edge]) -> list[set[Node]]:
    """Tarjan's algorithm, iterative (no recursion limit), over the given edges; only
    components that hold a cycle (more than one node, or a self-reference) are returned."""
    out: dict[int, list[Node]] = {}
    nodes: dict[int, Node] = {}
    self_loops: set[int] = set()
    for edge in edges:
        assert edge.node is not None
        nodes[id(edge.source)] = edge.source
        nodes[id(edge.node)] = edge.node
        out.setdefault(id(edge.source), []).append(edge.node)
        if edge.node is edge.source:
            self_loops.add(id(edge.source))
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    result: list[set[Node]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[int, int]] = [(root, 0)]
        while work:
            current, position = work.pop()
            if position == 0:
                index[current] = low[current] = counter
                counter += 1
                stack.append(current)
                on_stack.add(current)
            successors = out.get(current, [])
            descended = False
            while position < len(successors):
                successor = id(successors[position])
                position += 1
                if successor not in index:
                    work.append((current, position))
                    work.append((successor, 0))
                    descended = True
                    break
                if successor in on_stack:
                    low[current] = min(low[current], index[successor])
            if descended:
                continue
            if low[current] == index[current]:
                component: list[int] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == current:
                        break
                if len(component) > 1 or current in self_loops:
                    result.append({nodes[m] for m in component})
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[current])
    return result


def _cycle_in(component: set[Node]) -> list[Edge] | None:
    """A shortest cycle through the component's first node (by reference), as edges."""
    start = min(component, key=lambda n: n.ref)
    parent: dict[int, Edge] = {}
    queue = [start]
    seen = {id(start)}
    for current in queue:  # breadth first, so the cycle shown is a shortest one
        for edge in current.edges:
            target = edge.node
            if target is None or target not in component or edge.relation is None \
                    or not edge.relation.acyclic:
                continue
            if target is start:
                path = [edge]
                while path[0].source is not start:
                    path.insert(0, parent[id(path[0].source)])
                return path
            if id(target) not in seen:
                seen.add(id(target))
                parent[id(target)] = edge
                queue.append(target)
    return None


def inverses(graph: CatalogGraph) -> Found:
    """A reference whose target declares the inverse relation without pointing back."""
    for node in graph.nodes:
        if not node.local:
            continue
        for edge in node.edges:
            relation, target = edge.relation, edge.node
            if relation is None or not relation.inverse or target is None or not edge.kind_ok:
                continue
            inverse = relation.inverse
            if inverse not in target.declared or node.key in target.targets(inverse):
                continue
            declared = target.blueprint.relations.get(inverse) if target.blueprint else None
            where = (".".join(declared.field) if declared is not None and declared.field
                     and target.dialect == BACKSTAGE else f"relation {inverse!r}")
            listed = sorted(short_ref(k, target.namespace) for k in target.targets(inverse))
            said = ", ".join(listed) if listed else "no valid reference"
            yield node, Problem(
                "inverse-relation-mismatch",
                f"{label(edge)} names {short_ref(target.key, node.namespace)}, but its {where} "
                f"(in {target.where}) does not name {short_ref(node.key, target.namespace)} "
                f"(it says: {said})",
                path=edge.path,
            )
