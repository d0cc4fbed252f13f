"""Fetching a blueprint set from a git repository, safely.

A repository's configuration is written by pull requests, so the URL and the ref it names
are untrusted input given to git:

- only ``https://``, ``ssh://`` (and scp-like ``user@host:path``) and ``file://`` URLs are
  accepted; nothing that starts with ``-``; no ``ext::``, ``git://`` or plain ``http://``.
  Every git command puts ``--`` before the URL, and ``protocol.allow`` limits git itself
  to those transports;
- refs are tags, branches or commit SHAs of a plain form (no ``..``, no leading ``-``);
- git runs with hooks switched off (``core.hooksPath=/dev/null``) in a bare mirror that
  catalog-lint created, never prompts for credentials, and is stopped after
  ``CATALOG_LINT_GIT_TIMEOUT`` seconds (default 300);
- credentials written in a URL (``https://user:token@host``) never appear in messages;
- the set is extracted from git objects (``ls-tree`` and ``cat-file``), not checked out:
  symbolic links and submodules are left out, paths are checked, and a set larger than
  :data:`MAX_FILES` files or :data:`MAX_BYTES` bytes is refused.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from catalog_lint.errors import FatalError

DEFAULT_TIMEOUT = 300.0
MAX_FILES = 5000
MAX_BYTES = 50 * 1024 * 1024

_SCP_LIKE = re.compile(r"^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:(?!/)[^\s]+$")
_REF = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._/+-]*$")
_SHA = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
#: userinfo with a password, in any URL; and any userinfo of an http(s) URL, where a
#: token often stands alone (https://TOKEN@github.com). ssh://git@host stays as it is.
_CREDENTIALS = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/@\s:]*:[^/@\s]*@"
    r"|(?P<web>[Hh][Tt][Tt][Pp][Ss]?://)[^/@\s]+@")
#: Transports git itself may use for these fetches (everything else, ``ext::`` above all,
#: is refused by git even if a URL slipped through).
_PROTOCOLS = ("-c", "protocol.allow=never", "-c", "protocol.https.allow=always",
              "-c", "protocol.ssh.allow=always", "-c", "protocol.file.allow=always")


def redact(text: str) -> str:
    """``https://user:token@host/x`` → ``https://***@host/x``, anywhere in a text."""
    return _CREDENTIALS.sub(lambda m: f"{m.group('scheme') or m.group('web')}***@", text)


def check_url(url: str) -> str:
    """The URL when git may fetch it; otherwise a one-line error saying what is allowed."""
    shown = redact(url)
    if not url or url.startswith("-") or any(c.isspace() or ord(c) < 0x20 for c in url):
        raise FatalError(f"git URL {shown!r}: not a repository URL (it is empty, starts with "
                         "'-' or holds blanks or control characters)")
    lowered = url.lower()
    if lowered.startswith(("https://", "ssh://", "file://")) or _SCP_LIKE.match(url):
        return url
    raise FatalError(f"git URL {shown!r}: only https://, ssh://, user@host:path and file:// "
                     "URLs are fetched")


def check_ref(ref: str) -> str:
    if (not _REF.match(ref) or ".." in ref or ref.endswith((".lock", "/", "."))
            or "//" in ref or "@{" in ref):
        raise FatalError(f"git ref {ref!r}: not a tag, branch or commit name")
    return ref


def check_subpath(path: str) -> str:
    """The folder of the set inside the repository, as a clean relative POSIX path."""
    if not path or path in (".", "/"):
        return ""
    pure = PurePosixPath(path)
    if pure.is_absolute() or any(part in ("..", "") for part in pure.parts) or "\\" in path:
        raise FatalError(f"blueprint set path {path!r}: must be a folder inside the "
                         "repository (relative, without '..')")
    return pure.as_posix().strip("/")


def timeout() -> float:
    raw = os.environ.get("CATALOG_LINT_GIT_TIMEOUT", "")
    try:
        return float(raw) if raw else DEFAULT_TIMEOUT
    except ValueError:
        raise FatalError(f"CATALOG_LINT_GIT_TIMEOUT={raw!r}: not a number of seconds") from None


@dataclass(frozen=True)
class Resolved:
    commit: str
    ref_name: str  # refs/tags/v1.4.0, refs/heads/main, or the SHA itself


