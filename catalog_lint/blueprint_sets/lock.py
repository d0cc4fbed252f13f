"""``catalog-lint.lock``: the commit and content hash of every git blueprint set.

Beside the configuration file; JSON, written by ``catalog-lint blueprints lock`` and
committed with the repository::

    {"format": "catalog-lint-lock", "version": 1, "generator": "catalog-lint 0.1.0",
     "blueprints": [{"git": "https://github.com/acme/blueprints", "ref": "v1.4.0",
                     "path": "", "commit": "3f2a...", "hash": "sha256:9b1c...",
                     "name": "acme-blueprints", "version": "1.4.0"}]}

An entry is found by its ``git``, ``ref`` and ``path``, as the configuration writes them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog_lint import __version__
from catalog_lint.errors import FatalError

LOCK_NAME = "catalog-lint.lock"
LOCK_FORMAT = "catalog-lint-lock"
LOCK_VERSION = 1

_COMMIT = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
_HASH = re.compile(r"^sha256:[0-9a-f]{64}$")


@dataclass(frozen=True)
class LockEntry:
    git: str
    ref: str
    path: str
    commit: str
    hash: str
    name: str = ""
    version: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.git, self.ref, self.path)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"git": self.git, "ref": self.ref, "path": self.path,
                                "commit": self.commit, "hash": self.hash}
        if self.name:
            data["name"] = self.name
        if self.version:
            data["version"] = self.version
        return data


def lock_path(config_root: Path) -> Path:
    return config_root / LOCK_NAME


def read_lock(path: Path) -> dict[tuple[str, str, str], LockEntry]:
    """The entries of a lock file; an empty lock when there is no file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise FatalError(f"{path}: cannot read the lock file: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FatalError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON in the lock file: "
                         f"{exc.msg} (regenerate it: catalog-lint blueprints lock)") from None
    if not isinstance(data, dict) or data.get("format") != LOCK_FORMAT:
        raise FatalError(f"{path}: not a catalog-lint lock file (expected \"format\": "
                         f"\"{LOCK_FORMAT}\")")
    version = data.get("version")
    if not isinstance(version, int) or version > LOCK_VERSION:
        raise FatalError(f"{path}: lock file version {version!r} is newer than this "
                         f"catalog-lint understands ({LOCK_VERSION}); upgrade catalog-lint")
    entries: dict[tuple[str, str, str], LockEntry] = {}
    items = data.get("blueprints")
    if not isinstance(items, list):
        raise FatalError(f"{path}: 'blueprints' must be a list")
    for position, item in enumerate(items):
        entry = _entry(item, path, position)
        entries[entry.key] = entry
    return entries


def _entry(item: Any, path: Path, position: int) -> LockEntry:
    where = f"{path}: blueprints[{position}]"
    if not isinstance(item, dict):
        raise FatalError(f"{where} must be an object")
    texts = {key: item.get(key, "") for key in ("git", "ref", "path", "commit", "hash", "name",
                                                 "version")}
    bad = [key for key, value in texts.items() if not isinstance(value, str)]
    if bad:
        raise FatalError(f"{where}: {bad[0]!r} must be a string")
    if not texts["git"] or not texts["ref"]:
        raise FatalError(f"{where}: needs 'git' and 'ref'")
    if not _COMMIT.match(texts["commit"]):
        raise FatalError(f"{where}: 'commit' must be a full commit SHA")
    if not _HASH.match(texts["hash"]):
        raise FatalError(f"{where}: 'hash' must be sha256: and 64 hex digits")
    return LockEntry(**texts)


def write_lock(path: Path, entries: list[LockEntry]) -> None:
    data = {
        "format": LOCK_FORMAT,
        "version": LOCK_VERSION,
        "generator": f"catalog-lint {__version__}",
        "blueprints": [entry.to_dict() for entry in entries],
    }
    try:
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise FatalError(f"{path}: cannot write the lock file: {exc.strerror or exc}") from None
