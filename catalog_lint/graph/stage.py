"""The graph stage of the pipeline: after every file is read, follow Location targets,
load the exported catalogs asked for, resolve every reference, and report what is wrong
with the edges. Runs on whatever entities the files gave: a broken file simply adds no
entity, and the rest of the graph is still checked.

Options (``RunOptions.extra``): ``complete`` (bool), ``catalogs`` (files or URLs, relative
to the current folder), ``allow_url`` (bool), ``catalog_timeout`` (seconds),
``catalog_max_bytes``. Config keys: ``catalog: complete|partial``, ``catalogs``.
"""

from __future__ import annotations

from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from catalog_lint.graph import checks, locations
from catalog_lint.graph.build import build
from catalog_lint.graph.exchange import FetchLimits, load
from catalog_lint.graph.model import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, CatalogGraph, Node

if TYPE_CHECKING:
    from catalog_lint.config import Config
    from catalog_lint.pipeline import Run, RunOptions
    from catalog_lint.snapshot import Snapshot


def run(run: Run) -> None:
    analyse(run)


def is_complete(run: Run) -> bool:
    extra = run.options.extra.get("complete")
    if extra is not None:
        return bool(extra)
    return run.config.get("catalog") == "complete"


def catalog_sources(run: Run) -> list[tuple[str, Path]]:
    """Each catalog to load, with the folder a relative file path starts from."""
    sources = [(str(c), run.config.root) for c in run.config.get("catalogs", [])]
    sources += [(str(c), Path.cwd()) for c in run.options.extra.get("catalogs", ())]
    return sources


def fetch_limits(run: Run) -> FetchLimits:
    extra = run.options.extra
    return FetchLimits(
        allow_url=bool(extra.get("allow_url", False)),
        timeout=float(extra.get("catalog_timeout") or DEFAULT_TIMEOUT),
        max_bytes=int(extra.get("catalog_max_bytes") or DEFAULT_MAX_BYTES),
    )


def load_external(run: Run) -> tuple[list[Node], list[str]]:
    limits = fetch_limits(run)
    nodes: list[Node] = []
    names: list[str] = []
    for location, base in dict.fromkeys(catalog_sources(run)):
        nodes.extend(load(location, base, limits, run.blueprints))
        names.append(location)
    return nodes, names


def analyse(run: Run) -> CatalogGraph:
    """Build, resolve and check the graph of the run's entities; emit the findings."""
    stats = locations.follow(run)
    external, names = load_external(run)
    graph, shape_problems = build(run.entities, external, names)
    for entity, problem in shape_problems:
        run.emit(problem, doc=entity.document)
    found = chain(
        checks.duplicates(graph),
        checks.unresolved(graph, is_complete(run)),
        checks.cycles(graph),
        checks.inverses(graph),
    )
    for node, problem in found:
        assert node.entity is not None
        run.emit(problem, doc=node.entity.document)
    run.sections["graph"] = {**graph.summary(), **locations.summary(stats)}
    return graph


def graph_of(snapshot: Snapshot, config: Config, options: RunOptions) -> tuple[Run, CatalogGraph]:
    """Read the files a run would read and build their graph, without the other stages:
    what ``export`` and ``graph`` need. The run holds the findings, should anyone ask."""
    from catalog_lint.pipeline import Run, resolve_targets

    state = Run(snapshot, config, options)
    for path in resolve_targets(snapshot, config, options.paths):
        state.read(path)
    return state, analyse(state)
