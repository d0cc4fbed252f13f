"""``--format sarif``: SARIF 2.1.0, the format GitHub code scanning uploads
(``github/codeql-action/upload-sarif``) and many other tools read.

One run, with the tool's rules (ID, summary, full documentation as help text and
Markdown, default level, family as a tag) and one result per finding: rule, level,
message, location (file relative to the repository root, line and column) and
``partialFingerprints`` (the finding's line-independent fingerprint, numbered when two
findings share it) so that code scanning tracks an alert across commits.

For a gate result, every finding of the head is a result with ``baselineState``
``new`` or ``unchanged``, and the other regressions (a level that dropped, a scorecard
rule that failed, a fact that got worse) are results of the gate's own rules.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from catalog_lint import __version__
from catalog_lint.findings import Finding, Severity
from catalog_lint.gate import result_of
from catalog_lint.gate.compare import finding_key
from catalog_lint.gate.model import GATE_RULES
from catalog_lint.report import Report

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/catalog-lint/catalog-lint"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_FINGERPRINT = "catalogLint/v1"


def render(report: Report, *, color: bool = False) -> str:
    return json.dumps(build(report), indent=2, ensure_ascii=False) + "\n"


def build(report: Report) -> dict[str, Any]:
    gate = result_of(report)
    entries: list[tuple[Finding, str | None]] = []
    if gate is None:
        entries = [(f, None) for f in report.findings]
    else:
        remaining = Counter(finding_key(f) for f in gate.new_findings)
        for finding in report.findings:
            key = finding_key(finding)
            if remaining[key] > 0:
                remaining[key] -= 1
                entries.append((finding, "new"))
            else:
                entries.append((finding, "unchanged"))
        entries += [(c.as_finding(), "new") for c in gate.regressions if c.kind != "finding"]
    rule_ids = sorted({finding.rule for finding, _ in entries})
    index = {rule_id: number for number, rule_id in enumerate(rule_ids)}
    seen: Counter[str] = Counter()
    results = []
    for finding, state in entries:
        key = finding_key(finding)
        seen[key] += 1
        results.append(_result(finding, index[finding.rule], f"{key}:{seen[key]}", state))
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "catalog-lint",
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [_rule(rule_id) for rule_id in rule_ids],
        }},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if report.root:
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": Path(report.root).as_uri() + "/"}}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _result(finding: Finding, rule_index: int, fingerprint: str, state: str | None
            ) -> dict[str, Any]:
    message = finding.message if finding.message.endswith((".", "?", "!")) else (
        finding.message + "."
    )
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVELS[finding.severity],
        "message": {"text": message},
        "partialFingerprints": {_FINGERPRINT: fingerprint},
    }
    if finding.file:
        region: dict[str, Any] = {"startLine": max(finding.line, 1),
                                  "startColumn": max(finding.column, 1)}
        result["locations"] = [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(finding.file), "uriBaseId": "%SRCROOT%"},
            "region": region,
        }}]
        if finding.entity:
            result["locations"][0]["logicalLocations"] = [
                {"name": finding.entity, "kind": "object"}
            ]
    if state is not None:
        result["baselineState"] = state
    properties: dict[str, Any] = {}
    if finding.entity:
        properties["entity"] = finding.entity
    if finding.path:
        properties["jsonPath"] = finding.path
    if properties:
        result["properties"] = properties
    return result


def _uri(path: str) -> str:
    """A relative URI reference for a POSIX path (spaces, ``#``, ``%``... encoded)."""
    return quote(path, safe="/")


def _rule(rule_id: str) -> dict[str, Any]:
    from catalog_lint.rules import rules_by_id
    from catalog_lint.rules.docs import _rst_to_md

    loaded = rules_by_id().get(rule_id)
    gate = {identifier: summary for identifier, summary in GATE_RULES.values()}
    if loaded is not None:
        summary, doc = loaded.rule.summary, loaded.doc
        level, family = _LEVELS[loaded.rule.severity], loaded.rule.family
        markdown = _rst_to_md(doc)
    elif rule_id in gate:
        summary = doc = markdown = gate[rule_id]
        level, family = "error", "gate"
    else:  # a report written by another version of catalog-lint
        summary = doc = markdown = f"catalog-lint rule {rule_id}."
        level, family = "warning", "unknown"
    return {
        "id": rule_id,
        "name": _pascal(rule_id),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": doc.split("\n\n", 1)[0].replace("\n", " ")},
        "help": {"text": doc, "markdown": markdown},
        "helpUri": f"{INFORMATION_URI}/blob/main/docs/rules.md#{rule_id}",
        "defaultConfiguration": {"level": level},
        "properties": {"tags": ["catalog", family]},
    }


def _pascal(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.split("-"))
