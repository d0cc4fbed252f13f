"""Blueprint sets from folders (JSON and YAML, lists, extends) and from installed packages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from catalog_lint.blueprints import load_blueprints
from catalog_lint.errors import FatalError
from tests.blueprint_sets.helpers import COMPONENT, set_files
from tests.cli_helpers import run_cli, write

GOOD_SERVICE = ("identifier: cart\nblueprint: service\nproperties: {language: Go}\n"
                "relations: {owner: team-cart}\n")
COMPONENT_DOC = ("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: cart\n"
                 "{meta}spec:\n  type: service\n  lifecycle: production\n  owner: {owner}\n")


def rules(outcome_json: dict) -> list[tuple[str, str]]:
    return [(f["rule"], f["message"]) for f in outcome_json["findings"]]


def test_a_folder_holds_yaml_and_json_blueprints_and_lists(tmp_path: Path) -> None:
    write(tmp_path, {
        "set/port/service.yaml": set_files()["port/service.yaml"],
        "set/port/more.json": json.dumps([{"identifier": "queue"}, {"identifier": "topic"}]),
        "set/catalog-info.yaml": "not: [a blueprint",  # an entity file kept beside: not read
        "set/scorecards/x.yaml": "not read as a blueprint: [",
    })
    registry = load_blueprints([tmp_path / "set"])
    assert {"service", "queue", "topic"} <= {b.identifier for b in registry.port_blueprints()}
    service = registry.port("service")
    assert service is not None and service.origin == f"folder {tmp_path / 'set'}"
    assert service.validator.errors({"language": "Go"}) == []
    assert [e.keyword for e in service.validator.errors({"language": "Cobol"})] == ["enum"]


def test_a_broken_yaml_blueprint_names_its_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, {"set/bad.yaml": "identifier: x\nschema: {properties: [\n"})
    with pytest.raises(FatalError, match=r"bad\.yaml:2:22: invalid YAML in blueprint: the list "
                                         r"'\[' opened at line 2, column 22 is never closed"):
        load_blueprints([tmp_path / "set"])


def test_extends_refines_the_blueprint_in_force(tmp_path: Path) -> None:
    write(tmp_path, {"set/component.json": json.dumps(COMPONENT)})
    registry = load_blueprints([tmp_path / "set"])
    component = registry.backstage("Component", "backstage.io/v1alpha1")
    assert component is not None and component.overrides is not None
    assert component.overrides.origin == "built-in"
    # the built-in spec schema is kept; the owner relation is narrowed to groups
    assert component.schema["required"] == ["type", "lifecycle", "owner"]
    assert component.relations["owner"].target == ("Group",)
    assert component.relations["owner"].default_kind == "Group"
    assert component.metadata_schema is not None
    assert component.metadata_validator is not None
    assert [e.path for e in component.metadata_validator.errors({"name": "x"})] == [()]


def test_extends_joins_required_lists() -> None:
    from catalog_lint.blueprints import merge_raw

    merged = merge_raw({"schema": {"required": ["a"], "properties": {"a": {"type": "string"}}}},
                       {"schema": {"required": ["b"], "properties": {"b": {"enum": [1]}}}})
    assert merged["schema"] == {"required": ["a", "b"], "properties": {
        "a": {"type": "string"}, "b": {"enum": [1]}}}


def test_extends_an_unknown_blueprint_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, {"set/x.json": json.dumps({"identifier": "service", "extends": "servce"})})
    with pytest.raises(FatalError, match=r"x\.json: extends 'servce', but no port blueprint"):
        load_blueprints([tmp_path / "set"])


def test_extends_says_when_the_dialect_is_missing(tmp_path: Path) -> None:
    write(tmp_path, {"set/x.json": json.dumps({"identifier": "Component", "extends": "Component"})})
    with pytest.raises(FatalError, match='the backstage one needs "dialect": "backstage"'):
        load_blueprints([tmp_path / "set"])


def test_a_port_blueprint_may_derive_from_another(tmp_path: Path) -> None:
    write(tmp_path, {"set/service.json": json.dumps({
        "identifier": "service", "extends": "component",
        "schema": {"required": ["language"]}})})
    service = load_blueprints([tmp_path / "set"]).port("service")
    assert service is not None and "readme" in service.schema["properties"]
    assert service.schema["required"] == ["type", "lifecycle", "language"]
    assert service.raw["extends"] == "component"


def test_a_set_without_a_manifest_still_loads_and_a_bad_manifest_is_reported(
        tmp_path: Path) -> None:
    from catalog_lint.blueprint_sets.manifest import read_manifest

    write(tmp_path, {"a/s.json": '{"identifier": "s"}',
                     "b/blueprint-set.yaml": "name: b\nversion: 1\n",
                     "c/blueprint-set.yaml": "name: c\ncolour: red\n"})
    assert read_manifest(tmp_path / "a") is None
    manifest = read_manifest(tmp_path / "b")
    assert manifest is not None and (manifest.name, manifest.version) == ("b", "1")
    with pytest.raises(FatalError, match="unknown key 'colour' in the manifest"):
        read_manifest(tmp_path / "c")


# -- packages --------------------------------------------------------------------------


def test_a_package_set_is_found_by_its_entry_point(installed_set: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(installed_set))
    write(tmp_path, {".catalog-lint.yaml": "blueprints:\n  - package: acme\n",
                     "port.yaml": GOOD_SERVICE.replace("Go", "Cobol"),
                     ".port/org.yaml": "identifier: team-cart\nblueprint: group\n"})
    outcome = run_cli(["validate", "--format", "json", "port.yaml"], tmp_path)
    assert outcome.exit_code == 1, outcome.stderr
    assert rules(outcome.json()) == [
        ("blueprint-schema", 'properties.language is "Cobol"; expected one of: Go, Python, Rust')]
    listed = run_cli(["blueprints", "list", "--format", "json"], tmp_path).json()
    assert [s["source"] for s in listed["sources"]] == [
        "built-in", "package acme-blueprints 1.4.0"]
    assert listed["sources"][1]["name"] == "acme-blueprints"
    service = next(b for b in listed["blueprints"] if b["identifier"] == "service")
    assert service["source"] == "package acme-blueprints 1.4.0"
    component = next(b for b in listed["blueprints"] if b["identifier"] == "Component")
    assert component["overrides"] == ["built-in"] and component["extends"] == "Component"
    text = run_cli(["blueprints", "list"], tmp_path).stdout
    assert "Component  backstage.io/v1alpha1, backstage.io/v1beta1  package acme-blueprints " \
           "1.4.0  extends built-in" in text
    assert "service-readiness" in text  # the set's scorecards join the built-in ones


def test_the_distribution_name_finds_it_too(installed_set: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(installed_set))
    write(tmp_path, {".catalog-lint.yaml": "blueprints: [{package: Acme_Blueprints}]\n",
                     "port.yaml": GOOD_SERVICE})
    outcome = run_cli(["validate", "port.yaml"], tmp_path)
    assert outcome.exit_code == 0, outcome.stdout + outcome.stderr


def test_a_package_that_is_not_installed_is_one_clear_line(tmp_path: Path) -> None:
    write(tmp_path, {".catalog-lint.yaml": "fail-on: error\nblueprints:\n  - package: nope\n",
                     "port.yaml": GOOD_SERVICE})
    outcome = run_cli(["validate", "port.yaml"], tmp_path)
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith(
        "catalog-lint: error: .catalog-lint.yaml:3: no installed package provides the "
        "blueprint set 'nope' (entry point group catalog_lint.blueprints")
    assert outcome.stderr.count("\n") == 1


def test_the_config_rejects_a_malformed_source(tmp_path: Path) -> None:
    write(tmp_path, {".catalog-lint.yaml": "blueprints:\n  - git: https://x.example/b\n",
                     "port.yaml": GOOD_SERVICE})
    outcome = run_cli(["validate", "port.yaml"], tmp_path)
    assert outcome.exit_code == 2 and ".catalog-lint.yaml:2" in outcome.stderr


def test_a_one_file_run_with_folders_only_imports_no_set_machinery(tmp_path: Path) -> None:
    """The pre-commit case stays fast: no git, no entry point scan, unless asked."""
    write(tmp_path, {"set/service.yaml": set_files()["port/service.yaml"],
                     ".catalog-lint.yaml": "blueprints: [set]\n", "port.yaml": GOOD_SERVICE})
    code = ("import sys\nfrom catalog_lint.cli import cli\n"
            "try:\n    cli.main(args=['validate', 'port.yaml'], prog_name='catalog-lint')\n"
            "except SystemExit as exc:\n    print('exit', exc.code)\n"
            "print(sorted(m for m in sys.modules if m.startswith(('catalog_lint.blueprint_',"
            " 'git', 'importlib.metadata'))))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True, check=True)
    assert result.stdout.splitlines()[-2:] == ["exit 0", "[]"], result.stdout + result.stderr

