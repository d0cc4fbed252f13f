"""History facts from ONE ``git log`` pass.

:func:`read_history` runs a single ``git log`` with a custom format over the tips that
matter (the snapshot's commit and the default branch), so each commit is parsed once
whatever the number of entities. :class:`Commit` is plain data that other features
(DORA metrics) reuse: parents, mailmap-resolved author and committer, times, signature
status and changed paths.

On top of it:

- :func:`delivery` classifies the first-parent history of the default branch: pull
  request merges (``Merge pull request #N``, GitLab's ``Merge branch 'x' into 'y'``,
  Bitbucket and Azure DevOps titles), squash merges titled ``... (#N)``, commits whose
  committer is the forge's web-flow account (uncertain: GitHub's web editor commits look
  the same, so they never count as pull requests on that alone) and direct pushes;
  and the share of commits carrying a signature (``%G?``).
- :func:`path_activity` says who changed a set of paths: contributors, the share of
  changes by members of the owning group, the bus factor (fewest contributors covering
  half of the changes) and the days since the last change.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from catalog_lint.gitaccess import git_env
from catalog_lint.pipes import widen_pipe

_FIELDS = ("%H", "%P", "%aN", "%aE", "%at", "%cN", "%cE", "%ct", "%G?", "%s")
_FORMAT = "%x1e" + "%x1f".join(_FIELDS)

#: ``%G?`` letters that mean "a signature is there": good, good with unknown validity,
#: expired signature or key, revoked key, or present but not checkable here (E).
SIGNED = frozenset("GUXYRE")
VERIFIED = frozenset("G")

_PR_MERGE = re.compile(
    r"^(?:Merge pull request #\d+ from "  # GitHub
    r"|Merge branch '[^']+' into '[^']+'$"  # GitLab merge requests
    r"|Merged in .+\(pull request #\d+\)"  # Bitbucket
    r"|Merged PR \d+: )"  # Azure DevOps
)
_SQUASH = re.compile(r"\(#\d+\)\s*$")
#: Committer identities forges use when they write a commit on the user's behalf.
WEB_FLOW = frozenset({("github", "noreply@github.com"), ("gitlab", "noreply@gitlab.com")})


class Commit(NamedTuple):
    """One commit as ``git log`` printed it (a tuple: cheap to build by the 100,000)."""

    sha: str
    parents: tuple[str, ...]
    author_name: str
    author_email: str
    author_time: int  # seconds since the epoch
    committer_name: str
    committer_email: str
    commit_time: int
    signature: str  # git's %G? letter; "N" for none
    subject: str
    files: tuple[str, ...]  # changed paths (none for merge commits)

    @property
    def author(self) -> str:
        return f"{self.author_name} <{self.author_email}>"

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    @property
    def web_flow(self) -> bool:
        return (self.committer_name.lower(), self.committer_email.lower()) in WEB_FLOW


@dataclass
class History:
    """The commits read, newest first, and the tips they were read from."""

    commits: dict[str, Commit]
    tips: dict[str, str]  # name ("head", "default") -> sha
    since: int | None  # the window's start (epoch seconds); None for all history
    seconds: float = 0.0  # how long git log and parsing took

    def reachable(self, tip: str) -> list[Commit]:
        """Commits read that ``tip`` reaches (every parent), newest first."""
        if tip not in self.commits:
            return []
        if set(self.tips.values()) == {tip}:  # read from this tip alone: all of them
            return list(self.commits.values())
        seen = {tip}
        stack = [tip]
        while stack:
            commit = self.commits.get(stack.pop())
            if commit is None:
                continue
            for parent in commit.parents:
                if parent not in seen and parent in self.commits:
                    seen.add(parent)
                    stack.append(parent)
        return [c for sha, c in self.commits.items() if sha in seen]

    def first_parent(self, tip: str) -> list[Commit]:
        """The first-parent chain from ``tip``, newest first (what the branch itself saw)."""
        chain = []
        sha: str | None = tip
        while sha is not None and sha in self.commits:
            commit = self.commits[sha]
            chain.append(commit)
            sha = commit.parents[0] if commit.parents else None
        return chain


class HistoryError(Exception):
    """git log failed; the message says why."""


def read_history(toplevel: Path, tips: dict[str, str], *, since: int | None = None,
                 mailmap_blob: str | None = None) -> History:
    """One ``git log`` over ``tips`` (name -> commit), limited to commits made at or after
    ``since``. ``mailmap_blob`` (``rev:.mailmap``) reads the mailmap of a commit rather
    than the working tree's."""
    import time

    started = time.perf_counter()
    command = ["git", "-C", str(toplevel), "-c", "core.quotepath=off",
               "-c", "log.showSignature=false"]
    if mailmap_blob:
        command += ["-c", f"mailmap.blob={mailmap_blob}"]
    if not _configured(toplevel, "gpg.ssh.allowedSignersFile"):
        # Without it git reports SSH-signed commits as unsigned; an empty list of allowed
        # signers makes them "U" (signed, signer not verified), which is the truth here.
        command += ["-c", f"gpg.ssh.allowedSignersFile={os.devnull}"]
    command += ["log", "-z", "--name-only", "--no-renames", "--no-color", "--use-mailmap",
                f"--format={_FORMAT}"]
    if since is not None and since > 0:  # git misreads a time before 1970 as recent
        command.append(f"--max-age={since}")
    command += list(dict.fromkeys(tips.values()))
    command.append("--")
    # Parse while git is still walking: the pipe is widened so that git runs ahead
    # while a chunk is parsed (no thread: handing the GIL around costs more than it saves).
    # stderr goes to a file: git may print a line per commit it cannot verify, and a full
    # stderr pipe would stall it.
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=errors, env=git_env())
        assert process.stdout is not None
        fd = process.stdout.fileno()
        widen_pipe(fd)
        commits: dict[str, Commit] = {}
        pending = b""
        try:
            while True:
                chunk = os.read(fd, 1 << 22)
                if not chunk:
                    break
                pending += chunk
                cut = pending.rfind(b"\x1e")
                if cut > 0:
                    _parse_into(commits, pending[:cut])
                    pending = pending[cut:]
            _parse_into(commits, pending)
        except BaseException:
            process.kill()
            raise
        finally:
            process.stdout.close()
            process.wait()
        if process.returncode != 0:
            errors.seek(0)
            message = errors.read().decode("utf-8", "replace").strip().splitlines()
            raise HistoryError(message[-1] if message else f"git log exited {process.returncode}")
    return History(commits, dict(tips), since, time.perf_counter() - started)


