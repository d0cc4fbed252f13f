"""Talking to git: where a repository is, what a commit holds, and its blobs' bytes.

Every call runs ``git`` itself, never prompts (``GIT_TERMINAL_PROMPT=0``: a partial
clone may fetch missing objects from its promisor remote, and that must fail rather than
ask for a password), and turns a missing ``git`` into one clear error.

:class:`BlobReader` keeps one ``git cat-file --batch`` process *per process*: a worker
forked to read files in parallel starts its own on first use instead of sharing the
parent's pipe (two processes writing requests into one pipe and reading each other's
answers was the failure of every run of 400 files or more read from a commit).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple

from catalog_lint.errors import FatalError
from catalog_lint.regular_files import FileTooLarge

if TYPE_CHECKING:
    import subprocess  # imported where git runs: a run outside git never needs it (3 ms)

#: Tree entry modes.
MODE_LINK = "120000"
MODE_SUBMODULE = "160000"


def git_env() -> dict[str, str]:
    """The environment git runs in: never prompt for credentials (a lazy fetch of a
    partial clone fails instead of waiting for a password nobody will type)."""
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GCM_INTERACTIVE": "never"}


def run_git(folder: Path, *args: str, stdin: bytes | None = None
            ) -> subprocess.CompletedProcess[bytes]:
    """Run one git command in ``folder``; bytes out, never raises on a git failure."""
    import subprocess

    try:
        return subprocess.run(["git", "-C", str(folder), *args], input=stdin,
                              stdin=None if stdin is not None else subprocess.DEVNULL,
                              capture_output=True, check=False, env=git_env())
    except OSError as exc:
        raise FatalError(f"cannot run git: {exc.strerror or exc}") from None


def git_reason(stderr: bytes, fallback: str) -> str:
    """git's own explanation: its first ``fatal:`` or ``error:`` line, else the last line
    it printed (what follows a fatal line is advice for the interactive user)."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()
             if line.strip() and not line.startswith("hint:")]
    failures = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return failures[0] if failures else lines[-1] if lines else fallback


class Repository(NamedTuple):
    """A git repository as found from a folder."""

    git_dir: Path
    toplevel: Path | None  # None: a bare repository (or a folder inside .git)
    shallow: bool

    @property
    def root(self) -> Path:
        """Where paths are named from: the work tree, else the repository itself."""
        return self.toplevel or self.git_dir

    @property
    def bare(self) -> bool:
        return self.toplevel is None

    def promisor_remotes(self) -> list[str]:
        """The remotes a partial clone (``--filter``) fetches missing objects from."""
        found = run_git(self.root, "config", "--get-regexp", r"^remote\..*\.promisor$")
        names = []
        for line in found.stdout.decode("utf-8", "replace").splitlines():
            key, _, value = line.partition(" ")
            if value.strip().lower() in ("true", "yes", "on", "1"):
                names.append(key[len("remote."):-len(".promisor")])
        configured = run_git(self.root, "config", "--get", "extensions.partialclone")
        name = configured.stdout.decode("utf-8", "replace").strip()
        if name and name not in names:
            names.append(name)
        return names


def locate(folder: Path) -> Repository | None:
    """The repository holding ``folder`` (a work tree, a linked worktree or a bare
    repository), or ``None``."""
    probe = run_git(folder, "rev-parse", "--absolute-git-dir", "--is-shallow-repository",
                    "--is-bare-repository")
    lines = probe.stdout.decode("utf-8", "surrogateescape").splitlines()
    if probe.returncode != 0 or len(lines) < 3:
        return None
    toplevel = None
    if lines[2].strip() != "true":
        top = run_git(folder, "rev-parse", "--show-toplevel")
        if top.returncode == 0 and top.stdout.strip():
            toplevel = Path(top.stdout.decode("utf-8", "surrogateescape").strip())
    return Repository(Path(lines[0]), toplevel, lines[1].strip() == "true")


class TreeEntry(NamedTuple):
    mode: str
    kind: str  # blob, tree, commit (a submodule)
    oid: str

    @property
    def is_link(self) -> bool:
        return self.mode == MODE_LINK


