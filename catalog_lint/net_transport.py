"""The transport under :func:`catalog_lint.net.request`: ``urllib``'s opener with this
layer's handlers, a watchdog that enforces the deadline on the sockets, the size cap, and
one :class:`~catalog_lint.net.NetError` for whatever the standard library raised. Apart
from :mod:`catalog_lint.net` so that a run that makes no request (no token, no URL to
fetch) does not import ``http.client`` and ``ssl``."""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from catalog_lint.net import (
    MAX_HEADER_LINE,
    MAX_HEADERS,
    BadAnswer,
    Deadline,
    NetError,
    Refused,
    TimedOut,
    TooLarge,
    Unreachable,
    deadline_passed,
)

_READ_SIZE = 65536
#: What the standard library raises for a request that failed.
FAILURES = (http.client.HTTPException, OSError, urllib.error.URLError, ValueError)


def open_response(method: str, url: str, headers: Mapping[str, str], body: bytes | None,
          deadline: Deadline, idle_timeout: float | None, watchdog: Watchdog
          ) -> http.client.HTTPResponse:
    remaining = deadline.remaining()
    if remaining <= 0:
        raise deadline_passed(deadline)
    wait = min(remaining, idle_timeout) if idle_timeout else remaining
    prepared = urllib.request.Request(url, data=body, method=method, headers=dict(headers))
    opener = urllib.request.OpenerDirector()
    # No HTTPErrorProcessor and no HTTPRedirectHandler: every answer comes back as it is,
    # and redirects are this module's business. No FTP, file or data handlers either.
    for handler in (urllib.request.ProxyHandler(), _HTTPHandler(watchdog),
                    _HTTPSHandler(watchdog), urllib.request.UnknownHandler()):
        opener.add_handler(handler)
    response: http.client.HTTPResponse = opener.open(prepared, timeout=wait)
    return response


def read_capped(response: http.client.HTTPResponse, max_bytes: int, watchdog: Watchdog
                 ) -> bytes:
    announced = (response.headers.get("Content-Length") or "").strip()
    if announced.isdigit() and int(announced) > max_bytes:
        raise TooLarge(max_bytes, int(announced))
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read1(min(_READ_SIZE, max_bytes + 1 - size))
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise TooLarge(max_bytes, None)
        chunks.append(chunk)
    if watchdog.fired:  # the socket was shut down: what came is not the whole answer
        raise TimedOut("deadline", whole=True)
    return b"".join(chunks)


def translate(exc: BaseException, deadline: Deadline, watchdog: Watchdog,
               idle_timeout: float | None) -> NetError:
    """One :class:`NetError` for whatever ``urllib``, ``http.client`` or a socket raised."""
    if watchdog.fired or deadline.remaining() <= 0:
        return deadline_passed(deadline)
    reason: Any = getattr(exc, "reason", exc) if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return TimedOut(f"no answer within {idle_timeout:g} seconds" if idle_timeout
                        else "no answer in time", whole=False)
    if isinstance(reason, http.client.LineTooLong):
        return BadAnswer(f"a line of the answer is longer than {MAX_HEADER_LINE:,} bytes")
    if isinstance(reason, http.client.HTTPException) and "more than" in str(reason):
        return BadAnswer(f"the answer has more than {MAX_HEADERS} header lines")
    if isinstance(reason, http.client.RemoteDisconnected):
        return Unreachable("the server closed the connection without answering")
    if isinstance(reason, (http.client.BadStatusLine, http.client.IncompleteRead)):
        return BadAnswer(f"malformed answer ({type(reason).__name__})")
    if isinstance(reason, http.client.HTTPException):
        return BadAnswer(f"malformed answer ({type(reason).__name__}: {reason})")
    if isinstance(reason, ValueError):
        return Refused(f"not a valid request ({reason})")
    text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return Unreachable(f"cannot connect: {text}")


class Watchdog:
    """Shuts down the request's sockets when the deadline passes, so that a blocked read
    returns at once. It holds a duplicate of each socket (not the socket itself), so that
    shutting down never touches a descriptor the request has already closed and reused."""

    def __init__(self, deadline: Deadline) -> None:
        self.fired = False
        self._lock = threading.Lock()
        self._held: list[socket.socket] = []
        self._timer = threading.Timer(deadline.remaining(), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def connector(self, create: Callable[..., socket.socket]) -> Callable[..., socket.socket]:
        def connect(*args: Any, **kwargs: Any) -> socket.socket:
            sock = create(*args, **kwargs)
            duplicate = sock.dup()
            with self._lock:
                self._held.append(duplicate)
                fired = self.fired
            if fired:
                _shutdown(duplicate)
            return sock

        return connect

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            held = list(self._held)
        for sock in held:
            _shutdown(sock)

    def stop(self) -> None:
        self._timer.cancel()
        with self._lock:
            held, self._held = self._held, []
        for sock in held:
            sock.close()


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


class _WatchedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, *, watchdog: Watchdog, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._create_connection: Callable[..., socket.socket] = watchdog.connector(
            socket.create_connection)


class _WatchedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, *, watchdog: Watchdog, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        # the raw socket is watched: its shutdown ends the TLS layer above it too
        self._create_connection: Callable[..., socket.socket] = watchdog.connector(
            socket.create_connection)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, watchdog: Watchdog) -> None:
        super().__init__()
        self.watchdog = watchdog

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(partial(_WatchedHTTP, watchdog=self.watchdog), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, watchdog: Watchdog) -> None:
        super().__init__()
        self.watchdog = watchdog

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        context = getattr(self, "_context", None)
        return self.do_open(partial(_WatchedHTTPS, watchdog=self.watchdog), req,
                            context=context)
