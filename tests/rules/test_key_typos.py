"""Keys that are slips of the keyboard get "did you mean", in both dialects: a missing
required field that a key misspells is reported at that key and names it; an unknown key
that misspells an absent optional field is a ``key-typo`` warning (Backstage keeps it),
or part of the ``blueprint-schema`` error when the blueprint allows no unknown keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli, write

HEADER = "apiVersion: backstage.io/v1alpha1\nkind: Component\n"
SPEC = "spec:\n  type: service\n  lifecycle: production\n  owner: team-a\n"


def findings(root: Path, *args: str) -> list[tuple[str, str, int, int, str]]:
    outcome = run_cli(["validate", "--format", "json", "--no-context", *args], root)
    assert outcome.exit_code in (0, 1), outcome.stderr
    return [(f["rule"], f["severity"], f["line"], f["column"], f["message"])
            for f in outcome.json()["findings"] if f["rule"] != "unresolved-reference"]


def one_file(tmp_path: Path, text: str, name: str = "catalog-info.yaml",
             *args: str) -> list[tuple[str, str, int, int, str]]:
    write(tmp_path, {name: text})
    return findings(tmp_path, *args, name)


def test_a_missing_required_field_names_the_key_that_misspells_it(tmp_path: Path) -> None:
    text = HEADER + "metadata:\n  name: cart\n" + SPEC.replace("lifecycle:", "lifecyle:")
    assert one_file(tmp_path, text) == [
        ("blueprint-schema", "error", 7, 3,
         'spec.lifecycle is missing; did you mean "lifecycle" where you wrote "lifecyle"?')]


def test_without_a_near_miss_the_missing_message_is_as_before(tmp_path: Path) -> None:
    text = HEADER + "metadata:\n  name: cart\n" + SPEC.replace("  lifecycle: production\n", "")
    assert [f[4] for f in one_file(tmp_path, text)] == [
        "spec.lifecycle is missing; a Component needs spec.type, spec.lifecycle and spec.owner"]


@pytest.mark.parametrize(("written", "meant", "where"), [
    ("  descripton: Keeps carts\n", "description", "metadata"),
    ("  annotation: {a: b}\n", "annotations", "metadata"),
    ("  Title: Cart\n", "title", "metadata"),
])
def test_a_misspelt_metadata_field_is_a_warning(tmp_path: Path, written: str, meant: str,
                                                where: str) -> None:
    text = HEADER + "metadata:\n  name: cart\n" + written + SPEC
    key = written.strip().split(":")[0]
    assert one_file(tmp_path, text) == [
        ("key-typo", "warning", 5, 3, f"{where}.{key} is not a metadata field (Backstage keeps "
                                      f'it and reads nothing from it); did you mean "{meant}"?')]


@pytest.mark.parametrize(("written", "meant"), [
    ("  sytem: shop\n", "system"),
    ("  dependson: [component:a]\n", "dependsOn"),
    ("  subComponentOf: a\n", "subcomponentOf"),
    ("  consumesApi: [a]\n", "consumesApis"),
])
def test_a_misspelt_optional_spec_field_is_a_warning(tmp_path: Path, written: str,
                                                     meant: str) -> None:
    text = HEADER + "metadata:\n  name: cart\n" + SPEC + written
    key = written.strip().split(":")[0]
    assert one_file(tmp_path, text) == [
        ("key-typo", "warning", 9, 3, f"spec.{key} is not a field of a Component (Backstage "
                                      f'keeps it and reads nothing from it); did you mean "{meant}"?')]


def test_a_field_that_is_present_is_not_suggested(tmp_path: Path) -> None:
    text = HEADER + "metadata:\n  name: cart\n  descriptions: one\n  description: two\n" + SPEC + \
        "  owners: [a, b]\n  extra: {any: thing}\n"
    assert one_file(tmp_path, text) == []


def test_a_key_typo_can_be_made_an_error_or_turned_off(tmp_path: Path) -> None:
    text = HEADER + "metadata:\n  name: cart\n  descripton: x\n" + SPEC
    write(tmp_path, {".catalog-lint.yaml": "rules:\n  key-typo: error\n"})
    assert [f[:2] for f in one_file(tmp_path, text)] == [("key-typo", "error")]
    write(tmp_path, {".catalog-lint.yaml": "rules:\n  key-typo: off\n"})
    assert one_file(tmp_path, text) == []


def test_an_organisation_rule_names_the_misspelt_key(tmp_path: Path) -> None:
    blueprint = {"identifier": "Component", "dialect": "backstage", "extends": "Component",
                 "metadataSchema": {"required": ["description"],
                                    "properties": {"description": {"type": "string"}}}}
    write(tmp_path, {"blueprints/component.json": json.dumps(blueprint)})
    text = HEADER + "metadata:\n  name: cart\n  descripton: Keeps carts\n" + SPEC
    (problem,) = one_file(tmp_path, text, "catalog-info.yaml", "--blueprints", "blueprints")
    assert problem[:4] == ("blueprint-schema", "error", 5, 3)
    assert problem[4].startswith('metadata.description is missing; did you mean "description" '
                                 'where you wrote "descripton"? (the Component blueprint '
                                 "requires it")


@pytest.mark.parametrize(("text", "expected"), [
    ("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetdata:\n  name: cart\n" + SPEC,
     [("backstage-envelope", 3, 'metadata is missing; did you mean "metadata" where you '
                                'wrote "metdata"?')]),
    ("apiversion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: cart\n" + SPEC,
     [("backstage-envelope", 1, 'apiVersion is missing; did you mean "apiVersion" where you '
                                'wrote "apiversion"?')]),
    (HEADER + "metadata:\n  name: cart\n" + SPEC.replace("spec:", "speck:"),
     [("backstage-envelope", 5, 'unknown top-level field "speck": an entity has only '
                                'apiVersion, kind, metadata and spec; did you mean "spec"?')]),
])
def test_misspelt_top_level_fields(tmp_path: Path, text: str,
                                   expected: list[tuple[str, int, str]]) -> None:
    assert [(f[0], f[2], f[4]) for f in one_file(tmp_path, text)] == expected


PORT = "identifier: cart\nblueprint: component\nproperties:\n  type: service\n" \
       "  lifecycle: Production\n"


def test_port_properties_the_blueprint_does_not_allow(tmp_path: Path) -> None:
    text = PORT.replace("lifecycle:", "lifecyle:") + "  langauge: Go\n  foo: 1\n  bar: 2\n"
    assert one_file(tmp_path, text, "port.yml") == [
        ("blueprint-schema", "error", 5, 3, 'properties.lifecycle is missing; did you mean '
                                            '"lifecycle" where you wrote "lifecyle"?'),
        ("blueprint-schema", "error", 6, 3, "properties.langauge is not a property of blueprint "
                                            "'component'; did you mean \"language\"?"),
        ("blueprint-schema", "error", 7, 3, "properties: unknown properties are not allowed "
                                            "('bar', 'foo' were unexpected)"),
    ]


def test_port_properties_of_a_blueprint_that_allows_unknown_ones(tmp_path: Path) -> None:
    blueprint = {"identifier": "service", "schema": {
        "properties": {"language": {"type": "string"}, "tier": {"type": "string"}},
        "required": ["tier"]}}
    write(tmp_path, {"blueprints/service.json": json.dumps(blueprint)})
    text = "identifier: cart\nblueprint: service\nproperties:\n  teir: gold\n  langauge: Go\n"
    assert one_file(tmp_path, text, "port.yml", "--blueprints", "blueprints") == [
        ("blueprint-schema", "error", 4, 3,
         'properties.tier is missing; did you mean "tier" where you wrote "teir"?'),
        ("key-typo", "warning", 5, 3, "properties.langauge is not a property of blueprint "
                                      "'service'; did you mean \"language\"?"),
    ]


def test_port_top_level_keys(tmp_path: Path) -> None:
    text = "identifer: cart\nblueprint: component\nrelatons: {system: shop}\n" \
           "properties: {type: service, lifecycle: Production}\n"
    assert one_file(tmp_path, text, "port.yml") == [
        ("port-entity", "error", 1, 1,
         'identifier is required; did you mean "identifier" where you wrote "identifer"?'),
        ("port-entity", "warning", 3, 1, "unknown top-level key 'relatons' (Port stores only "
                                         "identifier, title, blueprint, properties, relations, "
                                         'team, icon); did you mean "relations"?'),
    ]
