"""How ``blueprints lint`` findings are shown: text of its own, and the project's report
formats (json, github, sarif) through a :class:`~catalog_lint.report.Report`."""

from __future__ import annotations

from catalog_lint.blueprint_tools.lint import LintResult
from catalog_lint.findings import Severity
from catalog_lint.report import FileRecord, Report


def as_report(result: LintResult, root: str = ".") -> Report:
    return Report(root=root, files=[FileRecord(path) for path in result.files],
                  findings=list(result.findings))


def render_lint(result: LintResult, output_format: str) -> str:
    if output_format != "text":
        from catalog_lint.reporters import renderer

        return renderer(output_format)(as_report(result))
    lines = [f"{f.file}:{f.line}:{f.column}: {f.severity.value} {f.rule} {f.message}"
             for f in result.findings]
    counts = {s: sum(1 for f in result.findings if f.severity is s) for s in Severity}
    lines.append(
        f"{result.blueprints} blueprint{'s' if result.blueprints != 1 else ''}, "
        f"{result.scorecards} scorecard{'s' if result.scorecards != 1 else ''} in "
        f"{len(result.files)} file{'s' if len(result.files) != 1 else ''}: "
        f"{counts[Severity.ERROR]} error{'s' if counts[Severity.ERROR] != 1 else ''}, "
        f"{counts[Severity.WARNING]} warning{'s' if counts[Severity.WARNING] != 1 else ''}, "
        f"{counts[Severity.INFO]} info")
    return "\n".join(lines) + "\n"
