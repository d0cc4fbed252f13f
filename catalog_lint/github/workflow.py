"""Workflow commands (``::error file=...::message``) and the step summary.

The escaping is the one GitHub's own toolkit (``@actions/core``) applies, and that the
runner undoes: in the message (*data*) ``%``, ``\\r`` and ``\\n``; in a property value
also ``:`` and ``,``. With it, no text from a catalog file can end the command early or
start another one (``::set-output``, ``::add-mask``, ``::stop-commands``...): every line a
reporter writes starts with the command it means.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from catalog_lint.errors import FatalError

if TYPE_CHECKING:
    from catalog_lint.report import Report


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    """One workflow command line (without the newline). Empty properties are left out."""
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items() if value is not None and value != ""
    )
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def append_step_summary(path: Path, markdown: str) -> None:
    """Add ``markdown`` to the job summary file (``GITHUB_STEP_SUMMARY``)."""
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(markdown if markdown.endswith("\n") else markdown + "\n")
    except OSError as exc:
        raise FatalError(f"{path}: cannot append the step summary (GITHUB_STEP_SUMMARY): "
                         f"{exc.strerror or exc}") from None


def output_lines(outputs: dict[str, object]) -> str:
    """``name=value`` lines for ``$GITHUB_OUTPUT`` (values are single-line numbers or
    words, so the heredoc form is not needed; newlines are refused to be safe)."""
    lines = []
    for name, value in outputs.items():
        text = "" if value is None else str(value)
        if "\n" in text or "\r" in text:
            raise ValueError(f"output {name} holds a newline")
        lines.append(f"{name}={text}")
    return "\n".join(lines) + "\n"


def append_summary_for(output_format: str, report: Report) -> None:
    """With ``--format github`` inside GitHub Actions (``GITHUB_STEP_SUMMARY`` set), add
    the report's Markdown summary to the job summary."""
    import os

    target = os.environ.get("GITHUB_STEP_SUMMARY", "").strip()
    if output_format != "github" or not target:
        return
    from catalog_lint.reporters.markdown import render

    append_step_summary(Path(target), render(report))
