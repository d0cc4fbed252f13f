"""``catalog-lint blueprints diff``: what a change of a blueprint set breaks, and for whom.

The set's folder is read at the base commit and at the head (a commit, or the working
tree), each on top of the blueprints in force before it (built-in, and the
configuration's other sources). Every blueprint of the set is compared
(:mod:`.compat`), and the entities of the given catalog exports are checked against the
old and the new blueprints (:mod:`.breakage`).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalog_lint.blueprint_tools.breakage import Break, breaks
from catalog_lint.blueprint_tools.compat import Change, compare
from catalog_lint.blueprints import Blueprint, BlueprintRegistry, BlueprintSource, load_sources

DIFF_FORMAT = "catalog-lint-blueprints-diff"
DIFF_VERSION = 1
FAIL_ON = ("regression", "any", "never")


@dataclass
class DiffResult:
    folder: str
    base: str
    head: str | None  # None: the working tree
    changes: list[Change] = field(default_factory=list)
    breaks: list[Break] = field(default_factory=list)
    catalogs: list[str] = field(default_factory=list)
    entities_checked: int = 0
    entities_without_data: int = 0

    @property
    def breaking(self) -> list[Change]:
        return [c for c in self.changes if c.breaking]

    def fails(self, fail_on: str) -> bool:
        """``regression``: an entity breaks; ``any``: any breaking change; ``never``."""
        if fail_on == "never":
            return False
        if fail_on == "any":
            return bool(self.breaking) or bool(self.breaks)
        return bool(self.breaks)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": DIFF_FORMAT,
            "version": DIFF_VERSION,
            "folder": self.folder,
            "base": self.base,
            "head": self.head,
            "catalogs": self.catalogs,
            "changes": [c.to_dict() for c in self.changes],
            "breaks": [b.to_dict() for b in self.breaks],
            "summary": {
                "changes": len(self.changes),
                "breaking": len(self.breaking),
                "entities_checked": self.entities_checked,
                "entities_broken": len({(b.repository, b.entity) for b in self.breaks}),
                "entities_without_data": self.entities_without_data,
            },
        }


def _set_at(repo: Path, revision: str, folder: str, scratch: Path) -> Path | None:
    """The set's folder at a commit, written into ``scratch``; ``None`` when the commit
    has no such folder."""
    from catalog_lint.snapshot import CommitSnapshot

    prefix = f"{folder.strip('/')}/" if folder.strip("/") not in ("", ".") else ""
    with CommitSnapshot(repo, revision) as snapshot:
        files = [p for p in snapshot.list_files() if p.startswith(prefix)]
        if not files:
            return None
        for path in files:
            target = scratch / path[len(prefix):]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(snapshot.read_bytes(path))
    return scratch


def _ours(registry: BlueprintRegistry, origin: str) -> dict[tuple[str, str], Blueprint]:
    return {(b.dialect, b.identifier): b for b in registry if b.origin == origin}


def diff_sets(repo: Path, folder: str, base: str, head: str | None,
              context: list[BlueprintSource], exports: list[dict[str, Any]],
              catalog_names: list[str]) -> DiffResult:
    """Compare the set in ``folder`` (relative to the repository ``repo``) at ``base``
    with ``head`` (``None``: the working tree), and check the exported entities."""
    result = DiffResult(folder, base, head, catalogs=catalog_names)
    with tempfile.TemporaryDirectory(prefix="catalog-lint-blueprints-") as scratch:
        root = Path(scratch)
        old_dir = _set_at(repo, base, folder, root / "base")
        if head is not None:
            new_dir = _set_at(repo, head, folder, root / "head")
        else:
            working = repo / folder
            new_dir = working if working.is_dir() else None
        old_origin = f"folder {folder} at {base[:12]}"
        new_origin = f"folder {folder} at {head[:12]}" if head else f"folder {folder} (working tree)"
        old = _registry(context, old_dir, folder, old_origin)
        new = _registry(context, new_dir, folder, new_origin)
    old_ours, new_ours = _ours(old, old_origin), _ours(new, new_origin)
    changed: set[tuple[str, str]] = set()
    for key in sorted(set(old_ours) | set(new_ours)):
        # what was in force before and after: a set that stops overriding a built-in
        # blueprint leaves the built-in one
        before = old_ours.get(key) or old.find(*key)
        after = new_ours.get(key) or new.find(*key)
        found = compare(before, after)
        if found:
            changed.add(key)
            result.changes.extend(found)
    result.breaks, result.entities_checked, result.entities_without_data = breaks(
        exports, old, new, changed)
    result.breaks.sort(key=lambda b: (b.repository, b.file, b.line, b.path))
    return result


def _registry(context: list[BlueprintSource], folder: Path | None, shown: str,
              origin: str) -> BlueprintRegistry:
    sources = list(context)
    if folder is not None:
        sources.append(BlueprintSource(folder, origin, shown=shown))
    return load_sources(sources)
