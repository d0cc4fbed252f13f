"""What ``check --format json`` now tells about the repository and each entity, for
``catalog-lint org``: the ``repository`` section and each entity's relations and title."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.cli_helpers import run_cli
from tests.gitrepo import GitRepo

ENTITY = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: cart, title: The Cart}
spec: {type: service, lifecycle: production, owner: team-a, system: shop, dependsOn: [resource:db, resource:db]}
"""


def report(cwd: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    outcome = run_cli(["check", "--format", "json"], cwd, env=env)
    assert outcome.exit_code in (0, 1), outcome.stderr
    data: dict[str, Any] = outcome.json()
    schema = json.loads((resources.files("catalog_lint") / "schemas" / "report.schema.json").read_text())
    jsonschema.validate(data, schema)
    return data


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    git_repo.commit("cart", {"services/cart/catalog-info.yaml": ENTITY},
                    date="2024-05-20T10:00:00+02:00")
    return git_repo


def test_the_report_names_the_repository_its_commit_and_when(repo: GitRepo) -> None:
    repo.git("remote", "add", "origin", "https://x-access-token:secret@github.com/acme/shop.git")
    commit = repo.git("rev-parse", "HEAD")
    data = report(repo.path / "services", env={"SOURCE_DATE_EPOCH": "1717416000"})
    assert data["repository"] == {
        "name": "acme/shop",
        "url": "https://github.com/acme/shop",
        "commit": commit,
        "committed_at": "2024-05-20T10:00:00+02:00",
        "branch": "main",
        "path": "services",
        "files_url": f"https://github.com/acme/shop/blob/{commit}/services/",
        "checked_at": "2024-06-03T12:00:00+00:00",
    }
    assert "secret" not in json.dumps(data)


def test_the_report_of_a_commit_is_dated_by_the_commit(repo: GitRepo) -> None:
    first = repo.git("rev-parse", "HEAD")
    repo.commit("later", {"README.md": "# Cart\n"}, date="2024-05-21T10:00:00+00:00")
    outcome = run_cli(["score", "--rev", first, "--format", "json"], repo.path)
    assert outcome.exit_code == 0, outcome.stderr
    data = run_cli(["diff", "--base", first, "--head", "HEAD", "--format", "json", "--fail-on", "never"],
                   repo.path).json()
    assert (data["repository"]["commit"], data["repository"]["checked_at"]) == (
        repo.git("rev-parse", "HEAD"), "2024-05-21T10:00:00+00:00")


def test_gitlab_links_and_unknown_forges(repo: GitRepo) -> None:
    repo.git("remote", "add", "origin", "git@gitlab.example.com:group/sub/shop.git")
    commit = repo.git("rev-parse", "HEAD")
    section = report(repo.path)["repository"]
    assert section["files_url"] == f"https://gitlab.example.com/group/sub/shop/-/blob/{commit}/"
    repo.git("remote", "set-url", "origin", "git@code.example.com:acme/shop.git")
    section = report(repo.path)["repository"]
    assert (section["url"], section["files_url"]) == ("https://code.example.com/acme/shop", None)


def test_without_a_remote_the_folder_names_the_repository(repo: GitRepo) -> None:
    section = report(repo.path)["repository"]
    assert (section["name"], section["url"], section["files_url"]) == (repo.path.name, None, None)
    outcome = run_cli(["check", "--format", "json"], repo.path,
                      env={"GITHUB_REPOSITORY": "acme/shop", "GITHUB_SERVER_URL": "https://ghe.example.com"})
    section = outcome.json()["repository"]
    assert section["name"] == "acme/shop"
    assert section["files_url"].startswith("https://ghe.example.com/acme/shop/blob/")


def test_entities_carry_their_relations_and_title(repo: GitRepo) -> None:
    [entity] = report(repo.path)["entities"]
    assert entity["title"] == "The Cart"
    assert entity["relations"] == {"owner": ["group:default/team-a"], "system": ["system:default/shop"],
                                   "dependsOn": ["resource:default/db"]}


def test_outside_git_there_is_no_repository_section(tmp_path: Path) -> None:
    (tmp_path / "catalog-info.yaml").write_text(ENTITY, encoding="utf-8")
    assert "repository" not in report(tmp_path)
