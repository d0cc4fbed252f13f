"""``catalog-lint blueprints lock``: record, check and update the commit and content hash
of every git blueprint set in ``catalog-lint.lock``.

- A source without an entry is fetched and locked at the commit its ref names now.
- A locked source keeps its commit. Its content is checked against the hash, and its ref
  is looked up on the remote: a ref that now names another commit (a moved tag, a branch
  that went on) is reported, with the command that takes the new commit.
- ``--update`` takes the commit each ref names now (every source, or the named ones).
- ``--check`` writes nothing and fails when the lock file is not what ``lock`` would
  write, or when a ref moved: the CI job that keeps the lock honest.
- Entries of sources no longer configured are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from catalog_lint.blueprint_sets import cache, gitfetch
from catalog_lint.blueprint_sets.lock import LockEntry, lock_path, read_lock, write_lock
from catalog_lint.blueprint_sets.manifest import read_manifest
from catalog_lint.blueprint_sets.resolve import GitSpec, git_source, git_specs, materialise
from catalog_lint.config import Config
from catalog_lint.errors import FatalError


@dataclass
class LockResult:
    lines: list[str] = field(default_factory=list)
    changed: bool = False  # the lock file differs from what it was (or would)
    moved: bool = False  # a locked ref names another commit on the remote now


def lock(config: Config, *, update: bool = False, only: Sequence[str] = (),
         check: bool = False) -> LockResult:
    if config.source is None:
        raise FatalError("no configuration file: git blueprint sets are named under "
                         "'blueprints:' in .catalog-lint.yaml")
    path = lock_path(config.root)
    old = read_lock(path)
    specs = git_specs(config)
    unknown = [name for name in only if not any(_named(spec, name) for spec in specs)]
    if unknown:
        raise FatalError(f"{unknown[0]!r}: no git blueprint set in {config.source} has this URL")
    result = LockResult()
    entries: list[LockEntry] = []
    for spec in specs:
        existing = old.get(spec.key)
        wanted = update and (not only or any(_named(spec, name) for name in only))
        if existing is not None and not wanted:
            git_source(spec, existing)  # fetched if needed, and its content checked
            entries.append(existing)
            _report_moved(spec, existing, result)
            continue
        entry = _fresh(spec)
        entries.append(entry)
        if existing is None:
            result.lines.append(f"locked {spec.shown} at {entry.commit[:12]} ({entry.hash[:19]}...)")
            result.changed = True
        elif existing.commit != entry.commit or existing.hash != entry.hash:
            result.lines.append(f"updated {spec.shown}: {existing.commit[:12]} -> "
                                f"{entry.commit[:12]}")
            result.changed = True
        else:
            result.lines.append(f"unchanged {spec.shown} at {entry.commit[:12]}")
    for key, entry in old.items():
        if not any(spec.key == key for spec in specs):
            result.lines.append(f"removed {gitfetch.redact(entry.git)}@{entry.ref} "
                                "(no longer configured)")
            result.changed = True
    if not specs and not old:
        result.lines.append(f"no git blueprint sets in {config.source}: nothing to lock")
    if result.changed and not check:
        write_lock(path, entries)
    return result


def _named(spec: GitSpec, name: str) -> bool:
    return name in (spec.url, gitfetch.redact(spec.url), spec.shown)


def _fresh(spec: GitSpec) -> LockEntry:
    """Fetch the commit the ref names now, extract it and hash it."""
    mirror = gitfetch.Mirror(cache.cache_dir(), spec.url)
    resolved = mirror.fetch_ref(spec.ref)
    folder = materialise(spec, resolved.commit)
    manifest = read_manifest(folder)
    return LockEntry(spec.url, spec.ref, spec.path, resolved.commit, cache.content_hash(folder),
                     manifest.name if manifest else "", manifest.version if manifest else "")


def _report_moved(spec: GitSpec, entry: LockEntry, result: LockResult) -> None:
    if gitfetch.looks_like_commit(spec.ref):
        result.lines.append(f"kept {spec.shown} at {entry.commit[:12]}")
        return
    mirror = gitfetch.Mirror(cache.cache_dir(), spec.url)
    remote = mirror.remote_ref(spec.ref)
    if remote is None:
        result.lines.append(f"moved {spec.shown}: the remote has no tag or branch {spec.ref!r} "
                            f"any more; the lock keeps {entry.commit[:12]}")
        result.moved = True
    elif remote.commit != entry.commit:
        what = "tag" if remote.ref_name.startswith("refs/tags/") else "branch"
        result.lines.append(
            f"moved {spec.shown}: the {what} now names {remote.commit[:12]}, the lock keeps "
            f"{entry.commit[:12]}; review what changed between them, then run: "
            f"catalog-lint blueprints lock --update {gitfetch.redact(spec.url)}")
        result.moved = True
    else:
        result.lines.append(f"kept {spec.shown} at {entry.commit[:12]}")
