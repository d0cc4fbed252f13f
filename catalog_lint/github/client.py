"""The one client for GitHub's REST API (the branch-protection facts and the pull-request
comment both use it), on :mod:`catalog_lint.net`.

What it takes care of, so that callers do not:

- the token: sent only in the ``Authorization`` header, and only to the API's origin
  (:mod:`catalog_lint.github.access` says which origin that is). A pagination link or a
  redirect to another origin (another scheme, host or port) is an error naming it; the
  token is never sent there. Every message passes through :func:`redact`, and the
  client's ``repr`` hides the token.
- writes: a 301/302/303 answer to a POST or PATCH is an error (never silently turned into
  a GET), and a POST that failed on the way or was answered 5xx is not sent again (it may
  have been done: the error says so, ``maybe_done``, and the caller looks first).
- limits: an answer over :data:`MAX_ANSWER_BYTES` is refused; each step waits at most
  ``timeout`` seconds; and all requests of one command share a
  :class:`~catalog_lint.github.access.TimeBudget` (60 s by default), retries included.
- pagination: :meth:`GitHubClient.paginate` follows the ``Link: <...>; rel="next"``
  header, as GitHub documents, rather than guessing page numbers.
- retries: 5xx answers, network errors and GitHub's rate limits (a 403 or 429 with
  ``retry-after``, or with ``x-ratelimit-remaining: 0``) are retried with exponential
  backoff, honouring ``retry-after`` and ``x-ratelimit-reset`` when the wait fits in what
  is left of the budget.
- clear errors: 401, 403 and 404 become a :class:`GitHubError` whose message says what
  to fix; its ``status`` lets a caller treat an answer (a 404 "not protected") as data.
"""

from __future__ import annotations

import json
import math
import random
import re
import time
import urllib.parse
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from email.message import Message
from typing import Any

from catalog_lint import __version__, net
from catalog_lint.github.access import (
    API_DEADLINE,
    DEADLINE_VARIABLE,
    DEFAULT_API_URL,
    GitHubError,
    TimeBudget,
    api_root,
)

__all__ = ["DEFAULT_API_URL", "MAX_ANSWER_BYTES", "GitHubClient", "GitHubError", "Response",
           "redact"]

API_VERSION = "2022-11-28"
#: The largest answer read, in bytes. A page of 100 comments of GitHub's largest size
#: (65,536 characters, up to 4 bytes each in UTF-8) is about 27 MB; nothing larger is
#: legitimate, and an endless answer stops here instead of exhausting memory.
MAX_ANSWER_BYTES = 32 * 1024 * 1024
#: The longest wait for any one step of a request (connecting, the next bytes). GitHub
#: ends a request it has worked on for 10 seconds; this leaves room for the network.
REQUEST_TIMEOUT = 15.0
RETRIES = 3
BACKOFF = 0.5
#: A runaway chain of ``Link: rel="next"`` pages stops here.
MAX_PAGES = 100

_LINK = re.compile(r'<([^>]*)>\s*;\s*rel="?([^",;]+)"?')
_IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "PATCH", "DELETE"})


