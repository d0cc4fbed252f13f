"""``--format gitlab``: GitLab Code Quality JSON (``artifacts: reports: codequality``).

A list of issues, each with ``description``, ``check_name`` (the rule), ``fingerprint``
(unique per issue: the finding's line-independent fingerprint, numbered when two findings
share it, so GitLab can tell new issues from old ones across pipelines), ``severity``
(error → ``major``, warning → ``minor``, info → ``info``) and ``location`` (path relative
to the repository root and line).

GitLab compares the merge request's report with the target branch's itself, so for a
gate result every finding of the head is listed, plus the gate's other regressions (a
level that dropped, a scorecard rule that failed, a fact that got worse) as ``critical``.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from catalog_lint.findings import Finding, Severity
from catalog_lint.gate import result_of
from catalog_lint.gate.compare import finding_key
from catalog_lint.report import Report

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(report: Report, *, color: bool = False) -> str:
    entries: list[tuple[Finding, str]] = [(f, _SEVERITY[f.severity]) for f in report.findings]
    gate = result_of(report)
    if gate is not None:
        entries += [(c.as_finding(), "critical") for c in gate.regressions if c.kind != "finding"]
    seen: Counter[str] = Counter()
    issues: list[dict[str, Any]] = []
    for finding, severity in entries:
        key = finding_key(finding)
        seen[key] += 1
        unique = hashlib.sha256(f"{key}:{seen[key]}".encode()).hexdigest()
        description = finding.message
        if finding.entity:
            description += f" ({finding.entity})"
        issues.append({
            "type": "issue",
            "description": description,
            "check_name": finding.rule,
            "categories": ["Style" if finding.severity is Severity.INFO else "Bug Risk"],
            "fingerprint": unique,
            "severity": severity,
            "location": {"path": finding.file or ".", "lines": {"begin": max(finding.line, 1)}},
        })
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