def _configured(toplevel: Path, name: str) -> bool:
    result = subprocess.run(["git", "-C", str(toplevel), "config", "--get", name],
                            capture_output=True, check=False)
    return result.returncode == 0 and bool(result.stdout.strip())


def parse_log(output: bytes) -> dict[str, Commit]:
    """Parse the output of :func:`read_history`'s ``git log``."""
    commits: dict[str, Commit] = {}
    _parse_into(commits, output)
    return commits


def _parse_into(commits: dict[str, Commit], output: bytes) -> None:
    text = output.decode("utf-8", "surrogateescape")
    width = len(_FIELDS)
    new = tuple.__new__  # in C: measurably cheaper than Commit(...) by the 100,000
    for record in text.split("\x1e"):
        if not record:
            continue
        header, _, names = record.partition("\0")
        fields = header.split("\x1f")
        if len(fields) != width:
            continue
        sha, parents, an, ae, at, cn, ce, ct, sig, subject = fields
        names = names.strip("\n\0")
        commits[sha] = new(Commit, (
            sha, tuple(parents.split()), an, ae, int(at or 0), cn, ce, int(ct or 0),
            sig or "N", subject, tuple(names.split("\0")) if names else (),
        ))


# -- how changes reach the default branch ----------------------------------------------


def classify(commit: Commit) -> str:
    """``pull-request`` (a PR/MR merge or a squash merge titled ``(#N)``), ``web-flow``
    (committed by the forge for someone, e.g. a rebase merge or a web editor commit:
    undecidable from history), or ``direct``."""
    subject = commit.subject
    if len(commit.parents) > 1:
        return "pull-request" if _PR_MERGE.match(subject) else "direct"
    if (subject.endswith(")") and _SQUASH.search(subject)) or (
            subject.startswith("Merge") and _PR_MERGE.match(subject)):
        return "pull-request"
    if (commit.committer_name.lower(), commit.committer_email.lower()) in WEB_FLOW:
        return "web-flow"
    return "direct"


@dataclass
class Delivery:
    commits: int = 0
    pull_request: int = 0
    web_flow: int = 0
    direct: int = 0
    signed: int = 0
    verified: int = 0
    direct_examples: list[str] = field(default_factory=list)  # short SHAs

    @property
    def pr_share(self) -> float:
        return self.pull_request / self.commits if self.commits else 0.0

    @property
    def signed_share(self) -> float:
        return self.signed / self.commits if self.commits else 0.0


