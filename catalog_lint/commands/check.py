"""``catalog-lint check``: the main job. Validation, the catalog graph, git facts and
maturity scores in one run, with one summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from catalog_lint.commands.common import (
    config_option,
    output_options,
    show_source_option,
    use_color,
    use_source,
    warn_if_nothing_matched,
    write_output,
)
from catalog_lint.errors import EXIT_FINDINGS, EXIT_OK
from catalog_lint.findings import Severity
from catalog_lint.github.options import github_api_option, github_extra
from catalog_lint.graph.options import graph_extra, graph_options
from catalog_lint.reporters import REPORTERS, render_report, renderer, writer

#: ``RunOptions.extra`` key asking the git facts stage to run.
FACTS = "facts"


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@config_option
@click.option("--blueprints", "blueprint_dirs", multiple=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder of blueprint JSON files (repeatable); adds to or overrides the "
                   "built-in ones.")
@click.option("--scorecard", "scorecards", multiple=True, metavar="ID",
              help="Evaluate only this scorecard (repeatable; default: the config's "
                   "selection, else all).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              default=None, help="Lowest severity that fails the run (default: error, or the "
                                 "config's fail-on).")
@output_options(list(REPORTERS))
@show_source_option
@graph_options
@github_api_option
def command(paths: tuple[Path, ...], config_path: Path | None, blueprint_dirs: tuple[Path, ...],
            scorecards: tuple[str, ...], fail_on: str | None, output_format: str,
            output: Path | None, color: str, show_source: bool | None, github_api_url: str | None,
            **graph: Any) -> None:
    """Check everything: validate entity files (the given files and folders, or every entity
    file under the current folder), resolve the catalog graph, compute the repository's git
    facts, and score maturity, with one summary.

    Exit code 1 when findings reach --fail-on (scores inform, they do not fail the run; gate
    them with `catalog-lint diff`), 2 when the run cannot do its job.

    \b
    Examples:
      catalog-lint check
      catalog-lint check examples/shop
      catalog-lint check --format json -o report.json
    """
    from catalog_lint.commands.score import dora_summary, run_scoring
    from catalog_lint.scorecards import render

    extra: dict[str, object] = {FACTS: True, **graph_extra(graph),
                                **github_extra(github_api_url)}
    report, config = run_scoring(paths, config_path, scorecards, None, blueprint_dirs, extra)
    warn_if_nothing_matched(paths, report, config)
    colored = use_color(color, output)
    scores = report.sections.get("scores", {})
    if output_format == "text":
        from catalog_lint.reporters.text import summary_line

        findings = render_report("text", report, color=colored, show_source=use_source(
            show_source, config, output)).splitlines()[:-1]  # its summary last
        lines = [*findings]
        if findings:
            lines.append("")
        lines.append(render.text(scores, color=colored, next_steps=False).rstrip("\n"))
        dora_line = dora_summary(report.sections.get("facts", {}).get("repository", {}))
        if dora_line:
            lines.append(dora_line)
        lines.append("(catalog-lint score shows what to fix for the next level)")
        lines.append("")
        scores_line = render.summary(scores)
        lines.append(summary_line(report, color=colored)
                     + (f" | {scores_line}" if scores_line else ""))
        write_output("\n".join(lines) + "\n", output, colored)
    elif output_format == "markdown":
        text = renderer("markdown")(report, color=colored).rstrip("\n") + "\n\n"
        text += "## Maturity\n\n" + render.markdown(scores)
        write_output(text, output, colored)
    else:
        write = writer(output_format)
        write_output(lambda handle: write(report, handle, color=colored), output, colored)
    threshold = fail_on or config.get("fail-on", "error")
    if threshold != "never" and report.fails(Severity.parse(threshold)):
        raise SystemExit(EXIT_FINDINGS)
    raise SystemExit(EXIT_OK)

