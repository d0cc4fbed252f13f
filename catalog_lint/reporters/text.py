"""``--format text``: one line per finding, ``path:line:col: severity rule-id message``,
then a one-line summary, and how many findings ``catalog-lint fix`` can mend. Coloured
on a terminal unless ``NO_COLOR`` is set. What comes from files and file names is
escaped (:mod:`catalog_lint.terminal`): one finding is always one line, and nothing in
it reaches the terminal as a control sequence.

With ``show_source``, each finding that points into a file the run read is followed by
that line of the file and a caret under the column, as ruff and rustc show them. The
texts come with the report (:attr:`Report.sources`), never from the disk again. The
line is shown as a terminal draws it: tabs as spaces, control characters escaped, wide
(East Asian) characters counted as two cells and combining marks as none, so the caret
stands under the character the column names; a line wider than :data:`MAX_WIDTH` cells
is cut around the column.
"""

from __future__ import annotations

import re
import unicodedata

from catalog_lint.findings import Finding, Severity
from catalog_lint.report import Report
from catalog_lint.terminal import UNSAFE, escape

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
#: The most terminal cells of a source line shown; a longer one is cut around the column.
MAX_WIDTH = 100
#: A tab is shown as spaces up to the next multiple of this many cells.
TAB_WIDTH = 4
#: How YAML counts lines (libyaml's breaks), and JSON (Python's reader counts "\n").
_YAML_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_JSON_BREAKS = re.compile("\r?\n")
_CUT = "..."


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def render(report: Report, *, color: bool = False, show_source: bool = False) -> str:
    lines = []
    split: dict[str, list[str]] = {}  # each file's lines, split on first use
    for finding in report.findings:
        location = f"{escape(finding.file)}:{finding.line}:{finding.column}:"
        severity = _paint(finding.severity.value, _COLORS[finding.severity], color)
        rule = _paint(escape(finding.rule), "2", color)
        lines.append(f"{_paint(location, '1', color)} {severity} {rule} {escape(finding.message)}")
        if show_source:
            lines.extend(_excerpt(finding, report.sources, split, color))
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


# -- the source line under a finding ----------------------------------------------------


def _excerpt(finding: Finding, sources: dict[str, str], split: dict[str, list[str]],
             color: bool) -> list[str]:
    """The finding's line of its file with a caret under its column, and a blank line;
    nothing when the run holds no text for the file or the line is not in it."""
    text = sources.get(finding.file)
    if text is None or finding.line < 1:
        return []
    file_lines = split.get(finding.file)
    if file_lines is None:
        breaks = _JSON_BREAKS if finding.file.endswith(".json") else _YAML_BREAKS
        file_lines = split[finding.file] = breaks.split(text)
    if finding.line > len(file_lines) or (finding.line == len(file_lines)
                                          and not file_lines[-1]):
        return []  # the position is past the last line (the end of the file)
    shown, caret = show_line(file_lines[finding.line - 1], max(finding.column, 1) - 1)
    number = str(finding.line)
    gutter = _paint(f"{number} |", "34", color)
    blank = _paint(f"{' ' * len(number)} |", "34", color)
    marker = _paint("^", _COLORS[finding.severity], color)
    return [f"{gutter} {shown}".rstrip(), f"{blank} {' ' * caret}{marker}", ""]


def show_line(line: str, index: int) -> tuple[str, int]:
    """``line`` as a terminal shows it, and the cell where character ``index`` starts.

    Tabs become spaces to the next tab stop, control characters their escapes
    (:func:`catalog_lint.terminal.escape`); wide characters take two cells, combining
    marks none. A line wider than :data:`MAX_WIDTH` is cut to a window around ``index``.
    """
    cells: list[tuple[str, int]] = []  # what each character shows as, and its width
    column = 0
    for char in line:
        if char == "\t":
            shown = " " * (TAB_WIDTH - column % TAB_WIDTH)
            width = len(shown)
        elif UNSAFE.match(char):
            shown = escape(char)
            width = len(shown)
        else:
            shown, width = char, _width(char)
        cells.append((shown, width))
        column += width
    index = min(max(index, 0), len(cells))  # one past the end: the caret after the line
    start, end = _window(cells, index)
    before = sum(width for _, width in cells[start:index])
    shown = "".join(text for text, _ in cells[start:end])
    if start > 0:
        shown = _CUT + shown
        before += len(_CUT)
    if end < len(cells):
        shown += _CUT
    return shown, before


def _window(cells: list[tuple[str, int]], index: int) -> tuple[int, int]:
    """The characters ``[start, end)`` to show: all of them when they fit in
    :data:`MAX_WIDTH` cells, else a window holding ``index``, a third from its left."""
    total = sum(width for _, width in cells)
    if total <= MAX_WIDTH:
        return 0, len(cells)
    budget = MAX_WIDTH - 2 * len(_CUT)
    start = index
    used = 0
    while start > 0 and used + cells[start - 1][1] <= budget // 3:
        start -= 1
        used += cells[start][1]
    end = index
    while end < len(cells) and used + cells[end][1] <= budget:
        used += cells[end][1]
        end += 1
    while start > 0 and used + cells[start - 1][1] <= budget:  # the line ended early
        start -= 1
        used += cells[start][1]
    return start, end


def _width(char: str) -> int:
    """Terminal cells of one printable character."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
