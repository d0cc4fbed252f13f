"""``catalog-lint validate``: check entity files against their blueprints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from catalog_lint.commands.common import (
    config_option,
    jobs_option,
    output_options,
    relative_to,
    resolve_config,
    rule_selection_options,
    selected_findings,
    show_source_option,
    snapshot_root,
    use_color,
    use_source,
    warn_if_nothing_matched,
    write_output,
)
from catalog_lint.errors import EXIT_FINDINGS, EXIT_OK
from catalog_lint.findings import Severity
from catalog_lint.github.options import github_api_option, github_extra
from catalog_lint.graph.options import graph_extra, graph_options
from catalog_lint.reporters import REPORTERS, writer


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@config_option
@click.option("--blueprints", "blueprint_dirs", multiple=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder of blueprint JSON files (repeatable); adds to or overrides the built-in ones.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              default=None, help="Lowest severity that fails the run (default: error, or the config's fail-on).")
@rule_selection_options
@graph_options
@github_api_option
@jobs_option
@output_options(list(REPORTERS))
@show_source_option
def command(paths: tuple[Path, ...], config_path: Path | None, blueprint_dirs: tuple[Path, ...],
            fail_on: str | None, output_format: str, output: Path | None, color: str,
            show_source: bool | None, jobs: int | None, selected: tuple[str, ...],
            ignored: tuple[str, ...], github_api_url: str | None,
            **graph: Any) -> None:
    """Validate entity files: the given files and folders, or every entity file found
    under the current folder.

    \b
    Examples:
      catalog-lint validate
      catalog-lint validate services/cart/catalog-info.yaml port/*.json
      catalog-lint validate --format json -o report.json
    """
    from catalog_lint.pipeline import RunOptions, run
    from catalog_lint.snapshot import WorktreeSnapshot

    cwd = Path.cwd()
    config = resolve_config(config_path, cwd)
    root = snapshot_root(cwd, paths)
    options = RunOptions(
        paths=[relative_to(p, root) for p in paths],
        blueprint_dirs=list(blueprint_dirs),
        jobs=jobs,
        extra={**graph_extra(graph), **github_extra(github_api_url)},
    )
    with WorktreeSnapshot(root, cwd) as snapshot:
        report = run(snapshot, config, options)
    warn_if_nothing_matched(paths, report, config)
    if selected or ignored:
        report.findings = selected_findings(report.findings, selected, ignored)
    colored = use_color(color, output)
    write = writer(output_format, show_source=use_source(show_source, config, output))
    write_output(lambda handle: write(report, handle, color=colored), output, colored)
    if output_format == "github":
        from catalog_lint.github.workflow import append_summary_for

        append_summary_for(output_format, report)
    threshold = fail_on or config.get("fail-on", "error")
    if threshold != "never" and report.fails(Severity.parse(threshold)):
        raise SystemExit(EXIT_FINDINGS)
    raise SystemExit(EXIT_OK)
