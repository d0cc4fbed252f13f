"""Backstage Location entities: follow their targets, as Backstage's catalog does.

A target is resolved against the folder of the file that holds the Location. Targets
inside the snapshot are read into the run (once each: a file already read, or a Location
pointing back at itself, is never read again); a target with ``*`` or ``?`` is a glob
over the snapshot's files. Nothing outside the snapshot is read: a relative path that
climbs out of it, an absolute path and a symbolic link leading out are reported.

A URL target (``https://...``) is followed only when asked (``--follow-urls`` or the
config's ``locations: {follow-urls: true}``) *and* allowed (``--allow-url``): fetched
with the catalog download limits, read like a local file under its URL, and its own
Locations followed in turn, relative targets resolving against its URL. At most
:data:`MAX_FETCHED` files are fetched in one run, each URL once, and all of them within
:data:`URL_DEADLINE` seconds (``CATALOG_LINT_URL_DEADLINE``): each download has its own
``--catalog-timeout``, and the run as a whole a limit too, so that a hundred slow
servers cannot hold a job for a hundred timeouts.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from catalog_lint.findings import JsonPath, Problem
from catalog_lint.globs import GLOBSTAR, Glob, GlobError, Item, check_length, parse_segment
from catalog_lint.model import Entity

if TYPE_CHECKING:
    from catalog_lint.graph.exchange import FetchLimits
    from catalog_lint.net import TimeBudget
    from catalog_lint.pipeline import Run
    from catalog_lint.snapshot import Snapshot

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")

#: The most files fetched from URLs in one run: a catalog of Locations pointing at each
#: other across servers must not turn a lint run into a crawl.
MAX_FETCHED = 100
#: Seconds all the URL targets of one run may take to download, together.
URL_DEADLINE = 60.0
DEADLINE_VARIABLE = "CATALOG_LINT_URL_DEADLINE"


@dataclass
class LocationStats:
    locations: int = 0
    files_read: int = 0
    urls_skipped: int = 0
    urls_fetched: int = 0


@dataclass
class UrlPolicy:
    """Whether URL targets are followed, and the limits of each download."""

    follow: bool = False  # asked for: --follow-urls or locations.follow-urls
    allowed: bool = False  # --allow-url
    limits: FetchLimits | None = None
    fetched: set[str] = field(default_factory=set)  # every URL asked for, for loops and the cap
    #: The time all the downloads of the run share (:data:`URL_DEADLINE` unless set).
    budget: TimeBudget | None = None

    def time_budget(self) -> TimeBudget:
        """The shared time, made on the first download: the HTTP layer (http.client,
        ssl) is imported only by runs that download (a pre-commit run would pay 15 ms)."""
        if self.budget is None:
            from catalog_lint.net import TimeBudget

            self.budget = TimeBudget(URL_DEADLINE)
        return self.budget


def is_location(entity: Entity) -> bool:
    return entity.dialect == "backstage" and entity.kind.lower() == "location"


def targets_of(entity: Entity) -> Iterator[tuple[str, JsonPath]]:
    """Every target string of a Location with the path it sits at."""
    spec = entity.data.get("spec") if isinstance(entity.data, dict) else None
    if not isinstance(spec, dict):
        return
    target = spec.get("target")
    if isinstance(target, str) and target:
        yield target, ("spec", "target")
    targets = spec.get("targets")
    if isinstance(targets, list):
        for i, item in enumerate(targets):
            if isinstance(item, str) and item:
                yield item, ("spec", "targets", i)


def follow(run: Run, urls: UrlPolicy | None = None) -> LocationStats:
    """Read every file the run's Locations point at (and theirs, and so on), reporting
    targets that are missing or lie outside the snapshot; URL targets as ``urls`` says."""
    urls = urls or UrlPolicy()
    stats = LocationStats()
    files: list[str] | None = None  # the snapshot's file list, for globs; read once
    position = 0
    while position < len(run.entities):  # grows as targets are read
        entity = run.entities[position]
        position += 1
        if not is_location(entity):
            continue
        stats.locations += 1
        spec = entity.data.get("spec") if isinstance(entity.data, dict) else {}
        optional = isinstance(spec, dict) and spec.get("presence") == "optional"
        remote = _URL.match(entity.path) is not None  # a file fetched from a URL
        for target, path in targets_of(entity):
            if remote or _URL.match(target):
                _follow_url(run, entity, target, path, urls, stats)
                continue
            resolved = _resolve(entity.path, target)
            if isinstance(resolved, Problem):
                run.emit(Problem(resolved.rule, resolved.message, path=path),
                         doc=entity.document)
                continue
            if _has_glob(resolved):
                if files is None:
                    files = run.snapshot.list_files()
                try:
                    matched = _glob(files, resolved)
                except GlobError as exc:
                    run.emit(Problem("location-target", f"target {target!r} is not a "
                                     f"usable glob: {exc}", path=path), doc=entity.document)
                    continue
                if not matched and not optional:
                    run.emit(Problem("location-target", f"target {target!r} matches no file",
                                     path=path), doc=entity.document)
                found = matched
            elif run.snapshot.is_file(resolved):
                found = [resolved]
            else:
                if run.snapshot.is_dir(resolved):
                    message = f"target {target!r} is a folder; a Location target names a file"
                elif optional:
                    continue
                else:
                    message = f"target {target!r} does not exist ({resolved})"
                run.emit(Problem("location-target", message, path=path), doc=entity.document)
                continue
            for file in found:
                if _escapes(run.snapshot, file):
                    run.emit(Problem("location-target", f"target {target!r} is a symbolic link "
                                     "leading outside the repository; not read", path=path),
                             doc=entity.document)
                    continue
                if file not in run.records:
                    run.read(file)
                    stats.files_read += 1
    return stats


def _follow_url(run: Run, entity: Entity, target: str, path: JsonPath, urls: UrlPolicy,
                stats: LocationStats) -> None:
    """Fetch and read one URL target (or a target of a fetched file), when asked and
    allowed; every failure is a ``location-target`` finding at the target."""
    import urllib.parse

    def report(message: str) -> None:
        run.emit(Problem("location-target", message, path=path), doc=entity.document)

    if not urls.follow:
        stats.urls_skipped += 1  # remote: Backstage fetches it; we do only when asked
        return
    if not urls.allowed:
        stats.urls_skipped += 1
        report(f"target {target!r} not fetched: following URL targets (--follow-urls or "
               "locations.follow-urls) also needs --allow-url on the command line")
        return
    if _URL.match(target):
        url = target
    elif _has_glob(target):
        report(f"target {target!r} is a glob in a file fetched from a URL; globs are "
               "followed only inside the repository")
        return
    else:  # relative to the fetched file's URL, as Backstage resolves it
        url = urllib.parse.urljoin(entity.path, target.removeprefix("file:"))
    url = urllib.parse.urldefrag(url).url
    if not url.lower().startswith(("http://", "https://")):
        report(f"target {target!r} is not an http:// or https:// URL; not fetched")
        return
    if url in urls.fetched or url in run.records:
        return  # already read: Locations pointing at each other are read once
    if len(urls.fetched) >= MAX_FETCHED:
        report(f"target {target!r} not fetched: this run already fetched {MAX_FETCHED} "
               "files from URLs, the most it fetches")
        return
    budget = urls.time_budget()
    if budget.remaining() <= 0:
        report(f"target {target!r} not fetched: this run's URL targets already took "
               f"{budget.seconds:g} seconds, the most they may take together "
               f"({DEADLINE_VARIABLE})")
        return
    urls.fetched.add(url)
    from catalog_lint.graph.exchange import FetchError, FetchLimits, fetch_url

    limits = urls.limits or FetchLimits(allow_url=True)
    try:
        with budget.spend(at_most=limits.timeout) as deadline:
            fetched = fetch_url(
                url, limits, what="file", deadline=deadline,
                accept="application/yaml, text/yaml, application/json, text/plain, */*",
                timeout_named="--catalog-timeout" if deadline.seconds >= limits.timeout
                else f"what was left of the {budget.seconds:g} seconds all URL targets "
                     f"may take, {DEADLINE_VARIABLE}")
    except FetchError as exc:
        report(f"target {target!r} not read: {exc}")
        return
    if fetched.content_type == "text/html" or b"\0" in fetched.body[:8192]:
        kind = "an HTML page" if fetched.content_type == "text/html" else "binary data"
        report(f"target {target!r} not read: {url} answered with {kind}, not YAML")
        return
    stats.urls_fetched += 1
    run.read_fetched(fetched.body, url)


def _resolve(location_file: str, target: str) -> str | Problem:
    """The snapshot path of a target, or the problem that stops it being read."""
    path = target.removeprefix("file:")
    if path.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", path):
        return Problem("location-target", f"target {target!r} is an absolute path, outside "
                       "the repository; use a path relative to this file")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(location_file), path))
    if joined == ".." or joined.startswith(("../", "/")):
        return Problem("location-target", f"target {target!r} points outside the repository; "
                       "catalog-lint reads only inside it")
    return joined


def _has_glob(path: str) -> bool:
    return any(c in path for c in "*?[")


def _glob(files: list[str], pattern: str) -> list[str]:
    """The files a glob target matches, as Backstage's file reader (node-glob) finds
    them: ``**`` as a whole segment crosses folders, ``*`` and ``?`` do not, ``[...]`` is
    a character class. Matched without backtracking (:mod:`catalog_lint.globs`): the
    target is written by the repository. Raises :class:`GlobError` for a pattern that
    cannot be read."""
    check_length(pattern)
    items: list[Item] = [GLOBSTAR if segment == "**" else parse_segment(segment, "backstage")
                         for segment in pattern.split("/")]
    glob = Glob(tuple(items))
    return [f for f in files if glob.match(f)]


def _escapes(snapshot: Snapshot, path: str) -> bool:
    """Whether a file is a symbolic link that leads out of the repository (on disk, or in
    a commit's tree)."""
    return snapshot.leads_outside(path)


def summary(stats: LocationStats) -> dict[str, Any]:
    return {"locations": stats.locations, "files_read": stats.files_read,
            "url_targets_not_followed": stats.urls_skipped,
            "url_targets_fetched": stats.urls_fetched}
