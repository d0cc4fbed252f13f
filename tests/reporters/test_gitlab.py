"""``--format gitlab``: GitLab Code Quality issues."""

from __future__ import annotations

import dataclasses
import json

from catalog_lint.reporters.gitlab import render
from tests.reporters.samples import gate_report, hostile_report, plain_report

REQUIRED = {"description", "check_name", "fingerprint", "severity", "location"}


def test_issues() -> None:
    issues = json.loads(render(plain_report()))
    assert all(set(issue) >= REQUIRED for issue in issues)
    assert [(i["check_name"], i["severity"]) for i in issues] == [
        ("duplicate-key", "major"), ("yaml11-value", "minor"), ("empty-document", "info")]
    assert issues[0]["location"] == {"path": "catalog-info.yaml", "lines": {"begin": 4}}
    assert issues[0]["description"].endswith("(component:default/cart)")


def test_fingerprints_unique_and_line_independent() -> None:
    issues = json.loads(render(hostile_report()))
    prints = [i["fingerprint"] for i in issues]
    assert len(set(prints)) == len(prints)  # two identical findings still differ
    moved = hostile_report()
    moved.findings = [dataclasses.replace(f, line=f.line + 3) for f in moved.findings]
    assert [i["fingerprint"] for i in json.loads(render(moved))] == prints


def test_gate_adds_other_regressions() -> None:
    issues = json.loads(render(gate_report()))
    assert [(i["check_name"], i["severity"]) for i in issues] == [
        ("duplicate-key", "major"), ("yaml11-value", "minor"), ("gate-fact-regressed", "critical")]
    assert "Consequences: Production: rule 'Has a README'" in issues[2]["description"]
