"""The state of the git repository a snapshot belongs to.

Answers the questions every other fact depends on, and says plainly when one cannot be
answered: is this a repository at all, does it have commits, is it a shallow clone (CI's
``fetch-depth: 1``), is HEAD detached, which branch is the default one, and which forge
and ``owner/repo`` the ``origin`` remote points at.

Refs and config are read through GitPython (no subprocess); only ``rev-parse`` questions
GitPython has no API for go to ``git`` itself.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Why history facts and DORA figures are unknown in a shallow clone, and the fixes (the
#: tests run each of them and see the facts computed afterwards).
SHALLOW = ("shallow clone: the history is cut off, so history facts (who changed what, "
           "pull-request and signed-commit shares, DORA figures) are unknown; fetch all of "
           "it (actions/checkout: fetch-depth: 0; GitLab CI: GIT_DEPTH: 0; or git fetch "
           "--unshallow)")

#: Default-branch names tried, in order, when ``origin/HEAD`` is not set.
COMMON_DEFAULTS = ("main", "master", "trunk", "develop")


@dataclass(frozen=True)
class GitNote:
    """Something about the repository that limits what can be computed, and the fix."""

    code: str  # shallow, no-commits, detached-head, no-default-branch, not-a-repository
    message: str
    severity: str = "info"  # info or warning


@dataclass
class GitState:
    """What :func:`inspect` found. ``toplevel`` is ``None`` outside a repository."""

    toplevel: Path | None = None  # the work tree; for a bare repository, the repository
    shallow: bool = False
    bare: bool = False  # no working tree: only commits (--rev) can be read
    head: str | None = None  # the commit HEAD points at; None without commits
    branch: str | None = None  # the checked-out branch; None when HEAD is detached
    default_branch: str | None = None
    default_ref: str | None = None  # a ref that resolves to the default branch's tip
    default_branch_source: str = ""  # how it was found
    remote_url: str | None = None
    host: str | None = None
    owner_repo: str | None = None  # "owner/name" (GitLab: "group/sub/name")
    notes: list[GitNote] = field(default_factory=list)

    @property
    def is_repo(self) -> bool:
        return self.toplevel is not None

    @property
    def has_commits(self) -> bool:
        return self.head is not None

    def note(self, code: str) -> GitNote | None:
        return next((n for n in self.notes if n.code == code), None)


def git(toplevel: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess[bytes]:
    """Run one git command in ``toplevel``; bytes out, never raises on a git error."""
    return subprocess.run(["git", "-C", str(toplevel), *args], capture_output=True,
                          check=check)


def inspect(folder: Path, *, configured_default: str | None = None) -> GitState:
    """Look at the repository holding ``folder``."""
    from catalog_lint.gitaccess import locate

    state = GitState()
    found = locate(folder)
    if found is None:
        state.notes.append(GitNote(
            "not-a-repository",
            f"{folder} is not inside a git repository: ownership, history and branch "
            "protection facts are unknown (run inside a clone, or check out the repository "
            "in CI before running catalog-lint)",
        ))
        return state
    state.toplevel = found.root
    state.shallow = found.shallow
    state.bare = found.bare

    import git as gitpython

    repo: Any = gitpython.Repo(state.toplevel)
    try:
        _read_refs(repo, state, configured_default)
    finally:
        repo.close()
    _explain(state)
    return state


def _read_refs(repo: Any, state: GitState, configured_default: str | None) -> None:
    try:
        state.branch = repo.head.reference.name  # raises TypeError when detached
    except TypeError:
        state.branch = None
    try:
        state.head = repo.head.commit.hexsha
    except ValueError:  # an unborn branch: no commits yet
        state.head = None
    try:
        url = repo.remotes.origin.url if "origin" in [r.name for r in repo.remotes] else None
    except Exception:  # a broken remote section in .git/config
        url = None
    if url:
        state.remote_url = url
        state.host, state.owner_repo = parse_remote(url)
    refs = {ref.path: ref for ref in repo.refs}
    if configured_default:
        _choose_default(state, refs, configured_default, "config (ownership.default-branch)")
        return
    origin_head = refs.get("refs/remotes/origin/HEAD")
    if origin_head is not None:
        try:
            target = origin_head.reference.path  # refs/remotes/origin/main
        except (TypeError, ValueError):
            target = None
        if target and target.startswith("refs/remotes/origin/"):
            name = target[len("refs/remotes/origin/"):]
            state.default_branch, state.default_ref = name, target
            state.default_branch_source = "origin/HEAD"
            return
    candidates = list(COMMON_DEFAULTS)
    try:
        configured = repo.config_reader().get_value("init", "defaultBranch", default="")
    except Exception:
        configured = ""
    if configured:
        candidates.insert(0, str(configured))
    for name in candidates:
        for prefix in ("refs/remotes/origin/", "refs/heads/"):
            if prefix + name in refs:
                state.default_branch, state.default_ref = name, prefix + name
                where = "remote" if "remotes" in prefix else "local"
                state.default_branch_source = (f"the {where} branch named {name!r} "
                                               "(origin/HEAD is not set)")
                return
    local = [path for path in refs if path.startswith("refs/heads/")]
    if len(local) == 1:
        state.default_branch = local[0][len("refs/heads/"):]
        state.default_ref = local[0]
        state.default_branch_source = "the only local branch"


def _choose_default(state: GitState, refs: dict[str, Any], name: str, source: str) -> None:
    state.default_branch = name
    state.default_branch_source = source
    for prefix in ("refs/remotes/origin/", "refs/heads/"):
        if prefix + name in refs:
            state.default_ref = prefix + name
            return


def _explain(state: GitState) -> None:
    if state.shallow:
        state.notes.append(GitNote("shallow", SHALLOW, "warning"))
    if not state.has_commits:
        state.notes.append(GitNote(
            "no-commits",
            "the repository has no commits yet: history facts are unknown until the first "
            "commit",
        ))
        return
    if state.branch is None:
        state.notes.append(GitNote(
            "detached-head",
            f"HEAD is detached at {state.head[:12] if state.head else '?'} (usual in CI); "
            "history is read from that commit"
            + ("" if state.default_ref else ", and the default branch cannot be taken "
               "from the checked-out branch"),
        ))
    if state.default_branch is None:
        state.notes.append(GitNote(
            "no-default-branch",
            "cannot tell which branch is the default one (origin/HEAD is not set and no "
            "main/master branch exists): pull-request and signed-commit shares are unknown; "
            "fetch it (actions/checkout: fetch-depth: 0, or git fetch origin main), run "
            "git remote set-head origin --auto, or set ownership.default-branch",
            "warning",
        ))
    elif state.default_ref is None:
        state.notes.append(GitNote(
            "no-default-branch",
            f"the default branch {state.default_branch!r} is not in this clone: pull-request "
            f"and signed-commit shares are unknown; fetch it (git fetch origin "
            f"{state.default_branch}, or actions/checkout with fetch-depth: 0)",
            "warning",
        ))


_SCP = re.compile(r"^(?:[\w.-]+@)?(?P<host>[\w.-]+):(?P<path>[^/].*)$")


def parse_remote(url: str) -> tuple[str | None, str | None]:
    """``(host, "owner/repo")`` from a remote URL: https, ssh://, scp-like ``git@host:o/r``.

    Credentials in the URL are dropped; ``.git`` and trailing slashes are removed. A path
    of one segment (no owner) gives ``None`` for the repository."""
    url = url.strip()
    host: str | None
    match = re.match(r"^[a-z][a-z0-9+.-]*://(?:[^@/]*@)?(?P<host>[^/:]+)(?::\d+)?/(?P<path>.*)$",
                     url, re.IGNORECASE)
    if match:
        host, path = match.group("host"), match.group("path")
    else:
        scp = _SCP.match(url)
        if not scp or "/" in scp.group("host"):
            return None, None
        host, path = scp.group("host"), scp.group("path")
    path = path.strip("/")
    if path.endswith(".git"):
        path = path[:-4]
    # GitHub Enterprise and some GitLab installs serve git under a prefix (/scm/, /git/)
    parts = [p for p in path.split("/") if p]
    if len(parts) < 2:
        return host.lower(), None
    if "github" in host.lower():
        parts = parts[-2:]
    return host.lower(), "/".join(parts)


def forge_of(host: str | None) -> str | None:
    """``github`` or ``gitlab`` from a remote host name, when it says so."""
    if not host:
        return None
    if "github" in host:
        return "github"
    if "gitlab" in host:
        return "gitlab"
    return None
