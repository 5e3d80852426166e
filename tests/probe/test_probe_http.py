"""The probe over plain HTTP against loopback endpoints: statuses, timing verdicts, the signed request, bounds."""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from telnyx_doctor.probe import PROBE_EVENT_TYPE, ProbeResult, ProbeSettings, probe_url

from .endpoints import LoopbackServer, Reply

pytestmark = pytest.mark.anyio

Loopback = Callable[..., LoopbackServer]


def settings(**overrides: object) -> ProbeSettings:
    values: dict[str, object] = {"allow_private": True, "timeout": 2.0}
    values.update(overrides)
    return ProbeSettings(**values)  # type: ignore[arg-type]


async def test_a_200_answer_is_recorded_with_timings_and_a_bounded_excerpt(loopback: Loopback) -> None:
    """A healthy endpoint's status, reason, kept headers, body and phase timings are all recorded."""
    async with loopback(Reply(headers=(("Content-Type", "application/json"), ("Set-Cookie", "s=1")))) as server:
        result = await probe_url(server.url(), settings())
    assert result.error_kind is None
    assert (result.status_code, result.reason) == (200, "OK")
    assert result.connected and result.address == "127.0.0.1"
    assert result.body_excerpt == '{"ok":true}'
    assert result.response_headers["content-type"] == "application/json"
    assert "set-cookie" not in result.response_headers
    assert result.timings.dns_ms is not None and result.timings.connect_ms is not None
    assert result.timings.first_byte_ms is not None and result.timings.tls_ms is None
    assert not result.timed_out_budget and not result.slow
    assert len(server.requests) == 1 and server.requests[0].method == "POST"


@pytest.mark.parametrize(
    ("status", "reason"),
    [(204, "No Content"), (401, "Unauthorized"), (404, "Not Found"), (405, "Method Not Allowed"), (500, "Oops")],
)
async def test_any_status_is_recorded_as_an_answer_not_an_error(loopback: Loopback, status: int, reason: str) -> None:
    """Non-200 statuses are answers for the checks to judge, never probe errors."""
    body = b"" if status == 204 else b"nope"
    async with loopback(Reply(status=status, reason=reason, body=body)) as server:
        result = await probe_url(server.url(), settings())
    assert (result.status_code, result.reason, result.error_kind) == (status, reason, None)


async def test_a_redirect_is_reported_with_its_location_and_not_followed(loopback: Loopback) -> None:
    """A 301 is recorded with its Location, and the probe sends exactly one request."""
    reply = Reply(status=301, reason="Moved Permanently", headers=(("Location", "https://example.com/hook/"),))
    async with loopback(reply) as server:
        result = await probe_url(server.url(), settings())
    assert (result.status_code, result.location) == (301, "https://example.com/hook/")
    assert len(server.requests) == 1


async def test_an_answer_after_the_budget_is_flagged(loopback: Loopback) -> None:
    """An endpoint answering after Telnyx's budget still yields its status, flagged as over budget."""
    async with loopback(Reply(delay=0.3)) as server:
        result = await probe_url(server.url(), settings(budget=0.1, warn_after=0.05))
    assert result.status_code == 200 and result.error_kind is None
    assert result.timed_out_budget and result.slow


async def test_an_answer_after_the_warning_threshold_is_slow_but_within_budget(loopback: Loopback) -> None:
    """An endpoint slower than warn_after but within the budget is flagged slow only."""
    async with loopback(Reply(delay=0.15)) as server:
        result = await probe_url(server.url(), settings(budget=1.5, warn_after=0.05))
    assert result.slow and not result.timed_out_budget


async def test_an_endpoint_that_never_answers_ends_as_a_timeout(loopback: Loopback) -> None:
    """A silent endpoint makes the probe give up at its timeout with a timeout result."""
    async with loopback(Reply(hang=True)) as server:
        result = await probe_url(server.url(), settings(timeout=0.3, budget=0.1, warn_after=0.05))
    assert result.error_kind == "timeout"
    assert result.status_code is None and result.timed_out_budget
    assert "waiting for the response" in (result.error or "")


