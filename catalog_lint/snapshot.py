"""Snapshots: the only code that touches the file system or git objects.

:class:`WorktreeSnapshot` reads a folder as it is on disk; :class:`CommitSnapshot` reads
a commit straight from git objects, without a checkout. The rest of the pipeline cannot
tell them apart, which is what lets the regression gate compare a base commit with the
working tree through the same code.

Both read only regular files inside the repository, and at most ``read_limit`` bytes of
each (the config's ``max-file-size``): a symbolic link is followed only while it stays
inside (on disk, or in the commit's own tree), and devices, FIFOs and sockets are refused
(see :mod:`catalog_lint.regular_files`).
"""

from __future__ import annotations

import errno
import os
import stat
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable
from pathlib import Path

from catalog_lint.config import DEFAULT_MAX_FILE_SIZE
from catalog_lint.errors import FatalError
from catalog_lint.gitaccess import BlobReader, Repository, TreeEntry, fetch_missing, list_tree, locate
from catalog_lint.regular_files import OutsideRepository, RefusedFile, is_inside, read_file

#: The most symbolic links followed for one path (as Linux's ``MAXSYMLINKS``).
MAX_LINKS = 40
#: The most bytes of a link target read from a commit (a path, ``PATH_MAX``).
MAX_LINK_TARGET = 4096
#: A file changed more recently than this has no :meth:`Snapshot.identity` in a working
#: tree: a second change within the file system's time granularity would not show.
RACY_SECONDS = 2.0

