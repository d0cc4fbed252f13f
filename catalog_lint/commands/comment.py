"""``catalog-lint comment``: post a report as one pull-request comment, and update that
same comment on later runs."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from catalog_lint.commands.common import comment_options
from catalog_lint.errors import FatalError
from catalog_lint.github.options import github_api_option
from catalog_lint.report import Report
from catalog_lint.terminal import escape

if TYPE_CHECKING:
    from catalog_lint.github.access import ApiAccess


def post_comment(report: Report, *, repository: str | None, number: int | None,
                 key: str, always: bool, access: ApiAccess | None = None) -> str:
    """Render ``report`` as Markdown and create or update this gate's comment on the pull
    request; returns the line to show. Settings not given come from the Actions
    environment (``GITHUB_REPOSITORY``, ``GITHUB_EVENT_PATH``, ``GITHUB_API_URL``);
    ``access`` carries the API and time budget the command already used (``diff``)."""
    from catalog_lint.findings import Severity
    from catalog_lint.gate import result_of
    from catalog_lint.github.comment import post_markdown
    from catalog_lint.reporters.markdown import render

    gate = result_of(report)
    regressed = gate.fails() if gate is not None else report.fails(Severity.ERROR)
    return post_markdown(render(report), repository=repository, number=number, key=key,
                         create=always or regressed, access=access)
def load_report(path: Path) -> Report:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FatalError(f"{path}: cannot read report: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise FatalError(f"{path}: not a JSON report: {exc}") from None
    if not isinstance(data, dict) or "findings" not in data or "version" not in data:
        raise FatalError(f"{path}: not a catalog-lint JSON report (write one with "
                         "--format json -o FILE)")
    try:
        return Report.from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise FatalError(f"{path}: malformed catalog-lint report: {exc}") from None


@click.command("comment")
@click.option("--report", "report_path", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="A JSON report (catalog-lint diff --format json -o FILE).")
@comment_options
@github_api_option
def command(report_path: Path, repository: str | None, number: int | None, key: str,
            always: bool | None, github_api_url: str | None) -> None:
    """Post a report as a comment on the pull request, or update the comment an earlier
    run posted (a hidden marker finds it).

    The token comes from GITHUB_TOKEN; the workflow needs 'permissions: pull-requests:
    write'. It is sent only to the GitHub API that GITHUB_API_URL (or --github-api-url)
    names. When nothing regressed and there is no comment yet, nothing is posted
    (--comment-always to post anyway).

    Exit codes: 0 the comment was created, updated, or left as it was (or nothing was to
    be posted); 2 it could not be posted (the message says why: the token, a permission,
    a redirect, the API's time limit).

    \b
    Example:
      catalog-lint diff --base origin/main --format json -o report.json
      catalog-lint comment --report report.json
    """
    from catalog_lint.github.access import ApiAccess

    report = load_report(report_path)
    access = ApiAccess.from_environment(os.environ, github_api_url)
    click.echo(escape(post_comment(report, repository=repository, number=number, key=key,
                            always=bool(always), access=access)))
