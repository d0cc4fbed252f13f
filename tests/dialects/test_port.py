"""The Port dialect: entities from YAML and JSON files (single or lists), their own
fields (``port-entity``), their blueprint (``unknown-blueprint``), and the built-in
Port blueprints."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from catalog_lint.blueprints import builtin_blueprints_dir, load_blueprints
from catalog_lint.config import Config
from catalog_lint.pipeline import Run, RunOptions
from catalog_lint.snapshot import WorktreeSnapshot
from tests.cli_helpers import run_cli, write

CART = """\
identifier: cart-service
title: Cart service
blueprint: component
team: [cart-team]
properties:
  type: service
  lifecycle: Production
relations:
  owner: cart-team
  system: shop
  providesApis: [cart-api]
  resources: null
"""

#: Three entities; the second one has three problems (lines 9, 10 and 13).
LIST = """\
# Port entities of the cart repository
- identifier: cart-service
  blueprint: component
  properties: {type: service, lifecycle: Production}
  relations:
    system: shop
- identifier: cart-api
  blueprint: api
  title: [Cart, API]
  lifecycle: Production
  relations:
    system:
      identifier: shop
- identifier: cart-db
  blueprint: resource
  properties: {type: database}
"""

JSON_LIST = """\
[
  {
    "identifier": "cart-service",
    "blueprint": "component",
    "properties": {"type": "service", "lifecycle": "Production"}
  },
  {
    "identifier": "cart api",
    "blueprint": "api",
    "team": ["cart-team", 7]
  }
]
"""


def report(root: Path, *args: str) -> dict[str, Any]:
    outcome = run_cli(["validate", "--format", "json", *args], root)
    assert outcome.exit_code in (0, 1), outcome.stderr
    return outcome.json()


def port_findings(found: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """The findings of this dialect's rules, as (rule, severity, line, column, path)."""
    return [
        (f["rule"], f["severity"], f["line"], f["column"], f["path"])
        for f in found if f["rule"] in ("port-entity", "unknown-blueprint")
    ]


def read_entities(root: Path, name: str) -> Run:
    with WorktreeSnapshot(root, root) as snapshot:
        state = Run(snapshot, Config(root=root), RunOptions())
        state.read(name)
    return state


# -- entities ------------------------------------------------------------------------


def test_a_port_yaml_file_is_one_entity_with_normalised_relations(tmp_path: Path) -> None:
    write(tmp_path, {"port.yml": CART})
    state = read_entities(tmp_path, "port.yml")
    [entity] = state.entities
    assert (entity.dialect, entity.kind, entity.name, entity.ref) == (
        "port", "component", "cart-service", "port:component/cart-service")
    assert entity.blueprint is not None and entity.blueprint.identifier == "component"
    assert port_findings([f.to_dict() for f in state.findings]) == []
    # each relation's targets as the report carries them: a single target is a list of
    # one, and a relation set to null has none
    [summary] = report(tmp_path, "port.yml")["entities"]
    assert summary["relations"] == {
        "owner": ["port:group/cart-team"], "system": ["port:system/shop"],
        "providesApis": ["port:api/cart-api"],
    }


def test_a_yaml_list_gives_one_entity_per_item_and_findings_inside_item_two(
    tmp_path: Path,
) -> None:
    write(tmp_path, {"port.yml": LIST})
    result = report(tmp_path)
    assert [e["ref"] for e in result["entities"]] == [
        "port:component/cart-service", "port:api/cart-api", "port:resource/cart-db"]
    assert result["files"] == [{"path": "port.yml", "documents": 3, "entities": 3}]
    assert port_findings(result["findings"]) == [
        ("port-entity", "error", 9, 10, "title"),
        ("port-entity", "warning", 10, 3, "lifecycle"),
        ("port-entity", "error", 13, 7, "relations.system"),
    ]
    assert {f["entity"] for f in result["findings"] if f["rule"] == "port-entity"} == {
        "port:api/cart-api"}


