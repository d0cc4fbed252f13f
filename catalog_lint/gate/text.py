"""The gate in plain text (``catalog-lint diff``'s default output): one line per cause,
``new``/``fixed`` findings in the ``path:line:col: severity rule message`` form of
``validate``, ``worse``/``better`` for the others with their consequences indented under
them (and how to fix a rule that fails now), then a one-line verdict."""

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


def _line(label: str, change: Change, *, entity: bool = True) -> str:
    where = f"{change.file}:{change.line}: " if change.file else ""
    named = f" [{change.entity}]" if entity and change.entity else ""
    return f"{label} {where}{change.rule} {change.message}{named}"


def _change(change: Change, color: bool) -> list[str]:
    if change.finding is not None:
        return [_finding("new" if change.regression else "fixed", change.finding, color)]
    lines = [_line(f"{'worse' if change.regression else 'better':<5}", change)]
    # a consequence's message names its entity already
    lines += [_line("      →", c, entity=False) for c in change.consequences]
    fixes = dict.fromkeys(c.fix for c in change.consequences if c.fix)
    lines += [f"        fix: {fix}" for fix in fixes if fix]
    return lines


def render(report: Report, *, color: bool = False) -> str:
    report = escape_report(report)  # file names and messages come from the pull request
    gate = result_of(report)
    if gate is None:
        from catalog_lint.reporters.text import render as plain

        return plain(report, color=color)
    base = (gate.base.revision or "base")[:12]
    head = (gate.head.revision or "working tree")[:12]
    lines = [f"catalog-lint diff: base {base} → head {head}"]
    for change in (*gate.regressions, *gate.improvements):
        lines += _change(change, color)
    count = len(gate.regressions)
    followed = sum(len(c.consequences) for c in gate.regressions)
    consequences = (f" ({followed} consequence{'s' if followed != 1 else ''})"
                    if followed else "")
    verdict = (f"{count} regression{'s' if count != 1 else ''}{consequences}, "
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
