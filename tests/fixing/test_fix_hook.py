"""The ``catalog-lint-fix`` pre-commit hook: the same files as the validating hook, and,
run for real, a commit that fails when the hook changed a file and passes once the
fixes are staged (as pre-commit's own fixers do)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.gitrepo import GitRepo
from tests.precommit import HookSource

HOOKS = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"
ENTITY = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart-service
  tags: [Java]  # lowercase, please
spec:
  type: service
  lifecycle: production
  owner: team-cart
"""


def test_the_fix_hook_reads_the_files_the_validating_hook_reads() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    fix, validate = hooks["catalog-lint-fix"], hooks["catalog-lint"]
    assert fix["entry"] == "catalog-lint fix"
    for key in ("files", "types_or", "exclude", "language"):
        assert fix[key] == validate[key], key


@pytest.mark.integration
def test_the_fix_hook_fails_the_commit_that_it_fixed(tmp_path: Path, hook_source: HookSource) -> None:
    repo = GitRepo.init(tmp_path / "service")
    repo.commit("initial", {"README.md": "# service\n"})
    repo.write({"catalog-info.yaml": ENTITY})
    repo.git("add", "-A")
    first = hook_source.run(repo.path, "catalog-lint-fix")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert 'fixed metadata-tags: write the tag "Java" as java' in first.stdout
    assert (repo.path / "catalog-info.yaml").read_text() == ENTITY.replace("[Java]", "[java]")
    repo.git("add", "-A")
    second = hook_source.run(repo.path, "catalog-lint-fix")
    assert second.returncode == 0, second.stdout + second.stderr