async def test_a_closed_port_is_refused(closed_port: int) -> None:
    """Nothing listening on the port is reported as refused, without a connection."""
    result = await probe_url(f"http://127.0.0.1:{closed_port}/hook", settings())
    assert result.error_kind == "refused" and not result.connected


async def test_a_private_address_is_rejected_without_connecting(loopback: Loopback) -> None:
    """Without allow_private, a loopback host is refused before any connection is attempted."""
    async with loopback() as server:
        result = await probe_url(server.url(), settings(allow_private=False))
    assert result.error_kind == "private_address"
    assert result.resolution is not None and result.resolution.private == ["127.0.0.1"]
    assert server.connections == 0 and not result.connected


async def test_the_probe_connects_to_the_vetted_address_and_sends_the_original_host(loopback: Loopback) -> None:
    """A named host is resolved once; the connection goes to that address with the original Host header."""
    async with loopback() as server:
        result = await probe_url(server.url(host="localhost"), settings())
    assert result.status_code == 200 and result.address in ("127.0.0.1", "::1")
    assert server.requests[0].headers["host"] == f"localhost:{server.port}"


async def test_the_request_carries_no_credentials(loopback: Loopback) -> None:
    """Credentials in the URL are never sent nor reported: no Authorization, no cookie, no user-info."""
    async with loopback() as server:
        result = await probe_url(server.url(userinfo="alice:s3cret@"), settings())
    seen = server.requests[0]
    assert not {"authorization", "proxy-authorization", "cookie"} & seen.headers.keys()
    assert b"s3cret" not in seen.raw and b"alice" not in seen.raw
    assert "s3cret" not in result.model_dump_json()
    assert seen.headers["user-agent"].startswith("telnyx-doctor/") and "webhook probe" in seen.headers["user-agent"]


async def test_the_signature_is_real_ed25519_over_timestamp_and_body_with_a_throwaway_key(
    loopback: Loopback,
) -> None:
    """The signature verifies with the run's throwaway public key and fails with any other key."""
    async with loopback() as server:
        result = await probe_url(server.url(), settings())
    seen = server.requests[0]
    timestamp = seen.headers["telnyx-timestamp"]
    signature = base64.b64decode(seen.headers["telnyx-signature-ed25519"])
    signed = timestamp.encode() + b"|" + seen.body
    assert result.signature_sent and result.signature_public_key is not None
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(result.signature_public_key))
    key.verify(signature, signed)
    with pytest.raises(InvalidSignature):
        Ed25519PrivateKey.generate().public_key().verify(signature, signed)
    assert abs(int(timestamp) - time.time()) < 60


async def test_the_body_is_a_telnyx_v2_envelope_for_a_non_message_probe_event(loopback: Loopback) -> None:
    """The POSTed JSON is a v2 envelope with a probe event type, a uuid, attempt 1 and delivered_to."""
    async with loopback() as server:
        url = server.url("/hooks/telnyx?tenant=7")
        await probe_url(url, settings())
    seen = server.requests[0]
    event = json.loads(seen.body)
    assert seen.headers["content-type"] == "application/json"
    assert seen.target == "/hooks/telnyx?tenant=7"
    assert event["data"]["event_type"] == PROBE_EVENT_TYPE
    assert event["data"]["record_type"] == "event"
    uuid.UUID(event["data"]["id"])
    assert event["data"]["occurred_at"] and event["data"]["payload"]
    assert event["meta"] == {"attempt": 1, "delivered_to": url}


async def test_head_mode_sends_a_bare_head_request(loopback: Loopback) -> None:
    """In head mode the probe sends HEAD with no body and no signature."""
    async with loopback(Reply(status=405, reason="Method Not Allowed", body=b"")) as server:
        result = await probe_url(server.url(), settings(mode="head"))
    seen = server.requests[0]
    assert seen.method == "HEAD" and seen.body == b""
    assert "telnyx-signature-ed25519" not in seen.headers
    assert result.method == "HEAD" and result.status_code == 405 and not result.signature_sent
    assert result.signature_public_key is None


async def test_the_body_excerpt_is_bounded(loopback: Loopback) -> None:
    """A large body is cut at max_body bytes and flagged as truncated."""
    async with loopback(Reply(body=b"a" * 100_000)) as server:
        result = await probe_url(server.url(), settings(max_body=1024))
    assert len(result.body_excerpt.encode()) == 1024 and result.body_truncated