class Mirror:
    """A bare repository in the cache holding what was fetched from one URL."""

    def __init__(self, cache: Path, url: str) -> None:
        self.url = check_url(url)
        self.shown = redact(url)
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:24]
        self.path = cache / "git" / f"{digest}.git"

    def git(self, *args: str, data: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        command = ["git", "-c", "core.hooksPath=/dev/null", *_PROTOCOLS,
                   "--git-dir", str(self.path), *args]
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_PROTOCOL_FROM_USER": "0"}
        env.pop("GIT_DIR", None)
        limit = timeout()
        try:
            result = subprocess.run(command, input=data, capture_output=True, env=env,
                                    timeout=limit, check=False)
        except subprocess.TimeoutExpired:
            raise FatalError(f"{self.shown}: git did not finish within {limit:g} seconds "
                             "(CATALOG_LINT_GIT_TIMEOUT)") from None
        except OSError as exc:
            raise FatalError(f"cannot run git: {exc.strerror or exc}") from None
        if check and result.returncode != 0:
            raise FatalError(f"{self.shown}: {redact(_git_error(result.stderr, args[0]))}")
        return result

    def ensure(self) -> None:
        if (self.path / "HEAD").is_file():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            subprocess.run(["git", "init", "--bare", "-q", "--", str(self.path)],
                           capture_output=True, check=True, timeout=timeout())
        except (OSError, subprocess.SubprocessError) as exc:
            raise FatalError(f"{self.path}: cannot create the git cache: {exc}") from None

    def has_commit(self, commit: str) -> bool:
        found = self.git("cat-file", "-e", f"{commit}^{{commit}}", check=False)
        return found.returncode == 0

    def remote_ref(self, ref: str) -> Resolved | None:
        """What ``ref`` names on the remote now (a tag first, then a branch), without
        fetching; ``None`` when the remote has no such tag or branch."""
        listed = self.git("ls-remote", "--", self.url, f"refs/tags/{ref}",
                          f"refs/tags/{ref}^{{}}", f"refs/heads/{ref}")
        found: dict[str, str] = {}
        for line in listed.stdout.decode("utf-8", "replace").splitlines():
            sha, _, name = line.partition("\t")
            found[name] = sha
        for name in (f"refs/tags/{ref}^{{}}", f"refs/tags/{ref}", f"refs/heads/{ref}"):
            if name in found:
                return Resolved(found[name], name.removesuffix("^{}"))
        return None

    def fetch_ref(self, ref: str) -> Resolved:
        """Fetch a tag, branch or commit into the mirror; the commit it names."""
        check_ref(ref)
        self.ensure()
        if _SHA.match(ref):
            if not self.has_commit(ref):
                self.git("fetch", "--quiet", "--no-tags", "--", self.url, ref)
            return Resolved(ref, ref)
        remote = self.remote_ref(ref)
        if remote is None:
            raise FatalError(f"{self.shown}: no tag or branch named {ref!r}")
        self.git("fetch", "--quiet", "--no-tags", "--force", "--", self.url,
                 f"+{remote.ref_name}:{remote.ref_name}")
        peeled = self.git("rev-parse", "--verify", "--quiet", "--end-of-options",
                          f"{remote.ref_name}^{{commit}}")
        return Resolved(peeled.stdout.decode().strip(), remote.ref_name)

    def fetch_commit(self, ref: str, commit: str) -> None:
        """Make a locked commit available: fetch its ref (the commit is on it unless the
        ref was moved), then the commit itself."""
        if self.has_commit(commit):
            return
        self.fetch_ref(ref)
        if self.has_commit(commit):
            return
        self.git("fetch", "--quiet", "--no-tags", "--", self.url, commit, check=False)
        if not self.has_commit(commit):
            raise FatalError(
                f"{self.shown}: the locked commit {commit[:12]} of {ref!r} cannot be fetched: "
                f"{ref!r} was moved and the old commit is gone from the repository. Review "
                "what changed, then run: catalog-lint blueprints lock --update")

    def extract(self, commit: str, subpath: str, destination: Path) -> None:
        """Write the files of ``subpath`` at ``commit`` into ``destination`` (created
        atomically: it appears complete or not at all)."""
        entries = self._tree(commit, subpath)
        destination.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".extract-", dir=destination.parent))
        try:
            if entries:
                blobs = self._blobs([sha for sha, _ in entries])
                for sha, relative in entries:
                    target = scratch / relative
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(blobs[sha])
            try:
                scratch.rename(destination)
            except OSError:
                if not destination.is_dir():  # not a concurrent run that got there first
                    raise
        finally:
            if scratch.exists():
                shutil.rmtree(scratch, ignore_errors=True)

    def _tree(self, commit: str, subpath: str) -> list[tuple[str, str]]:
        args = ["ls-tree", "-r", "-z", "--full-tree", "-l", commit]
        if subpath:
            args += ["--", subpath]
        listing = self.git(*args).stdout.decode("utf-8", "surrogateescape")
        entries: list[tuple[str, str]] = []
        total = 0
        prefix = f"{subpath}/" if subpath else ""
        for record in filter(None, listing.split("\0")):
            header, _, name = record.partition("\t")
            mode, kind, sha, size = header.split()
            if kind != "blob" or mode == "120000" or not name.startswith(prefix):
                continue  # symbolic links and submodules are not part of a set
            relative = name[len(prefix):]
            parts = PurePosixPath(relative).parts
            if not parts or any(p in ("", ".", "..") for p in parts) or relative.startswith("/"):
                raise FatalError(f"{self.shown}: refusing the file name {relative!r} in "
                                 f"commit {commit[:12]}")
            total += int(size)
            entries.append((sha, relative))
        if len(entries) > MAX_FILES or total > MAX_BYTES:
            raise FatalError(f"{self.shown}: the blueprint set at {commit[:12]} has "
                             f"{len(entries):,} files and {total:,} bytes, more than the limit "
                             f"of {MAX_FILES:,} files or {MAX_BYTES:,} bytes")
        if subpath and not entries:
            raise FatalError(f"{self.shown}: commit {commit[:12]} has no folder {subpath!r}")
        return entries

    def _blobs(self, shas: list[str]) -> dict[str, bytes]:
        unique = list(dict.fromkeys(shas))
        output = self.git("cat-file", "--batch",
                          data="".join(f"{s}\n" for s in unique).encode()).stdout
        blobs: dict[str, bytes] = {}
        position = 0
        for sha in unique:
            end = output.index(b"\n", position)
            header = output[position:end].split()
            size = int(header[2])
            blobs[sha] = output[end + 1:end + 1 + size]
            position = end + 1 + size + 1
        return blobs


def _git_error(stderr: bytes, command: str) -> str:
    """The line of git's error output that says what went wrong."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()
             if line.strip()]
    for line in lines:
        if line.startswith(("fatal:", "error:")):
            return line.split(":", 1)[1].strip()
    return lines[0] if lines else f"git {command} failed"


def looks_like_commit(ref: str) -> bool:
    """A full commit SHA: a ref that cannot move."""
    return _SHA.match(ref) is not None
