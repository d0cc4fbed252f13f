"""Turn a configured blueprint source (``{package: ...}`` or ``{git: ..., ref: ...}``) into
a folder of blueprints. Imported only when the configuration names such a source.

A git set is used exactly as ``catalog-lint.lock`` records it: the locked commit,
extracted into the cache once, and its content hash checked on every run before it is
used. A run never moves a ref and needs no network once the cache holds the commit.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog_lint.blueprint_sets import cache, gitfetch
from catalog_lint.blueprint_sets.lock import LockEntry, lock_path, read_lock
from catalog_lint.blueprints import BlueprintSource
from catalog_lint.config import Config, config_line
from catalog_lint.errors import FatalError


@dataclass(frozen=True)
class Where:
    """An entry of the configuration's ``blueprints:``; its ``file:line`` is worked out
    only for a message (it parses the configuration again)."""

    config: Config
    position: int

    def __str__(self) -> str:
        return where_in_config(self.config, self.position)


@dataclass(frozen=True)
class GitSpec:
    """A ``{git, ref, path}`` entry of the configuration, checked."""

    url: str
    ref: str
    path: str
    where: Where | str  # config file:line, for messages

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.url, self.ref, self.path)

    @property
    def shown(self) -> str:
        base = f"{gitfetch.redact(self.url)}@{self.ref}"
        return f"{base} ({self.path})" if self.path else base


def where_in_config(config: Config, position: int) -> str:
    shown = shown_path(config.source) if config.source else "config"
    line = config_line(config.source, ("blueprints", position))
    return f"{shown}:{line}" if line else shown


def shown_path(path: str) -> str:
    """A path as messages show it: relative to the current folder when inside it."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path


def git_spec(item: dict[str, Any], where: Where | str) -> GitSpec:
    try:
        url = gitfetch.check_url(str(item["git"]))
        ref = gitfetch.check_ref(str(item["ref"]))
        path = gitfetch.check_subpath(str(item.get("path") or ""))
    except FatalError as exc:
        raise FatalError(f"{where}: {exc.message}") from None
    return GitSpec(url, ref, path, where)


def git_specs(config: Config) -> list[GitSpec]:
    """Every git source of the configuration, in order."""
    return [git_spec(item, Where(config, position))
            for position, item in enumerate(config.get("blueprints") or [])
            if isinstance(item, dict) and "git" in item]


def resolve(item: dict[str, Any], config: Config, position: int) -> BlueprintSource:
    where = Where(config, position)
    if "package" in item:
        from catalog_lint.blueprint_sets.packages import package_source

        return package_source(str(item["package"]), where)
    spec = git_spec(item, where)
    lock_file = lock_path(config.root)
    entry = read_lock(lock_file).get(spec.key)
    if entry is None:
        raise FatalError(f"{where}: the blueprint set {spec.shown} is not in {lock_file.name}; "
                         "run 'catalog-lint blueprints lock' to fetch it and record its commit")
    return git_source(spec, entry)


def git_source(spec: GitSpec, entry: LockEntry) -> BlueprintSource:
    """The locked commit's folder, its content checked against the lock file. A cached
    copy that does not match is extracted again from git objects once; a mismatch then
    means the lock file itself is wrong."""
    folder = materialise(spec, entry.commit)
    found = cache.content_hash(folder)
    if found != entry.hash:
        shutil.rmtree(folder, ignore_errors=True)
        folder = materialise(spec, entry.commit)
        found = cache.content_hash(folder)
    if found != entry.hash:
        raise FatalError(
            f"{spec.where}: the blueprint set {spec.shown} at commit {entry.commit[:12]} has "
            f"the content hash {found}, but the lock file records {entry.hash}: the lock "
            "file was edited by hand. Review the set, then run: "
            "catalog-lint blueprints lock --update")
    origin = f"git {spec.shown} ({entry.commit[:12]})"
    return BlueprintSource(folder, origin, kind="git", name=gitfetch.redact(spec.url),
                           version=spec.ref, commit=entry.commit)


def materialise(spec: GitSpec, commit: str) -> Path:
    """The extracted folder of the set at ``commit``, fetching it when the cache lacks it."""
    folder = cache.extracted_dir(commit, spec.path)
    if folder.is_dir():
        return folder
    mirror = gitfetch.Mirror(cache.cache_dir(), spec.url)
    mirror.ensure()
    mirror.fetch_commit(spec.ref, commit)
    mirror.extract(commit, spec.path, folder)
    return folder
