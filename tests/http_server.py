"""A real HTTP server on 127.0.0.1 serving chosen bodies, for tests that fetch URLs.

``serve`` registers a path; every request's path is recorded, so a test can also assert
that nothing was fetched. Unknown paths answer 404.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass(frozen=True)
class Route:
    body: bytes
    status: int = 200
    content_type: str = "application/json"
    wait: float = 0.0  # seconds before answering at all
    trickle: float = 0.0  # seconds between 64-byte pieces of the body
    announce: bool = True  # send Content-Length


class StaticServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                route = server.routes.get(self.path) or Route(b"not here", 404, "text/plain")
                if route.wait:
                    time.sleep(route.wait)
                try:
                    self.send_response(route.status)
                    self.send_header("Content-Type", route.content_type)
                    if route.announce:
                        self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    step = 64 if route.trickle else len(route.body) or 1
                    for start in range(0, len(route.body), step):
                        self.wfile.write(route.body[start : start + step])
                        if route.trickle:
                            self.wfile.flush()
                            time.sleep(route.trickle)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout or size cap under test)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def serve(self, path: str, body: str | bytes, **options: Any) -> str:
        raw = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(raw, **options)
        return self.url + path

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def static_server() -> Iterator[StaticServer]:
    server = StaticServer()
    yield server
    server.close()
