"""Loopback HTTP(S) endpoints for the probe tests: scripted asyncio servers, a uvicorn app, trustme certificates."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import threading
from collections.abc import AsyncIterator, Callable, Iterator

import pytest
import trustme

from .endpoints import Certificates, LoopbackServer, Reply


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def loopback() -> Callable[..., LoopbackServer]:
    """Make a loopback endpoint: `async with loopback(Reply(...), tls=ctx) as server`."""

    def make(reply: Reply | None = None, tls: ssl.SSLContext | None = None) -> LoopbackServer:
        return LoopbackServer(reply=reply or Reply(), tls=tls)

    return make


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    ca = trustme.CA()
    bundle = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    return Certificates(ca=ca, stranger=trustme.CA(), ca_bundle=bundle)


@pytest.fixture(scope="session")
def uvicorn_url() -> Iterator[str]:
    """A real uvicorn + starlette app on port 0 in a thread: /ok answers JSON, /stream a large chunked body."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, StreamingResponse
    from starlette.routing import Route

    async def ok(request: Request) -> JSONResponse:
        body = await request.body()
        return JSONResponse({"received": len(body)})

    async def stream(request: Request) -> StreamingResponse:
        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(64):
                yield b"x" * 1024

        return StreamingResponse(chunks(), media_type="text/plain")

    app = Starlette(routes=[Route("/ok", ok, methods=["POST"]), Route("/stream", stream, methods=["POST"])])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = dt.datetime.now() + dt.timedelta(seconds=10)
    while not server.started and dt.datetime.now() < deadline:
        threading.Event().wait(0.01)
    assert server.started, "uvicorn did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)