def test_a_json_list_gives_correct_lines_and_columns(tmp_path: Path) -> None:
    write(tmp_path, {".port/entities.json": JSON_LIST})
    result = report(tmp_path)
    assert len(result["entities"]) == 2
    assert port_findings(result["findings"]) == [
        ("port-entity", "error", 8, 19, "identifier"),
        ("port-entity", "error", 10, 27, "team[1]"),
    ]
    [bad_identifier, bad_team] = [f for f in result["findings"] if f["rule"] == "port-entity"]
    assert bad_identifier["message"] == (
        'identifier "cart api" has characters Port does not allow in an identifier '
        "(a space); use letters, digits and @ _ . + : / = -")
    assert bad_team["message"] == "team[1] must be a team name (a string), got a number"


def test_a_single_json_object_is_an_entity(tmp_path: Path) -> None:
    entity = {"identifier": "shop", "title": "Shop", "blueprint": "system",
              "properties": {"description": "Everything the shop sells"},
              "relations": {"domain": "order"}, "icon": "Cluster", "team": "shop-team",
              "createdAt": "2024-05-01T10:00:00.000Z", "updatedBy": "alice@example.com"}
    write(tmp_path, {"port.json": json.dumps(entity, indent=2)})
    result = report(tmp_path)
    assert [e["ref"] for e in result["entities"]] == ["port:system/shop"]
    assert port_findings(result["findings"]) == []


# -- port-entity -----------------------------------------------------------------------


@pytest.mark.parametrize(("content", "expected"), [
    ("title: x\nblueprint: component\n",
     [("identifier", "identifier is required: the entity's unique ID within its blueprint")]),
    ("identifier: 42\nblueprint: component\n",
     [("identifier", "identifier must be a string, got a number")]),
    ("identifier: ''\nblueprint: component\n",
     [("identifier", "identifier must not be empty")]),
    ("identifier: ..\nblueprint: component\n",
     [("identifier", 'identifier ".." is not allowed')]),
    ("identifier: x\n",
     [("blueprint", "blueprint is required: the identifier of the entity's blueprint "
       "(component, system, ...)")]),
    ("identifier: x\nblueprint: [component]\n",
     [("blueprint", "blueprint must be a string, got a list")]),
    ("identifier: x\nblueprint: system\nproperties: [a]\n",
     [("properties", "properties must be an object, got a list")]),
    ("identifier: x\nblueprint: system\nrelations: domain\n",
     [("relations", "relations must be an object, got a string")]),
    ("identifier: x\nblueprint: system\nrelations: {domain: ''}\n",
     [("relations.domain", "relation 'domain' is an empty string; use null for no target")]),
    ("identifier: x\nblueprint: system\nrelations: {owner: [a, {b: 1}]}\n",
     [("relations.owner[1]",
       "relation 'owner' item 1 must be a target identifier (a string), got an object")]),
    ("identifier: x\nblueprint: system\nteam: {name: a}\n",
     [("team", "team must be a team name or a list of them, got an object")]),
    ("identifier: x\nblueprint: system\nicon: 3\n",
     [("icon", "icon must be a string, got a number")]),
    ("identifier: x\nblueprint: system\ntitle: null\n",
     [("title", "title must be a string, got null")]),
])
def test_port_entity_fields(tmp_path: Path, content: str, expected: list[tuple[str, str]]) -> None:
    write(tmp_path, {"port.yml": content})
    found = [f for f in report(tmp_path)["findings"] if f["rule"] == "port-entity"]
    assert [(f["path"], f["message"]) for f in found] == expected


def test_identifiers_port_accepts(tmp_path: Path) -> None:
    write(tmp_path, {"port.yml": "identifier: 'github.com/example/cart@v2+build:x=y_z-1'\n"
                                 "blueprint: system\nteam: [a, b]\nrelations: {domain: null}\n"})
    assert port_findings(report(tmp_path)["findings"]) == []


