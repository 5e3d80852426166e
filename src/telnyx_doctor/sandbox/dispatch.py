"""Deliver signed webhooks as Telnyx does: each URL tried up to N times within a timeout, then the next one."""

from __future__ import annotations

import json
import ssl
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import httpx

from telnyx_doctor.sandbox.codes import delivery_codes
from telnyx_doctor.sandbox.evidence import Attempt, DeliveryRecord, new_id
from telnyx_doctor.sandbox.state import SandboxState
from telnyx_doctor.sandbox.webhook_urls import resolve_url

USER_AGENT = "telnyx-webhooks"


@lru_cache(maxsize=8)
def _tls(ca_file: str | None) -> ssl.SSLContext:
    # The system's roots for real endpoints, plus the sandbox's own CA for its TLS webhook server.
    context = ssl.create_default_context()
    if ca_file:
        context.load_verify_locations(ca_file)
    return context


def _failure_codes(exc: httpx.HTTPError) -> list[int]:
    text = str(exc).lower()
    if isinstance(exc, httpx.TimeoutException):
        return [75000]  # the catalogue has no timeout code (reference §A.6)
    if "certificate" in text or "ssl" in text:
        if "expired" in text:
            return [75004]
        if "hostname" in text or "match" in text:
            return [75005]
        return [75006] if "self" in text or "issuer" in text else [75003]
    if "name or service" in text or "nodename" in text or "resolve" in text:
        return [75001]
    return [75002]


def envelope(event_id: str, event_type: str, occurred_at: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The `data` of a messaging webhook (meta is added per attempt)."""
    return {
        "record_type": "event",
        "event_type": event_type,
        "id": event_id,
        "occurred_at": occurred_at,
        "payload": payload,
    }


async def deliver(
    state: SandboxState, event_type: str, occurred_at: str, payload: dict[str, Any], urls: Sequence[str]
) -> DeliveryRecord | None:
    """POST the event to `urls` in order until one answers 2xx, recording every attempt; None without URLs."""
    targets = [u for u in dict.fromkeys(resolve_url(u, state.webhook_bases) for u in urls if u) if u]
    if not targets:
        return None
    sending = state.scenario.spec.sending
    event_id = new_id()
    data = envelope(event_id, event_type, occurred_at, payload)
    record = DeliveryRecord(
        id=new_id(),
        event_id=event_id,
        event_type=event_type,
        occurred_at=datetime.fromisoformat(occurred_at.replace("Z", "+00:00")),
        payload=payload,
    )
    state.evidence.add_delivery(record)
    counter = 0
    verify = _tls(str(state.ca_file) if state.ca_file else None)
    async with httpx.AsyncClient(verify=verify, timeout=sending.webhook_timeout, follow_redirects=False) as client:
        for url in targets:
            for attempt_number in range(sending.tries_per_url):
                if state.closing:
                    return record
                counter += 1
                body = json.dumps({"data": data, "meta": {"attempt": counter, "delivered_to": url}}).encode()
                attempt = await _attempt(state, client, url, body)
                with state.evidence.lock:
                    record.attempts.append(attempt)
                if attempt.delivered:
                    return record
                if attempt_number + 1 < sending.tries_per_url:
                    await state.sleep(sending.retry_delay * 2**attempt_number)
    return record


async def _attempt(state: SandboxState, client: httpx.AsyncClient, url: str, body: bytes) -> Attempt:
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT, **state.signer.sign(body)}
    started = datetime.now(UTC)
    sent = [(name, value) for name, value in headers.items()]
    try:
        response = await client.post(url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return Attempt(url, started, datetime.now(UTC), None, _failure_codes(exc), request_headers=sent)
    return Attempt(
        url,
        started,
        datetime.now(UTC),
        response.status_code,
        delivery_codes(response.status_code),
        request_headers=sent,
        response_headers=list(response.headers.items())[:20],
        response_body=response.text[:10_240],
    )
