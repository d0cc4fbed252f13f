"""The one HTTP layer of catalog-lint: every request to a URL goes through :func:`request`
(the GitHub API client, catalog exports, Location targets), so the rules live here:

- **Schemes**: http and https only. Every hop's URL (the first, and each redirect's) is
  checked *before* a connection is opened: a redirect to ``ftp://`` or ``file://`` is
  refused, never followed.
- **Redirects** are followed by this module, not by ``urllib`` (which would follow them
  with every header, ``Authorization`` included): at most :data:`MAX_REDIRECTS`, never
  from https to http, and, when the caller pins an :class:`Origin` (the GitHub client:
  the token rides along), never to another scheme, host or port. A 301, 302 or 303
  answer to a write (POST, PATCH, PUT, DELETE) is an error: following it would turn the
  write into a GET and drop its body, and the caller would believe the write was done.
- **One deadline** for the whole exchange: connecting, every header line, every body
  byte, every redirect. A per-socket timeout is not enough (a server sending one byte a
  second never trips it), so a watchdog shuts the socket down when the deadline passes.
- **A size cap**: an announced ``Content-Length`` over the cap is refused before the body
  is read, and at most cap + 1 bytes are ever read.
- **Malformed answers** (more than 100 header lines, a header line over 64 KiB, a broken
  status line) are one-line errors, like every failure here: :class:`NetError`.

Proxies named by the environment (``https_proxy``, ``no_proxy``) are honoured, as
``urllib`` does. Name resolution (DNS) is the one step the deadline cannot interrupt.
"""

from __future__ import annotations

import ipaddress
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the transport (http.client, ssl: 20 ms) is imported by a request
    from email.message import Message

SCHEMES = ("http", "https")
#: Statuses that carry a ``Location`` to follow.
REDIRECTS = frozenset({301, 302, 303, 307, 308})
#: Redirects that may turn the method into GET (and so may not follow a write).
REDIRECTS_TO_GET = frozenset({301, 302, 303})
WRITES = frozenset({"POST", "PATCH", "PUT", "DELETE"})
MAX_REDIRECTS = 5
#: http.client's own limits (private names, so they are repeated here for messages).
MAX_HEADER_LINE = 65536
MAX_HEADERS = 100


class NetError(Exception):
    """A request that failed. ``str()`` is one line, safe to show: it never holds a
    header value (the token) and names origins rather than whole URLs."""


class TimedOut(NetError):
    """No complete answer in time: the deadline (``whole``) or the idle timeout."""

    def __init__(self, message: str, *, whole: bool) -> None:
        super().__init__(message)
        self.whole = whole


class TooLarge(NetError):
    """The answer is over the size cap; ``announced`` is its ``Content-Length`` if given."""

    def __init__(self, limit: int, announced: int | None) -> None:
        size = f"{announced:,} bytes" if announced is not None else f"more than {limit:,} bytes"
        super().__init__(f"the answer is {size}, over the limit of {limit:,}")
        self.limit = limit
        self.announced = announced


class Refused(NetError):
    """A URL or redirect this layer does not follow (scheme, origin, downgrade, write)."""


class Unreachable(NetError):
    """The connection could not be made or broke (worth a retry for a read)."""


class BadAnswer(NetError):
    """The server's answer is not HTTP this layer accepts (too many headers, ...)."""


@dataclass(frozen=True)
class Origin:
    """Scheme, host and port: what a token is tied to."""

    scheme: str
    host: str  # lower case; an IPv6 address without brackets
    port: int

    @classmethod
    def of(cls, url: str) -> Origin:
        """The origin of an http(s) URL; :class:`Refused` for anything else."""
        try:
            parts = urllib.parse.urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise Refused(f"not a valid URL ({exc})") from None
        scheme = parts.scheme.lower()
        if scheme not in SCHEMES:
            raise Refused(f"{scheme + '://' if scheme else 'no scheme'}: only http:// and "
                          "https:// are fetched")
        if not parts.hostname:
            raise Refused("no host in the URL")
        return cls(scheme, parts.hostname.lower(), port or _default_port(scheme))

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = "" if self.port == _default_port(self.scheme) else f":{self.port}"
        return f"{self.scheme}://{host}{port}"

    @property
    def loopback(self) -> bool:
        """127.0.0.0/8, ::1 or ``localhost``: this machine, where plain http is harmless."""
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def shown(url: str) -> str:
    """A URL's scheme and host (and port), for messages about where a redirect led."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}" if parts.netloc else url


class Deadline:
    """A point in time (monotonic clock) by which an exchange must be complete."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(self.at - time.monotonic(), 0.0)


