"""Run this project's pre-commit hooks for real, as a user's repository runs them.

A configuration that names this project (a snapshot commit of it, see
:func:`snapshot_project`) and its hooks lives outside the repository under test, and
``pre-commit run --config`` runs a hook from it. pre-commit installs the hooks'
environment (a virtualenv with this package and its dependencies, from the package index)
into ``PRE_COMMIT_HOME`` once for the repository and commit, and every later run reuses
it. (``pre-commit try-repo`` would install again on every call: it keeps its own
temporary store.) Installing needs the package index: these tests are marked
``integration`` (see the README).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from tests.gitrepo import GitRepo

PROJECT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class HookSource:
    """This project committed into a repository of its own, a configuration that uses
    all of its hooks, and where pre-commit keeps what it installs for them."""

    repo: Path
    commit: str
    home: Path

    @property
    def config(self) -> Path:
        return self.home.parent / "pre-commit-config.yaml"

    def write_config(self) -> None:
        hooks = yaml.safe_load((self.repo / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
        self.config.write_text(yaml.safe_dump({"repos": [{
            "repo": str(self.repo), "rev": self.commit,
            "hooks": [{"id": hook["id"]} for hook in hooks],
        }]}), encoding="utf-8")

    def run(self, cwd: Path, hook: str, *args: str) -> subprocess.CompletedProcess[str]:
        """``pre-commit run HOOK ARGS`` in the repository ``cwd``."""
        pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
        # No git configuration of the machine's or the user's reaches the hooks; HOME stays,
        # so that pip's download cache serves the install.
        env = {**os.environ, "PRE_COMMIT_HOME": str(self.home), "PRE_COMMIT_COLOR": "never",
               "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
        for name in ("GITHUB_EVENT_PATH", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
            env.pop(name, None)
        return subprocess.run(
            [pre_commit, "run", hook, "--config", str(self.config), "--verbose", *args],
            cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=900,
        )


def snapshot_project(folder: Path) -> tuple[Path, str]:
    """This project as it is (uncommitted changes included), committed once into a
    repository of its own, so that the hooks tested are those of the work tree."""
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
