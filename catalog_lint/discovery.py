"""Which files a run reads.

Without paths: every file of the snapshot that matches the include patterns and none of
the exclude patterns (both in .gitignore syntax). Inside a git work tree the snapshot
lists tracked files and untracked files that are not ignored, so ``.gitignore`` is
respected; ``.git``, ``node_modules`` and virtualenvs are never entered.

Paths given on the command line are read whatever their names; a folder given there is
searched with the patterns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from catalog_lint.snapshot import Snapshot

DEFAULT_INCLUDE = (
    # Backstage descriptors
    "catalog-info.yaml",
    "catalog-info.yml",
    "*.catalog-info.yaml",
    "*.catalog-info.yml",
    # Port entities: a repository's port.yml, or files under .port/
    "port.yml",
    "port.yaml",
    "port.json",
    ".port/**/*.yml",
    ".port/**/*.yaml",
    ".port/**/*.json",
)

DEFAULT_EXCLUDE = (
    # Scaffolder template skeletons hold ${{ values.x }} placeholders, not entities.
    "skeleton/",
)

_ENTITY_SUFFIXES = (".yaml", ".yml", ".json")


class PathMatcher:
    """Include and exclude patterns, compiled once."""

    def __init__(self, include: Sequence[str], exclude: Sequence[str]) -> None:
        import pathspec

        self.include_patterns = list(include)
        self.exclude_patterns = list(exclude)
        self._include = pathspec.GitIgnoreSpec.from_lines(self.include_patterns)
        self._exclude = pathspec.GitIgnoreSpec.from_lines(self.exclude_patterns)
        # Most runs only look for .yaml/.yml/.json files: test the suffix before the
        # patterns, which keeps a tree of 100,000 files cheap to search.
        self._suffixes: tuple[str, ...] | None = (
            _ENTITY_SUFFIXES
            if all(p.rstrip("/").endswith(_ENTITY_SUFFIXES) for p in self.include_patterns)
            else None
        )

    def wanted(self, path: str) -> bool:
        if self._suffixes is not None and not path.endswith(self._suffixes):
            return False
        return bool(self._include.match_file(path)) and not self._exclude.match_file(path)

    def excluded(self, path: str) -> bool:
        return bool(self._exclude.match_file(path))


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
        for path in snapshot.list_files()
        if path.startswith(prefix) and matcher.wanted(path)
    )