class TimeBudget:
    """The time a command may spend on a kind of request (the GitHub API; URL targets of
    Locations), spent request by request: the work between requests is not counted."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.spent = 0.0

    def remaining(self) -> float:
        return max(self.seconds - self.spent, 0.0)

    @contextmanager
    def spend(self, at_most: float | None = None) -> Iterator[Deadline]:
        """A deadline for one request (with its retries) at what is left of the budget,
        or ``at_most`` seconds when that is less."""
        started = time.monotonic()
        remaining = self.remaining()
        try:
            yield Deadline(remaining if at_most is None else min(at_most, remaining))
        finally:
            self.spent += time.monotonic() - started


def seconds_from(environ: Mapping[str, str], name: str, default: float
                 ) -> tuple[float, str | None]:
    """The number of seconds the environment variable ``name`` sets (``default`` when it
    is unset), and what is wrong with its value, if anything (``default`` is then used)."""
    text = environ.get(name, "").strip()
    if not text:
        return default, None
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        return default, f"{name}={text!r}: not a positive number of seconds"
    return seconds, None


@dataclass
class Answer:
    url: str  # after redirects
    status: int
    reason: str
    headers: Message
    body: bytes

    @property
    def content_type(self) -> str:
        """The media type announced, lower case ("" if none)."""
        if not self.headers.get("Content-Type"):
            return ""
        return self.headers.get_content_type().lower()


def request(method: str, url: str, *, deadline: Deadline, max_bytes: int,
            headers: Mapping[str, str] | None = None, body: bytes | None = None,
            idle_timeout: float | None = None, pinned: Origin | None = None) -> Answer:
    """Send one request and return the answer, whatever its status (redirects followed
    under the rules above). ``pinned``: every hop must be on this origin. ``idle_timeout``:
    the longest wait for any one step (connecting, the next bytes), within the deadline.
    Raises :class:`NetError`."""
    from catalog_lint import net_transport as transport

    watchdog = transport.Watchdog(deadline)
    try:
        current = url
        previous: Origin | None = None
        for _hop in range(MAX_REDIRECTS + 1):
            origin = _check_hop(current, previous, pinned)
            response = transport.open_response(method, current, headers or {}, body,
                                               deadline, idle_timeout, watchdog)
            try:
                status = response.status
                location = response.headers.get("Location")
                if status in REDIRECTS and location:
                    target = urllib.parse.urljoin(current, location.strip())
                    if method in WRITES and status in REDIRECTS_TO_GET:
                        raise Refused(
                            f"answered {status} {response.reason} to a {method}, redirecting to "
                            f"{shown(target)}: following it would turn the write into a read; "
                            "not followed, nothing was written")
                    previous, current = origin, target
                    continue
                data = transport.read_capped(response, max_bytes, watchdog)
                return Answer(current, status, response.reason, response.headers, data)
            finally:
                response.close()
        raise Refused(f"more than {MAX_REDIRECTS} redirects; not followed")
    except NetError:
        if watchdog.fired:
            raise deadline_passed(deadline) from None
        raise
    except transport.FAILURES as exc:
        raise transport.translate(exc, deadline, watchdog, idle_timeout) from None
    finally:
        watchdog.stop()


def _check_hop(url: str, previous: Origin | None, pinned: Origin | None) -> Origin:
    """The origin of the next URL to connect to, checked before connecting."""
    try:
        origin = Origin.of(url)
        if "@" in urllib.parse.urlsplit(url).netloc:
            raise Refused("a URL with a user name or password is not fetched")
    except Refused as exc:
        if previous is None:
            raise
        raise Refused(f"redirected to {shown(url)}: {exc}; not followed") from None
    if previous is not None and previous.scheme == "https" and origin.scheme == "http":
        raise Refused(f"redirected from {previous} to {origin}, from https to plain http; "
                      "not followed")
    if pinned is not None and origin != pinned:
        where = "redirected" if previous is not None else "asked"
        raise Refused(f"{where} to {origin}, another origin than {pinned}; not followed "
                      "(the token is sent to that origin only)")
    return origin


def deadline_passed(deadline: Deadline) -> TimedOut:
    return TimedOut(f"no complete answer within {deadline.seconds:g} seconds", whole=True)