def test_identifier_length_limit(tmp_path: Path) -> None:
    write(tmp_path, {"port.yml": f"identifier: {'a' * 1001}\nblueprint: system\n"})
    [finding] = [f for f in report(tmp_path)["findings"] if f["rule"] == "port-entity"]
    assert finding["message"] == "identifier is 1,001 characters long; the limit is 1,000"


def test_unknown_keys_are_warnings_naming_them(tmp_path: Path) -> None:
    write(tmp_path, {"port.yml": "identifier: x\nblueprint: system\nname: x\nowner: team-a\n"})
    found = [f for f in report(tmp_path)["findings"] if f["rule"] == "port-entity"]
    assert [(f["severity"], f["line"], f["column"], f["message"]) for f in found] == [
        ("warning", 3, 1, "unknown top-level key 'name' (Port stores only identifier, title, "
         "blueprint, properties, relations, team, icon); the entity's ID is its identifier"),
        ("warning", 4, 1, "unknown top-level key 'owner' (Port stores only identifier, title, "
         "blueprint, properties, relations, team, icon); ownership is team (a team name or a "
         "list), or a relation"),
    ]


def test_port_rules_do_not_run_on_backstage_documents(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Group\n"
                                          "metadata: {name: a}\nspec: {type: team, children: []}\n"
                                          "identifier: 1\n"})
    assert port_findings(report(tmp_path)["findings"]) == []


def test_an_item_without_identifier_in_a_list_is_still_checked(tmp_path: Path) -> None:
    write(tmp_path, {"port.yml": "- identifier: a\n  blueprint: system\n- blueprint: system\n"
                                 "  title: forgot the identifier\n"})
    result = report(tmp_path)
    assert [e["ref"] for e in result["entities"]] == ["port:system/a"]
    assert [(f["rule"], f["line"], f["path"]) for f in result["findings"]
            if f["rule"] in ("port-entity", "not-an-entity")] == [("port-entity", 3, "identifier")]


# -- unknown-blueprint -----------------------------------------------------------------


KNOWN = "api, component, domain, group, resource, system, user"


@pytest.mark.parametrize(("name", "advice"), [
    ("service", "; the built-in 'component' blueprint models what 'service' usually means"),
    ("componet", "; did you mean 'component'?"),
    ("dhr_test", ""),
])
def test_unknown_blueprint_lists_the_known_ones(tmp_path: Path, name: str, advice: str) -> None:
    write(tmp_path, {"port.yaml": f"identifier: cart\nblueprint: {name}\n"})
    [finding] = [f for f in report(tmp_path)["findings"] if f["rule"] == "unknown-blueprint"]
    assert finding["message"] == (
        f"blueprint {name!r} is not known (known: {KNOWN}){advice}; add its definition with "
        "--blueprints DIR or the blueprints: setting")
    assert (finding["severity"], finding["line"], finding["column"]) == ("error", 2, 12)


SERVICE_BLUEPRINT = {
    "identifier": "service", "title": "Service",
    "schema": {"properties": {"language": {"type": "string"}}},
    "relations": {"domain": {"target": "domain", "many": False}},
}


def test_blueprints_option_and_setting_add_blueprints(tmp_path: Path) -> None:
    write(tmp_path, {"port.yaml": "identifier: cart\nblueprint: service\n",
                     "my-blueprints/service.json": json.dumps(SERVICE_BLUEPRINT)})
    assert "unknown-blueprint" in [f["rule"] for f in report(tmp_path)["findings"]]
    with_option = report(tmp_path, "--blueprints", "my-blueprints")
    assert port_findings(with_option["findings"]) == []
    assert with_option["entities"][0]["blueprint"] == "service"
    write(tmp_path, {".catalog-lint.yaml": "blueprints: [my-blueprints]\n"})
    assert port_findings(report(tmp_path)["findings"]) == []


