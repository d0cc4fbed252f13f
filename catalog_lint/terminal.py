"""Text bound for a terminal, made safe to show.

A pull request controls file names, entity names and every value in its files, and the
human-readable outputs (the text report, ``catalog-lint: error:`` lines, ``facts``,
``score``, the gate's text, Graphviz labels) print them. Raw control characters there
would be read by the terminal, not shown: ESC starts sequences that move the cursor,
rewrite or hide earlier lines, set the window title or plant an OSC-8 hyperlink whose
text differs from its target; a newline or carriage return forges a line of output (a
fake ``0 errors`` summary); the Unicode bidirectional overrides reorder what follows
them on screen, so a name can read differently from what it is ("Trojan Source",
CVE-2021-42574).

:func:`escape` shows each such character as a Python-style escape (``\\x1b``, ``\\n``,
``\\u202e``) instead. Everything else passes unchanged, backslashes included, so
ordinary text costs one regular-expression search. Machine formats (JSON, SARIF, JUnit,
the GitHub and GitLab formats) have escaping rules of their own and are left alone here.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, TypeVar

from catalog_lint.report import LazyDicts

if TYPE_CHECKING:
    from catalog_lint.report import Report

#: C0 controls (tab and newline included), DEL, C1 controls, the Unicode line and
#: paragraph separators (line breaks to some viewers and to Python's ``splitlines``),
#: and the bidirectional embeddings, overrides and isolates.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

T = TypeVar("T")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape(text: str) -> str:
    """``text`` with every control, separator and bidi-override character shown as an
    escape: ``"a\\x1b[2Jb"`` becomes ``"a\\\\x1b[2Jb"``."""
    if UNSAFE.search(text) is None:
        return text
    return UNSAFE.sub(_visible, text)


def escape_data(value: T) -> T:
    """A copy of a JSON-like value (dicts, lists, strings; keys too) with every string
    escaped, for renderers that print what they are given."""
    if isinstance(value, str):
        return escape(value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {escape_data(k): escape_data(v) for k, v in value.items()}  # type: ignore[return-value]
    if isinstance(value, (list, tuple)):
        return type(value)(escape_data(v) for v in value)
    if isinstance(value, LazyDicts):  # a run's entity summaries: made, then escaped
        return [escape_data(v) for v in value]  # type: ignore[return-value]
    return value


def escape_report(report: Report) -> Report:
    """A copy of ``report`` whose every text (findings, entities, sections) is escaped,
    for the renderers that write for a terminal."""
    findings = [
        dataclasses.replace(
            finding, rule=escape(finding.rule), file=escape(finding.file),
            message=escape(finding.message), path=escape(finding.path),
            entity=escape(finding.entity) if finding.entity else finding.entity)
        for finding in report.findings
    ]
    files = [dataclasses.replace(record, path=escape(record.path)) for record in report.files]
    return dataclasses.replace(report, findings=findings, files=files,
                               entities=escape_data(report.entities),
                               sections=escape_data(report.sections))
