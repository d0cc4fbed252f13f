"""``catalog-lint score``: maturity levels per entity and for the repository."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from catalog_lint.commands.common import (
    config_option,
    relative_to,
    resolve_config,
    snapshot_root,
    subdir_of,
    use_color,
    write_output,
)
from catalog_lint.errors import EXIT_OK
from catalog_lint.github.options import github_api_option, github_extra

if TYPE_CHECKING:
    from catalog_lint.config import Config
    from catalog_lint.report import Report


@click.command("score")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@config_option
@click.option("--scorecard", "scorecards", multiple=True, metavar="ID",
              help="Evaluate only this scorecard (repeatable): operational-maturity, dora, or "
                   "one of yours (default: the config's selection, else all).")
@click.option("--rev", metavar="REV",
              help="Score a commit (branch, tag or SHA) instead of the working tree, read "
                   "straight from git; facts and DORA are those of that commit.")
@click.option("--blueprints", "blueprint_dirs", multiple=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder of blueprint JSON files (repeatable); adds to or overrides the "
                   "built-in ones.")
@click.option("--format", "output_format",
              type=click.Choice(["text", "json", "markdown", "html"]),
              default="text", show_default=True,
              help="text: a table for a terminal; markdown: for a pull request or a README "
                   "badge; json: documented in docs/scorecards.md; html: the dashboard page "
                   "of catalog-lint org, for this repository (docs/org.md).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the scores to this file instead of standard output.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Colour text output (auto: on a terminal, unless NO_COLOR "
                                      "is set).")
@github_api_option
def command(paths: tuple[Path, ...], config_path: Path | None, scorecards: tuple[str, ...],
            rev: str | None, blueprint_dirs: tuple[Path, ...], output_format: str,
            output: Path | None, color: str, github_api_url: str | None) -> None:
    """Score operational maturity: for the repository and each entity (the given files and
    folders, or every entity file under the current folder), the level reached on each
    scorecard, a bar of passed rules per level, and what to fix to reach the next level.

    Exit code 0 whatever the levels (use `catalog-lint check` or `catalog-lint diff` to
    fail a build); 2 when it cannot run.

    \b
    Examples:
      catalog-lint score
      catalog-lint score services/cart --scorecard operational-maturity
      catalog-lint score --scorecard dora --format markdown >> "$GITHUB_STEP_SUMMARY"
      catalog-lint score --rev v1.4.0 --format json -o scores.json
      catalog-lint score --format html -o maturity.html
    """
    from catalog_lint.scorecards import render

    report, _ = run_scoring(paths, config_path, scorecards, rev, blueprint_dirs,
                            github_extra(github_api_url))
    scores = report.sections.get("scores", {})
    colored = use_color(color, output)
    if output_format == "json":
        text = render.json_document(scores, report.revision, report.sections.get("dora"))
    elif output_format == "markdown":
        text = render.markdown(scores)
    elif output_format == "html":
        text = dashboard(report)
    else:
        text = render.text(scores, color=colored)
        dora_line = dora_summary(report.sections.get("facts", {}).get("repository", {}))
        if dora_line:
            text += dora_line + "\n"
    write_output(text, output, colored)
    raise SystemExit(EXIT_OK)


def dashboard(report: Report) -> str:
    """The organisation dashboard's page for this one repository."""
    from catalog_lint.dashboard.page import render as page
    from catalog_lint.org.build import build
    from catalog_lint.org.loading import run_source

    source = run_source(report.to_dict(), Path.cwd().name)
    return page(build([source]), title=f"Maturity of {source.name}")


def run_scoring(paths: tuple[Path, ...], config_path: Path | None, scorecards: tuple[str, ...],
                rev: str | None, blueprint_dirs: tuple[Path, ...],
                extra: dict[str, object] | None = None) -> tuple[Report, Config]:
    """Run the pipeline with scoring on, over the working tree or the commit ``rev``; the
    report, and the configuration it ran with."""
    from catalog_lint.pipeline import RunOptions, run
    from catalog_lint.scorecards import enable
    from catalog_lint.snapshot import CommitSnapshot, Snapshot, WorktreeSnapshot

    cwd = Path.cwd()
    config = resolve_config(config_path, cwd)
    options = RunOptions(blueprint_dirs=list(blueprint_dirs), extra=dict(extra or {}))
    enable(options.extra, scorecards)
    snapshot: Snapshot
    if rev is None:
        root = snapshot_root(cwd, paths)
        options.paths = [relative_to(p, root) for p in paths]
        snapshot = WorktreeSnapshot(root, cwd)
    else:
        snapshot = CommitSnapshot(cwd, rev, subdir_of(cwd))
        options.paths = [relative_to(p, cwd.resolve()) for p in paths]
    with snapshot:
        return run(snapshot, config, options), config


def dora_summary(facts: dict[str, object]) -> str:
    """One line of DORA figures from the repository facts, or ``""``."""
    from catalog_lint.terminal import escape_data

    facts = escape_data(facts)  # reasons may quote tag names and commit subjects
    dora = facts.get("dora")
    if not isinstance(dora, dict):
        return ""
    if dora.get("unknown"):
        return f"DORA: unknown ({dora.get('reason')})"
    window = dora.get("window", {})
    parts = []
    labels = (("deployment_frequency", "deployment frequency"), ("lead_time", "lead time"),
              ("change_failure_rate", "change failure rate"),
              ("time_to_restore", "time to restore"))
    for key, label in labels:
        metric = dora.get(key)
        if not isinstance(metric, dict):
            continue
        value = _metric_value(key, metric)
        tier = metric.get("tier")
        tier_text = "unknown" if isinstance(tier, dict) else str(tier)
        parts.append(f"{label} {value} ({tier_text}, n={metric.get('sample', 0)})")
    days = window.get("days") if isinstance(window, dict) else None
    overall = dora.get("tier")
    overall_text = "unknown" if isinstance(overall, dict) else str(overall)
    return f"DORA, last {days} days: {overall_text}: " + "; ".join(parts)


def _metric_value(key: str, metric: dict[str, object]) -> str:
    def known(value: object) -> bool:
        return value is not None and not isinstance(value, dict)

    if key == "deployment_frequency":
        return f"{metric.get('count')} deployments, {metric.get('per_week')}/week"
    if key == "change_failure_rate":
        value = metric.get("value")
        return f"{float(value):.0%}" if known(value) else "-"  # type: ignore[arg-type]
    median = metric.get("median_hours")
    if not known(median):
        return "-"
    text = f"median {median} h"
    if key == "lead_time" and known(metric.get("p90_hours")):
        text += f", p90 {metric.get('p90_hours')} h"
    return text