def delivery(chain: Sequence[Commit]) -> Delivery:
    """Figures over the first-parent history of the default branch."""
    result = Delivery(commits=len(chain))
    signed, verified = SIGNED, VERIFIED
    for commit in chain:
        kind = classify(commit)
        if kind == "pull-request":
            result.pull_request += 1
        elif kind == "web-flow":
            result.web_flow += 1
        else:
            result.direct += 1
            if len(result.direct_examples) < 3:
                result.direct_examples.append(commit.sha[:12])
        if commit.signature in signed:
            result.signed += 1
            if commit.signature in verified:
                result.verified += 1
    return result


# -- who changes a set of paths ----------------------------------------------------------


@dataclass
class Members:
    """The people of an owning group, as commits name them."""

    emails: frozenset[str] = frozenset()
    logins: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.emails or self.logins)

    def includes(self, email: str) -> bool:
        email = email.lower()
        if email in self.emails:
            return True
        local, _, domain = email.partition("@")
        if domain == "users.noreply.github.com":  # 12345+login@ or login@
            return local.split("+", 1)[-1] in self.logins
        return False


@dataclass
class Activity:
    changes: int = 0
    last_change: int | None = None  # epoch seconds of the newest change
    names: dict[str, str] = field(default_factory=dict)  # email -> the name first seen
    counts: dict[str, int] = field(default_factory=dict)  # email -> changes

    def contributors(self) -> list[dict[str, object]]:
        ordered = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        return [{"name": self.names[email], "email": email, "changes": count}
                for email, count in ordered]

    def bus_factor(self) -> int:
        """Fewest contributors whose changes make up at least half of all changes."""
        needed = 0
        covered = 0
        for count in sorted(self.counts.values(), reverse=True):
            if covered * 2 >= self.changes:
                break
            covered += count
            needed += 1
        return needed

    def share_by(self, members: Members) -> float:
        if not self.changes:
            return 0.0
        return sum(c for email, c in self.counts.items() if members.includes(email)) \
            / self.changes


@dataclass(frozen=True)
class Scope:
    """The paths of one entity: its file, and for a component the folder it describes
    (``""`` is the whole repository)."""

    key: str
    files: frozenset[str] = frozenset()
    folders: frozenset[str] = frozenset()


def path_activity(commits: Iterable[Commit], scopes: Sequence[Scope], *, since: int | None
                  ) -> dict[str, Activity]:
    """For each scope, the non-merge commits (newer than ``since``) that changed it.

    One walk over the commits; each changed path is looked up by its parent folders, so
    the cost does not grow with the number of entities."""
    by_file: dict[str, list[str]] = {}
    by_folder: dict[str, list[str]] = {}
    for scope in scopes:
        for name in scope.files:
            by_file.setdefault(name, []).append(scope.key)
        for folder in scope.folders:
            by_folder.setdefault(folder.strip("/"), []).append(scope.key)
    result = {scope.key: Activity() for scope in scopes}
    whole_repo = by_folder.get("", [])
    # The same files change again and again: which scopes a path falls in is worked out
    # once per distinct path.
    scopes_of: dict[str, tuple[str, ...]] = {}

    def lookup(name: str) -> tuple[str, ...]:
        keys = list(by_file.get(name, ()))
        folder = name
        while True:
            cut = folder.rfind("/")
            if cut == -1:
                break
            folder = folder[:cut]
            keys.extend(by_folder.get(folder, ()))
        found = tuple(dict.fromkeys(keys))
        scopes_of[name] = found
        return found

    for commit in commits:
        files = commit.files
        if not files or len(commit.parents) > 1 or (since is not None
                                                    and commit.author_time < since):
            continue
        touched: set[str] = set(whole_repo)
        for name in files:
            hits = scopes_of.get(name)
            if hits is None:
                hits = lookup(name)
            if hits:
                touched.update(hits)
        if not touched:
            continue
        email = commit.author_email.lower()
        for key in touched:
            activity = result[key]
            activity.changes += 1
            activity.counts[email] = activity.counts.get(email, 0) + 1
            activity.names.setdefault(email, commit.author_name)
            if activity.last_change is None or commit.author_time > activity.last_change:
                activity.last_change = commit.author_time
    return result
