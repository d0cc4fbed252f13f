"""``--format junit``: well-formed JUnit XML whatever the catalog holds."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

from catalog_lint.report import Report
from catalog_lint.reporters.junit import render
from tests.reporters.samples import HOSTILE, gate_report, hostile_report, plain_report


def test_plain_report_suites_per_file() -> None:
    root = ET.fromstring(render(plain_report()))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures")) == ("4", "3")
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == ["catalog-info.yaml", "other/catalog-info.yaml",
                            "clean/catalog-info.yaml"]
    cases = suites["catalog-info.yaml"].findall("testcase")
    assert [c.get("name") for c in cases] == ["duplicate-key at 4:3", "yaml11-value at 9:3"]
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("type") == "error"
    assert "at catalog-info.yaml:4:3" in (failure.text or "")
    clean = suites["clean/catalog-info.yaml"].findall("testcase")
    assert len(clean) == 1 and clean[0].find("failure") is None


def test_hostile_text_and_control_characters() -> None:
    report = hostile_report()
    report.findings[1] = dataclasses.replace(report.findings[1],
                                             message="bell\x07 nul\x00 esc\x1b end ]]>")
    xml = render(report)
    root = ET.fromstring(xml)  # parses: nothing broke the document
    messages = [f.get("message") for f in root.iter("failure")]
    assert HOSTILE in messages
    assert "bell\ufffd nul\ufffd esc\ufffd end ]]>" in messages


def test_gate_suite() -> None:
    root = ET.fromstring(render(gate_report()))
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "catalog-lint gate"
    assert [c.get("name") for c in suite.findall("testcase")] == [
        "duplicate-key at catalog-info.yaml:4", "gate-fact-regressed at catalog-info.yaml:1"]
    # the cause's failure message carries its consequences
    cause = suite.findall("testcase")[1].find("failure")
    assert cause is not None and "README.md was removed. Consequences: " in (cause.get("message") or "")
    assert "level dropped from Gold to Silver" in (cause.get("message") or "")
    clean = gate_report()
    clean.sections["diff"]["regressions"] = []
    (suite,) = ET.fromstring(render(clean)).findall("testsuite")
    assert [(c.get("name"), c.find("failure")) for c in suite] == [("no regressions", None)]
    assert ET.fromstring(render(Report(root="", files=[], findings=[]))).get("tests") == "0"
