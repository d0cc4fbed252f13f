"""The ``catalog-lint-codeowners`` and ``catalog-lint-gate`` pre-commit hooks, run for
real with ``pre-commit run`` in temporary repositories (one with a remote, so that
the gate has an upstream branch to compare with). They install the hooks' environment from
the package index (see tests/precommit.py): they are in the ``integration`` stage."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo
from tests.precommit import HookSource

pytestmark = pytest.mark.integration

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


Hook = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def run_hook(hook_source: HookSource) -> Hook:
    return hook_source.run


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
