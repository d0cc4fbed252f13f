"""``--format github``: GitHub Actions workflow commands, one annotation per finding::

    ::error file=catalog-info.yaml,line=4,col=3,title=catalog-lint%3A duplicate-key::key 'name'
    appears more than once (component:default/cart)

(one line; wrapped here)

Errors become ``::error``, warnings ``::warning``, info ``::notice``. For a gate result
only what fails the gate is annotated: one annotation per regression (a new finding, or a
fact or property that moved, with the scorecard rules and levels it changed as further
lines of the message), and with ``--fail-on any`` also the error-level findings already
on the base. A last plain line gives the counts.

Messages and properties are escaped exactly as ``@actions/core`` escapes them (see
:mod:`catalog_lint.github.workflow`), so catalog content cannot inject a command. The
Markdown summary for ``$GITHUB_STEP_SUMMARY`` is written by the command, not here.
"""

from __future__ import annotations

from dataclasses import replace

from catalog_lint.findings import Finding, Severity
from catalog_lint.gate import result_of
from catalog_lint.gate.compare import finding_key
from catalog_lint.github.workflow import command
from catalog_lint.report import Report

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def annotation(finding: Finding, *, note: str = "") -> str:
    title = f"catalog-lint: {finding.rule}{note}"
    message = finding.message
    if finding.entity:
        message += f" ({finding.entity})"
    properties: dict[str, object] = {"title": title}
    # "." is the repository itself: an annotation without a file shows on the run.
    if finding.file and finding.file != "." and not finding.file.startswith(("/", "../")):
        properties = {"file": finding.file, "line": finding.line, "col": finding.column,
                      "title": title}
    return command(_COMMANDS[finding.severity], properties, message)


def render(report: Report, *, color: bool = False) -> str:
    gate = result_of(report)
    lines: list[str] = []
    if gate is None:
        lines = [annotation(f) for f in report.findings]
        counts = report.counts()
        errors, warnings = counts["error"], counts["warning"]
        lines.append(f"catalog-lint: {errors} error{'s' if errors != 1 else ''}, {warnings} "
                     f"warning{'s' if warnings != 1 else ''}, {counts['info']} info")
        return "\n".join(lines) + "\n"
    for change in gate.regressions:
        finding = change.as_finding()
        if change.consequences:  # one annotation per cause, its consequences as lines
            first = change.message + (f" ({change.entity})" if change.entity else "")
            fixes = dict.fromkeys(c.fix for c in change.consequences if c.fix)
            finding = replace(finding, entity=None, message="\n".join(
                [first, *(f"→ {c.message}" for c in change.consequences),
                 *(f"fix: {fix}" for fix in fixes)]))
        lines.append(annotation(finding, note=" (new)" if change.kind == "finding" else ""))
    if gate.fail_on == "any":
        new = {finding_key(f) for f in gate.new_findings}
        lines += [annotation(f) for f in report.findings
                  if f.severity is Severity.ERROR and finding_key(f) not in new]
    count = len(gate.regressions)
    lines.append(
        f"catalog-lint: {count} regression{'s' if count != 1 else ''} "
        f"({len(gate.new_findings)} new, {len(gate.fixed_findings)} fixed, "
        f"{gate.unchanged} already on the base)"
    )
    return "\n".join(lines) + "\n"
