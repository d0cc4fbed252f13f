"""``catalog-lint comment``: post a report as one pull-request comment, and update that
same comment on later runs."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from catalog_lint.errors import FatalError
from catalog_lint.github.options import github_api_option
from catalog_lint.report import Report

if TYPE_CHECKING:
    from catalog_lint.github.access import ApiAccess

F = TypeVar("F", bound=Callable[..., Any])


def post_comment(report: Report, *, repository: str | None, number: int | None,
                 key: str, always: bool, access: ApiAccess | None = None) -> str:
    """Render ``report`` as Markdown and create or update this gate's comment on the pull
    request; returns the line to show. Settings not given come from the Actions
    environment (``GITHUB_REPOSITORY``, ``GITHUB_EVENT_PATH``, ``GITHUB_API_URL``);
    ``access`` carries the API and time budget the command already used (``diff``)."""
    from catalog_lint.findings import Severity
    from catalog_lint.gate import result_of
    from catalog_lint.github.access import ApiAccess
    from catalog_lint.github.client import GitHubClient
    from catalog_lint.github.comment import upsert_comment
    from catalog_lint.github.env import ActionsEnv, check_repository
    from catalog_lint.reporters.markdown import render

    env = ActionsEnv.read()
    repository = repository or env.repository
    if not repository:
        _missing("no repository: pass --repo OWNER/NAME (GitHub Actions sets "
                 "GITHUB_REPOSITORY)")
    check_repository(repository)
    number = number or env.pull_request_number()
    if not number:
        _missing("no pull request: pass --pr NUMBER (GitHub Actions gives it in the event "
                 "payload of pull_request events, GITHUB_EVENT_PATH)")
    token = os.environ.get("GITHUB_TOKEN") or os.environ.get("GH_TOKEN") or ""
    access = access or ApiAccess.from_environment(os.environ)
    client = GitHubClient(token, access.root(), budget=access.budget,
                          what="commenting on pull requests")
    gate = result_of(report)
    regressed = gate.fails() if gate is not None else report.fails(Severity.ERROR)
    try:
        outcome = upsert_comment(client, repository, number, render(report), key=key,
                                 create=always or regressed)
    except ValueError as exc:
        raise FatalError(str(exc)) from None
    return outcome.describe(number)


def _missing(message: str) -> NoReturn:
    raise FatalError(message)


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


def comment_options(function: F) -> F:
    """Options shared by ``comment`` and ``diff --comment``."""
    for option in reversed([
        click.option("--repo", "repository", metavar="OWNER/NAME",
                     help="Repository (default: GITHUB_REPOSITORY)."),
        click.option("--pr", "number", type=click.IntRange(min=1), metavar="NUMBER",
                     help="Pull request number (default: from the event payload at "
                          "GITHUB_EVENT_PATH)."),
        click.option("--comment-key", "key", default="default", show_default=True,
                     help="Names this comment, so that several workflows can each keep "
                          "one on the same pull request."),
        click.option("--comment-always/--comment-on-regression", "always", default=None,
                     help="Create a comment even when nothing regressed (default: then "
                          "only update an existing one; diff reads gate.comment-always "
                          "from the config)."),
    ]):
        function = option(function)
    return function


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
    click.echo(post_comment(report, repository=repository, number=number, key=key,
                            always=bool(always), access=access))
