"""Shallow clones, detached HEAD, no commits, no repository, no default branch: each is
detected and explained, and what cannot be computed is unknown."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from catalog_lint.facts.gitinfo import inspect, parse_remote
from catalog_lint.facts.model import Unknown
from tests.cli_helpers import run_cli
from tests.facts.helpers import component, facts_for
from tests.gitrepo import GitRepo


def history_repo(repo: GitRepo) -> GitRepo:
    repo.commit("one (#1)", {"catalog-info.yaml": component("shop", "x"),
                             ".github/CODEOWNERS": "* @acme/x\n"}, date="2024-03-01T00:00:00Z")
    repo.commit("two", {"a.txt": "a"}, date="2024-03-02T00:00:00Z")
    repo.commit("three (#3)", {"b.txt": "b"}, date="2024-03-03T00:00:00Z")
    return repo


def clone(source: Path, target: Path, *args: str) -> GitRepo:
    subprocess.run(["git", "clone", "-q", *args, f"file://{source}", str(target)], check=True,
                   capture_output=True)
    return GitRepo(target)


def test_not_a_repository(tmp_path: Path) -> None:
    (tmp_path / "catalog-info.yaml").write_text(component("shop", "x"), encoding="utf-8")
    outcome = run_cli(["facts", "--format", "json"], tmp_path)
    assert outcome.exit_code == 0, outcome.stderr
    data = outcome.json()
    assert data["repository"]["repo"]["git"] is False
    assert data["repository"]["repo"]["history"]["pr_share"]["unknown"] is True
    assert "is not inside a git repository" in data["notes"][0]
    entity = data["entities"]["component:default/shop"]
    assert entity["entity"]["codeowners"]["covered"]["unknown"] is True
    # validate outside a repository reports no ownership finding at all
    outcome = run_cli(["validate", "--format", "json"], tmp_path)
    assert not [f for f in outcome.json()["findings"] if f["rule"].startswith(("codeowners",
                                                                              "git-state"))]


def test_facts_outside_a_repository_give_each_reason_once(tmp_path: Path) -> None:
    (tmp_path / "catalog-info.yaml").write_text(component("shop", "x"), encoding="utf-8")
    outcome = run_cli(["facts"], tmp_path)
    assert outcome.exit_code == 0, outcome.stderr
    text = outcome.stdout
    assert text.count("is not inside a git repository") == 1  # was once per fact: 26 times
    lines = text.splitlines()
    assert lines[1].startswith(f"  note 1: {tmp_path} is not inside a git repository")
    assert "  repo.shallow: unknown (note 1)  [git]" in lines
    assert "  entity.history.changes: unknown (note 1)" in lines
    # JSON keeps each reason at its fact, for programs
    data = run_cli(["facts", "--format", "json"], tmp_path).json()
    assert "is not inside a git repository" in data["repository"]["repo"]["shallow"]["reason"]


def test_a_reason_given_once_stays_on_its_line(git_repo: GitRepo) -> None:
    git_repo.commit("one", {"catalog-info.yaml": component("shop", "x")})
    lines = run_cli(["facts"], git_repo.path).stdout.splitlines()
    assert "  repo.remote: unknown (no origin remote)  [git]" in lines


@pytest.mark.parametrize(("url", "host", "repository"), [
    ("file:///srv/git/shop.git", "names no host", "names no owner/repository path"),
    ("/srv/git/shop.git", "names no host", "names no owner/repository path"),
    ("https://token:secret@git.example.com/shop.git", "git.example.com",
     "names no owner/repository path"),
])
def test_a_remote_without_host_or_repository_gives_unknowns_with_reasons(
        git_repo: GitRepo, url: str, host: str, repository: str) -> None:
    git_repo.commit("one", {"catalog-info.yaml": component("shop", "x")})
    git_repo.git("remote", "add", "origin", url)
    outcome = run_cli(["facts", "--format", "json"], git_repo.path)
    remote = outcome.json()["repository"]["repo"]["remote"]
    for value, expected in ((remote["host"], host), (remote["repository"], repository)):
        if isinstance(value, dict):
            assert value["unknown"] is True and expected in value["reason"]
        else:
            assert value == expected
    assert "secret" not in outcome.stdout  # credentials in a URL are never printed
    assert "None" not in run_cli(["facts"], git_repo.path).stdout


def test_no_commits(git_repo: GitRepo) -> None:
    git_repo.write({"catalog-info.yaml": component("shop", "x"),
                    ".github/CODEOWNERS": "* @acme/x\n"})
    result = facts_for(git_repo.path)
    assert result.facts.get("repo.codeowners.exists") is True  # read from the working tree
    assert result.facts.get("repo.history.pr_share").reason == "the repository has no commits"
    assert result.facts.get("repo.head").reason == "no commits"
    shop = result.entities["component:default/shop"]
    assert isinstance(shop.get("entity.history.changes"), Unknown)
    assert any("has no commits yet" in n.message for n in result.notes)


def test_shallow_clone(git_repo: GitRepo, tmp_path: Path) -> None:
    history_repo(git_repo)
    shallow = clone(git_repo.path, tmp_path / "shallow", "--depth", "1")
    result = facts_for(shallow.path)
    assert result.facts.get("repo.shallow") is True
    reason = result.facts.get("repo.history.pr_share").reason
    assert reason.startswith("shallow clone") and "fetch-depth: 0" in reason
    (note,) = [n for n in result.notes if "shallow clone" in n.message]
    assert note.severity is not None and note.severity.value == "warning"
    assert "actions/checkout: fetch-depth: 0" in note.message
    shop = result.entities["component:default/shop"]
    assert isinstance(shop.get("entity.history.bus_factor"), Unknown)
    # CODEOWNERS does not need history
    assert result.facts.get("repo.codeowners.coverage") == 1.0
    outcome = run_cli(["validate", "--format", "json"], shallow.path)
    states = [f for f in outcome.json()["findings"] if f["rule"] == "git-state"]
    assert [(f["severity"], f["file"]) for f in states] == [("warning", ".")]


def test_full_clone_takes_the_default_branch_from_origin_head(git_repo: GitRepo,
                                                              tmp_path: Path) -> None:
    history_repo(git_repo)
    git_repo.git("branch", "-m", "main", "trunk")
    full = clone(git_repo.path, tmp_path / "full")
    state = inspect(full.path)
    assert (state.default_branch, state.default_ref, state.default_branch_source) == (
        "trunk", "refs/remotes/origin/trunk", "origin/HEAD")
    result = facts_for(full.path)
    assert result.facts.get("repo.history.commits") == 3
    assert result.facts.get("repo.history.pr_share") == pytest.approx(0.6667)


def test_detached_head(git_repo: GitRepo) -> None:
    history_repo(git_repo)
    git_repo.checkout("HEAD~1")
    result = facts_for(git_repo.path)
    assert any(n.message.startswith("HEAD is detached at") for n in result.notes)
    assert result.facts.get("repo.default_branch") == "main"
    assert result.facts.get("repo.history.commits") == 3  # main's history, not HEAD's
    shop = result.entities["component:default/shop"]
    assert shop.get("entity.history.changes") == 2  # a root component: every change counts


def test_missing_default_branch(git_repo: GitRepo) -> None:
    history_repo(git_repo)
    git_repo.git("branch", "-m", "main", "feature-a")
    git_repo.git("branch", "feature-b")
    result = facts_for(git_repo.path)
    assert result.facts.get("repo.default_branch").reason.startswith(
        "cannot tell which branch is the default one")
    assert "ownership.default-branch" in result.facts.get("repo.default_branch").reason
    assert isinstance(result.facts.get("repo.history.pr_share"), Unknown)
    assert isinstance(result.facts.get("repo.branch_protection.required_reviews"), Unknown)
    # the entity's own history does not need the default branch
    assert result.entities["component:default/shop"].get("entity.history.changes") == 3
    configured = facts_for(git_repo.path, {"default-branch": "feature-b"})
    assert configured.facts.get("repo.history.commits") == 3
    missing = facts_for(git_repo.path, {"default-branch": "release"})
    assert any("the default branch 'release' is not in this clone" in n.message
               for n in missing.notes)
    assert isinstance(missing.facts.get("repo.history.pr_share"), Unknown)


def test_facts_command_reads_a_revision(git_repo: GitRepo) -> None:
    history_repo(git_repo)
    git_repo.tag("v1", "HEAD~1", message="first release", date="2024-03-02T00:00:00Z")
    git_repo.commit("four", {"catalog-info.yaml": component("shop", "y")},
                    date="2024-03-04T00:00:00Z")
    outcome = run_cli(["facts", "--rev", "v1", "--format", "json"], git_repo.path)
    assert outcome.exit_code == 0, outcome.stderr
    data = outcome.json()
    assert data["revision"] == git_repo.git("rev-parse", "v1^{commit}")
    assert data["entities"]["component:default/shop"]["entity"]["owner"] == ["group:default/x"]
    assert data["entities"]["component:default/shop"]["entity"]["history"][
        "days_since_last_change"] == 0  # counted from the commit's own date
    text = run_cli(["facts", "--rev", "v1"], git_repo.path)
    assert "repo.codeowners.path: .github/CODEOWNERS  [codeowners]" in text.stdout
    assert "repo.codeowners.coverage: 1  [codeowners]" in text.stdout  # read from the commit
    bad = run_cli(["facts", "--rev", "nope"], git_repo.path)
    assert bad.exit_code == 2
    assert "nope: no such commit" in bad.stderr


def test_no_git_helper_processes_linger(git_repo: GitRepo) -> None:
    if not Path("/proc").is_dir():
        pytest.skip("needs /proc")
    history_repo(git_repo)
    facts_for(git_repo.path, rev="HEAD")
    mine = str(os.getpid())
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[1] == mine and "git" in stat.split("(", 1)[1].split(")")[0]:
            children.append(stat)
    assert children == []


@pytest.mark.parametrize(("url", "expected"), [
    ("https://github.com/acme/shop.git", ("github.com", "acme/shop")),
    ("https://x-access-token:secret@github.com/acme/shop", ("github.com", "acme/shop")),
    ("git@github.com:acme/shop.git", ("github.com", "acme/shop")),
    ("ssh://git@ghe.example.com:2222/acme/shop.git", ("ghe.example.com", "acme/shop")),
    ("https://gitlab.com/group/sub/shop.git/", ("gitlab.com", "group/sub/shop")),
    ("/srv/git/shop.git", (None, None)),
    ("https://example.com/shop", ("example.com", None)),
])
def test_parse_remote(url: str, expected: tuple[str | None, str | None]) -> None:
    assert parse_remote(url) == expected
