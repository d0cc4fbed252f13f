"""Reporters render a :class:`~catalog_lint.report.Report` and nothing else.

Adding an output format is adding one module here and one line to ``REPORTERS``.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from catalog_lint.report import Report

#: format name -> module under catalog_lint.reporters with ``render(report, options)``.
REPORTERS: dict[str, str] = {
    "text": "text",
    "json": "json_report",
    "markdown": "markdown",
    "github": "github",
    "sarif": "sarif",
    "junit": "junit",
    "gitlab": "gitlab",
}


class Render(Protocol):
    def __call__(self, report: Report, *, color: bool = False) -> str: ...


def renderer(name: str) -> Render:
    module = importlib.import_module(f"catalog_lint.reporters.{REPORTERS[name]}")
    return module.render
