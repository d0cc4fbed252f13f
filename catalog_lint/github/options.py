"""``--github-api-url``: the command-line option of every command that may send the
GitHub token (``validate``, ``check``, ``score``, ``facts``, ``diff``, ``comment``).

Only click is imported here, so that a command's module stays light to load.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

#: ``RunOptions.extra`` keys: the option's value, and the command's
#: :class:`~catalog_lint.github.access.ApiAccess` (its origin and time budget).
FLAG_KEY = "github_api_url"
ACCESS_KEY = "github_api"


def github_extra(github_api_url: str | None) -> dict[str, Any]:
    """The ``RunOptions.extra`` entry of the option (none when it is not given)."""
    return {FLAG_KEY: github_api_url} if github_api_url else {}


def _checked(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from catalog_lint.github.access import FLAG, GitHubError, api_root

    try:
        return api_root(value, FLAG)
    except GitHubError as exc:
        raise click.BadParameter(exc.message) from None


def github_api_option(function: F) -> F:
    """Adds ``github_api_url`` (a checked API root, or ``None``) to the command's keywords."""
    return click.option(
        "--github-api-url", "github_api_url", metavar="URL", callback=_checked,
        help="The GitHub API the token may be sent to (default: GITHUB_API_URL, else "
             "https://api.github.com). https only (http only on 127.0.0.1, ::1, localhost). "
             "A repository config's ownership.github.api-url is used only on this origin.",
    )(function)
