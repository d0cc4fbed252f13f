"""Build catalog files and compute facts for a real repository, without the CLI."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from catalog_lint.config import Config
from catalog_lint.facts.repository import RepositoryFacts, compute
from catalog_lint.pipeline import Run, RunOptions, resolve_targets
from catalog_lint.snapshot import CommitSnapshot, Snapshot, WorktreeSnapshot

#: 2024-04-01T00:00:00Z: "now" for tests with fixed commit dates.
NOW = 1711929600.0
DAY = 86400


def component(name: str, owner: str) -> str:
    return (f"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\n"
            f"spec:\n  type: service\n  lifecycle: production\n  owner: {owner}\n")


def group(name: str, *, slug: str | None = None, members: list[str] | None = None) -> str:
    annotations = f"  annotations:\n    github.com/team-slug: {slug}\n" if slug else ""
    listed = "[" + ", ".join(members or []) + "]"
    return (f"apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: {name}\n"
            f"{annotations}spec:\n  type: team\n  children: []\n  members: {listed}\n")


def user(name: str, email: str | None = None, login: str | None = None) -> str:
    annotations = f"  annotations:\n    github.com/user-login: {login}\n" if login else ""
    profile = f"  profile:\n    email: {email}\n" if email else ""
    return (f"apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: {name}\n"
            f"{annotations}spec:\n{profile}  memberOf: []\n")


def facts_for(root: Path, ownership: Mapping[str, Any] | None = None, *,
              rev: str | None = None, env: Mapping[str, str] | None = None,
              now: float | None = NOW, include: list[str] | None = None) -> RepositoryFacts:
    """Read every entity file under ``root`` (or commit ``rev``) and compute the facts."""
    raw: dict[str, Any] = {"include": include or ["**/catalog-info.yaml", "**/*.catalog.yaml"]}
    config = Config(root=root, raw=raw)
    snapshot: Snapshot = CommitSnapshot(root, rev) if rev else WorktreeSnapshot(root, root)
    with snapshot:
        run = Run(snapshot, config, RunOptions())
        for target in resolve_targets(snapshot, config, []):
            run.read(target)
        return compute(snapshot, dict(ownership or {}), run.entities, env=env or {}, now=now)


Row = tuple[str, str | None, int | None, str]


def notes(result: RepositoryFacts, rule: str | None = None) -> list[Row]:
    """``(rule, file, line, message)`` of each note, optionally of one rule."""
    return [(n.rule, n.file or (n.entity.path if n.entity else None), n.line, n.message)
            for n in result.notes if rule is None or n.rule == rule]
