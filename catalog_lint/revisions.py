"""Turning ``--rev``, ``--base`` and ``--head`` into commits, or saying exactly why not.

A CI checkout is usually shallow (``actions/checkout`` fetches one commit by default),
so a revision the user names is often simply not in the clone. The message then says
which case this is and gives a fetch that brings the commit in:

- an ancestor (``HEAD~1``, ``main^``) cut off by a shallow clone:
  ``git fetch --deepen=N``, or all of the history, ``git fetch --unshallow``;
- a commit named by its SHA (a pull request's base): ``git fetch --depth=1 origin SHA``
  (in a full clone without the depth);
- a branch or tag the clone did not fetch: ``git fetch origin NAME:refs/remotes/origin/NAME``,
  then ``origin/NAME``.

``--unshallow`` is not offered for the last two: a clone made with ``--depth`` fetches one
branch, and stays so. With ``actions/checkout``, ``fetch-depth: 0`` fetches everything.

Each of these fixes is run by the tests against a real clone and the command retried.
"""

from __future__ import annotations

import re

from catalog_lint.errors import FatalError
from catalog_lint.gitaccess import Repository, run_git

_ANCESTRY = re.compile(r"^(?P<base>.*?)(?P<steps>(?:~\d*|\^\d*)+)$")
_STEP = re.compile(r"(~|\^)(\d*)")
_FULL_SHA = re.compile(r"^[0-9a-fA-F]{40}(?:[0-9a-fA-F]{24})?$")
_HEX = re.compile(r"^[0-9a-fA-F]{7,64}$")
WHOLE_HISTORY = ("all of the history: git fetch --unshallow (with actions/checkout, set "
                 "fetch-depth: 0)")


def generations(steps: str) -> int:
    """How many commits back ``~2^~`` goes (``^N`` is one generation, ``^0`` none)."""
    total = 0
    for operator, number in _STEP.findall(steps):
        if operator == "~":
            total += int(number) if number else 1
        elif number != "0":
            total += 1
    return total


def resolve_commit(repo: Repository, ref: str, what: str) -> str:
    """The full SHA of the commit ``ref`` names; otherwise one :class:`FatalError` that
    says why and how to fetch it. ``what`` names the option (``--rev``, ``base``)."""
    label = f"{what} {ref}"
    if not ref or ref.startswith("-"):
        raise FatalError(f"{what} {ref!r}: not a commit (a reference cannot start with '-')")
    found = run_git(repo.root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                    f"{ref}^{{commit}}")
    if found.returncode == 0 and found.stdout.strip():
        return found.stdout.decode("ascii").strip()
    raise FatalError(f"{label}: {_why_missing(repo, ref)}")


def _why_missing(repo: Repository, ref: str) -> str:
    named = run_git(repo.root, "rev-parse", "--verify", "--quiet", "--end-of-options", ref)
    if named.returncode == 0:  # a full SHA always parses: is the object there?
        kind = run_git(repo.root, "cat-file", "-t", named.stdout.decode().strip())
        if kind.returncode == 0 and kind.stdout.strip():
            return f"names a {kind.stdout.decode().strip()}, not a commit"
    if not _has_commits(repo):
        return "the repository has no commits yet"
    if ref in ("HEAD", "@"):
        return _missing_ancestor(repo, "HEAD", 0)
    ancestry = _ANCESTRY.match(ref)
    if ancestry and generations(ancestry.group("steps")):
        return _missing_ancestor(repo, ancestry.group("base") or "HEAD",
                                 generations(ancestry.group("steps")))
    remote = _remote(repo)
    shallow = "not in this clone, which is shallow (fetched with a limited depth, as " \
              "actions/checkout does by default)"
    if _FULL_SHA.match(ref):
        if remote is None:
            return f"no such commit in {repo.root}"
        # --unshallow would not do: a clone made with --depth fetches one branch only
        if repo.shallow:
            return (f"{shallow}; fetch it: git fetch --depth=1 {remote} {ref} (with "
                    "actions/checkout, fetch-depth: 0 fetches every branch)")
        return f"no such commit in this clone; fetch it: git fetch {remote} {ref}"
    if _HEX.match(ref) and remote is not None:
        return ("no such commit, branch or tag here (an abbreviated SHA cannot be fetched: "
                f"give the full SHA to fetch it with git fetch {remote} <sha>)")
    if remote is None:
        return f"no such commit, branch or tag in {repo.root}"
    name = ref[len(remote) + 1:] if ref.startswith(remote + "/") else ref
    fix = (f"if {name!r} is a branch or tag of {remote}, fetch it: git fetch {remote} "
           f"{name}:refs/remotes/{remote}/{name}, then use {remote}/{name}")
    if repo.shallow:
        return f"{shallow}; {fix} (with actions/checkout, fetch-depth: 0 fetches every branch)"
    return f"no such commit, branch or tag here; {fix}"


def _missing_ancestor(repo: Repository, base: str, count: int) -> str:
    tip = run_git(repo.root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                  f"{base}^{{commit}}")
    if tip.returncode != 0:
        if base == "HEAD":
            branch = run_git(repo.root, "symbolic-ref", "--quiet", "--short", "HEAD")
            name = branch.stdout.decode("utf-8", "replace").strip() or "HEAD"
            return f"HEAD is the branch {name!r}, which has no commits yet"
        return f"{base}: {_why_missing(repo, base)}"
    if repo.shallow:
        return (f"not in this clone, which is shallow (fetched with a limited depth, as "
                f"actions/checkout does by default); fetch {count} more commit"
                f"{'s' if count != 1 else ''} of history: git fetch --deepen={count}, or "
                f"{WHOLE_HISTORY}")
    return f"no such commit: the history of {base} has fewer than {count + 1} commits"


def _has_commits(repo: Repository) -> bool:
    listed = run_git(repo.root, "for-each-ref", "--count=1", "--format=%(objectname)")
    head = run_git(repo.root, "rev-parse", "--verify", "--quiet", "HEAD")
    return bool(listed.stdout.strip()) or head.returncode == 0


def _remote(repo: Repository) -> str | None:
    """The remote a fetch would use: ``origin``, else the only one."""
    names = run_git(repo.root, "remote").stdout.decode("utf-8", "replace").split()
    if "origin" in names:
        return "origin"
    return names[0] if len(names) == 1 else None
