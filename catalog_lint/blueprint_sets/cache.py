"""Where fetched blueprint sets are kept, and the content hash that proves them.

The cache folder is, in order: ``$CATALOG_LINT_CACHE``; ``$XDG_CACHE_HOME/catalog-lint``;
``~/.cache/catalog-lint``. It holds ``git/`` (a bare mirror per repository URL) and
``blueprint-sets/<commit>/<folder>`` (each set extracted once per commit). Deleting it is
always safe: the next run fetches again what the lock file names.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

HASH_PREFIX = "sha256:"


def cache_dir() -> Path:
    explicit = os.environ.get("CATALOG_LINT_CACHE")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "catalog-lint"
    return Path.home() / ".cache" / "catalog-lint"


def extracted_dir(commit: str, subpath: str) -> Path:
    """Where the set at ``subpath`` of ``commit`` is extracted."""
    folder = subpath.replace("/", "%") if subpath else "_root"
    return cache_dir() / "blueprint-sets" / commit / folder


def content_hash(folder: Path) -> str:
    """``sha256:...`` over every file of a folder: each one's path and the hash of its
    bytes, in path order. Symbolic links are never followed (an extracted set has none)."""
    lines = []
    for path in sorted(_files(folder)):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{path.relative_to(folder).as_posix()}\0{digest}\n")
    return HASH_PREFIX + hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def _files(folder: Path) -> list[Path]:
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))]
        for name in names:
            path = Path(root) / name
            if not path.is_symlink() and path.is_file():
                found.append(path)
    return found
