"""``--format sarif``: valid SARIF 2.1.0, checked against the SARIF schema (copied into
tests/data/sarif with its licence) and by Microsoft's own validator with GitHub's
ingestion rules (``Sarif.Multitool validate --rule-kind "Gh;Sarif"``, see
tests/reporters/multitool.py)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest

from catalog_lint.reporters.sarif import build, render
from tests.cli_helpers import run_cli
from tests.reporters.multitool import MULTITOOL_VERSION
from tests.reporters.samples import gate_report, hostile_report, plain_report

SCHEMA = json.loads((Path(__file__).parents[1] / "data" / "sarif" / "sarif-2.1.0.json")
                    .read_text(encoding="utf-8"))


def validate(document: dict) -> None:
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


@pytest.mark.parametrize("report", [plain_report, hostile_report, gate_report],
                         ids=["plain", "hostile", "gate"])
def test_valid_against_the_schema(report) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(render(report()))
    validate(document)
    assert document["version"] == "2.1.0"


def test_rules_and_results() -> None:
    run = build(plain_report())["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert set(rules) == {"duplicate-key", "yaml11-value", "empty-document"}
    duplicate = rules["duplicate-key"]
    assert duplicate["defaultConfiguration"] == {"level": "error"}
    assert "FAIL" in duplicate["help"]["text"] and "```yaml" in duplicate["help"]["markdown"]
    assert duplicate["shortDescription"]["text"]
    first = run["results"][0]
    assert first["ruleId"] == "duplicate-key"
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == "duplicate-key"
    assert first["level"] == "error"
    location = first["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "catalog-info.yaml", "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": 4, "startColumn": 3}}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///src/shop/"
    assert [r["level"] for r in run["results"]] == ["error", "warning", "note"]
    assert run["results"][1]["properties"]["jsonPath"] == "metadata.labels.legacy"


def test_fingerprints_are_unique_and_stable() -> None:
    run = build(hostile_report())["runs"][0]
    prints = [r["partialFingerprints"]["catalogLint/v1"] for r in run["results"]]
    assert len(set(prints)) == len(prints)  # two identical findings are numbered
    assert prints[0].endswith(":1") and prints[2].endswith(":2")
    moved = hostile_report()
    moved.findings = [dataclasses.replace(f, line=f.line + 10) for f in moved.findings]
    assert [r["partialFingerprints"] for r in build(moved)["runs"][0]["results"]] == [
        r["partialFingerprints"] for r in run["results"]]


def test_odd_file_names_are_uri_references() -> None:
    run = build(hostile_report())["runs"][0]
    assert run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "we%2Cird%3Adir/cat%20%231.yaml")


def test_gate_baseline_states_and_gate_rules() -> None:
    run = build(gate_report())["runs"][0]
    states = {(r["ruleId"], r["baselineState"]) for r in run["results"]}
    assert states == {("duplicate-key", "new"), ("yaml11-value", "unchanged"),
                      ("gate-fact-regressed", "new")}
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert "scorecard reads got worse" in rules["gate-fact-regressed"]["help"]["text"]


def test_validate_offers_sarif(tmp_path: Path) -> None:
    (tmp_path / "catalog-info.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\n  name: b\n")
    outcome = run_cli(["validate", "--format", "sarif"], tmp_path)
    document = outcome.json()
    validate(document)
    assert "duplicate-key" in [r["ruleId"] for r in document["runs"][0]["results"]]


# -- Microsoft's validator (run in test_sarif_github.py) ------------------------------------


def test_ci_installs_the_multitool_the_tests_expect() -> None:
    ci = (Path(__file__).parents[2] / ".ci" / "run").read_text(encoding="utf-8")
    assert f'"@microsoft/sarif-multitool-linux@{MULTITOOL_VERSION}"' in ci
    assert "--prefix .ci/node" in ci
