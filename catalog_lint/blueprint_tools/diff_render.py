"""``blueprints diff`` as text (a terminal, a CI log) and Markdown (the pull request's
comment, a job summary)."""

from __future__ import annotations

from itertools import groupby

from catalog_lint.blueprint_tools.diff import DiffResult

_MAX_ROWS = 200  # a comment lists this many breaks, then says how many more


def _head(result: DiffResult) -> str:
    return result.head[:12] if result.head else "the working tree"


def _verdict(result: DiffResult) -> str:
    broken = len({(b.repository, b.entity) for b in result.breaks})
    if broken:
        many = len(result.breaking) != 1
        return (f"{len(result.breaking)} breaking change{'s break' if many else ' breaks'} "
                f"{broken} entit{'ies' if broken != 1 else 'y'}")
    if result.breaking:
        checked = (f"none of the {result.entities_checked} entities checked breaks"
                   if result.catalogs else "no catalog export given to check entities against")
        return f"{len(result.breaking)} breaking change{'s' if len(result.breaking) != 1 else ''}; {checked}"
    return "no breaking change"


def render_text(result: DiffResult) -> str:
    lines = [f"Blueprints in {result.folder}: {result.base[:12]} -> {_head(result)}"]
    if not result.changes:
        lines.append("  no change")
    for blueprint, changes in groupby(result.changes, key=lambda c: (c.dialect, c.blueprint)):
        lines.append(f"  {blueprint[1]} ({blueprint[0]})")
        for change in changes:
            tag = "BREAKING  " if change.breaking else "compatible"
            where = f"{change.path}: " if change.path else ""
            lines.append(f"    {tag}  {where}{change.message}")
    if result.breaks:
        lines.append("")
        lines.append("Entities that would break:")
        for brk in result.breaks:
            lines.append(f"  {brk.repository}: {brk.file}:{brk.line}: {brk.entity}: {brk.message}")
    if result.entities_without_data:
        lines.append(f"note: {result.entities_without_data} exported entities carry no data "
                     "(an export of version 1): regenerate the exports with catalog-lint export")
    lines.append("")
    lines.append(_verdict(result))
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(result: DiffResult) -> str:
    icon = "❌" if result.breaks else ("⚠️" if result.breaking else "✅")
    lines = [f"### {icon} Blueprint changes: {_verdict(result)}", "",
             f"`{result.folder}` at `{result.base[:12]}` → "
             f"{'`' + result.head[:12] + '`' if result.head else 'the working tree'}"
             + (f"; entities of {', '.join(f'`{c}`' for c in result.catalogs)} checked"
                if result.catalogs else ""), ""]
    if result.breaks:
        lines += ["#### Entities that would break", "",
                  "| Repository | Where | Entity | Finding |", "| --- | --- | --- | --- |"]
        for brk in result.breaks[:_MAX_ROWS]:
            lines.append(f"| {_cell(brk.repository)} | `{_cell(brk.file)}:{brk.line}` | "
                         f"`{_cell(brk.entity)}` | {_cell(brk.message)} |")
        if len(result.breaks) > _MAX_ROWS:
            lines.append(f"\n… and {len(result.breaks) - _MAX_ROWS} more")
        lines.append("")
    if result.changes:
        breaking = len(result.breaking)
        lines += [f"<details{' open' if breaking else ''}><summary>{len(result.changes)} "
                  f"change{'s' if len(result.changes) != 1 else ''}, {breaking} breaking"
                  "</summary>", "",
                  "| Blueprint | Where | Change | |", "| --- | --- | --- | --- |"]
        for change in result.changes:
            lines.append(f"| {_cell(change.blueprint)} | `{_cell(change.path) or '—'}` | "
                         f"{_cell(change.message)} | "
                         f"{'**breaking**' if change.breaking else 'compatible'} |")
        lines += ["", "</details>"]
    if result.entities_without_data:
        lines += ["", f"_{result.entities_without_data} exported entities carry no data (an "
                  "export of version 1): regenerate them with `catalog-lint export`._"]
    return "\n".join(lines) + "\n"
