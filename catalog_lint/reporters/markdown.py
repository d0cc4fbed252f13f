"""``--format markdown``: the summary a reviewer reads first (pull-request comment, job
summary).

For a gate result (``catalog-lint diff``): a headline (✅ no regressions, or ❌ N
regressions), a table of the entities that changed with their level before → after and
score change, the new findings with links to the file and line in the head commit, the
other regressions, what was fixed, and the rest folded away in ``<details>``. For a plain
report (``catalog-lint validate``): a headline and a table of findings.

Every piece of text that comes from a catalog file (messages quote values, entity names,
file names) goes through :func:`text`: no HTML, no Markdown, no ``@mention`` that would
notify someone, no ``#123`` that would link another issue, and no ``|`` or newline that
would break a table.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from catalog_lint.findings import Finding, Severity
from catalog_lint.gate import GateResult, result_of
from catalog_lint.gate.compare import finding_key
from catalog_lint.gate.model import Change, EntityDelta
from catalog_lint.gate.scores import REPOSITORY
from catalog_lint.report import Report

#: Stay well below GitHub's 65,536-character limit for a comment.
MAX_LENGTH = 60000
_ICONS = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.INFO: "ℹ️"}
# ASCII punctuation that means something inside a line to CommonMark or GitHub's
# extensions (emphasis, code, links, images, HTML, entities, tables, strikethrough,
# math); a backslash makes any of it literal. Untrusted text never starts a line, so
# the block markers (-, +, =, 1.) need nothing.
_ESCAPED = frozenset("\\`*_[]()<>#|~&$!")
_ZERO_WIDTH = "&#8203;"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")


def text(value: object) -> str:
    """Untrusted text, made inert for GitHub Markdown and fit for a table cell."""
    raw = _CONTROL.sub("", " ".join(str(value).split()))
    out: list[str] = []
    for position, char in enumerate(raw):
        if char == "@":
            # A zero-width space after the @ keeps "@org/team" from notifying anyone.
            out.append("@" + _ZERO_WIDTH)
        elif char == "#" and raw[position + 1 : position + 2].isalnum():
            out.append("\\#" + _ZERO_WIDTH)  # "#123" would link (and ping) an issue
        elif char in _ESCAPED:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def render(report: Report, *, color: bool = False) -> str:
    gate = result_of(report)
    for limit in (100, 25, 5, 0):
        document = _gate(report, gate, limit) if gate is not None else _plain(report, limit)
        if len(document) <= MAX_LENGTH:
            return document
    return document[:MAX_LENGTH]


# -- gate ---------------------------------------------------------------------------------


def _gate(report: Report, gate: GateResult, limit: int) -> str:
    regressions = gate.regressions
    count = len(regressions)
    if count:
        headline = f"### ❌ catalog-lint: {count} regression{'s' if count != 1 else ''}"
    elif gate.fails():
        headline = (f"### ❌ catalog-lint: no regressions, but {gate.head_errors} error"
                    f"{'s' if gate.head_errors != 1 else ''} (fail-on: any)")
    else:
        headline = "### ✅ catalog-lint: no regressions"
    lines = [headline, "", _gate_subtitle(gate), ""]
    titles = _scorecard_titles(report)
    changed = [e for e in gate.entities if e.status != "unchanged"]
    if changed:
        lines += ["#### Entities", "", *_entity_table(changed, titles, limit), ""]
    new = [c for c in regressions if c.kind == "finding"]
    if new:
        lines += [f"#### New findings ({len(new)})", ""]
        lines += _bounded((_change_lines(c, gate.head.url) for c in new), len(new), limit)
        lines.append("")
    other = [c for c in regressions if c.kind != "finding"]
    if other:
        lines += [f"#### Other regressions ({len(other)})", ""]
        lines += _bounded((_change_lines(c, gate.head.url) for c in other), len(other), limit)
        lines.append("")
    improvements = gate.improvements
    if improvements:
        lines += [f"#### Fixed and improved ({len(improvements)})", ""]
        lines += _bounded((_change_lines(c, None) for c in improvements), len(improvements),
                          limit)
        lines.append("")
    details = _gate_details(report, gate, titles, limit)
    if details:
        lines += details
    return "\n".join(lines).rstrip("\n") + "\n"


def _gate_subtitle(gate: GateResult) -> str:
    base = _short(gate.base.revision) or "base"
    head = _short(gate.head.revision) or "working tree"
    parts = [
        f"{len(gate.new_findings)} new finding{'s' if len(gate.new_findings) != 1 else ''}",
        f"{len(gate.fixed_findings)} fixed",
        f"{gate.unchanged} unchanged",
    ]
    return f"<sub>base `{base}` → head `{head}` · {' · '.join(parts)}</sub>"


def _scorecard_titles(report: Report) -> dict[str, str]:
    scores = report.sections.get("scores")
    cards = scores.get("scorecards") if isinstance(scores, dict) else None
    return {str(card.get("identifier")): str(card.get("title") or card.get("identifier"))
            for card in cards or [] if isinstance(card, dict)}


def _entity_name(ref: str) -> str:
    return "the repository" if ref == REPOSITORY else text(ref)


def _entity_table(entities: Sequence[EntityDelta], titles: dict[str, str],
                  limit: int) -> list[str]:
    """A row per entity that changed: how (added, removed, changed) and what moved."""
    rows = ["| Entity | Change | What changed |", "| --- | --- | --- |"]
    for entity in entities[: max(limit, 1)]:
        marker = "❌ " if entity.regressions else ""
        rows.append(f"| {marker}{_entity_name(entity.ref)} | {entity.status} | "
                    f"{_what_changed(entity, titles)} |")
    if len(entities) > max(limit, 1):
        rows.append(f"| … and {len(entities) - max(limit, 1)} more | | |")
    return rows


def _what_changed(entity: EntityDelta, titles: dict[str, str]) -> str:
    parts = [_card_change(titles.get(name, name), card)
             for name, card in sorted(entity.scorecards.items()) if _card_moved(card, entity)]
    findings = []
    if entity.new:
        findings.append(f"{entity.new} new finding{'s' if entity.new != 1 else ''}")
    if entity.fixed:
        findings.append(f"{entity.fixed} fixed")
    if entity.status == "added" and not entity.new and entity.findings_after:
        findings.append(f"{entity.findings_after} finding"
                        f"{'s' if entity.findings_after != 1 else ''}")
    parts += findings
    if not parts and entity.regressions:
        parts.append(f"{entity.regressions} regression{'s' if entity.regressions != 1 else ''}"
                     " (below)")
    return "; ".join(parts)


def _card_moved(card: dict[str, Any], entity: EntityDelta) -> bool:
    if entity.status in ("added", "removed"):
        return True
    return card.get("before") != card.get("after") or card.get("passed_before") != card.get(
        "passed_after") or card.get("rules_before") != card.get("rules_after")


def _card_change(title: str, card: dict[str, Any]) -> str:
    """``Operational maturity: Managed → Initial, rules passing 5 → 4 of 19``."""
    level = " → ".join(text(v) for v in dict.fromkeys(
        v for v in (card.get("before"), card.get("after")) if v is not None))
    passed = [card.get("passed_before"), card.get("passed_after")]
    total = card.get("rules_after") or card.get("rules_before")
    shown = " → ".join(str(v) for v in dict.fromkeys(v for v in passed if v is not None))
    rules = f", rules passing {shown} of {total}" if shown and total else ""
    return f"{text(title)}: {level}{rules}"


def _change_lines(change: Change, url: str | None) -> str:
    """A cause as a list item, its consequences and the fixes nested under it."""
    icon = _ICONS[change.severity] if change.regression else "✅"
    where = _location(change.file, change.line, url) if change.file else ""
    entity = f" — {text(change.entity)}" if change.entity else ""
    lines = [f"- {icon} **{change.severity.value}** `{change.rule}` "
             f"{where + ': ' if where else ''}{text(change.message)}{entity}"]
    for consequence in change.consequences:
        mark = "❌" if consequence.regression else "✅"
        lines.append(f"  - {mark} {text(consequence.message)}")
    for fix in dict.fromkeys(c.fix for c in change.consequences if c.fix):
        lines.append(f"  - Fix: {text(fix)}")
    return "\n".join(lines)


def _gate_details(report: Report, gate: GateResult, titles: dict[str, str],
                  limit: int) -> list[str]:
    lines: list[str] = []
    # Head findings less the new ones, counted as a multiset like the gate does.
    new_keys = Counter(finding_key(f) for f in gate.new_findings)
    existing = []
    for finding in report.findings:
        if new_keys[finding_key(finding)] > 0:
            new_keys[finding_key(finding)] -= 1
        else:
            existing.append(finding)
    if existing:
        lines += ["<details><summary>Findings that were already on the base "
                  f"({len(existing)}); they do not fail the gate</summary>", ""]
        lines += _bounded((_finding_line(f, gate.head.url) for f in existing), len(existing),
                          limit)
        lines += ["", "</details>", ""]
    unchanged = [e for e in gate.entities if e.status == "unchanged"]
    if unchanged:
        lines += [f"<details><summary>Unchanged entities ({len(unchanged)})</summary>", ""]
        lines += _bounded((_unchanged_line(e, titles) for e in unchanged), len(unchanged), limit)
        lines += ["", "</details>", ""]
    return lines


def _unchanged_line(entity: EntityDelta, titles: dict[str, str]) -> str:
    levels = [f"{text(titles.get(name, name))}: {text(card.get('after'))}"
              for name, card in sorted(entity.scorecards.items()) if card.get("after")]
    return f"- {_entity_name(entity.ref)}" + (f" — {'; '.join(levels)}" if levels else "")


# -- plain report -------------------------------------------------------------------------


def _plain(report: Report, limit: int) -> str:
    counts = report.counts()
    if not report.findings:
        headline = "### ✅ catalog-lint: no findings"
    else:
        parts = [
            f"{counts[s.value]} {s.value}"
            + ("s" if counts[s.value] != 1 and s is not Severity.INFO else "")
            for s in Severity if counts[s.value]
        ]
        icon = "❌" if counts["error"] else "⚠️"
        headline = f"### {icon} catalog-lint: {', '.join(parts)}"
    files, entities = len(report.files), len(report.entities)
    lines = [headline, "",
             f"<sub>{files} file{'s' if files != 1 else ''}, {entities} "
             f"entit{'ies' if entities != 1 else 'y'}</sub>", ""]
    if report.findings:
        lines += ["| | Rule | Where | Message | Entity |", "| --- | --- | --- | --- | --- |"]
        for finding in report.findings[: max(limit, 1)]:
            lines.append(
                f"| {_ICONS[finding.severity]} | `{finding.rule}` | "
                f"{text(finding.file)}:{finding.line}:{finding.column} | {text(finding.message)} "
                f"| {text(finding.entity or '')} |"
            )
        rest = len(report.findings) - max(limit, 1)
        if rest > 0:
            lines.append(f"| | | … and {rest} more | | |")
    return "\n".join(lines).rstrip("\n") + "\n"


# -- pieces -------------------------------------------------------------------------------


def _finding_line(finding: Finding, url: str | None) -> str:
    where = _location(finding.file, finding.line, url)
    entity = f" — {text(finding.entity)}" if finding.entity else ""
    return (f"- {_ICONS[finding.severity]} **{finding.severity.value}** `{finding.rule}` "
            f"{where}: {text(finding.message)}{entity}")


def _location(file: str | None, line: int, url: str | None) -> str:
    label = f"{text(file)}:{line}"
    if not url or not file or file == "." or file.startswith(("/", "../")):
        return label
    return f"[{label}]({url}{quote(file)}#L{line})"


def _bounded(lines: Iterable[str], total: int, limit: int) -> list[str]:
    out = []
    for number, line in enumerate(lines):
        if number >= max(limit, 1):
            break
        out.append(line)
    if total > len(out):
        out.append(f"- … and {total - len(out)} more (the JSON report has them all)")
    return out


def _short(revision: str | None) -> str | None:
    return revision[:12] if revision else None
