"""Snapshots: the only code that touches the file system or git objects.

:class:`WorktreeSnapshot` reads a folder as it is on disk; :class:`CommitSnapshot` reads
a commit straight from git objects, without a checkout. The rest of the pipeline cannot
tell them apart, which is what lets the regression gate compare a base commit with the
working tree through the same code.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

from catalog_lint.errors import FatalError

#: Folders never descended into, whatever the patterns say.
PRUNED_DIRS = frozenset(
    {".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".nox",
     ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages"}
)


def is_pruned(path: str) -> bool:
    """Whether a POSIX relative path lies inside a folder that is never read."""
    return any(part in PRUNED_DIRS for part in path.split("/")[:-1])


def git_toplevel(folder: Path) -> Path | None:
    """The root of the git work tree holding ``folder``, or ``None``."""
    try:
        import subprocess  # only runs that ask git something pay for it

        result = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    if result.returncode != 0:
        return None
    return Path(result.stdout.strip())


class Snapshot(ABC):
    """A tree of files: a working tree or a commit. Paths are POSIX, relative to ``root``."""

    root: Path
    label: str

    @abstractmethod
    def list_files(self) -> list[str]:
        """Every file that discovery may consider (ignored and pruned files left out)."""

    @abstractmethod
    def read_bytes(self, path: str) -> bytes: ...

    @abstractmethod
    def size(self, path: str) -> int: ...

    @abstractmethod
    def is_file(self, path: str) -> bool: ...

    @abstractmethod
    def is_dir(self, path: str) -> bool: ...

    def display(self, path: str) -> str:
        """How a file is named in findings."""
        return path

    @property
    def git_dir(self) -> Path | None:
        """The git work tree this snapshot belongs to, if any."""
        return None

    @property
    def revision(self) -> str | None:
        """The commit this snapshot is, or ``None`` for a working tree."""
        return None

    def close(self) -> None:  # noqa: B027 - most snapshots hold nothing open
        """Release what the snapshot holds open (git helper processes)."""

    def __enter__(self) -> Snapshot:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class WorktreeSnapshot(Snapshot):
    def __init__(self, root: Path, cwd: Path | None = None) -> None:
        self.root = root.resolve()
        self.cwd = (cwd or Path.cwd()).resolve()
        self.label = "working tree"
        self._toplevel: Path | bool | None = False

    @property
    def git_dir(self) -> Path | None:
        if self._toplevel is False:
            self._toplevel = git_toplevel(self.root)
        return self._toplevel if isinstance(self._toplevel, Path) else None

    def list_files(self) -> list[str]:
        if self.git_dir is not None:
            listed = self._git_files()
            if listed is not None:
                return listed
        return self._walk()

    def _git_files(self) -> list[str] | None:
        """Tracked files and untracked files that .gitignore does not exclude."""
        import subprocess  # only runs that ask git something pay for it

        result = subprocess.run(
            ["git", "-C", str(self.root), "ls-files", "-z", "--cached", "--others",
             "--exclude-standard", "--full-name", "."],
            capture_output=True,
            check=False,
        )
        if result.returncode != 0:
            return None
        # A tracked file deleted from the working tree is still in the index: it is gone.
        deleted = subprocess.run(
            ["git", "-C", str(self.root), "ls-files", "-z", "--deleted", "--full-name", "."],
            capture_output=True,
            check=False,
        )
        gone = set(deleted.stdout.split(b"\0")) if deleted.returncode == 0 else set()
        top = self.git_dir
        assert top is not None
        prefix = self.root.relative_to(top.resolve()).as_posix() if self.root != top.resolve() else ""
        cut = len(prefix) + 1 if prefix else 0
        seen: set[str] = set()
        files = []
        for raw in result.stdout.split(b"\0"):
            if not raw or raw in gone:
                continue
            name = raw.decode("utf-8", "surrogateescape")[cut:]
            if name in seen or is_pruned(name):
                continue
            seen.add(name)
            files.append(name)
        return files

    def _walk(self) -> list[str]:
        files: list[str] = []
        root = str(self.root)
        cut = len(root.rstrip(os.sep)) + 1
        for folder, dirs, names in os.walk(root, onerror=_raise_walk_error):
            if "pyvenv.cfg" in names and folder != root:  # a virtualenv: nothing of ours
                dirs[:] = []
                continue
            dirs[:] = sorted(d for d in dirs if d not in PRUNED_DIRS)
            relative = folder[cut:]
            base = relative.replace(os.sep, "/") + "/" if relative else ""
            files.extend(base + name for name in sorted(names))
        return files

    def _abs(self, path: str) -> Path:
        return self.root / path

    def read_bytes(self, path: str) -> bytes:
        return self._abs(path).read_bytes()

    def size(self, path: str) -> int:
        return self._abs(path).stat().st_size

    def is_file(self, path: str) -> bool:
        return self._abs(path).is_file()

    def is_dir(self, path: str) -> bool:
        return self._abs(path).is_dir()

    def display(self, path: str) -> str:
        if self.root == self.cwd:  # the usual case, and the one that must be fast
            return path
        absolute = os.path.join(str(self.root), path)
        try:
            return os.path.relpath(absolute, str(self.cwd)).replace(os.sep, "/")
        except ValueError:  # another drive on Windows
            return absolute


def _raise_walk_error(error: OSError) -> None:
    raise FatalError(f"{error.filename}: cannot read folder: {error.strerror or error}")


class CommitSnapshot(Snapshot):
    """A commit read through GitPython: trees and blobs, no checkout."""

    def __init__(self, repo_dir: Path, rev: str, subdir: str = "") -> None:
        import git

        try:
            self._repo: Any = git.Repo(repo_dir, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise FatalError(f"{repo_dir}: not a git repository") from None
        try:
            self._commit = self._repo.commit(rev)
        except (git.BadName, ValueError, git.GitCommandError):
            self._repo.close()
            raise FatalError(
                f"{rev}: no such commit in {repo_dir} (in a shallow clone, fetch it first: "
                "git fetch origin <ref>, or check out with fetch-depth: 0)"
            ) from None
        self.root = Path(self._repo.working_tree_dir or repo_dir)
        self.subdir = subdir.strip("/")
        self.label = f"commit {self._commit.hexsha[:12]}"
        self._blobs: dict[str, Any] | None = None

    @property
    def git_dir(self) -> Path | None:
        return self.root

    @property
    def revision(self) -> str | None:
        return str(self._commit.hexsha)

    @property
    def repo(self) -> Any:
        return self._repo

    def _index(self) -> dict[str, Any]:
        if self._blobs is None:
            blobs: dict[str, Any] = {}
            tree: Any = self._commit.tree
            if self.subdir:
                try:
                    tree = tree / self.subdir
                except KeyError:
                    tree = None
            if tree is not None:
                for item in tree.traverse():
                    if item.type == "blob":
                        name = item.path[len(self.subdir) + 1 :] if self.subdir else item.path
                        blobs[name] = item
            self._blobs = blobs
        return self._blobs

    def list_files(self) -> list[str]:
        return [p for p in self._index() if not is_pruned(p)]

    def read_bytes(self, path: str) -> bytes:
        blob = self._index().get(path)
        if blob is None:
            raise FileNotFoundError(path)
        return bytes(blob.data_stream.read())

    def size(self, path: str) -> int:
        blob = self._index().get(path)
        if blob is None:
            raise FileNotFoundError(path)
        return int(blob.size)

    def is_file(self, path: str) -> bool:
        return path in self._index()

    def is_dir(self, path: str) -> bool:
        prefix = path.rstrip("/") + "/"
        return path in ("", ".") or any(p.startswith(prefix) for p in self._index())

    def display(self, path: str) -> str:
        return f"{self.subdir}/{path}" if self.subdir else path

    def close(self) -> None:
        self._repo.close()
