"""A pull request's blueprint cannot make the job fetch a URL or read a file through
``$ref``: such a blueprint is refused when loaded, ``blueprints lint`` flags it at its
line, and the compiled validator refuses to fetch even when asked directly. A real HTTP
server on 127.0.0.1 records every request, so "nothing was fetched" is observed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from catalog_lint.blueprints import SchemaValidator, outside_references
from catalog_lint.errors import FatalError
from tests.cli_helpers import run_cli, write
from tests.http_server import StaticServer

CONFIG = "blueprints:\n  - platform/blueprints\n"
ENTITY = json.dumps({"identifier": "cart", "blueprint": "service",
                     "properties": {"tier": "gold", "size": 3}})
SECRET = "s3cr3t-value-from-the-runner"


def blueprint(properties: dict[str, Any], **schema: Any) -> str:
    return json.dumps({"identifier": "service", "title": "Service",
                       "schema": {"properties": properties, **schema}}, indent=1)


def repository(root: Path, blueprint_text: str) -> Path:
    write(root, {".catalog-lint.yaml": CONFIG, "port.json": ENTITY,
                 "platform/blueprints/service.json": blueprint_text})
    return root


@pytest.fixture
def server(static_server: StaticServer) -> StaticServer:
    # a schema the attacker would like the job to load: anything passes
    static_server.serve("/schema.json", json.dumps({"type": "string", "enum": [SECRET]}))
    return static_server


def test_a_reference_to_a_url_is_refused_and_nothing_is_fetched(
        tmp_path: Path, server: StaticServer) -> None:
    root = repository(tmp_path, blueprint({"tier": {"$ref": server.url + "/schema.json"}}))
    outcome = run_cli(["validate"], root)
    assert outcome.exit_code == 2
    assert server.requests == []
    message = outcome.stderr.strip()
    assert "\n" not in message
    assert "platform/blueprints/service.json: schema.properties.tier: $ref " in message
    assert "points outside the blueprint" in message


def test_a_reference_to_a_file_is_refused_and_the_file_stays_unread(tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "credentials.json"
    write(tmp_path, {"outside/credentials.json": json.dumps({"enum": [SECRET]})})
    root = repository(tmp_path / "repo",
                      blueprint({"tier": {"$ref": secret.resolve().as_uri()}}))
    outcome = run_cli(["validate", "--format", "json"], root)
    assert outcome.exit_code == 2
    assert SECRET not in outcome.stdout + outcome.stderr
    assert "schema.properties.tier: $ref 'file://" in outcome.stderr


@pytest.mark.parametrize("reference", ["../schemas/other.json", "other.json#/definitions/tier",
                                       "//127.0.0.1/schema.json", "urn:example:tier"])
def test_every_reference_that_is_not_within_the_blueprint_is_refused(
        tmp_path: Path, reference: str) -> None:
    write(tmp_path, {"platform/schemas/other.json": json.dumps({"type": "string"})})
    root = repository(tmp_path, blueprint({"size": {"$ref": reference}}))
    outcome = run_cli(["validate"], root)
    assert outcome.exit_code == 2
    assert f"$ref {reference!r} points outside the blueprint" in outcome.stderr


def test_references_within_the_blueprint_still_work(tmp_path: Path) -> None:
    schema = blueprint({"tier": {"$ref": "#/definitions/tier"}, "size": {"type": "integer"},
                        "$ref": {"description": "a property of that name is no reference"}},
                       definitions={"tier": {"enum": ["bronze", "silver"]}})
    root = repository(tmp_path, schema)
    outcome = run_cli(["validate", "--format", "json"], root)
    assert outcome.exit_code == 1, outcome.stderr
    found = [(f["rule"], f["message"]) for f in outcome.json()["findings"]]
    assert [rule for rule, _ in found] == ["blueprint-schema"]
    assert "gold" in found[0][1]


def test_blueprints_lint_flags_the_reference_at_its_line(
        tmp_path: Path, server: StaticServer) -> None:
    root = repository(tmp_path, blueprint({"size": {"type": "integer"},
                                           "tier": {"$ref": server.url + "/schema.json"}}))
    outcome = run_cli(["blueprints", "lint", "platform/blueprints", "--format", "json"], root)
    assert server.requests == []
    found = [f for f in outcome.json()["findings"] if f["rule"] == "blueprint-json-schema"]
    assert len(found) == 1
    text = (root / "platform/blueprints/service.json").read_text().splitlines()
    assert "$ref" in text[found[0]["line"] - 1]
    assert found[0]["severity"] == "error"
    assert outcome.exit_code == 1


def test_the_validator_refuses_to_fetch_even_when_asked_directly(server: StaticServer) -> None:
    # the loader refuses such blueprints first; this is the second line of defence
    validator = SchemaValidator({"properties": {"tier": {"$ref": server.url + "/schema.json"}}},
                                "planted.json")
    with pytest.raises(FatalError, match=r"planted\.json: .* points outside the blueprint"):
        validator.errors({"tier": SECRET})
    assert server.requests == []


def test_a_reference_in_a_value_is_refused_too(tmp_path: Path, server: StaticServer) -> None:
    # fastjsonschema's resolver follows a "$ref" wherever it stands, a default included
    root = repository(tmp_path, blueprint(
        {"size": {"type": "integer", "default": {"$ref": server.url + "/schema.json"}}}))
    outcome = run_cli(["validate"], root)
    assert outcome.exit_code == 2
    assert "schema.properties.size.default: $ref " in outcome.stderr
    assert server.requests == []


def test_a_reference_in_a_list_of_lists_is_found() -> None:
    schema = {"properties": {"tier": {"enum": [[{"$ref": "file:///etc/passwd"}], "gold"]}}}
    assert outside_references(schema, ("schema",)) == [
        (("schema", "properties", "tier", "enum", 0, 0), "file:///etc/passwd")]


def test_a_deeply_nested_schema_is_walked_without_recursion() -> None:
    schema: dict[str, Any] = {"$ref": "https://example.com/bottom.json"}
    for _ in range(3_000):  # deeper than the interpreter's recursion limit
        schema = {"items": schema}
    [(path, reference)] = outside_references(schema, ("schema",))
    assert len(path) == 3_001
    assert reference == "https://example.com/bottom.json"
