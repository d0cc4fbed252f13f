"""The ``catalog-lint`` pre-commit hook, run for real with ``pre-commit run`` (see
tests/precommit.py: it installs the hook's environment from the package index, so these
tests are in the ``integration`` stage).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gitrepo import GitRepo
from tests.precommit import HookSource

pytestmark = pytest.mark.integration

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


def test_hook_passes_good_files_and_fails_bad_ones_with_their_line(
    tmp_path: Path, hook_source: HookSource
) -> None:
    repo = GitRepo.init(tmp_path / "service")
    repo.commit("initial", {"README.md": "# service\n"})
    repo.write({"catalog-info.yaml": GOOD, "notes.yaml": "not: an entity\n"})
    repo.git("add", "-A")
    good = hook_source.run(repo.path, "catalog-lint")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    repo.write({"catalog-info.yaml": BAD})
    repo.git("add", "-A")
    bad = hook_source.run(repo.path, "catalog-lint")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "catalog-info.yaml:5:3: error duplicate-key" in bad.stdout
    assert "notes.yaml" not in bad.stdout  # only entity files are passed to the hook


def test_hook_explains_a_yaml_error_and_shows_the_line_to_fix(
    tmp_path: Path, hook_source: HookSource
) -> None:
    """pre-commit runs hooks without a terminal and replays a failing hook's output on
    the developer's: the hook shows the line and a caret there (PRE_COMMIT is set)."""
    repo = GitRepo.init(tmp_path / "service")
    repo.commit("initial", {"README.md": "# service\n"})
    repo.write({"catalog-info.yaml": GOOD.replace(
        "  name: cart-team\n", "  name: cart-team\n  description: Cart: the basket team\n")})
    repo.git("add", "-A")
    bad = hook_source.run(repo.path, "catalog-lint")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    lines = bad.stdout.splitlines()
    error = next(i for i, line in enumerate(lines) if "error yaml-syntax" in line)
    assert lines[error].startswith(
        "catalog-info.yaml:5:20: error yaml-syntax the value of 'description' contains ': '")
    assert 'quote the value, description: "Cart: the basket team"' in lines[error]
    assert lines[error + 1: error + 3] == [
        "5 |   description: Cart: the basket team",
        "  |                    ^",
    ]
