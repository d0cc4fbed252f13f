"""``catalog-lint blueprints diff``: each change classified, and the exported entities it
breaks listed with their repository, file and line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from catalog_lint.blueprint_tools.compat import compare
from catalog_lint.blueprints import parse_blueprint
from catalog_lint.github.comment import marker
from tests.blueprint_sets.helpers import SERVICE, set_files
from tests.cli_helpers import Outcome, run_cli, write
from tests.github_server import GitHubAPI
from tests.gitrepo import GitRepo

PORT = {"identifier": "service", "schema": {
    "properties": {"language": {"type": "string", "enum": ["Go", "Python"]},
                   "tier": {"type": ["string", "null"], "maxLength": 20},
                   "url": {"type": "string"}},
    "required": ["language"]},
    "relations": {"owner": {"target": "group"}, "deps": {"target": "service", "many": True}}}


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, bool, str]]:
    return [(c.path, c.breaking, c.message)
            for c in compare(parse_blueprint(old, "old"), parse_blueprint(new, "new"))]


def edited(**edits: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(PORT))
    for path, value in edits.items():
        holder = data
        *parents, last = path.split("__")
        for part in parents:
            holder = holder[part]
        if value is None:
            del holder[last]
        else:
            holder[last] = value
    return data


@pytest.mark.parametrize(("edits", "expected"), [
    ({"schema__properties__url": None}, [("properties.url", True, "property removed")]),
    ({"schema__required": ["language", "url"]}, [("properties.url", True, "made required")]),
    ({"schema__properties__tier": {"type": "string", "maxLength": 20}},
     [("properties.tier", True, "type narrowed: ['string', 'null'] -> string")]),
    ({"schema__properties__language": {"type": "string", "enum": ["Go"]}},
     [("properties.language", True, 'enum value removed: "Python"')]),
    ({"schema__properties__url": {"type": "string", "pattern": "^https://"}},
     [("properties.url", True, 'pattern "^https://" added')]),
    ({"schema__properties__tier": {"type": ["string", "null"], "maxLength": 10}},
     [("properties.tier", True, "maxLength lowered: 20 -> 10")]),
    ({"schema__additionalProperties": False},
     [("properties", True, "no longer accepts properties it does not list")]),
    ({"relations__owner": None}, [("relations.owner", True, "relation 'owner' removed")]),
    ({"relations__owner": {"target": "group", "required": True}},
     [("relations.owner", True, "relation 'owner' made required")]),
    ({"relations__deps": {"target": "service"}},
     [("relations.deps", True, "relation 'deps' takes one target now (many turned off)")]),
    ({"relations__owner": {"target": "team"}},
     [("relations.owner", True, "relation 'owner' no longer targets group"),
      ("relations.owner", False, "relation 'owner' also targets team")]),
    ({"schema__properties__extra": {"type": "string"}},
     [("properties.extra", False, "property added")]),
    ({"schema__required": []}, [("properties.language", False, "no longer required")]),
    ({"schema__properties__language": {"type": "string", "enum": ["Go", "Python", "Rust"]}},
     [("properties.language", False, 'enum value added: "Rust"')]),
    ({"schema__properties__url": {"type": ["string", "null"]}},
     [("properties.url", False, "type widened: string -> ['string', 'null']")]),
    ({"schema__properties__url": {"type": "string", "description": "Where it runs."}},
     [("properties.url", False, "description changed")]),
    ({"relations__deps": {"target": "service", "many": True, "required": False},
      "relations__system": {"target": "system"}},
     [("relations.system", False, "relation 'system' added")]),
    ({"schema__properties__url": {"type": "string", "anyOf": [{"minLength": 1}]}},
     [("properties.url", True, "anyOf changed (catalog-lint cannot tell whether this narrows "
                               "what is accepted; treated as breaking)")]),
])
def test_each_change_is_classified(edits: dict[str, Any],
                                   expected: list[tuple[str, bool, str]]) -> None:
    assert changes(PORT, edited(**edits)) == expected


def test_backstage_kinds_compare_their_fields_and_api_versions() -> None:
    old = {"identifier": "Database", "dialect": "backstage", "kind": "Database",
           "apiVersions": ["acme.com/v1", "acme.com/v2"],
           "schema": {"properties": {"engine": {"type": "string"}}},
           "relations": {"owner": {"field": "spec.owner", "target": ["Group", "User"]}}}
    new = json.loads(json.dumps(old))
    new["apiVersions"] = ["acme.com/v2"]
    new["relations"]["owner"]["target"] = ["Group"]
    new["metadataSchema"] = {"required": ["description"]}
    assert changes(old, new) == [
        ("apiVersion", True, "apiVersion acme.com/v1 no longer accepted"),
        ("metadata.description", True, "made required"),
        ("spec.owner", True, "relation 'owner' no longer targets User"),
    ]


# -- the command ---------------------------------------------------------------------

ENTITIES = {
    "catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n"
                         "  name: cart\n  description: The shop's cart service.\nspec:\n"
                         "  type: service\n  lifecycle: production\n  owner: user:ada\n",
    "port.yaml": "- identifier: cart\n  blueprint: service\n  properties:\n    language: Rust\n"
                 "  relations:\n    owner: team-cart\n- identifier: search\n  blueprint: service\n"
                 "  properties: {language: Go, tier: critical}\n  relations: {owner: team-search}\n",
}


@pytest.fixture
def repos(tmp_path: Path) -> tuple[GitRepo, Path]:
    """The platform repository (the set in blueprints/, committed once) and the export
    of a consumer repository that uses it."""
    platform = GitRepo.init(tmp_path / "platform")
    platform.commit("set", {f"blueprints/{n}": t for n, t in set_files().items()})
    consumer = tmp_path / "cart"
    write(consumer, ENTITIES)
    GitRepo.init(consumer).commit("catalog")
    # a repository's config may only name folders inside it: the command line names the set
    exported = run_cli(["export", "--blueprints", "../platform/blueprints",
                        "-o", str(tmp_path / "cart.json")], consumer)
    assert exported.exit_code == 0, exported.stderr
    return platform, tmp_path / "cart.json"


def diff(platform: GitRepo, export: Path, *args: str) -> Outcome:
    return run_cli(["blueprints", "diff", "--base", "HEAD", "--catalog", str(export), *args],
                   platform.path)


def test_a_breaking_change_lists_the_entities_it_breaks(repos: tuple[GitRepo, Path]) -> None:
    platform, export = repos
    platform.write({"blueprints/port/service.yaml":
                    SERVICE.replace("Go, Python, Rust", "Go, Python")
                    .replace("required: [language]", "required: [language, tier]")})
    outcome = diff(platform, export)
    assert outcome.exit_code == 1, outcome.stderr
    assert outcome.stdout == (
        f"Blueprints in blueprints: {platform.head()[:12]} -> the working tree\n"
        "  service (port)\n"
        "    BREAKING    properties.tier: made required\n"
        "    BREAKING    properties.language: enum value removed: \"Rust\"\n"
        "\n"
        "Entities that would break:\n"
        "  cart: port.yaml:3: port:service/cart: properties.tier is missing\n"
        "  cart: port.yaml:4: port:service/cart: properties.language is \"Rust\"; expected "
        "one of: Go, Python\n"
        "\n"
        "2 breaking changes break 1 entity\n")
    data = json.loads(diff(platform, export, "--format", "json").stdout)
    assert data["summary"] == {"changes": 2, "breaking": 2, "entities_checked": 2,
                               "entities_broken": 1, "entities_without_data": 0}
    assert data["breaks"][0] == {"repository": "cart", "file": "port.yaml", "line": 3,
                                 "entity": "port:service/cart", "blueprint": "service",
                                 "path": "properties.tier",
                                 "message": "properties.tier is missing"}


def test_org_rules_tightened_on_a_built_in_kind(repos: tuple[GitRepo, Path]) -> None:
    platform, export = repos
    platform.commit("every component in a system, descriptions longer", {
        "blueprints/backstage/component.json": json.dumps({
            "identifier": "Component", "dialect": "backstage", "extends": "Component",
            "metadataSchema": {"required": ["description"],
                               "properties": {"description": {"minLength": 30}}},
            "relations": {"owner": {"target": ["Group"]}, "system": {"required": True}}})})
    outcome = run_cli(["blueprints", "diff", "--base", "HEAD~1", "--head", "HEAD",
                       "--catalog", str(export), "--format", "json"], platform.path)
    assert outcome.exit_code == 1
    data = json.loads(outcome.stdout)
    assert [(b["file"], b["line"], b["message"]) for b in data["breaks"]] == [
        ("catalog-info.yaml", 5, 'metadata.description: "The shop\'s cart service." is too '
                                 "short"),
        ("catalog-info.yaml", 6, "spec.system is required"),
    ]
    # the owner was a user already before the change: not a break of this change
    assert "spec.owner" not in outcome.stdout


def test_compatible_changes_pass(repos: tuple[GitRepo, Path]) -> None:
    platform, export = repos
    platform.write({"blueprints/port/service.yaml": SERVICE.replace(
        "Go, Python, Rust", "Go, Python, Rust, Java")})
    outcome = diff(platform, export)
    assert outcome.exit_code == 0
    assert outcome.stdout.endswith("    compatible  properties.language: enum value added: "
                                   "\"Java\"\n\nno breaking change\n")


def test_fail_on_any_fails_a_breaking_change_that_breaks_no_entity(
        repos: tuple[GitRepo, Path]) -> None:
    platform, export = repos
    platform.write({"blueprints/port/service.yaml": SERVICE.replace(
        "enum: [critical, standard]", "enum: [critical, standard]\n      minLength: 5")})
    assert diff(platform, export).exit_code == 0
    assert diff(platform, export, "--fail-on", "any").exit_code == 1
    assert diff(platform, export, "--fail-on", "never").exit_code == 0


def test_a_removed_blueprint_breaks_its_entities(repos: tuple[GitRepo, Path]) -> None:
    platform, export = repos
    platform.write({"blueprints/port/service.yaml": None})
    data = json.loads(diff(platform, export, "--format", "json").stdout)
    assert [c["message"] for c in data["changes"]] == [
        "blueprint service removed: its entities are no longer recognised"]
    assert {(b["entity"], b["line"]) for b in data["breaks"]} == {
        ("port:service/cart", 1), ("port:service/search", 7)}


def test_an_old_export_without_data_is_said(repos: tuple[GitRepo, Path], tmp_path: Path) -> None:
    platform, export = repos
    old = json.loads(export.read_text())
    old["version"] = 1
    for item in old["entities"]:
        del item["data"], item["lines"]
    export.write_text(json.dumps(old))
    platform.write({"blueprints/port/service.yaml": SERVICE.replace("Rust", "Zig")})
    outcome = diff(platform, export)
    assert outcome.exit_code == 0
    assert "note: 2 exported entities carry no data (an export of version 1)" in outcome.stdout


def test_markdown_and_the_sticky_comment(repos: tuple[GitRepo, Path], github_api: GitHubAPI,
                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    platform, export = repos
    github_api.add_repository("acme/platform")
    monkeypatch.setenv("GITHUB_TOKEN", github_api.token)
    monkeypatch.setenv("GITHUB_API_URL", github_api.url)
    platform.write({"blueprints/port/service.yaml": SERVICE.replace("Go, Python, Rust", "Go")})
    args = ("--format", "markdown", "--comment", "--repo", "acme/platform", "--pr", "7")
    first = diff(platform, export, *args)
    assert first.exit_code == 1
    assert first.stdout.startswith("### ❌ Blueprint changes: 1 breaking change breaks 1 entity")
    assert "| cart | `port.yaml:4` | `port:service/cart` |" in first.stdout
    assert "created the comment on pull request #7" in first.stderr
    platform.write({"blueprints/port/service.yaml": SERVICE})
    second = diff(platform, export, *args)
    assert second.exit_code == 0 and "updated the comment on pull request #7" in second.stderr
    (posted,) = github_api.comments("acme/platform", 7)
    assert posted["body"].startswith(marker("blueprints") + "\n### ✅ Blueprint changes: no "
                                     "breaking change")


def test_usage_errors(repos: tuple[GitRepo, Path], tmp_path: Path) -> None:
    platform, export = repos
    bad_ref = diff(platform, export, "--head", "nope")
    assert bad_ref.exit_code == 2 and "head nope: no such commit" in bad_ref.stderr
    outside = run_cli(["blueprints", "diff", "--base", "HEAD"], tmp_path)
    assert outside.exit_code == 2 and "not inside a git repository" in outside.stderr