async def test_control_characters_in_the_body_are_neutralised(loopback: Loopback) -> None:
    """Terminal escapes and invalid UTF-8 in a body cannot reach a report as they are."""
    async with loopback(Reply(body=b"ok\x1b[31m\xff\n")) as server:
        result = await probe_url(server.url(), settings())
    assert "\x1b" not in result.body_excerpt and result.body_excerpt.startswith("ok")


async def test_a_connection_closed_without_an_answer_is_a_connection_error(loopback: Loopback) -> None:
    """An endpoint that hangs up without a status line is a connection error."""
    async with loopback(Reply(raw=b"")) as server:
        result = await probe_url(server.url(), settings())
    assert result.error_kind == "connection" and "without answering" in (result.error or "")


async def test_an_answer_that_is_not_http_is_a_connection_error(loopback: Loopback) -> None:
    """Garbage instead of an HTTP status line is reported, not parsed."""
    async with loopback(Reply(raw=b"SSH-2.0-OpenSSH_9.6\r\n\r\n")) as server:
        result = await probe_url(server.url(), settings())
    assert result.error_kind == "connection" and "did not answer with HTTP" in (result.error or "")


@pytest.mark.parametrize("url", ["ftp://example.com/hook", "not a url", "https://exa mple.com/", "https:///x"])
async def test_an_invalid_url_is_reported_without_any_io(url: str) -> None:
    """A malformed or non-http(s) URL becomes an invalid_url result."""
    result = await probe_url(url, settings())
    assert result.error_kind == "invalid_url" and not result.connected


async def test_a_probe_result_round_trips_through_json(loopback: Loopback) -> None:
    """Probe results serialize to JSON and read back equal, so they can be recorded and replayed."""
    async with loopback() as server:
        result = await probe_url(server.url(), settings())
    assert ProbeResult.model_validate_json(result.model_dump_json()) == result


async def test_a_real_asgi_server_is_probed(uvicorn_url: str) -> None:
    """Against uvicorn + starlette, the probe gets a 200 with the server's JSON answer."""
    result = await probe_url(f"{uvicorn_url}/ok", settings())
    assert result.status_code == 200
    assert json.loads(result.body_excerpt)["received"] > 0


async def test_a_chunked_body_from_a_real_server_is_decoded_and_bounded(uvicorn_url: str) -> None:
    """A streamed (chunked) 64 KiB body is de-chunked and cut at max_body."""
    result = await probe_url(f"{uvicorn_url}/stream", settings(max_body=2000))
    assert result.status_code == 200
    assert result.body_excerpt == "x" * 2000 and result.body_truncated


async def test_query_values_reach_the_endpoint_but_not_the_result(loopback: Loopback) -> None:
    """A token in the query is sent as configured, and shown as *** in the result."""
    async with loopback() as server:
        result = await probe_url(server.url("/hook?token=abc123&x=1"), settings())
    assert server.requests[0].target == "/hook?token=abc123&x=1"
    assert result.url == server.url("/hook?token=***&x=***")
    assert "abc123" not in result.model_dump_json()


async def test_the_probe_keeps_the_headers_the_catalogue_reads_and_no_cookies(loopback: Loopback) -> None:
    """Headers the recognised answers need (ngrok's error code, Cloudflare's markers) are kept; cookies never."""
    headers = (
        ("Ngrok-Error-Code", "ERR_NGROK_3200"),
        ("CF-RAY", "8a1b2c3d4e5f-IAD"),
        ("Set-Cookie", "session=secret-value"),
        ("Content-Type", "text/html"),
    )
    async with loopback(Reply(status=404, reason="Not Found", headers=headers, body=b"offline")) as server:
        result = await probe_url(server.url(), settings())
    assert result.response_headers["ngrok-error-code"] == "ERR_NGROK_3200"
    assert result.response_headers["cf-ray"] == "8a1b2c3d4e5f-IAD"
    assert "set-cookie" not in result.response_headers and "secret-value" not in result.model_dump_json()
