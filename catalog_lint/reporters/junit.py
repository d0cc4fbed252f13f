"""``--format junit``: JUnit XML, which Jenkins, GitLab, Azure Pipelines, CircleCI and
most other CI systems show as test results.

A plain report has one test suite per file, one failing test case per finding
(``rule-id at line:column``), and one passing case for a file without findings. A gate
result has a single suite, ``catalog-lint gate``: a failing case per regression, or one
passing case ``no regressions``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from catalog_lint.findings import Finding
from catalog_lint.gate import result_of
from catalog_lint.report import Report

# XML 1.0 cannot hold most control characters, even escaped.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: object) -> str:
    return _INVALID_XML.sub("\ufffd", str(text))


def _case(suite: ET.Element, name: str, classname: str, finding: Finding | None) -> None:
    case = ET.SubElement(suite, "testcase", name=_clean(name), classname=_clean(classname),
                         time="0")
    if finding is None:
        return
    failure = ET.SubElement(case, "failure", message=_clean(finding.message),
                            type=finding.severity.value)
    lines = [f"{finding.severity.value} {finding.rule}: {finding.message}",
             f"at {finding.file}:{finding.line}:{finding.column}"]
    if finding.path:
        lines.append(f"path: {finding.path}")
    if finding.entity:
        lines.append(f"entity: {finding.entity}")
    failure.text = _clean("\n".join(lines))


def _finish(suite: ET.Element) -> None:
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    suite.set("time", "0")


def render(report: Report, *, color: bool = False) -> str:
    root = ET.Element("testsuites", name="catalog-lint")
    gate = result_of(report)
    if gate is not None:
        suite = ET.SubElement(root, "testsuite", name="catalog-lint gate")
        for change in gate.regressions:
            finding = change.as_finding()
            where = f"{finding.file}:{finding.line}" if finding.file else "repository"
            _case(suite, f"{finding.rule} at {where}", finding.file or "catalog-lint", finding)
        if not gate.regressions:
            _case(suite, "no regressions", "catalog-lint", None)
        _finish(suite)
    else:
        by_file: dict[str, list[Finding]] = defaultdict(list)
        for finding in report.findings:
            by_file[finding.file].append(finding)
        names = [record.path for record in report.files]
        names += [name for name in by_file if name not in names]
        for name in names:
            suite = ET.SubElement(root, "testsuite", name=_clean(name))
            for finding in by_file.get(name, []):
                _case(suite, f"{finding.rule} at {finding.line}:{finding.column}", name, finding)
            if not by_file.get(name):
                _case(suite, "catalog-lint", name, None)
            _finish(suite)
    totals = root.findall("testsuite")
    root.set("tests", str(sum(int(s.get("tests", "0")) for s in totals)))
    root.set("failures", str(sum(int(s.get("failures", "0")) for s in totals)))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
