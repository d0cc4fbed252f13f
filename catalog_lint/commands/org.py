"""``catalog-lint org``: many repositories' reports as one organisation catalog and
maturity dashboard."""

from __future__ import annotations

from pathlib import Path

import click

from catalog_lint.commands.common import jobs_option, write_output
from catalog_lint.errors import EXIT_FINDINGS, EXIT_OK, FatalError
from catalog_lint.org.loading import DEFAULT_MAX_BYTES

FORMATS = ["text", "json", "markdown", "html"]


@click.command("org")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path),
                metavar="REPORT_OR_FOLDER...")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True,
              help="text: for a terminal; json: the org document (docs/org.md); markdown: for "
                   "a job summary; html: one self-contained dashboard page.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("--complete/--partial", "complete", default=False,
              help="The reports cover the whole organisation: a reference that reaches no "
                   "entity of any repository is an error, not a warning (default: partial).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), default="error",
              show_default=True,
              help="Lowest severity of a cross-repository problem that fails the run: entities "
                   "defined in two repositories are errors, dangling references warnings "
                   "(errors with --complete).")
@click.option("--strict", is_flag=True, default=False,
              help="Stop (exit code 2) at the first file that is not a readable catalog-lint "
                   "report or export, instead of skipping it with a warning.")
@click.option("--max-report-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES,
              show_default=True, metavar="BYTES", help="Largest report or export read.")
@click.option("--title", default=None, metavar="TEXT",
              help="The dashboard's title (html; default: \"Organisation catalog\").")
@jobs_option
def command(paths: tuple[Path, ...], output_format: str, output: Path | None, complete: bool,
            fail_on: str, strict: bool, max_report_bytes: int, title: str | None,
            jobs: int | None) -> None:
    """Build the organisation's catalog from the JSON reports of `catalog-lint check
    --format json` (and catalog exports) of many repositories: files, or folders searched
    for *.json. Every entity with its repository, file and line; references resolved
    across repositories, dangling ones with "did you mean"; entities defined twice;
    owners; maturity levels per team, domain and system; the failing rules that hold
    the most entities back; DORA per repository; and, given reports from several dates,
    how levels and failing rules moved.

    Exit code 1 when a cross-repository problem reaches --fail-on; 2 when nothing could
    be read (or, with --strict, any file).

    \b
    Examples:
      catalog-lint org reports/
      catalog-lint org reports/ --format html -o dashboard.html
      catalog-lint org reports/ --complete --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    from catalog_lint.org.build import OrgOptions, build
    from catalog_lint.org.loading import read_all, report_files
    from catalog_lint.terminal import escape

    files = report_files(list(paths))
    sources, skipped = read_all(files, max_report_bytes, jobs)
    for item in skipped:
        if strict:
            raise FatalError(f"{item.file}: {item.reason}")
        click.echo(f"catalog-lint: warning: {escape(item.file)}: skipped: {escape(item.reason)}",
                   err=True)
    if not sources:
        raise FatalError("no catalog-lint report or export was read from "
                         + ", ".join(p.as_posix() for p in paths))
    from catalog_lint.gcpause import collector_paused

    document = build(sources, skipped, OrgOptions(complete=complete))
    with collector_paused():  # a large document, and no cycles: see gcpause
        text = render(document, output_format, title)
    write_output(text, output)
    problems = document["summary"]["problems"]
    failed = (fail_on == "error" and problems["error"]) or (
        fail_on == "warning" and (problems["error"] or problems["warning"]))
    raise SystemExit(EXIT_FINDINGS if failed else EXIT_OK)


def render(document: dict[str, object], output_format: str, title: str | None) -> str:
    from catalog_lint.org import render as org_render

    if output_format == "json":
        return org_render.json_document(document)
    if output_format == "markdown":
        return org_render.markdown(document)
    if output_format == "html":
        from catalog_lint.dashboard import page

        return page.render(document, title=title or "Organisation catalog")
    return org_render.text(document)
