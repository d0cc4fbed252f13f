"""The ``catalog-lint`` pre-commit hook, run for real with ``pre-commit try-repo``.

pre-commit installs this repository (its committed state, or a temporary commit of the
working tree) into a fresh environment; that costs one install per test session, shared
through ``PRE_COMMIT_HOME``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo

PROJECT = Path(__file__).resolve().parent.parent

GOOD = """\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: cart-team
spec:
  type: team
  children: []
"""
BAD = GOOD.replace("  name: cart-team\n", "  name: cart-team\n  name: other\n")


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(repo: GitRepo, hook: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never",
           "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(
        [pre_commit, "try-repo", str(PROJECT), hook, "--verbose", *args],
        cwd=repo.path, env=env, capture_output=True, text=True, check=False, timeout=600,
    )


def test_hook_passes_good_files_and_fails_bad_ones_with_their_line(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    repo = GitRepo.init(tmp_path / "service")
    repo.commit("initial", {"README.md": "# service\n"})
    repo.write({"catalog-info.yaml": GOOD, "notes.yaml": "not: an entity\n"})
    repo.git("add", "-A")
    good = try_repo(repo, "catalog-lint", pre_commit_home)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    repo.write({"catalog-info.yaml": BAD})
    repo.git("add", "-A")
    bad = try_repo(repo, "catalog-lint", pre_commit_home)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "catalog-info.yaml:5:3: error duplicate-key" in bad.stdout
    assert "notes.yaml" not in bad.stdout  # only entity files are passed to the hook
