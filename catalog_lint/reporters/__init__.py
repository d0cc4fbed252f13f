"""Reporters render a :class:`~catalog_lint.report.Report` and nothing else.

Adding an output format is adding one module here and one line to ``REPORTERS``.
"""

from __future__ import annotations

import importlib
from typing import Protocol, TextIO

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


class Write(Protocol):
    def __call__(self, report: Report, handle: TextIO, *, color: bool = False) -> None: ...


def renderer(name: str) -> Render:
    module = importlib.import_module(f"catalog_lint.reporters.{REPORTERS[name]}")
    return module.render


def writer(name: str) -> Write:
    """What writes a report in the format to a stream: the module's ``write`` when it
    has one (the JSON report, written piece by piece), else its rendered text."""
    module = importlib.import_module(f"catalog_lint.reporters.{REPORTERS[name]}")
    write: Write | None = getattr(module, "write", None)
    if write is not None:
        return write
    render: Render = module.render

    def whole(report: Report, handle: TextIO, *, color: bool = False) -> None:
        handle.write(render(report, color=color))

    return whole
