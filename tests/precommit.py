"""Run this project's pre-commit hooks for real, with ``pre-commit try-repo``.

pre-commit installs the hooks' environment (a virtualenv with this package and its
dependencies, from the package index) once per ``PRE_COMMIT_HOME``, repository and
commit. The tests share one home and one snapshot commit of the project, so that a test
session installs once. Installing needs the package index: these tests are marked
``integration`` (see the README's "Tests" section).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.gitrepo import GitRepo

PROJECT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class HookSource:
    """The project committed into a repository of its own, and where pre-commit keeps
    the environments it installs for it."""

    repo: Path
    commit: str
    home: Path

    def try_repo(self, cwd: Path, hook: str, *args: str) -> subprocess.CompletedProcess[str]:
        pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
        # No git configuration of the machine's or the user's reaches the hooks; HOME stays,
        # so that pip's download cache serves the one install of a session.
        env = {**os.environ, "PRE_COMMIT_HOME": str(self.home), "PRE_COMMIT_COLOR": "never",
               "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
        for name in ("GITHUB_EVENT_PATH", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
            env.pop(name, None)
        return subprocess.run(
            [pre_commit, "try-repo", str(self.repo), hook, "--ref", self.commit, "--verbose",
             *args],
            cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=900,
        )


def snapshot_project(folder: Path) -> tuple[Path, str]:
    """This project as it is (uncommitted changes included), committed once into a
    repository of its own: ``try-repo`` on a fixed commit installs once, where a dirty
    work tree would make it install again for every run."""
    listed = subprocess.run(
        ["git", "-C", str(PROJECT), "ls-files", "-z", "--cached", "--others",
         "--exclude-standard"], capture_output=True, check=True,
    ).stdout.decode().split("\0")
    copy = GitRepo.init(folder / "catalog-lint")
    for name in filter(None, listed):
        source = PROJECT / name
        if source.is_file():
            target = copy.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return copy.path, copy.commit("snapshot of the project under test")
