"""What a repository's context files hold, kept between runs.

The pre-commit hook runs on one repository many times a day, and its other entity files
rarely change between two commits: parsing them again each time would make the hook
slow (see docs/performance.md). So what the graph needs of each context file (its
entities' kinds, names, titles and reference fields, and the line each starts at) is
kept in one JSON file per repository folder, under the user's cache folder, and found
again by the file's path and a hash of its bytes: a file whose bytes changed, in any
way, is read again. So that unchanged files need not even be read, an entry also keeps
the file's identity as the snapshot gives it (size, times and inode in a working tree,
as git's index keeps them; the blob id in a commit): while that is the same, the entry
is used as it is. Nothing in the cache is ever reported; it only resolves references.

Where: ``$CATALOG_LINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/catalog-lint``, else
``~/.cache/catalog-lint``. ``CATALOG_LINT_CACHE_DIR=""`` (empty) turns the cache off.
A cache written by another version of catalog-lint, or one that cannot be read, is
ignored and rewritten.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import Any

from catalog_lint import __version__

#: Bumped whenever what an entry holds changes meaning.
FORMAT = 2
#: A cache file larger than this is not read (it cannot be ours: a repository of
#: 100,000 entity files takes a few tens of megabytes).
MAX_CACHE_BYTES = 256 * 1024 * 1024

#: What one document of a file leaves in the cache, see :mod:`catalog_lint.graph.context`.
Stub = list[Any]


def cache_dir() -> Path | None:
    """The folder caches go to, or ``None`` when caching is turned off."""
    value = os.environ.get("CATALOG_LINT_CACHE_DIR")
    if value is not None:
        return Path(value) if value.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "catalog-lint"


def digest(data: bytes) -> str:
    import hashlib  # only when a file is read: a warm cache knows files by their identity

    return hashlib.blake2b(data, digest_size=16).hexdigest()


class ContextCache:
    """Entries by path: the hash of the bytes they were read from, and their stubs."""

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self._old: dict[str, list[Any]] = {}
        self._kept: dict[str, list[Any]] = {}
        self._changed = False
        if file is not None:
            self._old = _load(file)

    @classmethod
    def for_root(cls, root: Path, commits: bool = False) -> ContextCache:
        """The cache of the repository folder ``root`` (a disabled one when caching is
        off); ``commits``: of its commits, kept apart from its working tree's, since the
        two know files by different identities (``diff`` reads both in one run)."""
        folder = cache_dir()
        if folder is None:
            return cls(None)
        # Two checksums of the path name the file: two folders that shared one would only
        # take turns rewriting it (entries are checked against the files themselves).
        raw = str(root).encode("utf-8", "surrogateescape")
        name = f"context-{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}"
        return cls(folder / f"{name}{'-commits' if commits else ''}.json")

    def known(self, path: str, identity: str) -> list[Stub] | None:
        """The stubs of a file whose identity has not changed since they were stored."""
        entry = self._old.get(path)
        if entry is None or len(entry) < 3 or entry[2] != identity:
            return None
        self._kept[path] = entry
        return entry[1]

    def lookup(self, path: str, hashed: str, identity: str | None) -> list[Stub] | None:
        """The stubs of a file whose bytes hash to ``hashed``, noting its identity now."""
        entry = self._old.get(path)
        if entry is None or entry[0] != hashed:
            return None
        kept = [hashed, entry[1], identity] if identity is not None else entry[:2]
        self._changed = self._changed or kept != entry
        self._kept[path] = kept
        return entry[1]

    def store(self, path: str, hashed: str, stubs: list[Stub], identity: str | None) -> None:
        self._kept[path] = [hashed, stubs] if identity is None else [hashed, stubs, identity]
        self._changed = True

    def save(self) -> None:
        """Write the entries this run used or stored (so files gone from the repository
        leave the cache), when anything changed. A cache that cannot be written is only
        a slower next run: never an error."""
        if self.file is None or not (self._changed or self._kept.keys() != self._old.keys()):
            return
        import tempfile

        payload = {"format": FORMAT, "version": __version__, "entries": self._kept}
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle, temporary = tempfile.mkstemp(prefix=".context-", dir=self.file.parent)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump(payload, out, separators=(",", ":"))
                os.replace(temporary, self.file)  # atomic: a concurrent run reads old or new
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            pass


def _load(file: Path) -> dict[str, list[Any]]:
    """The entries of a cache file; none when it is missing, unreadable, too large, from
    another version, or not shaped as this module writes it."""
    try:
        if file.stat().st_size > MAX_CACHE_BYTES:
            return {}
        payload = json.loads(file.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(payload, dict) or payload.get("format") != FORMAT \
            or payload.get("version") != __version__:
        return {}
    entries = payload.get("entries")
    if not isinstance(entries, dict):
        return {}
    return {path: entry for path, entry in entries.items()
            if isinstance(entry, list) and len(entry) in (2, 3) and isinstance(entry[0], str)
            and isinstance(entry[1], list) and (len(entry) == 2 or isinstance(entry[2], str))}
