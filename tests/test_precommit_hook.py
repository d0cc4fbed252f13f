"""The ``catalog-lint`` pre-commit hook, run for real with ``pre-commit run`` (see
tests/precommit.py: it installs the hook's environment from the package index, so these
tests are in the ``integration`` stage).
"""

from __future__ import annotations

import re
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


# -- the slips a reviewer would catch, caught at commit time (reference typos, folded
# list items, misspelt keys), each committed through pre-commit on the staged file

SHOP = """\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-cart
spec:
  type: team
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: checkout
spec:
  owner: team-cart
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: cart-db
spec:
  type: database
  owner: team-cart
"""

CART = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart
  description: Keeps the shopping carts
spec:
  type: service
  lifecycle: production
  owner: team-cart
  system: checkout
  dependsOn:
    - resource:cart-db
"""


def shop_repository(tmp_path: Path) -> GitRepo:
    """A repository whose other files define the entities the service refers to, and a
    README commit: the slips below are each staged alone, as a developer commits them."""
    repo = GitRepo.init(tmp_path / "shop")
    repo.commit("the shop", {"catalog-info.yaml": SHOP, "services/cart/catalog-info.yaml": CART,
                             "README.md": "# shop\n"})
    return repo


def commit_slip(repo: GitRepo, hook_source: HookSource, old: str, new: str,
                config: str | None = None) -> str:
    path = "services/cart/catalog-info.yaml"
    if config is not None:
        repo.commit("strict about key typos", {".catalog-lint.yaml": config})
    assert CART.count(old) == 1
    repo.write({path: CART.replace(old, new)})
    repo.git("add", path)
    result = hook_source.run(repo.path, "catalog-lint")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    found = re.findall(r"^(\S+):\d+:\d+: ", result.stdout, re.M)
    assert found and set(found) == {path}  # the staged file only
    return result.stdout


def test_a_reference_typo_fails_the_commit_naming_the_entity_meant(
        tmp_path: Path, hook_source: HookSource) -> None:
    repo = shop_repository(tmp_path)
    out = commit_slip(repo, hook_source, "system: checkout", "system: chekout")
    assert ('services/cart/catalog-info.yaml:10:11: error reference-typo spec.system: system '
            '"chekout" is not in the catalog; did you mean "checkout" (catalog-info.yaml:9)?'
            ) in out


def test_a_folded_list_item_fails_the_commit_showing_the_fix(
        tmp_path: Path, hook_source: HookSource) -> None:
    repo = shop_repository(tmp_path)
    out = commit_slip(repo, hook_source, "    - resource:cart-db\n",
                      "    - resource:cart-db\n      - resource:cart-cache\n")
    assert ('services/cart/catalog-info.yaml:12:7: error unresolvable-reference spec.dependsOn: '
            '"resource:cart-db - resource:cart-cache" is two list items folded into one: '
            '"- resource:cart-cache" (line 13) is indented deeper than the item above it, so '
            "YAML reads it as more of that item; align the dashes") in out


def test_a_misspelt_required_key_fails_the_commit_at_its_line(
        tmp_path: Path, hook_source: HookSource) -> None:
    repo = shop_repository(tmp_path)
    out = commit_slip(repo, hook_source, "lifecycle: production", "lifecyle: production")
    assert ('services/cart/catalog-info.yaml:8:3: error blueprint-schema spec.lifecycle is '
            'missing; did you mean "lifecycle" where you wrote "lifecyle"?') in out


def test_a_misspelt_optional_key_fails_the_commit_when_the_team_asks(
        tmp_path: Path, hook_source: HookSource) -> None:
    repo = shop_repository(tmp_path)
    out = commit_slip(repo, hook_source, "  description:", "  descripton:",
                      config="rules:\n  key-typo: error\n")
    assert ('services/cart/catalog-info.yaml:5:3: error key-typo metadata.descripton is not a '
            'metadata field (Backstage keeps it and reads nothing from it); did you mean '
            '"description"?') in out


def test_a_commit_without_entity_files_does_not_run_the_hook(
        tmp_path: Path, hook_source: HookSource) -> None:
    repo = shop_repository(tmp_path)
    repo.write({"README.md": "# shop\n\nMore words.\n", "deploy/values.yaml": "replicas: 2\n"})
    repo.git("add", "-A")
    result = hook_source.run(repo.path, "catalog-lint")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(no files to check)Skipped" in result.stdout