@dataclass
class Response:
    status: int
    headers: Message
    data: Any  # the parsed JSON body, None when empty or not JSON

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
    """Requests against one GitHub API root (``https://api.github.com``; GitHub Enterprise
    Server has ``https://HOST/api/v3``)."""

    def __init__(
        self,
        token: str,
        api_url: str = DEFAULT_API_URL,
        *,
        budget: TimeBudget | None = None,
        timeout: float = REQUEST_TIMEOUT,
        retries: int = RETRIES,
        backoff: float = BACKOFF,
        max_bytes: int = MAX_ANSWER_BYTES,
        sleep: Callable[[float], None] = time.sleep,
        what: str = "this request",
        permission: str = "'permissions: pull-requests: write'",
    ) -> None:
        if not token:
            raise GitHubError("no GitHub token: set GITHUB_TOKEN (in a workflow: "
                              "env: GITHUB_TOKEN: ${{ github.token }})")
        self._token = token
        self.api_url = api_root(api_url, "the GitHub API URL")
        self.origin = net.Origin.of(self.api_url)
        self.budget = budget if budget is not None else TimeBudget(API_DEADLINE)
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_bytes = max_bytes
        self._sleep = sleep
        #: What the requests are for, and the permission they need, named in 403 errors.
        self.what = what
        self.permission = permission

    def __repr__(self) -> str:  # the token stays out of logs and tracebacks
        return f"GitHubClient(api_url={self.api_url!r}, token=***)"

    def scrub(self, text: str) -> str:
        """``text`` with the token removed, whatever put it there."""
        return redact(text, self._token)

    # -- requests --------------------------------------------------------------------

    def url(self, path: str, query: dict[str, Any] | None = None) -> str:
        url = path if path.startswith(("http://", "https://")) else f"{self.api_url}{path}"
        if query:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(query)
        return url

    def request(self, method: str, path: str, *, query: dict[str, Any] | None = None,
                body: Any = None, accept: Collection[int] = ()) -> Response:
        """One request, retried on transient failures. A 2xx answer, or one whose status
        is in ``accept``, is returned; anything else raises :class:`GitHubError`."""
        url = self.url(path, query)
        self._check_origin(url, f"GitHub API {method} {self._show(url)}")
        payload = None if body is None else json.dumps(body).encode("utf-8")
        attempt = 0
        with self.budget.spend() as deadline:
            while True:
                attempt += 1
                try:
                    return self._send(method, url, payload, deadline, accept)
                except _Retry as retry:
                    self._before_retry(method, url, retry, attempt, deadline)

    def paginate(self, path: str, query: dict[str, Any] | None = None) -> Iterator[Any]:
        """Every item of a list endpoint, page by page (100 a page), following ``Link``."""
        url: str | None = self.url(path, {"per_page": 100, **(query or {})})
        pages = 0
        while url:
            pages += 1
            if pages > MAX_PAGES:
                raise GitHubError(self.scrub(f"GitHub API GET {self._show(path)}: more than "
                                             f"{MAX_PAGES} pages; stopped"))
            response = self.request("GET", url)
            if not isinstance(response.data, list):
                raise GitHubError(self.scrub(f"GitHub API GET {self._show(url)}: expected a "
                                             "list in the answer"), response.status)
            yield from response.data
            url = response.link("next")
            if url is not None:
                self._check_origin(url, f"GitHub API GET {self._show(path)}: the next page")

    # -- internals -------------------------------------------------------------------

    def _send(self, method: str, url: str, payload: bytes | None, deadline: net.Deadline,
              accept: Collection[int]) -> Response:
        headers = {
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {self._token}",
            "User-Agent": f"catalog-lint/{__version__}",
            "X-GitHub-Api-Version": API_VERSION,
        }
        if payload is not None:
            headers["Content-Type"] = "application/json"
        where = f"GitHub API {method} {self._show(url)}"
        try:
            answer = net.request(method, url, deadline=deadline, max_bytes=self.max_bytes,
                                 headers=headers, body=payload, idle_timeout=self.timeout,
                                 pinned=self.origin)
        except net.TimedOut as exc:
            if exc.whole:
                raise GitHubError(self._out_of_time(method, url)) from None
            raise _Retry(None, f"no answer within {self.timeout:g} s", None, sent=True) from None
        except net.Unreachable as exc:
            raise _Retry(None, f"{self.origin}: {exc}", None, sent=True) from None
        except net.TooLarge:
            raise GitHubError(self.scrub(
                f"{where}: the answer is over {self.max_bytes:,} bytes, the most catalog-lint "
                "reads from the GitHub API; not read")) from None
        except net.NetError as exc:
            raise GitHubError(self.scrub(f"{where}: {exc}")) from None
        data = _json(answer.body)
        if 200 <= answer.status < 300 or answer.status in accept:
            return Response(answer.status, answer.headers, data)
        self._raise_for(method, url, answer.status, answer.headers, data)
        raise AssertionError("unreachable")  # pragma: no cover

    def _before_retry(self, method: str, url: str, retry: _Retry, attempt: int,
                      deadline: net.Deadline) -> None:
        """Wait before the next attempt, or raise when there is none to make."""
        where = f"GitHub API {method} {self._show(url)}"
        if method not in _IDEMPOTENT and (retry.sent or (retry.status or 0) >= 500):
            # The request reached GitHub (a 5xx can come after the work was done) or may
            # have: sending a POST again could do it twice. The caller looks first.
            raise GitHubError(self.scrub(f"{where}: {retry.reason}; not sent again (it may "
                                         "or may not have been done)"), retry.status,
                              maybe_done=True)
        if attempt > self.retries:
            raise GitHubError(self.scrub(f"{where} still failing after {attempt} attempts: "
                                         f"{retry.reason}"), retry.status)
        wait = retry.wait if retry.wait is not None else self._backoff(attempt)
        if wait >= deadline.remaining():
            if retry.wait is None:
                raise GitHubError(self._out_of_time(method, url), retry.status)
            raise GitHubError(self.scrub(
                f"{where}: {retry.reason}; GitHub asks to wait {wait:.0f} s, more than the "
                f"{deadline.remaining():.0f} s left of the {self.budget.seconds:g} s this "
                f"command may spend on the GitHub API ({DEADLINE_VARIABLE})"), retry.status)
        self._sleep(wait)

    def _out_of_time(self, method: str, url: str) -> str:
        return self.scrub(
            f"the GitHub API did not answer within {self.budget.seconds:g} s ({method} "
            f"{self._show(url)}); that is the time all GitHub API calls of one command may "
            f"take ({DEADLINE_VARIABLE})")

    def _raise_for(self, method: str, url: str, status: int, headers: Message, data: Any
                   ) -> None:
        message = data.get("message", "") if isinstance(data, dict) else ""
        message = message if isinstance(message, str) else ""
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
        if status in net.REDIRECTS or status == 304:
            hint = "a redirect without a Location to follow"
        elif status == 401:
            hint = ("the token is invalid or expired; set GITHUB_TOKEN to a valid token "
                    "(in a workflow: ${{ github.token }})")
        elif status == 403:
            hint = (f"the token may not do {self.what}: give the workflow {self.permission} "
                    "(a pull request from a fork gets a read-only token; see docs/ci.md)")
        elif status == 404:
            hint = ("no such repository (or pull request), or the token cannot see it: check "
                    "the repository name, and that the token may read it ('contents: read' "
                    "for a private repository)")
        elif status == 422:
            hint = "GitHub rejected the request as invalid"
        else:
            hint = "unexpected answer"
        raise GitHubError(self.scrub(f"{where}: {reason}: {hint}"), status)

    def _backoff(self, attempt: int) -> float:
        # Exponential with jitter, so that many jobs retrying at once spread out.
        return float(self.backoff * (2 ** (attempt - 1)) * (1 + random.random() / 4))

    def _show(self, url: str) -> str:
        """A URL as shown in messages: the path and query, without the API root."""
        if url.startswith(self.api_url):
            return url[len(self.api_url):] or "/"
        return net.shown(url)

    def _check_origin(self, url: str, what: str) -> None:
        """A URL off the API's origin (a pagination link, say) would carry the token away."""
        try:
            origin = net.Origin.of(url)
        except net.Refused as exc:
            raise GitHubError(self.scrub(f"{what}: {exc}; not followed")) from None
        if origin != self.origin:
            raise GitHubError(self.scrub(
                f"{what} is on another origin, {origin}; not followed (the token is sent "
                f"to {self.origin} only)"))


class _Retry(Exception):
    def __init__(self, status: int | None, reason: str, wait: float | None, *,
                 sent: bool = False) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.wait = wait
        #: The request may have reached GitHub (a network failure, not an answer).
        self.sent = sent


def _json(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return None  # GitHub's front end answers some 5xx with an HTML page


def _retry_after(headers: Message) -> float | None:
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return max(seconds, 0.0) if math.isfinite(seconds) else None


def _reset_wait(headers: Message) -> float | None:
    value = headers.get("x-ratelimit-reset")
    try:
        reset = float(value) if value else None
    except ValueError:
        return None
    if reset is None or not math.isfinite(reset):
        return None
    return max(reset - time.time(), 0.0) + 1.0