def test_a_blueprint_folder_overrides_a_built_in_blueprint(tmp_path: Path) -> None:
    custom = {"identifier": "component", "title": "Our component",
              "schema": {"properties": {"kind": {"type": "string"}}}}
    write(tmp_path, {"bp/component.json": json.dumps(custom)})
    registry = load_blueprints([tmp_path / "bp"])
    component = registry.port("component")
    assert component is not None and component.title == "Our component"
    assert component.validator.errors({"kind": "x"}) == []


# -- the built-in Port blueprints ------------------------------------------------------


BUILT_IN = ("api", "component", "domain", "group", "resource", "system", "user")


def test_the_built_in_port_blueprints_are_valid_and_consistent() -> None:
    folder = builtin_blueprints_dir() / "port"
    assert sorted(p.stem for p in folder.glob("*.json")) == list(BUILT_IN)
    registry = load_blueprints([])
    for name in BUILT_IN:
        raw = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        assert raw["identifier"] == name
        jsonschema.Draft7Validator.check_schema({"type": "object", **raw["schema"]})
        blueprint = registry.port(name)
        assert blueprint is not None and blueprint.description
        for relation in blueprint.relations.values():
            assert len(relation.target) == 1 and registry.port(relation.target[0]) is not None


@pytest.mark.parametrize(("name", "properties", "errors"), [
    ("component", {"type": "service", "lifecycle": "Production",
                   "url": "https://cart.example.com", "createdAt": "2024-05-01T10:00:00Z"}, []),
    ("component", {"type": "service", "lifecycle": "production"},
     ["'production' is not one of ['Production', 'Experimental', 'Deprecated']"]),
    ("component", {"lifecycle": "Experimental", "url": "cart.example.com"},
     ["'type' is required", "'cart.example.com' is not a 'url'"]),
    ("component", {"type": "service", "lifecycle": "Production", "owner": "x"},
     ["unknown properties are not allowed ('owner' was unexpected)"]),
    ("api", {"type": "soap", "lifecycle": "Production"},
     ["'soap' is not one of ['openapi', 'asyncapi', 'graphql', 'grpc', 'trpc']"]),
    ("group", {"type": "team", "email": "not an address"},
     ["'not an address' is not a 'email'"]),
    ("user", {"email": "alice@example.com"}, []),
    ("resource", {"type": "database", "provider": "AWS"}, []),
])
def test_built_in_blueprint_schemas(name: str, properties: dict[str, Any],
                                    errors: list[str]) -> None:
    blueprint = load_blueprints([]).port(name)
    assert blueprint is not None
    assert [e.message for e in blueprint.validator.errors(properties)] == errors


def test_built_in_relations() -> None:
    registry = load_blueprints([])

    def relations(name: str) -> dict[str, tuple[str, bool, bool]]:
        blueprint = registry.port(name)
        assert blueprint is not None
        return {r.name: (r.target[0], r.many, r.required) for r in blueprint.relations.values()}

    assert relations("component") == {
        "owner": ("group", False, False), "system": ("system", False, False),
        "subcomponentOf": ("component", False, False), "providesApis": ("api", True, False),
        "consumesApis": ("api", True, False), "dependsOn": ("component", True, False),
        "resources": ("resource", True, False),
    }
    assert relations("system")["domain"] == ("domain", False, False)
    assert relations("api")["system"] == ("system", False, False)
    assert relations("resource")["system"] == ("system", False, False)
    assert relations("user") == {"memberOf": ("group", True, False)}
    parent = registry.port("group")
    assert parent is not None and parent.relations["parent"].acyclic


def test_the_docs_table_lists_every_built_in_property_and_relation() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "port.md").read_text(encoding="utf-8")
    registry = load_blueprints([])
    for name in BUILT_IN:
        blueprint = registry.port(name)
        assert blueprint is not None
        [row] = [line for line in docs.splitlines() if line.startswith(f"| `{name}` |")]
        for prop in blueprint.schema["properties"]:
            assert f"`{prop}`" in row, (name, prop)
        for relation in blueprint.relations.values():
            many = " []" if relation.many else ""
            assert f"`{relation.name}` → {relation.target[0]}{many}" in row, (name, relation.name)
