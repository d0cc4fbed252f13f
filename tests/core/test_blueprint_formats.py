"""Blueprints from --blueprints: formats are checked, and both schema engines agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog_lint.blueprints import SchemaValidator
from tests.cli_helpers import run_cli, write

BLUEPRINT = {
    "identifier": "service",
    "title": "Service",
    "schema": {
        "properties": {
            "email": {"type": "string", "format": "email"},
            "homepage": {"type": "string", "format": "url"},
            "launched": {"type": "string", "format": "date-time"},
            "host": {"type": "string", "format": "ipv4"},
        },
    },
}


def entity(**properties: str) -> str:
    return json.dumps({"identifier": "cart", "title": "Cart", "blueprint": "service",
                       "properties": properties}, indent=2)


def findings(tmp_path: Path) -> list[tuple[str, str]]:
    outcome = run_cli(["validate", "--blueprints", "bp", "--format", "json"], tmp_path)
    assert outcome.exit_code in (0, 1), outcome.stderr
    return [(f["rule"], f["path"]) for f in outcome.json()["findings"]]


def test_valid_formats_pass(tmp_path: Path) -> None:
    write(tmp_path, {"bp/service.json": json.dumps(BLUEPRINT), "port.json": entity(
        email="team@example.com", homepage="https://cart.example.com",
        launched="2024-03-01T12:00:00+02:00", host="10.0.0.1")})
    assert findings(tmp_path) == []


def test_each_bad_format_is_a_finding_at_its_property(tmp_path: Path) -> None:
    write(tmp_path, {"bp/service.json": json.dumps(BLUEPRINT), "port.json": entity(
        email="not an email", homepage="cart.example.com", launched="yesterday", host="10.0.0.300")})
    assert sorted(findings(tmp_path)) == [
        ("blueprint-schema", "properties.email"), ("blueprint-schema", "properties.homepage"),
        ("blueprint-schema", "properties.host"), ("blueprint-schema", "properties.launched"),
    ]


def test_the_blueprint_can_be_overridden_from_the_config(tmp_path: Path) -> None:
    strict = {**BLUEPRINT, "schema": {"properties": BLUEPRINT["schema"]["properties"],  # type: ignore[index]
                                      "required": ["email"]}}
    write(tmp_path, {"platform/service.json": json.dumps(strict),
                     ".catalog-lint.yaml": "blueprints: [platform]\n",
                     "port.json": entity(host="10.0.0.1")})
    outcome = run_cli(["validate", "--format", "json"], tmp_path)
    [finding] = outcome.json()["findings"]
    assert finding["rule"] == "blueprint-schema" and "email" in finding["message"]


@pytest.mark.parametrize(
    ("value", "valid"),
    [("a@b.io", True), ("a@b", False), ("https://x.io/p?q=1", True), ("x.io", False),
     ("2024-01-31T10:00:00Z", True), ("2024-01-31", False)],
)
def test_both_engines_agree_on_formats(value: str, valid: bool) -> None:
    schema = {"type": "object", "properties": {
        "e": {"format": "email"}, "u": {"format": "uri"}, "d": {"format": "date-time"}}}
    key = {"a@b.io": "e", "a@b": "e", "https://x.io/p?q=1": "u", "x.io": "u"}.get(value, "d")
    validator = SchemaValidator(schema, "test")
    errors = validator.errors({key: value})  # fastjsonschema first, jsonschema when invalid
    detailed = validator._compile_detailed()
    assert (errors == []) is valid
    assert detailed.is_valid({key: value}) is valid


@pytest.mark.parametrize("format_name", ["json-pointer", "uri-template"])
def test_a_format_only_one_engine_checks_still_fails_with_a_reason(format_name: str) -> None:
    """fastjsonschema checks these formats, jsonschema (as configured) does not: the
    document is still invalid, and the message says why (the quick validator answers
    without details, so the reason comes from a detailed one)."""
    validator = SchemaValidator({"type": "object", "properties": {"ref": {
        "type": "string", "format": format_name}}}, "planted.json")
    assert validator.errors({"ref": "/fine"}) == []
    [error] = validator.errors({"ref": "not { a pointer"})
    assert error.message == f"data.ref must be {format_name}"
    assert error.keyword == "schema"
