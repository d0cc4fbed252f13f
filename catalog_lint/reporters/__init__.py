"""Reporters render a :class:`~catalog_lint.report.Report` and nothing else.

Adding an output format is adding one module here and one line to ``REPORTERS``.
"""

from __future__ import annotations

import importlib
from types import ModuleType
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
    render: Render = _module(name).render
    return render


def writer(name: str, *, show_source: bool = False) -> Write:
    """What writes a report in the format to a stream: the module's ``write`` when it
    has one (the JSON report, written piece by piece), else its rendered text. Only
    the text format shows source lines."""
    write: Write | None = getattr(_module(name), "write", None)
    if write is not None:
        return write

    def whole(report: Report, handle: TextIO, *, color: bool = False) -> None:
        handle.write(render_report(name, report, color=color, show_source=show_source))

    return whole


def render_report(name: str, report: Report, *, color: bool = False,
                  show_source: bool = False) -> str:
    """``report`` in the format ``name``, with the options that format knows: only the
    text format shows source lines."""
    if name == "text":
        from catalog_lint.reporters.text import render as render_text

        return render_text(report, color=color, show_source=show_source)
    return renderer(name)(report, color=color)


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"catalog_lint.reporters.{REPORTERS[name]}")
