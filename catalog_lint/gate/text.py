"""The gate in plain text (``catalog-lint diff``'s default output): one line per change,
``new``/``fixed`` findings in the ``path:line:col: severity rule message`` form of
``validate``, then a one-line verdict."""

from __future__ import annotations

from catalog_lint.findings import Finding, Severity
from catalog_lint.gate import result_of
from catalog_lint.gate.model import Change
from catalog_lint.report import Report
from catalog_lint.terminal import escape_report

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(value: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{value}\x1b[0m" if color else value


def _finding(label: str, finding: Finding, color: bool) -> str:
    severity = _paint(finding.severity.value, _COLORS[finding.severity], color)
    entity = f" [{finding.entity}]" if finding.entity else ""
    return (f"{label:<5} {finding.file}:{finding.line}:{finding.column}: {severity} "
            f"{finding.rule} {finding.message}{entity}")


def _change(change: Change, color: bool) -> str:
    if change.finding is not None:
        return _finding("new" if change.regression else "fixed", change.finding, color)
    label = "worse" if change.regression else "better"
    where = f"{change.file}:{change.line}: " if change.file else ""
    entity = f" [{change.entity}]" if change.entity else ""
    return f"{label:<5} {where}{change.rule} {change.message}{entity}"


def render(report: Report, *, color: bool = False) -> str:
    report = escape_report(report)  # file names and messages come from the pull request
    gate = result_of(report)
    if gate is None:
        from catalog_lint.reporters.text import render as plain

        return plain(report, color=color)
    base = (gate.base.revision or "base")[:12]
    head = (gate.head.revision or "working tree")[:12]
    lines = [f"catalog-lint diff: base {base} → head {head}"]
    lines += [_change(c, color) for c in gate.regressions]
    lines += [_change(c, color) for c in gate.improvements]
    count = len(gate.regressions)
    verdict = (f"{count} regression{'s' if count != 1 else ''}, "
               f"{len(gate.improvements)} improvement{'s' if len(gate.improvements) != 1 else ''}; "
               f"{gate.unchanged} finding{'s' if gate.unchanged != 1 else ''} already on the "
               "base (not failing the gate)")
    if gate.fail_on == "any" and gate.head_errors:
        plural = "s" if gate.head_errors != 1 else ""
        verdict += f"; {gate.head_errors} error-level finding{plural} (fail-on: any)"
    if gate.fails():
        lines.append(_paint(verdict, "1;31", color))
    else:
        lines.append(_paint(verdict, "32", color) if not count else verdict)
    return "\n".join(lines) + "\n"
