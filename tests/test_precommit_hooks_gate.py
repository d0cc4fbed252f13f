"""The ``catalog-lint-codeowners`` and ``catalog-lint-gate`` pre-commit hooks, run for
real with ``pre-commit try-repo`` in temporary repositories (one with a remote, so that
the gate has an upstream branch to compare with)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo

PROJECT = Path(__file__).resolve().parent.parent

TEAM = """\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: cart-team
spec:
  type: team
  children: []
"""


def component(legacy: str = '"no"', *, duplicate: bool = False) -> str:
    return (
        "apiVersion: backstage.io/v1alpha1\n"
        "kind: Component\n"
        "metadata:\n"
        "  name: cart\n"
        + ("  name: cart\n" if duplicate else "")
        + f"  labels:\n    legacy: {legacy}\n"
        "spec:\n"
        "  type: service\n"
        "  lifecycle: production\n"
        "  owner: cart-team\n"
    )


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Shared by the tests here, so that pre-commit installs the hooks' environment once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This project as it is (uncommitted changes included), committed once into a
    repository of its own: ``try-repo`` on a fixed commit installs once, where a dirty
    work tree would make it install again for every run."""
    listed = subprocess.run(
        ["git", "-C", str(PROJECT), "ls-files", "-z", "--cached", "--others",
         "--exclude-standard"], capture_output=True, check=True,
    ).stdout.decode().split("\0")
    copy = GitRepo.init(tmp_path_factory.mktemp("project") / "catalog-lint")
    for name in filter(None, listed):
        source = PROJECT / name
        if source.is_file():
            target = copy.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return copy.path, copy.commit("snapshot of the project under test")


def try_repo(repo: Path, hook: str, home: Path, project: tuple[Path, str], *args: str,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    full_env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never",
                "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo), **(env or {})}
    for name in ("GITHUB_EVENT_PATH", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        full_env.pop(name, None)
    return subprocess.run(
        [pre_commit, "try-repo", str(project[0]), hook, "--ref", project[1], "--verbose",
         *args],
        cwd=repo, env=full_env, capture_output=True, text=True, check=False, timeout=900,
    )


Hook = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def run_hook(pre_commit_home: Path, project: tuple[Path, str]) -> Hook:
    def run(repo: Path, hook: str, *args: str) -> subprocess.CompletedProcess[str]:
        return try_repo(repo, hook, pre_commit_home, project, *args)
    return run


def test_codeowners_hook(tmp_path: Path, run_hook: Hook) -> None:
    repo = GitRepo.init(tmp_path / "service")
    repo.commit("initial", {
        "teams/catalog-info.yaml": TEAM,
        "cart/catalog-info.yaml": component("no", duplicate=True),
        "CODEOWNERS": "/teams/ @acme/cart-team\n",
    })

    bad = run_hook(repo.path, "catalog-lint-codeowners", "--all-files")

    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "codeowners-entity-not-covered" in bad.stdout
    assert "cart/catalog-info.yaml" in bad.stdout
    # Only ownership findings: the duplicate key and the YAML 1.1 value are left to the
    # catalog-lint hook.
    assert "duplicate-key" not in bad.stdout and "yaml11-value" not in bad.stdout

    repo.commit("own everything", {"CODEOWNERS": "* @acme/cart-team\n"})
    good = run_hook(repo.path, "catalog-lint-codeowners", "--all-files")

    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


@pytest.fixture
def pushed(tmp_path: Path) -> tuple[GitRepo, str]:
    """A clone whose main branch tracks a remote that has the base commit."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    repo = GitRepo.init(tmp_path / "service")
    base = repo.commit("base", {"catalog-info.yaml": TEAM + "---\n" + component()})
    repo.git("remote", "add", "origin", str(remote))
    repo.git("push", "-q", "-u", "origin", "main")
    return repo, base


def test_gate_hook_manual_stage_compares_with_upstream(pushed: tuple[GitRepo, str],
                                                       run_hook: Hook) -> None:
    repo, _ = pushed
    repo.commit("worse", {"catalog-info.yaml": TEAM + "---\n" + component("no")})

    bad = run_hook(repo.path, "catalog-lint-gate", "--hook-stage", "manual")

    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "new   catalog-info.yaml:14:13: warning yaml11-value" in bad.stdout
    assert "1 regression," in bad.stdout

    # Not run at the commit stage: it compares whole commits.
    commit_stage = run_hook(repo.path, "catalog-lint-gate")
    assert "No hook with id `catalog-lint-gate` in stage `pre-commit`" in commit_stage.stdout

    repo.commit("fixed", {"catalog-info.yaml": TEAM + "---\n" + component()})
    good = run_hook(repo.path, "catalog-lint-gate", "--hook-stage", "manual")
    assert good.returncode == 0, good.stdout + good.stderr


def test_gate_hook_pre_push_uses_the_pushed_refs(pushed: tuple[GitRepo, str],
                                                 run_hook: Hook) -> None:
    repo, base = pushed
    worse = repo.commit("worse", {"catalog-info.yaml": TEAM + "---\n" + component("off")})
    repo.commit("fixed", {"catalog-info.yaml": TEAM + "---\n" + component()})

    # Pushing only the bad commit (the working tree is fine): the gate checks that commit.
    result = run_hook(repo.path, "catalog-lint-gate", "--hook-stage",
                      "pre-push", "--from-ref", base, "--to-ref", worse)

    assert result.returncode == 1, result.stdout + result.stderr
    assert f"base {base[:12]} → head {worse[:12]}" in result.stdout
    assert "yaml11-value" in result.stdout
