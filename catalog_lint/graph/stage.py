"""The graph stage of the pipeline: after every file is read, follow Location targets,
load the exported catalogs asked for, resolve every reference, and report what is wrong
with the edges. Runs on whatever entities the files gave: a broken file simply adds no
entity, and the rest of the graph is still checked.

A run over named files only (the pre-commit hook) reads the other entity files of the
repository as *context* (:mod:`catalog_lint.graph.context`): their entities resolve the
named files' references, and only the named files are reported on. With context
reading turned off (``--no-context``) such a run cannot see the other files' entities
and does not judge unresolved references; CI's whole-repository run will.

Options (``RunOptions.extra``): ``complete`` (bool), ``catalogs`` (files or URLs, relative
to the current folder), ``allow_url`` (bool), ``catalog_timeout`` (seconds),
``catalog_max_bytes``, ``follow_urls`` (bool). Config keys: ``catalog: complete|partial``,
``catalogs``, ``locations: {follow-urls: bool}``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from catalog_lint.errors import FatalError
from catalog_lint.graph import checks, context, locations
from catalog_lint.graph.build import build
from catalog_lint.graph.model import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    CatalogGraph,
    Edge,
    FetchLimits,
    Node,
)

if TYPE_CHECKING:
    from catalog_lint.config import Config
    from catalog_lint.findings import Problem
    from catalog_lint.model import Entity
    from catalog_lint.pipeline import Run, RunOptions
    from catalog_lint.snapshot import Snapshot


def run(run: Run) -> None:
    analyse(run)


def prepare(run: Run, entities: list[Entity]) -> None:
    """Make the graph nodes of entities just read (see ``pipeline.PREPARERS``)."""
    from catalog_lint.graph.build import prepare as make
    from catalog_lint.graph.extract import Plans

    prepared = run.prepared.setdefault("graph", {})
    plans = run.prepared.setdefault("graph plans", Plans())
    if "graph keys" not in run.prepared:
        # A run that loads exported catalogs resolves the references its files alone do
        # not: positions looked up ahead (build.prepare) would be wasted on them.
        run.prepared["graph keys"] = None if catalog_sources(run) else set()
    ahead = run.prepared.get("graph ahead")
    if ahead is None:
        ahead = run.prepared["graph ahead"] = _finding_ahead(run)
    make(entities, prepared, plans, run.prepared["graph keys"], ahead)


def _finding_ahead(run: Run) -> Callable[[Node, Edge], None]:
    """What ``build.prepare`` gives each reference nothing read so far answers: its
    unresolved-reference finding, made now, while other processes still read files
    (:attr:`Edge.ahead`). The stage uses it if the reference stays unresolved and no
    entity is near its name (``checks.unresolved``); the finding is the one the stage
    would make (tested against a serial run)."""
    making = checks.UnresolvedAhead(is_complete(run))

    def ahead(node: Node, edge: Edge) -> None:
        assert node.entity is not None
        edge.ahead = (run.place(making.problem(node, edge), doc=node.entity.document),)

    return ahead


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


def url_policy(run: Run) -> locations.UrlPolicy:
    """How Location targets that are URLs are treated: followed when asked (the option or
    the config) and allowed (``--allow-url``, never the config alone)."""
    settings = run.config.get("locations") or {}
    asked = bool(run.options.extra.get("follow_urls")) or bool(settings.get("follow-urls"))
    limits = fetch_limits(run)
    policy = locations.UrlPolicy(follow=asked, allowed=limits.allow_url, limits=limits)
    if asked and limits.allow_url:
        import os

        from catalog_lint.net import TimeBudget, seconds_from

        seconds, problem = seconds_from(os.environ, locations.DEADLINE_VARIABLE,
                                        locations.URL_DEADLINE)
        if problem:
            raise FatalError(problem)
        policy.budget = TimeBudget(seconds)
    return policy


def named_files_only(run: Run) -> bool:
    """Whether the run reads only files named on the command line (the pre-commit hook):
    it then cannot see the entities the rest of the repository defines."""
    return run.named_files_only


def judges_unresolved(run: Run, loaded_catalogs: bool, read_context: bool = False) -> bool:
    """Unresolved references are reported unless the run sees only some named files
    (context reading turned off), in which case a reference to an entity of another file
    would be a false alarm; an explicit ``--complete`` or a loaded catalog says the user
    knows what is visible."""
    if not named_files_only(run) or read_context:
        return True
    return bool(run.options.extra.get("complete")) or loaded_catalogs


def near_misses(run: Run) -> bool:
    """Whether near misses of known entities are ``reference-typo`` errors: the rule
    refines ``unresolved-reference``, so turning either off turns them off."""
    return (run.severity_of("unresolved-reference") is not None
            and run.severity_of("reference-typo") is not None)


def load_external(run: Run) -> tuple[list[Node], list[str]]:
    nodes: list[Node] = []
    names: list[str] = []
    sources = dict.fromkeys(catalog_sources(run))
    if not sources:
        return nodes, names
    from catalog_lint.graph.exchange import load  # only when catalogs are loaded

    limits = fetch_limits(run)
    for location, base in sources:
        nodes.extend(load(location, base, limits, run.blueprints))
        names.append(location)
    return nodes, names


def analyse(run: Run) -> CatalogGraph:
    """Build, resolve and check the graph of the run's entities; emit the findings."""
    urls = url_policy(run)
    stats = locations.follow(run, urls)
    context_entities: list[Entity] = []
    with_context = context.wanted(run)
    if with_context:
        context_entities = context.read(run, urls)
    external, names = load_external(run)
    graph, shape_problems = build(run.entities, external, names, context_entities,
                                  run.prepared.pop("graph", None))
    run.prepared.pop("graph keys", None)
    run.prepared.pop("graph ahead", None)
    for node in graph.nodes:
        if node.local and node.entity is not None:  # reports carry each entity's references
            node.entity.graph_node = node
    for entity, problem in shape_problems:
        run.emit(problem, doc=entity.document)
    judged = judges_unresolved(run, bool(names), with_context)
    found: Iterator[tuple[Node, Problem]] = chain(
        checks.duplicates(graph),
        # the findings made ahead (Edge.ahead) go into the run's as they are met
        checks.unresolved(graph, is_complete(run), judged, near_misses(run),
                          made_ahead=run.findings),
        checks.cycles(graph),
        checks.inverses(graph),
    )
    for node, problem in found:
        assert node.entity is not None
        run.emit(problem, doc=node.entity.document)
    run.sections["graph"] = {**graph.summary(), **locations.summary(stats),
                             "unresolved_reported": judged}
    return graph


def graph_of(snapshot: Snapshot, config: Config, options: RunOptions) -> tuple[Run, CatalogGraph]:
    """Read the files a run would read and build their graph, without the other stages:
    what ``export`` and ``graph`` need. The run holds the findings, should anyone ask."""
    from catalog_lint.jobs import jobs_for
    from catalog_lint.pipeline import Run, resolve_targets

    state = Run(snapshot, config, options)
    files = resolve_targets(snapshot, config, options.paths)
    jobs = jobs_for(len(files), options.jobs)
    if jobs > 1:  # a large repository: read on every core, as validate does
        from catalog_lint import parallel

        parallel.read_all(state, files, jobs)
    else:
        for path in files:
            state.read(path)
    return state, analyse(state)
