"""Which files a run reads.

Without paths: every file of the snapshot that matches the include patterns and none of
the exclude patterns (both in .gitignore syntax). Inside a git work tree the snapshot
lists tracked files and untracked files that are not ignored, so ``.gitignore`` is
respected; ``.git``, ``node_modules`` and virtualenvs are never entered.

Paths given on the command line are read whatever their names; a folder given there is
searched with the patterns.

Patterns are matched with :mod:`catalog_lint.globs` (``.gitignore`` semantics, as
``pathspec.GitIgnoreSpec`` has them, in linear time): a repository's config chooses
them, so no pattern may stall discovery.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from catalog_lint.globs import GitIgnore, name_regex
from catalog_lint.snapshot import Snapshot

DEFAULT_INCLUDE = (
    # Backstage descriptors
    "catalog-info.yaml",
    "catalog-info.yml",
    "*.catalog-info.yaml",
    "*.catalog-info.yml",
    # Port entities: a repository's port.yml, or files under a .port/ folder (at any
    # depth: a pattern with a slash in it is anchored to the root, hence the **/)
    "port.yml",
    "port.yaml",
    "port.json",
    "**/.port/**/*.yml",
    "**/.port/**/*.yaml",
    "**/.port/**/*.json",
)

DEFAULT_EXCLUDE = (
    # Scaffolder template skeletons hold ${{ values.x }} placeholders, not entities.
    "skeleton/",
)

_ENTITY_SUFFIXES = (".yaml", ".yml", ".json")


class PathMatcher:
    """Include and exclude patterns, compiled once.

    Most patterns name a file (``catalog-info.yaml``, ``*.catalog-info.yml``) or a folder
    (``skeleton/``) at any depth. Those are matched against the file's name or its
    folders' names with one regular expression each, which keeps a tree of 100,000 files
    cheap to search; any other pattern goes through the full .gitignore semantics.
    """

    def __init__(self, include: Sequence[str], exclude: Sequence[str]) -> None:
        self.include_patterns = list(include)
        self.exclude_patterns = list(exclude)
        self._include_names, self._include_rest = _split(self.include_patterns)
        self._exclude_names, self._exclude_rest = _split(self.exclude_patterns)
        self._exclude_dirs = _dir_names(self.exclude_patterns)
        if self._exclude_dirs is not None:
            self._exclude_rest = [p for p in self._exclude_rest if not _is_dir_name(p)]
        self._include_spec = _spec(self._include_rest)
        self._exclude_spec = _spec(self._exclude_rest)
        # When every include pattern names .yaml/.yml/.json files, test the suffix first.
        self._suffixes: tuple[str, ...] | None = (
            _ENTITY_SUFFIXES
            if all(p.rstrip("/").endswith(_ENTITY_SUFFIXES) for p in self.include_patterns)
            else None
        )

    def wanted(self, path: str) -> bool:
        if self._suffixes is not None and not path.endswith(self._suffixes):
            return False
        name = path.rsplit("/", 1)[-1]
        included = (self._include_names is not None and self._include_names.match(name)) or (
            self._include_spec is not None and self._include_spec.match_file(path)
        )
        return bool(included) and not self.excluded(path)

    def excluded(self, path: str) -> bool:
        name = path.rsplit("/", 1)[-1]
        if self._exclude_names is not None and self._exclude_names.match(name):
            return True
        dirs = self._exclude_dirs
        if dirs is not None and "/" in path and any(dirs.match(p) for p in path.split("/")[:-1]):
            return True
        return bool(self._exclude_spec is not None and self._exclude_spec.match_file(path))


def _is_name(pattern: str) -> bool:
    """A pattern that matches a file name at any depth, in .gitignore terms."""
    return "/" not in pattern and not pattern.startswith(("!", "#", "\\")) and pattern.strip() == pattern


def _is_dir_name(pattern: str) -> bool:
    return pattern.endswith("/") and _is_name(pattern[:-1]) and bool(pattern[:-1])


def _split(patterns: Sequence[str]) -> tuple[re.Pattern[str] | None, list[str]]:
    if any(p.startswith("!") for p in patterns):  # negation needs the full semantics
        return None, list(patterns)
    names = [p for p in patterns if _is_name(p) and p]
    rest = [p for p in patterns if not (_is_name(p) and p)]
    if not names:
        return None, rest
    return name_regex(names), rest


def _dir_names(patterns: Sequence[str]) -> re.Pattern[str] | None:
    if any(p.startswith("!") for p in patterns):
        return None
    dirs = [p[:-1] for p in patterns if _is_dir_name(p)]
    if not dirs:
        return None
    return name_regex(dirs)


def _spec(patterns: list[str]) -> GitIgnore | None:
    return GitIgnore(patterns) if patterns else None


def patterns_from_config(raw: dict[str, Any]) -> tuple[list[str], list[str]]:
    include = list(raw.get("include", DEFAULT_INCLUDE))
    include.extend(raw.get("extend-include", []))
    exclude = [*DEFAULT_EXCLUDE, *raw.get("exclude", [])]
    return include, exclude


def discover(snapshot: Snapshot, matcher: PathMatcher, under: str = "") -> list[str]:
    """Entity files of ``snapshot`` (optionally only below the folder ``under``)."""
    prefix = under.strip("/")
    prefix = "" if prefix in ("", ".") else prefix + "/"
    return sorted(
        path
        for path in snapshot.list_files(prefix)
        if path.startswith(prefix) and matcher.wanted(path)
    )
