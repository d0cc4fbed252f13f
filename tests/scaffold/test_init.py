"""``catalog-lint init`` on real repositories built in temporary folders: what it guesses
and from where, the file it writes (which validates, and scores at the first maturity
level), what it refuses, and hostile repository content."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from catalog_lint.yaml_reader import parse_stream
from tests.cli_helpers import run_cli
from tests.gitrepo import GitRepo

README = """# Cart service

[![build](https://ci.example.com/badge.svg)](https://ci.example.com)

Keeps the **shopping carts**: adds, removes
and [prices](https://example.com/pricing) the items.

## Running
"""

EXPECTED = """\
# Written by catalog-lint init from what the repository says: check every value.
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart-service
  description: 'Keeps the shopping carts: adds, removes and prices the items.'
  annotations:
    github.com/project-slug: acme/cart-service
    backstage.io/techdocs-ref: dir:.
spec:
  type: service
  lifecycle: experimental  # set it: experimental, production or deprecated (catalog-lint init cannot tell)
  owner: team-cart
"""


def service_repo(path: Path, **extra: str | bytes) -> GitRepo:
    repo = GitRepo.init(path)
    repo.git("remote", "add", "origin", "https://token@github.com/acme/cart-service.git")
    repo.commit("initial", {
        "README.md": README, ".github/CODEOWNERS": "* @acme/team-cart\n",
        "Dockerfile": "FROM python:3.12\nEXPOSE 8080\n", "mkdocs.yml": "site_name: Cart\n",
        "docs/index.md": "# Cart\n", **extra,
    })
    return repo


def written(path: Path) -> object:
    stream = parse_stream(path.read_text(encoding="utf-8"))
    assert not stream.problems
    return stream.documents[0].data


def test_init_writes_what_the_repository_says_and_where_it_came_from(tmp_path: Path) -> None:
    repo = service_repo(tmp_path / "checkout")
    outcome = run_cli(["init"], repo.path)
    assert outcome.exit_code == 0, outcome.stderr
    assert (repo.path / "catalog-info.yaml").read_text(encoding="utf-8") == EXPECTED
    said = outcome.stdout
    assert "Wrote catalog-info.yaml:" in said
    assert "from the git remote origin (github.com/acme/cart-service)" in said
    assert "team-cart" in said and "from .github/CODEOWNERS (@acme/team-cart)" in said
    assert "from README.md (its first paragraph)" in said
    assert "from Dockerfile and a server: Dockerfile (EXPOSE 8080)" in said
    assert "from docs/ and mkdocs.yml" in said
    assert "lifecycle" in said and "nowhere" in said
    assert "token" not in said and "token" not in (repo.path / "catalog-info.yaml").read_text()

    validate = run_cli(["validate", "--fail-on", "warning", "--select", "blueprint-schema,"
                        "backstage-envelope,metadata-*,unknown-kind,yaml11-value"], repo.path)
    assert validate.exit_code == 0, validate.stdout


def test_the_written_file_reaches_the_first_maturity_level(tmp_path: Path) -> None:
    repo = service_repo(tmp_path / "cart")
    run_cli(["init"], repo.path)
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "add the catalog file")
    scores = run_cli(["score", "--format", "json"], repo.path).json()
    entity = next(e for e in scores["entities"] if e["ref"] == "component:default/cart-service")
    card = entity["scorecards"]["operational-maturity"]
    managed = next(level for level in card["levels"] if level["title"] == "Managed")
    assert card["level"] == "Managed" and managed["passed"] == managed["total"] == 5


def test_an_existing_entity_file_is_refused_unless_forced(tmp_path: Path) -> None:
    repo = service_repo(tmp_path / "cart", **{"catalog-info.yml": "kind: Component\n"})
    outcome = run_cli(["init"], repo.path)
    assert outcome.exit_code == 2
    assert outcome.stderr == ("catalog-lint: error: catalog-info.yml is already there; not "
                              "replaced (--force replaces it)\n")
    assert not (repo.path / "catalog-info.yaml").exists()
    port = run_cli(["init", "--dialect", "port"], repo.path)  # another dialect's file is fine
    assert port.exit_code == 0, port.stderr
    forced = run_cli(["init", "--force"], repo.path)
    assert forced.exit_code == 0 and (repo.path / "catalog-info.yaml").exists()


def test_force_replaces_a_link_never_what_it_points_at(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("precious\n")
    repo = service_repo(tmp_path / "cart")
    os.symlink(outside, repo.path / "catalog-info.yaml")
    assert run_cli(["init"], repo.path).exit_code == 2
    assert run_cli(["init", "--force"], repo.path).exit_code == 0
    assert outside.read_text() == "precious\n"
    assert not (repo.path / "catalog-info.yaml").is_symlink()


def test_a_readme_linked_out_of_the_repository_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("The secret paragraph.\n")
    repo = GitRepo.init(tmp_path / "cart")
    os.symlink(secret, repo.path / "README.md")
    outcome = run_cli(["init"], repo.path)
    assert outcome.exit_code == 0
    assert "secret" not in (repo.path / "catalog-info.yaml").read_text()
    assert "README.md was not read" in outcome.stdout


HOSTILE = ("# Title\n\nkey: value # not a comment\n- not a list {{ values.name }} ${{ x }}\n"
           "& *alias !tag \x1b[2J\x07 \u202eevil \"quoted\" 'single' \\back\ttab\n\n"
           "Second paragraph.\n")


def test_hostile_readme_text_is_written_as_text(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "cart")
    repo.commit("initial", {"README.md": HOSTILE})
    outcome = run_cli(["init"], repo.path)
    assert outcome.exit_code == 0, outcome.stderr
    description = written(repo.path / "catalog-info.yaml")["metadata"]["description"]  # type: ignore[index]
    assert description == ("key: value # not a comment - not a list {{ values.name }} ${{ x }} "
                           "& *alias !tag [2J evil \"quoted\" 'single' \\back tab")
    assert "\x1b" not in outcome.stdout
    assert run_cli(["validate", "--select", "metadata-*,blueprint-schema"], repo.path).exit_code == 0


@pytest.mark.parametrize(("files", "kind", "source"), [
    ({"pyproject.toml": "[project]\nname = 'x'\ndependencies = ['requests']\n"}, "library",
     "a package manifest (pyproject.toml) and no server"),
    ({"pyproject.toml": "[project]\ndependencies = ['fastapi>=0.1', 'uvicorn']\n",
      "Dockerfile": "FROM python\n"}, "service", "Dockerfile and a server: pyproject.toml (fastapi)"),
    ({"package.json": json.dumps({"dependencies": {"react-dom": "18", "react": "18"}})},
     "website", "a web front end: package.json (react-dom)"),
    ({"package.json": json.dumps({"dependencies": {"express": "4"}}), "Procfile": "web: node x\n"},
     "service", "a server: Procfile (a web process)"),
    ({"notes.txt": "hello\n"}, "service", "no Dockerfile, package manifest or web page"),
])
def test_the_type_comes_from_the_files_present(
        tmp_path: Path, files: dict[str, str], kind: str, source: str) -> None:
    repo = GitRepo.init(tmp_path / "thing")
    repo.commit("initial", files)
    outcome = run_cli(["init"], repo.path)
    assert written(repo.path / "catalog-info.yaml")["spec"]["type"] == kind  # type: ignore[index]
    assert source in outcome.stdout


def test_the_owner_through_the_config_mapping(tmp_path: Path) -> None:
    repo = service_repo(tmp_path / "cart", **{
        ".catalog-lint.yaml": "ownership:\n  owners:\n    group:default/payments: ['@acme/team-cart']\n"})
    outcome = run_cli(["init"], repo.path)
    assert written(repo.path / "catalog-info.yaml")["spec"]["owner"] == "group:default/payments"  # type: ignore[index]
    assert "through ownership.owners in" in outcome.stdout


def test_the_owner_is_the_group_whose_team_slug_codeowners_names(tmp_path: Path) -> None:
    """In a monorepo, a Group of another file whose github.com/team-slug annotation is
    the CODEOWNERS team owns the new component, whatever the Group is called."""
    repo = GitRepo.init(tmp_path / "mono")
    repo.git("remote", "add", "origin", "git@github.com:acme/mono.git")
    repo.commit("initial", {
        ".github/CODEOWNERS": "/services/new/ @acme/cart-devs\n",
        "platform/catalog-info.yaml": ("apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n"
                              "  name: checkout\n  annotations:\n"
                              "    github.com/team-slug: acme/cart-devs\n"
                              "spec:\n  type: team\n  children: []\n"),
        "services/new/go.mod": "module example.com/new\n",
    })
    outcome = run_cli(["init", "services/new"], repo.path)
    assert outcome.exit_code == 0, outcome.stderr
    data = written(repo.path / "services" / "new" / "catalog-info.yaml")
    assert data["spec"]["owner"] == "checkout"  # type: ignore[index]
    assert data["metadata"]["name"] == "new"  # type: ignore[index]  # the folder, not the repo
    assert "the Group checkout of platform/catalog-info.yaml" in outcome.stdout
    assert data["metadata"]["annotations"] == {"github.com/project-slug": "acme/mono"}  # type: ignore[index]
    assert run_cli(["validate", "--complete"], repo.path).exit_code == 0


def test_a_user_owner_and_no_owner_at_all(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "solo")
    repo.commit("initial", {"CODEOWNERS": "* @alice\n"})
    run_cli(["init"], repo.path)
    assert written(repo.path / "catalog-info.yaml")["spec"]["owner"] == "user:alice"  # type: ignore[index]
    bare = tmp_path / "Bare Folder!"
    bare.mkdir()
    outcome = run_cli(["init"], bare)
    text = (bare / "catalog-info.yaml").read_text()
    assert "owner: change-me  # set it: the Group that answers for this" in text
    assert "name: bare-folder" in text and "from the folder's name (Bare Folder!)" in outcome.stdout
    assert run_cli(["validate", "--select", "blueprint-schema,metadata-*"], bare).exit_code == 0


def test_init_port_writes_an_entity_of_the_blueprint(tmp_path: Path) -> None:
    repo = service_repo(tmp_path / "cart")
    outcome = run_cli(["init", "--dialect", "port"], repo.path)
    assert outcome.exit_code == 0, outcome.stderr
    assert written(repo.path / "port.yml") == {
        "identifier": "cart-service", "title": "Cart Service", "blueprint": "component",
        "properties": {"description": "Keeps the shopping carts: adds, removes and prices the items.",
                       "type": "service", "lifecycle": "Experimental",
                       "repository": "https://github.com/acme/cart-service"},
        "relations": {"owner": "team-cart"},
    }
    assert "github.com/project-slug" not in outcome.stdout
    unknown = run_cli(["init", "--dialect", "port", "--blueprint", "spaceship", "--force"], repo.path)
    assert unknown.exit_code == 2 and "no Port blueprint 'spaceship'" in unknown.stderr


def test_interactive_asks_with_the_guesses_as_defaults(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from catalog_lint.cli import cli

    repo = service_repo(tmp_path / "cart")
    previous = Path.cwd()
    os.chdir(repo.path)
    try:
        # a bad name is asked again; empty answers keep the guesses; lifecycle is chosen
        result = CliRunner().invoke(cli, ["init", "--interactive"],
                                    input="bad name!\ncart\n\n\n\nproduction\n")
    finally:
        os.chdir(previous)
    assert result.exit_code == 0, result.output
    assert "name [cart-service]:" in result.output and "an entity name is" in result.output
    assert "lifecycle (experimental, production, deprecated) [experimental]:" in result.output
    data = written(repo.path / "catalog-info.yaml")
    assert data["metadata"]["name"] == "cart" and data["spec"]["lifecycle"] == "production"  # type: ignore[index]
    assert data["spec"]["owner"] == "team-cart"  # type: ignore[index]
    assert "lifecycle: production\n" in (repo.path / "catalog-info.yaml").read_text()  # no comment
    assert "from your answer" in result.output


def test_a_path_that_is_not_a_folder(tmp_path: Path) -> None:
    outcome = run_cli(["init", "nowhere"], tmp_path)
    assert outcome.exit_code == 2 and "nowhere" in outcome.stderr