#: Folders never descended into, whatever the patterns say.
PRUNED_DIRS = frozenset(
    {".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".nox",
     ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages"}
)


def is_pruned(path: str) -> bool:
    """Whether a POSIX relative path lies inside a folder that is never read."""
    return any(part in PRUNED_DIRS for part in path.split("/")[:-1])


#: Variables with which git finds a repository other than by looking in the folder and
#: its parents.
GIT_LOCATING_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR")


def git_toplevel(folder: Path) -> Path | None:
    """The root of the git work tree holding ``folder``, or ``None``."""
    if surely_outside_git(folder):
        return None
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


def surely_outside_git(folder: Path) -> bool:
    """Whether git would find no repository from ``folder``: neither it nor a parent holds
    ``.git`` (a folder, or the file of a linked work tree or submodule) or looks like a
    repository itself, and no variable points git elsewhere. Asking git costs a process
    and importing :mod:`subprocess`, 4 ms of a one-file run outside git; the answer is
    the same (git looks for the same entries, and a variable only makes it look less)."""
    if any(name in os.environ for name in GIT_LOCATING_VARIABLES):
        return False
    here = Path(os.path.abspath(folder))
    for candidate in (here, *here.parents):
        if os.path.lexists(candidate / ".git") or (
                os.path.isfile(candidate / "HEAD") and os.path.isdir(candidate / "objects")):
            return False
    return True


class Snapshot(ABC):
    """A tree of files: a working tree or a commit. Paths are POSIX, relative to ``root``."""

    root: Path
    label: str
    #: The most bytes read of any one file; a run sets it from ``max-file-size``.
    read_limit: int = DEFAULT_MAX_FILE_SIZE

    @abstractmethod
    def list_files(self, under: str = "") -> list[str]:
        """Every file that discovery may consider (ignored and pruned files left out),
        only those below the folder ``under`` (relative to the root) when it is given:
        a run over one folder never reads the rest of the root (which, for a folder
        named outside the current one, is their common parent, perhaps ``/``)."""

    @abstractmethod
    def read_bytes(self, path: str) -> bytes:
        """The bytes of a regular file inside the repository, at most ``read_limit``.

        Raises :class:`~catalog_lint.regular_files.RefusedFile` for a file that is not
        read (too large, a device or FIFO, a link leading outside), another ``OSError``
        when it cannot be read."""

    @abstractmethod
    def read_repository_file(self, path: str) -> bytes:
        """Like :meth:`read_bytes`, for a path from the repository's top (CODEOWNERS,
        settings), which may lie above ``root``."""

    @abstractmethod
    def is_file(self, path: str) -> bool:
        """Whether ``path`` names something that is not a folder (reading it may still
        refuse it: a FIFO is a file here, so that it is reported rather than ignored)."""

    @abstractmethod
    def is_dir(self, path: str) -> bool: ...

    @abstractmethod
    def leads_outside(self, path: str) -> bool:
        """Whether ``path`` is, or passes through, a symbolic link leading outside the
        repository."""

    def prefetch(self, paths: Iterable[str]) -> None:  # noqa: B027 - most read directly
        """Make the files about to be read quick to read (a partial clone fetches what
        it lacks in one request)."""

    def identity(self, path: str) -> str | None:
        """A short text that changes whenever the file's content (as read, within
        ``read_limit``) can have changed, when the snapshot can tell without reading it;
        ``None`` when it cannot. Caches of what files hold are keyed by it."""
        return None

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
        self._root_text = str(self.root)
        self._boundary: str | None = None
        self._plain: dict[str, bool] = {}
        #: each folder's listing, made once: discovery and the scoring stage's file facts
        #: both list the whole tree, and a run describes the tree as it was listed
        self._listed: dict[str, list[str]] = {}

    @property
    def git_dir(self) -> Path | None:
        if self._toplevel is False:
            self._toplevel = git_toplevel(self.root)
        return self._toplevel if isinstance(self._toplevel, Path) else None

    def list_files(self, under: str = "") -> list[str]:
        under = _folder(under)
        listed = self._listed.get(under)
        if listed is None:
            if self.git_dir is not None:
                listed = self._git_files(under)
            if listed is None:
                listed = self._walk(under)
            self._listed[under] = listed
        return list(listed)

    def _git_files(self, under: str) -> list[str] | None:
        """Tracked files and untracked files that .gitignore does not exclude."""
        import subprocess  # only runs that ask git something pay for it

        # A tracked file deleted from the working tree is still in the index: it is gone.
        # Both questions at once: each git process takes milliseconds to start.
        deleted = subprocess.Popen(
            ["git", "--literal-pathspecs", "-C", str(self.root), "ls-files", "-z", "--deleted",
             "--full-name", under or "."],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        try:
            result = subprocess.run(
                ["git", "--literal-pathspecs", "-C", str(self.root), "ls-files", "-z",
                 "--cached", "--others", "--exclude-standard", "--full-name", under or "."],
                capture_output=True,
                check=False,
            )
        finally:
            gone_out, _ = deleted.communicate()
        if result.returncode != 0:
            return None
        gone = set(gone_out.split(b"\0")) if deleted.returncode == 0 else set()
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

    def _walk(self, under: str) -> list[str]:
        """Every file below ``under``, folders in name order, depth first (what
        ``os.walk`` gives, a third faster: a folder entry's type comes from the
        directory listing, with no ``lstat`` per folder). Symbolic links to folders are
        not followed; virtualenvs and :data:`PRUNED_DIRS` are left out."""
        files: list[str] = []
        root = str(self.root)
        start = os.path.join(root, *under.split("/")) if under else root
        if under and not os.path.isdir(start):
            return files
        pending = [(start, under + "/" if under else "")]
        # No link is walked into: below a folder with no link on the way from the root,
        # every folder walked has none either (reading then asks no lstat per folder).
        plain = self._plain_folder(start)
        while pending:
            folder, base = pending.pop()
            if plain:
                self._plain[folder] = True
            names: list[str] = []
            folders: list[str] = []
            try:
                with os.scandir(folder) as entries:
                    for entry in entries:
                        try:
                            is_folder = entry.is_dir()  # a link to a folder is one...
                        except OSError:
                            is_folder = False
                        if not is_folder:
                            names.append(entry.name)
                        elif entry.name not in PRUNED_DIRS and not entry.is_symlink():
                            folders.append(entry.name)  # ... but is not walked into
            except OSError as error:
                _raise_walk_error(error)
            if base and "pyvenv.cfg" in names and folder != root:
                continue  # a virtualenv: nothing of ours
            names.sort()
            files.extend([base + name for name in names])
            folders.sort(reverse=True)  # popped in name order
            pending.extend((os.path.join(folder, name), base + name + "/") for name in folders)
        return files

    def _abs(self, path: str) -> str:
        return os.path.join(self._root_text, *path.split("/"))

    def _repository(self) -> str:
        """Where symbolic links may lead: the repository's work tree when the root lies
        in one (a link from a sub-folder to a sibling is fine), else the root."""
        if self._boundary is None:
            boundary = self._root_text
            top = self.git_dir
            if top is not None:
                real_top = os.path.realpath(top)
                if is_inside(self._root_text, real_top):
                    boundary = real_top
            self._boundary = boundary
        return self._boundary

    def _plain_folder(self, folder: str) -> bool:
        """Whether no symbolic link lies between the root and ``folder`` (cached: most
        files share their folders)."""
        known = self._plain.get(folder)
        if known is None:
            if folder == self._root_text:
                known = True
            elif not is_inside(folder, self._root_text):
                known = False
            else:
                known = self._plain_folder(os.path.dirname(folder)) and not os.path.islink(folder)
            self._plain[folder] = known
        return known

    def read_bytes(self, path: str) -> bytes:
        return read_file(self._abs(path), self.read_limit, root=self._root_text,
                         boundary=self._repository, plain_folder=self._plain_folder)

    def read_repository_file(self, path: str) -> bytes:
        top = self.git_dir
        if top is None:
            return self.read_bytes(path)
        real_top = os.path.realpath(top)
        return read_file(os.path.join(real_top, *path.split("/")), self.read_limit,
                         root=real_top)

    def is_file(self, path: str) -> bool:
        absolute = self._abs(path)
        return os.path.lexists(absolute) and not os.path.isdir(absolute)

    def identity(self, path: str) -> str | None:
        """Size, modification and change times and inode of a regular file (not a link),
        as git's index keeps them; ``None`` for a file changed in the last
        :data:`RACY_SECONDS`, since another change within the file system's time
        granularity would not show (git's "racily clean" entries)."""
        try:
            found = os.lstat(self._abs(path))
        except OSError:
            return None
        if not stat.S_ISREG(found.st_mode) or time.time() - found.st_mtime < RACY_SECONDS:
            return None
        return (f"{self.read_limit}:{found.st_size}:{found.st_mtime_ns}:{found.st_ctime_ns}:"
                f"{found.st_ino}")

    def is_dir(self, path: str) -> bool:
        return os.path.isdir(self._abs(path))

    def leads_outside(self, path: str) -> bool:
        real = os.path.realpath(self._abs(path))
        return not (is_inside(real, self._root_text) or is_inside(real, self._repository()))

    def display(self, path: str) -> str:
        if self.root == self.cwd:  # the usual case, and the one that must be fast
            return path
        absolute = os.path.join(str(self.root), path)
        try:
            return os.path.relpath(absolute, str(self.cwd)).replace(os.sep, "/")
        except ValueError:  # another drive on Windows
            return absolute


def _folder(under: str) -> str:
    """``under`` as a relative folder without slashes at its ends ("" for the root)."""
    folder = under.strip("/")
    return "" if folder == "." else folder


def _raise_walk_error(error: OSError) -> None:
    raise FatalError(f"{error.filename}: cannot read folder: {error.strerror or error}")


class CommitSnapshot(Snapshot):
    """A commit read from git objects: ``git ls-tree`` for the files, ``git cat-file``
    for their bytes, no checkout. Works in shallow, partial and bare repositories.

    Symbolic links are blobs of mode 120000 holding the target path: followed inside the
    commit's own tree, never onto the disk, and refused when they climb out of it."""

    def __init__(self, repo_dir: Path, rev: str, subdir: str = "", *,
                 what: str = "--rev") -> None:
        from catalog_lint.revisions import resolve_commit

        repository = locate(repo_dir)
        if repository is None:
            raise FatalError(f"{repo_dir}: not a git repository, so {what} {rev} cannot be "
                             "read")
        self.repository: Repository = repository
        self.sha = resolve_commit(repository, rev, what)
        self.root = repository.root
        self.subdir = subdir.strip("/")
        self.label = f"commit {self.sha[:12]}"
        self._entries: dict[str, TreeEntry] | None = None
        self._folders: set[str] | None = None
        self._blobs = BlobReader(self.root)
        self._promisors: list[str] | None = None

    @property
    def git_dir(self) -> Path | None:
        return self.root

    @property
    def revision(self) -> str | None:
        return self.sha

    def _tree(self) -> dict[str, TreeEntry]:
        if self._entries is None:
            self._entries = list_tree(self.root, self.sha)
        return self._entries

    def _folder_set(self) -> set[str]:
        if self._folders is None:
            folders = {""}
            for name in self._tree():
                while "/" in name:
                    name = name.rsplit("/", 1)[0]
                    if name in folders:
                        break
                    folders.add(name)
            self._folders = folders
        return self._folders

    def _full(self, path: str) -> str:
        path = path.strip("/")
        if path in ("", "."):
            return self.subdir
        return f"{self.subdir}/{path}" if self.subdir else path

    def list_files(self, under: str = "") -> list[str]:
        prefix = f"{self.subdir}/" if self.subdir else ""
        cut = len(prefix)
        below = _folder(under)
        below = below + "/" if below else ""
        return [name[cut:] for name, entry in self._tree().items()
                if entry.kind == "blob" and name.startswith(prefix)
                and name[cut:].startswith(below) and not is_pruned(name[cut:])]

    def _resolve(self, full: str) -> TreeEntry:
        """The blob ``full`` names, symbolic links followed inside the tree."""
        entries = self._tree()
        pending = full.split("/")
        done: list[str] = []
        hops = 0
        link = ""
        while pending:
            part = pending.pop(0)
            if part in ("", "."):
                continue
            if part == "..":
                if not done:
                    raise OutsideRepository(f"symbolic link to {link}, outside the repository; "
                                            "not read" if link else "path leads outside the "
                                            "repository; not read")
                done.pop()
                continue
            entry = entries.get("/".join([*done, part]))
            if entry is not None and entry.is_link:
                hops += 1
                if hops > MAX_LINKS:
                    raise RefusedFile("too many levels of symbolic links; not read")
                link = self._blobs.read(entry.oid, MAX_LINK_TARGET, truncate=True).decode(
                    "utf-8", "surrogateescape")
                if link.startswith("/"):
                    raise OutsideRepository(f"symbolic link to {link}, outside the "
                                            "repository; not read")
                pending = link.split("/") + pending
                continue
            done.append(part)
        final = "/".join(done)
        entry = entries.get(final)
        if entry is None:
            if final in self._folder_set():
                raise RefusedFile("not a regular file but a folder; not read")
            reason = "No such file or directory" + (" (broken symbolic link)" if hops else "")
            raise FileNotFoundError(errno.ENOENT, reason)
        if entry.kind != "blob":
            raise RefusedFile("not a regular file but a submodule; not read")
        return entry

    def read_bytes(self, path: str) -> bytes:
        entry = self._resolve(self._full(path))
        return self._blobs.read(entry.oid, self.read_limit, path=self.display(path))

    def read_repository_file(self, path: str) -> bytes:
        entry = self._resolve(path)
        return self._blobs.read(entry.oid, self.read_limit, path=path)

    def is_file(self, path: str) -> bool:
        entry = self._tree().get(self._full(path))
        return entry is not None and entry.kind == "blob"

    def identity(self, path: str) -> str | None:
        """The blob's object id (a link's target is resolved by reading)."""
        entry = self._tree().get(self._full(path))
        if entry is None or entry.kind != "blob" or entry.is_link:
            return None
        return f"{self.read_limit}:{entry.oid}"

    def is_dir(self, path: str) -> bool:
        return self._full(path) in self._folder_set()

    def leads_outside(self, path: str) -> bool:
        try:
            self._resolve(self._full(path))
        except OutsideRepository:
            return True
        except OSError:
            return False
        return False

    def prefetch(self, paths: Iterable[str]) -> None:
        """In a partial clone, fetch the blobs of ``paths`` (and of what their links
        point at) that the clone lacks, in one request each."""
        if self._promisors is None:
            self._promisors = self.repository.promisor_remotes()
        if not self._promisors:
            return
        entries = self._tree()
        chosen = [entries[full] for full in map(self._full, paths) if full in entries]
        fetch_missing(self.root, self._promisors, self.sha, {e.oid for e in chosen})
        targets = set()
        for full in map(self._full, paths):
            entry = entries.get(full)
            if entry is not None and entry.is_link:
                try:
                    targets.add(self._resolve(full).oid)
                except OSError:
                    continue
        fetch_missing(self.root, self._promisors, self.sha, targets)

    def display(self, path: str) -> str:
        return f"{self.subdir}/{path}" if self.subdir else path

    def close(self) -> None:
        self._blobs.close()
