"""A small client for GitHub's REST API, on the standard library's ``urllib``.

What it takes care of, so that callers do not:

- the token: sent only in the ``Authorization`` header, never shown. Every message this
  module produces passes through :func:`redact`, and the client's ``repr`` hides it.
- pagination: :meth:`GitHubClient.paginate` follows the ``Link: <...>; rel="next"``
  header, as GitHub documents, rather than guessing page numbers.
- retries: 5xx answers, network errors, and GitHub's rate limits (a 403 or 429 with
  ``retry-after``, or with ``x-ratelimit-remaining: 0``) are retried with exponential
  backoff, honouring ``retry-after`` and ``x-ratelimit-reset``.
- clear errors: 401, 403 and 404 become a :class:`GitHubError` whose message says what
  to fix (the token, the ``pull-requests: write`` permission, the repository name).
"""

from __future__ import annotations

import json
import random
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import Message
from typing import Any

from catalog_lint import __version__
from catalog_lint.errors import FatalError

DEFAULT_API_URL = "https://api.github.com"
API_VERSION = "2022-11-28"
#: The longest single wait the client accepts before giving up, in seconds: a job that
#: would sleep for an hour on a primary rate limit should fail and say so instead.
MAX_WAIT = 120.0

_LINK = re.compile(r'<([^>]*)>\s*;\s*rel="?([^",;]+)"?')