def list_tree(repo: Path, commit: str) -> dict[str, TreeEntry]:
    """Every entry of ``commit``'s tree, recursively, by path (no blob is read: this works
    in a partial clone without fetching anything)."""
    listed = run_git(repo, "-c", "core.quotepath=off", "ls-tree", "-r", "-z", "--full-tree",
                     commit)
    if listed.returncode != 0:
        raise FatalError(
            f"cannot list the files of commit {commit[:12]}: "
            f"{git_reason(listed.stderr, 'git ls-tree failed')} (objects are missing from "
            f"{repo}: git fsck lists them; fetch again or clone afresh)")
    entries: dict[str, TreeEntry] = {}
    for record in listed.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, oid = meta.decode("ascii").split(" ")
        entries[raw_path.decode("utf-8", "surrogateescape")] = TreeEntry(mode, kind, oid)
    return entries


def fetch_missing(repo: Path, remotes: list[str], commit: str, oids: set[str]) -> None:
    """In a partial clone (``remotes``: its promisor remotes), fetch the blobs among
    ``oids`` that are not here yet, in one request (left to git, each would be one
    fetch)."""
    if not oids or not remotes:
        return
    listed = run_git(repo, "rev-list", "--objects", "--missing=print", "--no-walk",
                     commit)
    missing = sorted({line[1:] for line in listed.stdout.decode("ascii", "replace").split("\n")
                      if line.startswith("?")} & oids)
    if not missing:
        return
    remote = remotes[0]
    fetched = run_git(repo, "-c", "fetch.negotiationAlgorithm=noop", "fetch", remote,
                      "--no-tags", "--no-write-fetch-head", "--recurse-submodules=no",
                      "--filter=blob:none", "--stdin",
                      stdin="".join(f"{oid}\n" for oid in missing).encode("ascii"))
    if fetched.returncode != 0:
        raise FatalError(
            f"commit {commit[:12]}: {len(missing)} file(s) are not in this partial clone "
            f"(cloned with --filter) and fetching them from the remote {remote!r} failed: "
            f"{git_reason(fetched.stderr, 'git fetch failed')}. Run again where the remote "
            "is reachable, or clone without --filter")


class MissingObject(FatalError):
    """A blob that the repository does not hold and could not fetch."""


class BlobReader:
    """Blob bytes through one ``git cat-file --batch`` per process, capped by size."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self._process: subprocess.Popen[bytes] | None = None
        self._errors: IO[bytes] | None = None
        self._pid = 0

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is not None and self._pid == os.getpid():
            return self._process
        # In a forked worker the parent's process is the parent's: leave it alone.
        import subprocess
        import tempfile  # here: a run outside git (or one reading no blob) never needs it

        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as git
        try:
            self._process = subprocess.Popen(
                ["git", "-C", str(self.repo), "cat-file", "--batch"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=self._errors, env=git_env())
        except OSError as exc:
            raise FatalError(f"cannot run git: {exc.strerror or exc}") from None
        self._pid = os.getpid()
        return self._process

    def read(self, oid: str, limit: int, *, truncate: bool = False, path: str = "") -> bytes:
        """The blob's bytes. More than ``limit``: :class:`FileTooLarge` (or, with
        ``truncate``, the first ``limit`` bytes)."""
        process = self._start()
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(oid.encode("ascii") + b"\n")
            process.stdin.flush()
        except OSError:
            pass  # git stopped: the header read below says why
        header = process.stdout.readline().split()
        if len(header) != 3:
            reason = self._failure()
            raise MissingObject(
                f"{path or oid}: git object {oid} is missing from {self.repo}"
                + (f" ({reason})" if reason else "") + "; the repository is damaged (git "
                "fsck lists what is missing) or a partial clone could not fetch it")
        size = int(header[2])
        if size > limit and not truncate:
            self.close()  # cheaper than draining a huge blob from the pipe
            raise FileTooLarge(limit, size)
        wanted = min(size, limit)
        data = process.stdout.read(wanted)
        if wanted < size:
            self.close()
        else:
            process.stdout.read(1)  # the newline after the contents
        return data

    def _failure(self) -> str:
        process, errors = self._process, self._errors
        self._process = None
        if process is not None:
            process.kill()
            process.wait()
        self._errors = None
        if errors is None:
            return ""
        with errors:
            errors.seek(0)
            return git_reason(errors.read(), "")

    def close(self) -> None:
        process = self._process
        if process is None or self._pid != os.getpid():
            self._process = None
            return
        self._process = None
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()
        process.kill()
        process.wait()
        if self._errors is not None:
            self._errors.close()
            self._errors = None
