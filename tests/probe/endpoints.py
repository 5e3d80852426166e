"""Scripted loopback HTTP(S) endpoints and test certificates for the probe tests."""

from __future__ import annotations

import asyncio
import datetime as dt
import ssl
from dataclasses import dataclass, field
from pathlib import Path

import trustme


@dataclass(frozen=True)
class Reply:
    """What a scripted endpoint answers: a status and body after a delay, raw bytes, or nothing at all."""

    status: int = 200
    reason: str = "OK"
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "application/json"),)
    body: bytes = b'{"ok":true}'
    delay: float = 0.0
    delays: tuple[float, ...] = ()  # per request, in order (then `delay`): a slow first answer, fast later ones
    hang: bool = False
    raw: bytes | None = None


@dataclass(frozen=True)
class SeenRequest:
    """A request as the endpoint received it."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    raw: bytes


@dataclass
class LoopbackServer:
    """An HTTP/1.1 endpoint on 127.0.0.1, port 0, that records every connection and request."""

    reply: Reply = field(default_factory=Reply)
    tls: ssl.SSLContext | None = None
    connections: int = 0
    requests: list[SeenRequest] = field(default_factory=list)
    port: int = 0
    _server: asyncio.Server | None = None
    _handlers: set[asyncio.Task[None]] = field(default_factory=set)

    def url(self, path: str = "/hook", host: str = "127.0.0.1", userinfo: str = "") -> str:
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://{userinfo}{host}:{self.port}{path}"

    async def __aenter__(self) -> LoopbackServer:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._handlers):
            task.cancel()
        await asyncio.gather(*self._handlers, return_exceptions=True)
        await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        self.connections += 1
        try:
            if self.tls is not None:  # handshake here, so a failed one is this handler's business
                await writer.start_tls(self.tls)
            await self._serve(reader, writer)
        except (OSError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            writer.close()
            self._handlers.discard(task)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        self.requests.append(SeenRequest(method, target, headers, body, head + body))
        reply = self.reply
        if reply.hang:
            await asyncio.Event().wait()
        served = len(self.requests) - 1
        await asyncio.sleep(reply.delays[served] if served < len(reply.delays) else reply.delay)
        writer.write(reply.raw if reply.raw is not None else _response(reply))
        await writer.drain()


def _response(reply: Reply) -> bytes:
    headers = [*reply.headers, ("Content-Length", str(len(reply.body))), ("Connection", "close")]
    lines = [f"HTTP/1.1 {reply.status} {reply.reason}", *(f"{k}: {v}" for k, v in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + reply.body


@dataclass
class Certificates:
    """A trusted test CA (its bundle in `ca_bundle`) and a stranger CA; issues server TLS contexts."""

    ca: trustme.CA
    stranger: trustme.CA
    ca_bundle: Path

    def server(
        self,
        *identities: str,
        ca: trustme.CA | None = None,
        not_after: dt.datetime | None = None,
        sni_seen: list[str] | None = None,
    ) -> ssl.SSLContext:
        now = dt.datetime.now(dt.UTC)
        cert = (ca or self.ca).issue_cert(
            *(identities or ("localhost", "127.0.0.1")),
            not_before=now - dt.timedelta(days=60),
            not_after=not_after or now + dt.timedelta(days=365),
        )
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cert.configure_cert(context)
        if sni_seen is not None:

            def record_sni(_obj: ssl.SSLObject, name: str | None, _ctx: ssl.SSLContext) -> None:
                sni_seen.append(name or "")

            context.sni_callback = record_sni
        return context
