"""The GitHub Action's outputs, from a JSON report: ``regressions`` (how many), ``errors``
(error-level findings on the head) and ``level`` (the maturity level: the repository's
on the first scorecard, else the lowest of its entities; empty without scores).

``python -m catalog_lint.github.outputs report.json >> "$GITHUB_OUTPUT"``
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from catalog_lint.gate import result_of
from catalog_lint.github.workflow import output_lines
from catalog_lint.report import Report


def level_of(scores: Any) -> str:
    if not isinstance(scores, dict):
        return ""
    cards = [c.get("identifier") for c in scores.get("scorecards") or [] if isinstance(c, dict)]
    if not cards:
        return ""
    first = cards[0]
    repository = ((scores.get("repository") or {}).get("scorecards") or {}).get(first)
    if isinstance(repository, dict) and repository.get("level"):
        return str(repository["level"])
    results = [e["scorecards"][first] for e in scores.get("entities") or []
               if isinstance(e, dict) and isinstance(e.get("scorecards"), dict)
               and isinstance(e["scorecards"].get(first), dict)]
    if not results:
        return ""
    lowest = min(results, key=lambda r: int(r.get("rank") or 0))
    return str(lowest.get("level") or "")


def action_outputs(report: Report) -> dict[str, object]:
    gate = result_of(report)
    # A level title comes from a scorecard file; keep it to one line for $GITHUB_OUTPUT.
    level = " ".join(level_of(report.sections.get("scores")).split())
    return {
        "regressions": len(gate.regressions) if gate is not None else 0,
        "errors": report.counts()["error"],
        "level": level,
    }


def main(argv: list[str]) -> int:
    from catalog_lint.commands.comment import load_report
    from catalog_lint.errors import FatalError
    from catalog_lint.terminal import escape

    if len(argv) != 1:
        print("usage: python -m catalog_lint.github.outputs REPORT.json", file=sys.stderr)
        return 2
    try:
        report = load_report(Path(argv[0]))
    except FatalError as exc:
        print(f"catalog-lint: error: {escape(exc.message)}", file=sys.stderr)
        return 2
    sys.stdout.write(output_lines(action_outputs(report)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
