"""Serve a WSGI app (werkzeug) or an ASGI app (uvicorn) on 127.0.0.1, port 0, in a thread; yield its base URL."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def serve_wsgi(app: Any) -> Iterator[str]:
    """A real werkzeug server (what `flask run` uses) for a WSGI app."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@contextmanager
def serve_asgi(app: Any) -> Iterator[str]:
    """A real uvicorn server for an ASGI app (FastAPI, Django's ASGI handler)."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.started, "uvicorn did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)


@contextmanager
def serve_recorded(status: int, headers: dict[str, str], body: bytes) -> Iterator[str]:
    """A tiny loopback server replaying one recorded answer (status, headers, body) to every request, verbatim.

    Only the recorded headers are sent (no Server or Date of its own), so the probe sees what the edge sent.
    """
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Replay(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _replay(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response_only(status)
            for name, value in headers.items():
                if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_POST = do_GET = do_HEAD = _replay

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet test output

    server = ThreadingHTTPServer(("127.0.0.1", 0), Replay)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/webhooks/telnyx"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
