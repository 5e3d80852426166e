"""Carrying out a fault on one ASGI request: error answers, spoiled bodies, hangs and dropped connections."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from telnyx_doctor.sandbox.faults import BODY_KINDS, Fault, spoil_body
from telnyx_doctor.sandbox.responses import Family
from telnyx_doctor.sandbox.state import SandboxState
from telnyx_doctor.sandbox.views import error_item

# HTTP status → the Telnyx code, title and detail an error of that status carries (reference §10).
_STATUS_ERRORS: dict[int, tuple[str, str, str]] = {
    400: ("10015", "Bad Request", "The request could not be understood."),
    401: ("10009", "Authentication failed", "Could not understand the provided credentials."),
    403: ("10010", "Authorization failed", "You are not authorized to access the requested resource."),
    404: ("10005", "Resource not found", "The requested resource or URL could not be found."),
    408: ("10008", "Request timeout", "The request took too long to process."),
    409: ("10036", "Resource is being processed", "A request for this resource is already being processed."),
    422: ("10015", "Bad Request", "The request could not be processed."),
    429: ("10011", "Too many requests", "You have exceeded the maximum number of allowed requests."),
    500: ("10007", "Unexpected error", "An unexpected error occurred."),
    502: ("10007", "Bad gateway", "An upstream service answered badly; please retry."),
    503: ("10007", "Service unavailable", "The service is temporarily unavailable; please retry."),
    504: ("10008", "Gateway timeout", "An upstream service did not answer in time; please retry."),
}
_HTML = (
    b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>"
    b"<body><h1>Bad Gateway</h1><p>The proxy received an invalid response.</p></body></html>\n"
)
_MALFORMED = b'{"data": {"id": "1293384261075731499", "record_type": "messaging_settings", "phone_number": '


class ConnectionDropped(ConnectionError):
    """Raised where there is no socket to close (in-process transports), to stand for a dropped connection."""


@dataclass
class CapturedResponse:
    """A response an ASGI app produced, held back so a fault can change it."""

    status: int = 500
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""

    def header(self, name: bytes) -> bytes | None:
        """The first value of header `name` (lower-case)."""
        return next((v for k, v in self.headers if k.lower() == name), None)


async def capture(app: ASGIApp, scope: Scope, receive: Receive) -> CapturedResponse:
    """Run `app` and collect its response instead of sending it."""
    captured = CapturedResponse()
    chunks: list[bytes] = []

    async def keep(message: Message) -> None:
        if message["type"] == "http.response.start":
            captured.status = message["status"]
            captured.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, keep)
    captured.body = b"".join(chunks)
    return captured


async def send_raw(
    send: Send, status: int, body: bytes, content_type: bytes, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    """Send a complete response."""
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()), *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def send_error(
    send: Send, status: int, family: Family, fault: Fault | None = None, retry_after: int | None = None
) -> None:
    """A Telnyx error body for `status` (a fault may override its code and detail)."""
    code, title, detail = _STATUS_ERRORS.get(status, _STATUS_ERRORS[500 if status >= 500 else 400])
    if fault is not None:
        code, detail = fault.code or code, fault.detail or detail
    body = json.dumps({"errors": [error_item(code, title, detail, meta=family != "10dlc")]}).encode()
    extra = [(b"retry-after", str(retry_after).encode())] if retry_after is not None else []
    await send_raw(send, status, body, b"application/json", extra)


RAW_SEND = "telnyx_doctor.sandbox.raw_send"  # scope key: the server's own `send`, before any wrapping


async def drop_connection(scope: Scope, send: Send) -> None:
    """Close the client's connection without (further) answer.

    ASGI has no message for this, so reach the socket through uvicorn's per-request cycle, which its
    `send` is bound to; elsewhere (httpx.ASGITransport) raise ConnectionDropped instead.
    """
    raw = scope.get(RAW_SEND, send)
    transport = getattr(getattr(raw, "__self__", None), "transport", None)
    if transport is None:
        raise ConnectionDropped("the sandbox dropped the connection")
    transport.close()
    for _ in range(3):  # let uvicorn see the connection go before the app returns
        await asyncio.sleep(0)


async def _until_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def hang(state: SandboxState, scope: Scope, receive: Receive, send: Send) -> None:
    """Answer nothing until the client hangs up or the sandbox stops, then drop the connection."""
    waiters = {
        asyncio.ensure_future(_until_disconnect(receive)),
        asyncio.ensure_future(state.wait_closing()),
    }
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
        await asyncio.gather(*waiters, return_exceptions=True)
    await drop_connection(scope, send)


async def apply_fault(
    fault: Fault, state: SandboxState, app: ASGIApp, scope: Scope, receive: Receive, send: Send, family: Family
) -> None:
    """Answer the request the way `fault` says."""
    kind = fault.kind
    if kind == "status":
        await send_error(send, fault.status or 500, family, fault, fault.retry_after)
    elif kind == "rate_limit":
        await send_error(send, 429, family, fault, fault.retry_after)
    elif kind == "malformed_json":
        await send_raw(send, fault.status or 200, _MALFORMED, b"application/json")
    elif kind == "html":
        await send_raw(send, fault.status or 200, _HTML, b"text/html; charset=utf-8")
    elif kind == "empty":
        await send_raw(send, fault.status or 200, b"", b"application/json")
    elif kind == "drop":
        await drop_connection(scope, send)
    elif kind == "hang":
        await hang(state, scope, receive, send)
    elif kind == "delay":
        await state.sleep(fault.seconds or 0.0)
        await app(scope, receive, send)
    elif kind == "truncated":
        full = await capture(app, scope, receive)
        await send({"type": "http.response.start", "status": full.status, "headers": full.headers})
        await send({"type": "http.response.body", "body": full.body[: len(full.body) // 2], "more_body": True})
        await drop_connection(scope, send)
    elif kind in BODY_KINDS:
        await _spoiled(fault, app, scope, receive, send)


async def _spoiled(fault: Fault, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    full = await capture(app, scope, receive)
    content_type = full.header(b"content-type") or b""
    body: Any = None
    if 200 <= full.status < 300 and content_type.startswith(b"application/json"):
        body = spoil_body(fault.kind, json.loads(full.body), fault.fields)
    if body is None:  # not a JSON success: nothing to spoil, pass it on untouched
        await send_raw(send, full.status, full.body, content_type or b"application/json")
        return
    await send_raw(send, full.status, json.dumps(body).encode(), b"application/json")
