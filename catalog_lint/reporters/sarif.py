"""``--format sarif``: SARIF 2.1.0, the format GitHub code scanning uploads
(``github/codeql-action/upload-sarif``) and many other tools read.

One run, with the tool's rules (ID, summary, full documentation as help text and
Markdown, default level, family as a tag) and one result per finding: rule, level,
message, location and ``partialFingerprints`` (the finding's line-independent
fingerprint, numbered when two findings share it) so that code scanning tracks an alert
across commits. ``versionControlProvenance`` names the repository (its ``origin`` remote
as an https URI, never with credentials), the commit and the branch, when git knows them.

Every result has a location at a file of the repository, relative to its root
(``%SRCROOT%``), because GitHub rejects a whole upload when one result has none:

- a finding at its file, line and column;
- a result about the repository as a whole (a fact, a level, a finding whose file is
  ``.``) at the file it is about (the entity file, CODEOWNERS, the configuration file),
  else at the repository's root entity file (:mod:`catalog_lint.reporters.sarif_repository`);
- a finding in a file outside the repository (a catalog fetched from a URL, a file named
  outside the repository) at that same anchor, its message starting with where it really
  is (a URL without credentials or query string).

For a gate result, every finding of the head is a result with ``baselineState``
``new`` or ``unchanged``, and each other regression is one result of the gate's own rules
for its cause, its consequences (rules that fail, levels that dropped) in the message and
as ``relatedLocations``.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any
from urllib.parse import quote

from catalog_lint import __version__
from catalog_lint.findings import Finding, Severity
from catalog_lint.gate import result_of
from catalog_lint.gate.compare import finding_key
from catalog_lint.gate.model import GATE_RULES, Change
from catalog_lint.report import Report
from catalog_lint.reporters.sarif_repository import Repository, public_url

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/catalog-lint/catalog-lint"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_FINGERPRINT = "catalogLint/v1"


def render(report: Report, *, color: bool = False) -> str:
    return json.dumps(build(report), indent=2, ensure_ascii=False) + "\n"


def build(report: Report) -> dict[str, Any]:
    repository = Repository.of(report)
    gate = result_of(report)
    entries: list[tuple[Finding, str | None, Change | None]] = []
    if gate is None:
        entries = [(f, None, None) for f in report.findings]
    else:
        remaining = Counter(finding_key(f) for f in gate.new_findings)
        for finding in report.findings:
            key = finding_key(finding)
            if remaining[key] > 0:
                remaining[key] -= 1
                entries.append((finding, "new", None))
            else:
                entries.append((finding, "unchanged", None))
        entries += [(c.as_finding(), "new", c) for c in gate.regressions if c.kind != "finding"]
    rule_ids = sorted({finding.rule for finding, _, _ in entries})
    index = {rule_id: number for number, rule_id in enumerate(rule_ids)}
    seen: Counter[str] = Counter()
    results = []
    for finding, state, change in entries:
        key = finding_key(finding)
        seen[key] += 1
        result = _result(finding, index[finding.rule], f"{key}:{seen[key]}", state, repository)
        if change is not None:  # what the gate's rules are about is no JSON path
            result["properties"] = {k: v for k, v in (
                ("entity", change.entity), ("subject", change.subject)) if v}
            if not result["properties"]:
                del result["properties"]
        if change is not None and change.consequences:
            result["message"]["text"] = _sentence(change.message) + " Consequences: " + " ".join(
                _sentence(c.message) for c in change.consequences)
            result["relatedLocations"] = [
                {"id": number, **_location(c.file, c.line, 1, repository),
                 "message": {"text": _sentence(c.message)}}
                for number, c in enumerate(change.consequences, start=1)
            ]
        results.append(result)
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "catalog-lint",
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [_rule(rule_id) for rule_id in rule_ids],
        }},
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {"%SRCROOT%": {"uri": repository.root.as_uri() + "/"}},
        "results": results,
    }
    provenance = repository.provenance(report.revision)
    if provenance is not None:
        run["versionControlProvenance"] = [provenance]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _sentence(message: str) -> str:
    return message if message.endswith((".", "?", "!")) else message + "."


def _location(file: str | None, line: int, column: int, repository: Repository
              ) -> dict[str, Any]:
    """A ``physicalLocation`` at ``file`` when it is in the repository, else at the
    repository's anchor (line 1)."""
    relative = repository.relative(file) if file else None
    if relative is None:
        relative, line, column = repository.anchor or ".", 1, 1
    return {"physicalLocation": {
        "artifactLocation": {"uri": _uri(relative), "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": max(line, 1), "startColumn": max(column, 1)},
    }}


def _result(finding: Finding, rule_index: int, fingerprint: str, state: str | None,
            repository: Repository) -> dict[str, Any]:
    message = _sentence(finding.message)
    outside = finding.file not in ("", ".") and repository.relative(finding.file) is None
    if outside:  # shown at the anchor: say where it really is
        where = (public_url(finding.file) if "://" in finding.file
                 else repository.absolute(finding.file))
        message = f"In {where} (line {finding.line}): {message}"
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVELS[finding.severity],
        "message": {"text": message},
        "locations": [_location(finding.file, finding.line, finding.column, repository)],
        "partialFingerprints": {_FINGERPRINT: fingerprint},
    }
    if finding.entity:
        result["locations"][0]["logicalLocations"] = [{"name": finding.entity, "kind": "object"}]
    if state is not None:
        result["baselineState"] = state
    properties: dict[str, Any] = {}
    if finding.entity:
        properties["entity"] = finding.entity
    if finding.path:
        properties["jsonPath"] = finding.path
    if outside:
        properties["location"] = where
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
