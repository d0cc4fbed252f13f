"""A real HTTP server on 127.0.0.1 serving chosen bodies, for tests that fetch URLs.

``serve`` registers a path; every request's path is recorded (and its headers, in
``seen``), so a test can also assert that nothing was fetched, or that no
``Authorization`` header arrived. Unknown paths answer 404.

Hostile answers for limit tests: ``wait`` (say nothing for a while), ``trickle`` (the body
in 64-byte pieces), ``header_drip`` (endless header lines, one per interval), ``byte_drip``
(one endless header line, one byte per interval), ``endless`` (a body that never ends),
and any ``headers`` (a ``Location`` for a redirect, 150 headers, a 70 kB header line).
``StaticServer(tls=True)`` serves HTTPS with the test certificate (``tests/data/tls``);
the ``trust_test_ca`` fixture makes the client trust it.
"""

from __future__ import annotations

import contextlib
import itertools
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

TLS = Path(__file__).parent / "data" / "tls"


@dataclass(frozen=True)
class Route:
    body: bytes
    status: int = 200
    content_type: str = "application/json"
    wait: float = 0.0  # seconds before answering at all
    trickle: float = 0.0  # seconds between 64-byte pieces of the body
    announce: bool = True  # send Content-Length
    headers: tuple[tuple[str, str], ...] = ()
    header_drip: float = 0.0  # seconds between endless header lines
    byte_drip: float = 0.0  # seconds between the bytes of one endless header line
    endless: bool = False  # the body never ends


def server_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS / "server.pem", TLS / "server.key")
    return context


class StaticServer:
    def __init__(self, *, tls: bool = False) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self.seen: list[dict[str, str]] = []  # each request's headers, lower-case names
        self.closing = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                server.seen.append({k.lower(): v for k, v in self.headers.items()})
                route = server.routes.get(self.path) or Route(b"not here", 404, "text/plain")
                # the client may give up first (a timeout or size cap under test)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError, ssl.SSLError):
                    server.answer(self, route)

            do_POST = do_PATCH = do_GET

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        if tls:
            self.httpd.socket = server_context().wrap_socket(self.httpd.socket, server_side=True)
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def answer(self, handler: BaseHTTPRequestHandler, route: Route) -> None:
        if route.wait:
            self.closing.wait(route.wait)
        handler.send_response(route.status)
        handler.send_header("Content-Type", route.content_type)
        for name, value in route.headers:
            handler.send_header(name, value)
        if route.header_drip or route.byte_drip:
            handler.flush_headers()
            self._drip(handler, route)
            return
        if route.endless:
            handler.end_headers()
            piece = b" " * 65536
            while not self.closing.is_set():
                handler.wfile.write(piece)
            return
        if route.announce:
            handler.send_header("Content-Length", str(len(route.body)))
        handler.end_headers()
        step = 64 if route.trickle else len(route.body) or 1
        for start in range(0, len(route.body), step):
            handler.wfile.write(route.body[start : start + step])
            if route.trickle:
                handler.wfile.flush()
                self.closing.wait(route.trickle)

    def _drip(self, handler: BaseHTTPRequestHandler, route: Route) -> None:
        """Header lines that never end: one a ``header_drip``, or one byte a ``byte_drip``
        inside a single line."""
        if route.byte_drip:
            handler.wfile.write(b"X-Slow: ")
        for number in itertools.count():
            if self.closing.is_set():
                return
            line = b"a" if route.byte_drip else f"X-Drip-{number}: x\r\n".encode()
            handler.wfile.write(line)
            handler.wfile.flush()
            self.closing.wait(route.byte_drip or route.header_drip)

    def serve(self, path: str, body: str | bytes = b"", **options: Any) -> str:
        raw = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(raw, **options)
        return self.url + path

    def redirect(self, path: str, target: str, status: int = 302) -> str:
        """``path`` answers ``status`` with ``Location: target``."""
        return self.serve(path, b"", status=status, content_type="text/plain",
                          headers=(("Location", target),))

    def close(self) -> None:
        self.closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()


class Listener:
    """A bare listening socket that records whether anything connected (an FTP or other
    server a client must never reach)."""

    def __init__(self) -> None:
        import socket

        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(4)
        self.socket.settimeout(0.05)
        self.port = self.socket.getsockname()[1]

    def connections(self) -> int:
        """How many connections arrived (and were waiting to be accepted)."""
        count = 0
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return count
            connection.close()
            count += 1

    def close(self) -> None:
        self.socket.close()


@pytest.fixture
def static_server() -> Iterator[StaticServer]:
    server = StaticServer()
    yield server
    server.close()


@pytest.fixture
def tls_server(trust_test_ca: Path) -> Iterator[StaticServer]:
    server = StaticServer(tls=True)
    yield server
    server.close()


@pytest.fixture
def trust_test_ca(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make clients trust the test certificate authority (and nothing else)."""
    monkeypatch.setenv("SSL_CERT_FILE", str(TLS / "ca.pem"))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    return TLS / "ca.pem"


@pytest.fixture
def listener() -> Iterator[Listener]:
    bare = Listener()
    yield bare
    bare.close()

