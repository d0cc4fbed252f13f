"""``--format text``: one line per finding, ``path:line:col: severity rule-id message``,
then a one-line summary, and how many findings ``catalog-lint fix`` can mend. Coloured
on a terminal unless ``NO_COLOR`` is set. What comes from files and file names is
escaped (:mod:`catalog_lint.terminal`): one finding is always one line, and nothing in it
reaches the terminal as a control sequence."""

from __future__ import annotations

from catalog_lint.findings import Severity
from catalog_lint.report import Report
from catalog_lint.terminal import escape

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def render(report: Report, *, color: bool = False) -> str:
    lines = []
    for finding in report.findings:
        location = f"{escape(finding.file)}:{finding.line}:{finding.column}:"
        severity = _paint(finding.severity.value, _COLORS[finding.severity], color)
        rule = _paint(escape(finding.rule), "2", color)
        lines.append(f"{_paint(location, '1', color)} {severity} {rule} {escape(finding.message)}")
    lines.append(summary_line(report, color=color))
    fixable = fixable_line(report)
    if fixable:
        lines.append(fixable)
    return "\n".join(lines) + "\n"


def fixable_line(report: Report) -> str:
    """How many findings ``catalog-lint fix`` can mend, as ruff says it; ``""`` for none."""
    safe = sum(1 for f in report.findings if f.fix is not None and f.fix.safe)
    unsafe = sum(1 for f in report.findings if f.fix is not None and not f.fix.safe)
    if not safe and not unsafe:
        return ""
    text = f"{safe} fixable with `catalog-lint fix`"
    return text + (f" ({unsafe} more with --unsafe-fixes)" if unsafe else "") + "."


def summary_line(report: Report, *, color: bool = False) -> str:
    counts = report.counts()
    files = len(report.files)
    entities = len(report.entities)
    parts = [f"{counts[s.value]} {s.value}{'' if counts[s.value] == 1 or s is Severity.INFO else 's'}"
             for s in Severity]
    text = (f"{files} file{'s' if files != 1 else ''}, {entities} "
            f"entit{'ies' if entities != 1 else 'y'}: {', '.join(parts)}")
    if counts["error"]:
        return _paint(text, "1;31", color)
    if not report.findings:
        return _paint(text, "32", color)
    return text
