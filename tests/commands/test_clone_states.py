"""Every state a git repository can be in, against every command that reads git.

CI clones are shallow (``actions/checkout`` fetches one commit), partial (``--filter``),
detached, or lack the base commit; a developer may run in a new repository, on an unborn
branch, in a linked worktree or in a bare repository. In each, every command either
computes what it can (the rest ``unknown`` with its reason) or exits 2 with one line that
says what is missing and a fix; each fix suggested is run here and the command retried.

The origin is built once per module; each state is a clone of it (``file://``, so the
clone's remote works offline).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli_helpers import Outcome, run_cli
from tests.gitrepo import GitRepo


def component(name: str, version: int) -> str:
    return (f"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\n"
            f"  description: version {version}\nspec:\n  type: service\n"
            "  lifecycle: production\n  owner: group:team\n")


#: Fixed windows: the commits are dated May 2024.
CONFIG = "ownership:\n  history-days: 36500\ndora:\n  end: '2024-06-01'\n"


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """Three commits on main (each changes every entity file, so older blobs differ), a
    release tag on each, and a branch ``side`` that main does not contain."""
    repo = GitRepo.init(tmp_path_factory.mktemp("origin") / "origin")
    for version in (1, 2, 3):
        repo.commit(f"release {version} (#{version})", {
            "cart/catalog-info.yaml": component("cart", version),
            "shop/catalog-info.yaml": component("shop", version),
            ".github/CODEOWNERS": "* @acme/team\n",
            ".catalog-lint.yaml": CONFIG,
        }, date=f"2024-05-0{version}T00:00:00Z")
        repo.tag(f"v1.0.{version}")
    repo.branch("side", "HEAD~1")
    repo.checkout("side")
    repo.commit("side work", {"side.txt": "x"}, date="2024-05-04T00:00:00Z")
    repo.checkout("main")
    repo.git("config", "uploadpack.allowFilter", "true")
    return repo


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def clone(origin: GitRepo, target: Path, *args: str) -> Path:
    subprocess.run(["git", "clone", "-q", *args, f"file://{origin.path}", str(target)],
                   check=True, capture_output=True)
    return target


def corrupt(origin: GitRepo, target: Path) -> Path:
    """A clone whose objects are loose files, one blob of the previous commit deleted."""
    clone(origin, target, "--no-local")
    packs = target / ".git" / "objects" / "pack"
    for pack in sorted(packs.glob("*.pack")):
        moved = target.parent / pack.name
        pack.rename(moved)
        subprocess.run(["git", "unpack-objects", "-q"], cwd=target, stdin=moved.open("rb"),
                       check=True)
    for leftover in packs.iterdir():
        leftover.unlink()
    blob = git(target, "rev-parse", "HEAD~1:cart/catalog-info.yaml")
    (target / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    return target


def detached(origin: GitRepo, target: Path) -> Path:
    git(clone(origin, target), "checkout", "-q", "--detach", "HEAD~1")
    return target


def empty(origin: GitRepo, target: Path) -> Path:
    target.mkdir()
    git(target, "init", "-q")
    return target


def unborn(origin: GitRepo, target: Path) -> Path:
    git(clone(origin, target), "checkout", "-q", "--orphan", "next")
    return target


def worktree(origin: GitRepo, target: Path) -> Path:
    main = clone(origin, target.parent / f"{target.name}-main")
    git(main, "worktree", "add", "-q", str(target), "HEAD~1")
    return target


STATES: dict[str, Callable[[GitRepo, Path], Path]] = {
    "shallow": lambda origin, target: clone(origin, target, "--depth", "1"),
    "partial": lambda origin, target: clone(origin, target, "--filter=blob:none"),
    "detached": detached,
    "single-branch": lambda origin, target: clone(origin, target, "--single-branch"),
    "empty": empty,
    "unborn": unborn,
    "worktree": worktree,
    "bare": lambda origin, target: clone(origin, target, "--bare"),
    "corrupt": corrupt,
}


def commands(side: str) -> list[list[str]]:
    """Each git-reading command once: the working tree (history facts, DORA), a commit
    (--rev), both sides of the gate from commits, a base by SHA and by remote branch."""
    return [
        ["validate"], ["check"], ["facts"], ["export"],
        ["score", "--rev", "HEAD~1"], ["facts", "--rev", "HEAD~1"],
        ["diff", "--base", "HEAD~1", "--head", "HEAD"],
        ["diff", "--base", side], ["diff", "--base", "origin/side"],
    ]


def assert_clean_exit(outcome: Outcome, args: list[str]) -> None:
    """0 or 1; or 2 with exactly one line that is not an internal error."""
    shown = f"{' '.join(args)}: {outcome.stderr}"
    assert outcome.exit_code in (0, 1, 2), shown
    assert "internal error" not in outcome.stderr and "Traceback" not in outcome.stderr, shown
    if outcome.exit_code == 2:
        assert outcome.stderr.startswith("catalog-lint: error: "), shown
        assert outcome.stderr.strip().count("\n") == 0, shown


@pytest.mark.parametrize("state", list(STATES))
def test_no_command_crashes_in_any_repository_state(origin: GitRepo, tmp_path: Path,
                                                    state: str) -> None:
    where = STATES[state](origin, tmp_path / state)
    side = origin.git("rev-parse", "side")
    exits = {}
    for args in commands(side):
        outcome = run_cli(args, where)
        assert_clean_exit(outcome, args)
        exits[" ".join(args[:3])] = outcome.exit_code
    if state in ("shallow", "partial", "detached", "single-branch", "worktree", "unborn"):
        # a working tree: the working-tree commands all run
        assert all(exits[name] != 2 for name in ("validate", "check", "facts", "export")), exits


def fixes(message: str) -> list[str]:
    """The ``git fetch ...`` commands an error message suggests."""
    return [found.strip() for found in re.findall(r"git fetch [^,;()]+", message)]


def retry_after_each_fix(origin: GitRepo, tmp_path: Path, state: str, args: list[str],
                         expected: list[str]) -> None:
    """``args`` fails with exit 2 naming exactly the ``expected`` fixes; on a fresh clone
    each, every fix makes the same command succeed."""
    where = STATES[state](origin, tmp_path / "first")
    outcome = run_cli(args, where)
    assert outcome.exit_code == 2, outcome.stdout
    assert_clean_exit(outcome, args)
    assert fixes(outcome.stderr) == expected, outcome.stderr
    for number, fix in enumerate(expected):
        fresh = STATES[state](origin, tmp_path / f"fix{number}")
        subprocess.run(fix.split(), cwd=fresh, check=True, capture_output=True)
        retried = run_cli(args, fresh)
        assert retried.exit_code in (0, 1), f"after {fix}: {retried.stderr}"


def test_an_ancestor_cut_off_by_a_shallow_clone(origin: GitRepo, tmp_path: Path) -> None:
    for args in (["score", "--rev", "HEAD~1"], ["facts", "--rev", "HEAD~1"],
                 ["diff", "--base", "HEAD~1"]):
        retry_after_each_fix(origin, tmp_path / args[0], "shallow", args,
                             ["git fetch --deepen=1", "git fetch --unshallow"])
    outcome = run_cli(["diff", "--base", "HEAD~2"], STATES["shallow"](origin, tmp_path / "two"))
    assert "git fetch --deepen=2" in outcome.stderr
    assert "not in this clone, which is shallow" in outcome.stderr
    assert "fetch-depth: 0" in outcome.stderr


def test_a_commit_the_clone_never_fetched(origin: GitRepo, tmp_path: Path) -> None:
    side = origin.git("rev-parse", "side")
    retry_after_each_fix(origin, tmp_path / "sha", "single-branch", ["diff", "--base", side],
                         [f"git fetch origin {side}"])
    retry_after_each_fix(origin, tmp_path / "shallow", "shallow", ["diff", "--base", side],
                         [f"git fetch --depth=1 origin {side}"])


def test_a_branch_the_clone_never_fetched(origin: GitRepo, tmp_path: Path) -> None:
    args = ["diff", "--base", "origin/side"]
    retry_after_each_fix(origin, tmp_path, "single-branch", args,
                         ["git fetch origin side:refs/remotes/origin/side"])


def test_shallow_history_is_unknown_until_the_history_is_fetched(origin: GitRepo,
                                                                  tmp_path: Path) -> None:
    where = STATES["shallow"](origin, tmp_path / "shallow")
    facts = run_cli(["facts", "--format", "json"], where).json()["repository"]
    reason = facts["repo"]["history"]["commits"]["reason"]
    assert reason.startswith("shallow clone: the history is cut off")
    assert facts["repo"]["codeowners"]["coverage"] == 1.0  # what needs no history is known
    scores = run_cli(["score", "--format", "json"], where)
    assert scores.exit_code == 0
    [fix] = [f for f in fixes(reason) if "unshallow" in f]
    subprocess.run(fix.split(), cwd=where, check=True, capture_output=True)
    facts = run_cli(["facts", "--format", "json"], where).json()["repository"]
    assert facts["repo"]["history"]["commits"] == 3
    check = run_cli(["check", "--format", "json"], where).json()
    dora = check["facts"]["repository"]["dora"]
    assert dora["deployments"]["total"] == 3  # the tags came with the history


def test_a_partial_clone_fetches_what_it_lacks_in_one_request(origin: GitRepo,
                                                               tmp_path: Path) -> None:
    where = STATES["partial"](origin, tmp_path / "partial")
    trace = tmp_path / "trace"
    outcome = run_cli(["score", "--rev", "HEAD~2", "--format", "json"], where,
                      env={"GIT_TRACE": str(trace)})
    assert outcome.exit_code == 0, outcome.stderr
    fetches = [line for line in trace.read_text().splitlines()
               if "built-in: git fetch" in line]
    assert len(fetches) == 1, fetches  # not one per file


def test_a_partial_clone_offline_says_so(origin: GitRepo, tmp_path: Path) -> None:
    where = STATES["partial"](origin, tmp_path / "partial")
    away = tmp_path / "moved-away"
    git(where, "remote", "set-url", "origin", f"file://{away}")
    for args in (["score", "--rev", "HEAD~1"], ["facts", "--rev", "HEAD~1"],
                 ["diff", "--base", "HEAD~1"]):
        outcome = run_cli(args, where)
        assert_clean_exit(outcome, args)
        assert outcome.exit_code == 2
        assert "are not in this partial clone (cloned with --filter) and fetching them from " \
               "the remote 'origin' failed" in outcome.stderr
    assert run_cli(["check"], where).exit_code in (0, 1)  # the working tree needs no fetch


def test_a_bare_repository_reads_commits(origin: GitRepo, tmp_path: Path) -> None:
    where = STATES["bare"](origin, tmp_path / "bare.git")
    score = run_cli(["score", "--rev", "HEAD", "--format", "json"], where)
    assert score.exit_code == 0, score.stderr
    facts = run_cli(["facts", "--rev", "HEAD~1", "--format", "json"], where).json()
    assert facts["revision"] == origin.git("rev-parse", "HEAD~1")
    assert facts["repository"]["repo"]["history"]["commits"] == 3  # the default branch's
    assert run_cli(["diff", "--base", "HEAD~1", "--head", "HEAD"], where).exit_code == 0
    facts = run_cli(["facts", "--format", "json"], where).json()  # no --rev: no files here
    assert "is a bare repository: there is no working tree to read facts from; read a " \
        "commit with --rev" in facts["repository"]["repo"]["codeowners"]["exists"]["reason"]
    outcome = run_cli(["diff", "--base", "HEAD~1"], where)
    assert outcome.stderr.strip().endswith(
        "is a bare repository, which has no working tree to check: name the commit to check "
        "with --head")


def test_new_repositories_say_there_is_nothing_yet(origin: GitRepo, tmp_path: Path) -> None:
    empty = STATES["empty"](origin, tmp_path / "empty")
    outcome = run_cli(["score", "--rev", "HEAD"], empty)
    assert outcome.stderr.strip() == ("catalog-lint: error: --rev HEAD: the repository has no "
                                      "commits yet")
    unborn = STATES["unborn"](origin, tmp_path / "unborn")
    outcome = run_cli(["diff", "--base", "HEAD~1"], unborn)
    assert outcome.stderr.strip() == ("catalog-lint: error: base HEAD~1: HEAD is the branch "
                                      "'next', which has no commits yet")
    assert run_cli(["diff", "--base", "main"], unborn).exit_code in (0, 1)


def test_a_damaged_repository_names_the_missing_object(origin: GitRepo, tmp_path: Path) -> None:
    where = STATES["corrupt"](origin, tmp_path / "corrupt")
    blob = git(where, "rev-parse", "HEAD~1:cart/catalog-info.yaml")
    outcome = run_cli(["diff", "--base", "HEAD~1"], where)
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith(
        f"catalog-lint: error: cart/catalog-info.yaml: git object {blob} is missing from ")
    assert run_cli(["check"], where).exit_code in (0, 1)


def test_no_prompt_ever_waits_for_a_password(origin: GitRepo, tmp_path: Path) -> None:
    """A lazy fetch from a remote that asks for credentials fails at once (the test would
    hang on the prompt otherwise: there is no terminal to answer it)."""
    where = STATES["partial"](origin, tmp_path / "partial")
    git(where, "remote", "set-url", "origin", "https://127.0.0.1:9/nothing.git")
    outcome = run_cli(["score", "--rev", "HEAD~1"], where)
    assert outcome.exit_code == 2
    assert "fetching them from the remote 'origin' failed" in outcome.stderr
    shutil.rmtree(where)
