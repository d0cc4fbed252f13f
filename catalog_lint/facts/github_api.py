"""A small GitHub REST client on the standard library (``urllib``).

The token comes from ``GITHUB_TOKEN`` and goes into the ``Authorization`` header only:
it is never printed, logged, or put in a message or a report (every message this module
builds is scrubbed of it). ``GITHUB_API_URL`` points at GitHub Enterprise Server
(``https://HOST/api/v3``). Server errors (500/502/503/504) are retried twice with a short
pause; a secondary rate limit (403/429 with ``retry-after``) is retried once when the
wait is short, and otherwise reported.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from catalog_lint import __version__

DEFAULT_API_URL = "https://api.github.com"
API_VERSION = "2022-11-28"
RETRYABLE = frozenset({500, 502, 503, 504})
MAX_RATE_LIMIT_WAIT = 10.0  # seconds we are willing to wait for a secondary rate limit


@dataclass
class Response:
    status: int
    body: Any
    headers: Mapping[str, str]

    @property
    def message(self) -> str:
        if isinstance(self.body, dict) and isinstance(self.body.get("message"), str):
            return str(self.body["message"])
        return ""


class GitHubError(Exception):
    """The API could not be asked (network, timeout); the message is safe to show."""


class GitHubClient:
    def __init__(self, token: str, api_url: str = DEFAULT_API_URL, *, timeout: float = 10.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._token = token
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout
        self._sleep = sleep

    def scrub(self, text: str) -> str:
        """``text`` with the token removed, whatever put it there."""
        return text.replace(self._token, "***") if self._token else text

    def request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
                body: Any = None) -> Response:
        """One call (with retries), ``path`` relative to the API root, or a full URL
        (a ``Link`` header's ``next``)."""
        url = path if path.startswith(("http://", "https://")) else self.api_url + path
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        attempts = 0
        while True:
            attempts += 1
            response = self._once(method, url, body)
            if response.status in RETRYABLE and attempts <= 2:
                self._sleep(0.5 * attempts)
                continue
            wait = _rate_limit_wait(response)
            if wait is not None and attempts == 1 and wait <= MAX_RATE_LIMIT_WAIT:
                self._sleep(wait)
                continue
            return response

    def _once(self, method: str, url: str, body: Any) -> Response:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", "application/vnd.github+json")
        request.add_header("X-GitHub-Api-Version", API_VERSION)
        request.add_header("User-Agent", f"catalog-lint/{__version__}")
        request.add_header("Authorization", f"Bearer {self._token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return Response(answer.status, _json(answer.read()), dict(answer.headers))
        except urllib.error.HTTPError as error:
            with error:
                return Response(error.code, _json(error.read()), dict(error.headers or {}))
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise GitHubError(self.scrub(f"cannot reach {self.api_url}: {reason}")) from None

    def get_all(self, path: str, *, per_page: int = 100) -> tuple[Response, list[Any]]:
        """Every page of a list endpoint (following ``Link: rel="next"``). Returns the
        last response and the items; stop at the first non-200 answer."""
        items: list[Any] = []
        response = self.request("GET", path, params={"per_page": per_page})
        for _ in range(100):  # a runaway Link chain stops somewhere
            if response.status != 200 or not isinstance(response.body, list):
                return response, items
            items.extend(response.body)
            following = next_link(response.headers)
            if following is None:
                break
            response = self.request("GET", following)
        return response, items


def _json(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _rate_limit_wait(response: Response) -> float | None:
    if response.status not in (403, 429):
        return None
    headers = {k.lower(): v for k, v in response.headers.items()}
    if "retry-after" in headers:
        try:
            return float(headers["retry-after"])
        except ValueError:
            return None
    if headers.get("x-ratelimit-remaining") == "0":
        return float("inf")  # the primary limit: waiting is not an option for a linter
    return None


def next_link(headers: Mapping[str, str]) -> str | None:
    """The ``rel="next"`` URL of a ``Link`` header."""
    link = next((v for k, v in headers.items() if k.lower() == "link"), "")
    for part in link.split(","):
        url, _, rel = part.partition(";")
        if 'rel="next"' in rel:
            return url.strip().strip("<>")
    return None


def explain(response: Response, what: str) -> str:
    """A one-line, token-free explanation of a failed answer."""
    status = response.status
    detail = f" ({response.message})" if response.message else ""
    if status == 401:
        return f"{what}: 401 Unauthorized{detail}: GITHUB_TOKEN is invalid or expired"
    if status in (403, 429) and _rate_limit_wait(response) is not None:
        return f"{what}: {status}, rate limited{detail}; try again later"
    if status == 403:
        return f"{what}: 403 Forbidden{detail}: the token lacks the permission to read this"
    if status == 404:
        return (f"{what}: 404 Not Found{detail}: the repository does not exist or the token "
                "cannot see it")
    return f"{what}: HTTP {status}{detail}"
