"""Index the nodes and resolve every edge: one dictionary look-up per reference, so the
whole resolution is linear in the number of references.

The first local definition of a key is the one references reach; later local ones are
recorded as duplicates. Context nodes (the repository's other files, in a run over named
files) come next and count as definitions too: a named file's entity that another file
also defines is a duplicate, as in a whole-repository run. An external node (from an
exported catalog) is known only when no local entity has its key: a central catalog
usually includes this repository too, and the files being checked are the truth.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from catalog_lint.findings import Problem
from catalog_lint.gcpause import collector_paused
from catalog_lint.graph.extract import Plans, lazy_node_for, node_for
from catalog_lint.graph.model import CatalogGraph, Edge, Key, Node
from catalog_lint.model import Entity

#: Nodes made ahead of the build (while files are still being read), by ``id(entity)``.
Prepared = dict[int, tuple[Node, list[Problem]]]


def build(
    entities: Iterable[Entity], external: Iterable[Node] = (), catalogs: Iterable[str] = (),
    context: Iterable[Entity] = (), prepared: Prepared | None = None,
) -> tuple[CatalogGraph, list[tuple[Entity, Problem]]]:
    """The resolved graph of ``entities`` (plus the ``context`` entities of files the run
    does not report on, and known ``external`` nodes), and the shape problems met while
    reading each reported entity's references. ``prepared``: nodes already made by
    :func:`prepare` (used, and taken out)."""
    with collector_paused():  # many long-lived objects, no garbage: see gcpause
        return _build(entities, external, catalogs, context,
                      prepared if prepared is not None else {})


def prepare(entities: Iterable[Entity], prepared: Prepared, plans: Plans,
            seen: set[Key] | None = None, ahead: Callable[[Node, Edge], None] | None = None
            ) -> None:
    """Make the nodes of ``entities`` ahead of the build: a large run does it while other
    processes are still reading files (see ``catalog_lint.parallel``), so this work is
    shared between cores where the build's is not.

    With ``seen`` (the keys of the nodes prepared so far, kept up to date here), each
    reference that no entity read so far answers also gets its position looked up now
    (:attr:`Edge.at`), and is given to ``ahead`` (which makes its finding): most such
    references name entities of other repositories and are reported, and 50,000
    findings then no longer wait for the last file. (A JSON file's positions are
    composed from its text on the first such look-up.)"""
    made: list[tuple[Entity, Node]] = []
    for entity in entities:
        prepared[id(entity)] = result = node_for(entity, plans)
        made.append((entity, result[0]))
    if seen is None:
        return
    # every key of the batch first: a file's entities often point at each other (a
    # component at the API its next document defines), and a look-up they answer would
    # be wasted (for a file read without positions, a whole composition)
    seen.update(node.key for _, node in made)
    for entity, node in made:
        document = entity.document
        if document.substitutions:
            continue  # a placeholder's content is placed in its own file: later
        for edge in node.edges:
            if edge.target not in seen:
                edge.at = document.position_of(edge.path)
                if ahead is not None and edge.kind_ok:
                    ahead(node, edge)


def _build(
    entities: Iterable[Entity], external: Iterable[Node], catalogs: Iterable[str],
    context: Iterable[Entity], prepared: Prepared,
) -> tuple[CatalogGraph, list[tuple[Entity, Problem]]]:
    graph = CatalogGraph(catalogs=list(catalogs))
    problems: list[tuple[Entity, Problem]] = []
    index = graph.index
    plans = Plans()
    for entity in entities:
        made = prepared.pop(id(entity), None)
        node, found = made if made is not None else node_for(entity, plans)
        problems.extend((entity, problem) for problem in found)
        graph.nodes.append(node)
        first = index.get(node.key)
        if first is None:
            index[node.key] = node
        else:
            graph.duplicates.setdefault(node.key, [first]).append(node)
    for entity in context:  # references read only if a check reaches the node
        node = lazy_node_for(entity, plans, index)
        node.context = True
        graph.nodes.append(node)
        graph.context += 1
        first = index.get(node.key)
        if first is None:
            index[node.key] = node
        else:
            graph.duplicates.setdefault(node.key, [first]).append(node)
    for node in external:
        if node.key in index:
            continue
        index[node.key] = node
        graph.nodes.append(node)
        graph.external += 1
    resolve(graph)
    return graph, problems


def resolve(graph: CatalogGraph) -> None:
    index = graph.index
    for node in graph.nodes:
        if node.pending:
            continue  # resolved when they are read
        for edge in node.edges:
            edge.node = found = index.get(edge.target)
            if found is not None and edge.at is not None:
                # a position and a finding made ahead for nothing (prepare): let them go
                edge.at = edge.ahead = None
