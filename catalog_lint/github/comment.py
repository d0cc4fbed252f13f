"""One pull-request comment per gate, created once and updated on later runs.

The comment starts with a hidden marker (an HTML comment, invisible on GitHub). The
marker names the comment's *key*, so that several workflows (a matrix over folders, say)
can each keep a comment of their own on the same pull request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from catalog_lint.github.client import GitHubClient, GitHubError

if TYPE_CHECKING:
    from catalog_lint.github.access import ApiAccess

#: GitHub refuses comment bodies longer than this many characters.
MAX_BODY = 65536
_KEY = re.compile(r"^[A-Za-z0-9_.:/-]{1,100}$")


def marker(key: str = "default") -> str:
    """The first line of every comment catalog-lint writes."""
    if not _KEY.match(key):
        raise ValueError(f"comment key {key!r}: use letters, digits and . _ : / - only")
    return f"<!-- catalog-lint:comment key={key} -->"


@dataclass(frozen=True)
class Outcome:
    action: str  # "created", "updated", "unchanged" or "skipped"
    comment_id: int | None = None
    url: str | None = None

    def describe(self, number: int) -> str:
        where = f" ({self.url})" if self.url else ""
        if self.action == "skipped":
            return (f"catalog-lint: no comment on pull request #{number}: nothing regressed "
                    "and no earlier comment to update")
        if self.action == "unchanged":
            return (f"catalog-lint: the comment on pull request #{number}{where} already says "
                    "this; left as it is")
        return f"catalog-lint: {self.action} the comment on pull request #{number}{where}"


def upsert_comment(client: GitHubClient, repository: str, number: int, body: str, *,
                   key: str = "default", create: bool = True) -> Outcome:
    """Update this gate's comment on the pull request, or create it when ``create``.

    ``create`` is false when there is nothing to say (no regression) and the team asked
    for silence: an existing comment is still updated, so that it no longer shows
    regressions that have been fixed.
    """
    head = marker(key)
    text = f"{head}\n{body}"
    if len(text) > MAX_BODY:
        cut = "\n\n… (cut: the report is longer than a comment may be; see the job summary)\n"
        text = text[: MAX_BODY - len(cut)] + cut
    owner_repo = "/".join(quote(part, safe="") for part in repository.split("/", 1))
    existing = _find(client, owner_repo, number, head)
    if existing is not None:
        comment_id = int(existing["id"])
        url = existing.get("html_url")
        if existing.get("body") == text:
            return Outcome("unchanged", comment_id, url)
        path = f"/repos/{owner_repo}/issues/comments/{comment_id}"
        answer = client.request("PATCH", path, body={"body": text})
        data = _written(answer.status, answer.data, 200, f"PATCH {path}", "updated")
        return Outcome("updated", comment_id, _text(data.get("html_url")) or url)
    if not create:
        return Outcome("skipped")
    path = f"/repos/{owner_repo}/issues/{number}/comments"
    try:
        answer = client.request("POST", path, body={"body": text})
    except GitHubError as exc:
        if not exc.maybe_done:
            raise
        # GitHub may have created it before failing: look, and post again only if not
        found = _find(client, owner_repo, number, head)
        if found is not None:
            return Outcome("created", int(found["id"]), _text(found.get("html_url")))
        answer = client.request("POST", path, body={"body": text})
    data = _written(answer.status, answer.data, 201, f"POST {path}", "created")
    created_id = data.get("id")
    return Outcome("created", created_id if isinstance(created_id, int) else None,
                   _text(data.get("html_url")))


def _find(client: GitHubClient, owner_repo: str, number: int, head: str
          ) -> dict[str, Any] | None:
    """This gate's comment on the pull request (the first that starts with its marker)."""
    for comment in client.paginate(f"/repos/{owner_repo}/issues/{number}/comments"):
        # startswith, not "in": a reviewer quoting the comment ("> <!-- ...") is not it.
        if isinstance(comment, dict) and str(comment.get("body") or "").startswith(head):
            return comment
    return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _written(status: int, data: object, expected: int, request: str, done: str
             ) -> dict[str, object]:
    """The comment GitHub says it wrote; only the documented answer (201 Created for a
    new comment, 200 for an update, with the comment) counts as done."""
    if status != expected or not isinstance(data, dict) or "id" not in data:
        raise GitHubError(f"GitHub API {request}: answered {status}, not {expected} with the "
                          f"comment; the comment may not have been {done}", status)
    return data


def post_markdown(body: str, *, repository: str | None, number: int | None, key: str,
                  create: bool, access: ApiAccess | None = None) -> str:
    """Create or update the comment ``key`` on a pull request with a Markdown body;
    returns the line to show. Settings not given come from the Actions environment
    (``GITHUB_REPOSITORY``, the event payload at ``GITHUB_EVENT_PATH``, ``GITHUB_API_URL``),
    the token from ``GITHUB_TOKEN`` (or ``GH_TOKEN``); ``access`` carries the API and time
    budget the command already used (``diff``)."""
    import os

    from catalog_lint.errors import FatalError
    from catalog_lint.github.access import ApiAccess
    from catalog_lint.github.env import ActionsEnv, check_repository

    env = ActionsEnv.read()
    repository = repository or env.repository
    if not repository:
        raise FatalError("no repository: pass --repo OWNER/NAME (GitHub Actions sets "
                         "GITHUB_REPOSITORY)")
    check_repository(repository)
    number = number or env.pull_request_number()
    if not number:
        raise FatalError("no pull request: pass --pr NUMBER (GitHub Actions gives it in the "
                         "event payload of pull_request events, GITHUB_EVENT_PATH)")
    token = os.environ.get("GITHUB_TOKEN") or os.environ.get("GH_TOKEN") or ""
    access = access or ApiAccess.from_environment(os.environ)
    client = GitHubClient(token, access.root(), budget=access.budget,
                          what="commenting on pull requests")
    try:
        outcome = upsert_comment(client, repository, number, body, key=key, create=create)
    except ValueError as exc:
        raise FatalError(str(exc)) from None
    return outcome.describe(number)
