"""``--format json``: the versioned report document (see docs/output-formats.md)."""

from __future__ import annotations

import json

from catalog_lint.report import Report


def render(report: Report, *, color: bool = False) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