class GitHubError(FatalError):
    """A request GitHub refused or that could not be made; the message is safe to show."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Response:
    status: int
    headers: Message
    data: Any

    def link(self, rel: str) -> str | None:
        """The URL of a ``Link`` header relation (``next``, ``last``...)."""
        for url, name in _LINK.findall(self.headers.get("Link", "") or ""):
            if name == rel:
                return str(url)
        return None


def redact(text: str, secret: str | None) -> str:
    """``text`` with every occurrence of ``secret`` replaced by ``***``."""
    if secret:
        text = text.replace(secret, "***")
    return text


class GitHubClient:
    """Requests against one GitHub API root (``GITHUB_API_URL``; GitHub Enterprise Server
    has ``https://HOST/api/v3``)."""

    def __init__(
        self,
        token: str,
        api_url: str = DEFAULT_API_URL,
        *,
        retries: int = 4,
        backoff: float = 1.0,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        what: str = "this request",
    ) -> None:
        if not token:
            raise GitHubError("no GitHub token: set GITHUB_TOKEN (in a workflow: "
                              "env: GITHUB_TOKEN: ${{ github.token }})")
        self._token = token
        self.api_url = api_url.rstrip("/")
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self._sleep = sleep
        #: What the requests are for, named in permission errors.
        self.what = what

    def __repr__(self) -> str:  # the token stays out of logs and tracebacks
        return f"GitHubClient(api_url={self.api_url!r}, token=***)"

    # -- requests --------------------------------------------------------------------

    def url(self, path: str, query: dict[str, Any] | None = None) -> str:
        url = path if path.startswith(("http://", "https://")) else f"{self.api_url}{path}"
        if query:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(query)
        return url

    def request(self, method: str, path: str, *, query: dict[str, Any] | None = None,
                body: Any = None) -> Response:
        """One request, retried on transient failures; raises :class:`GitHubError`."""
        url = self.url(path, query)
        self._check_same_host(url)
        payload = None if body is None else json.dumps(body).encode("utf-8")
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._send(method, url, payload)
            except _Retry as retry:
                if attempt > self.retries:
                    raise GitHubError(
                        self._safe(f"GitHub API {method} {self._show(url)} still failing after "
                                   f"{attempt} attempts: {retry.reason}"),
                        retry.status,
                    ) from None
                wait = retry.wait if retry.wait is not None else self._backoff(attempt)
                if wait > MAX_WAIT:
                    raise GitHubError(
                        self._safe(f"GitHub API {method} {self._show(url)}: {retry.reason}; "
                                   f"it asks to wait {wait:.0f}s, longer than {MAX_WAIT:.0f}s"),
                        retry.status,
                    ) from None
                self._sleep(wait)

    def paginate(self, path: str, query: dict[str, Any] | None = None) -> Iterator[Any]:
        """Every item of a list endpoint, page by page (100 a page), following ``Link``."""
        url: str | None = self.url(path, {"per_page": 100, **(query or {})})
        while url:
            response = self.request("GET", url)
            if not isinstance(response.data, list):
                raise GitHubError(self._safe(f"GitHub API GET {self._show(url)}: expected a "
                                             "list in the answer"), response.status)
            yield from response.data
            url = response.link("next")

    # -- internals -------------------------------------------------------------------

    def _send(self, method: str, url: str, payload: bytes | None) -> Response:
        request = urllib.request.Request(url, data=payload, method=method)
        request.add_header("Accept", "application/vnd.github+json")
        request.add_header("Authorization", f"Bearer {self._token}")
        request.add_header("User-Agent", f"catalog-lint/{__version__}")
        request.add_header("X-GitHub-Api-Version", API_VERSION)
        if payload is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                raw = answer.read()
                return Response(answer.status, answer.headers, _json(raw))
        except urllib.error.HTTPError as error:
            raw = error.read() if error.fp is not None else b""
            self._raise_for(method, url, error.code, error.headers, _json(raw))
            raise AssertionError("unreachable") from None  # pragma: no cover
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise _Retry(None, f"cannot reach {self._show(url)}: {reason}", None) from None

    def _raise_for(self, method: str, url: str, status: int, headers: Message, data: Any
                   ) -> None:
        message = data.get("message", "") if isinstance(data, dict) else ""
        reason = f"{status} {message}".strip()
        wait = _retry_after(headers)
        limited = status == 429 or (status == 403 and (
            wait is not None or "rate limit" in message.lower()
            or headers.get("x-ratelimit-remaining") == "0"
        ))
        if limited:
            if wait is None and headers.get("x-ratelimit-remaining") == "0":
                wait = _reset_wait(headers)
            # GitHub asks for at least a minute when a secondary limit gives no time.
            raise _Retry(status, f"rate limited ({reason})", wait if wait is not None else 60.0)
        if status >= 500:
            raise _Retry(status, reason, None)
        where = f"GitHub API {method} {self._show(url)}"
        if status == 401:
            hint = ("the token is invalid or expired; set GITHUB_TOKEN to a valid token "
                    "(in a workflow: ${{ github.token }})")
        elif status == 403:
            hint = (f"the token may not do {self.what}: give the workflow "
                    "'permissions: pull-requests: write' (a pull request from a fork gets a "
                    "read-only token; see docs/ci.md)")
        elif status == 404:
            hint = ("no such repository or pull request, or the token cannot see it: check "
                    "the repository name and pull request number, and that the token has "
                    "'pull-requests: write' (and 'contents: read' for private repositories)")
        elif status == 422:
            hint = "GitHub rejected the request as invalid"
        else:
            hint = "unexpected answer"
        raise GitHubError(self._safe(f"{where}: {reason}: {hint}"), status)

    def _backoff(self, attempt: int) -> float:
        # Exponential with jitter, so that many jobs retrying at once spread out.
        return float(self.backoff * (2 ** (attempt - 1)) * (1 + random.random() / 4))

    def _show(self, url: str) -> str:
        """A URL as shown in messages: the path and query, without the API root."""
        if url.startswith(self.api_url):
            return url[len(self.api_url):] or "/"
        return url

    def _check_same_host(self, url: str) -> None:
        # A pagination link pointing elsewhere would carry the token to another host.
        if urllib.parse.urlsplit(url).netloc != urllib.parse.urlsplit(self.api_url).netloc:
            raise GitHubError(self._safe(f"refusing to send the token to {url}: not under "
                                         f"{self.api_url}"))

    def _safe(self, text: str) -> str:
        return redact(text, self._token)


class _Retry(Exception):
    def __init__(self, status: int | None, reason: str, wait: float | None) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.wait = wait


def _json(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None  # GitHub's front end answers some 5xx with an HTML page


def _retry_after(headers: Message) -> float | None:
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        return None


def _reset_wait(headers: Message) -> float | None:
    value = headers.get("x-ratelimit-reset")
    try:
        return max(float(value) - time.time(), 0.0) + 1.0 if value else None
    except ValueError:
        return None
