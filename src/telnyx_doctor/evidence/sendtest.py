"""The send test's fact: POST one real message, follow it to a final status, read its webhook deliveries.

This is the only code in the doctor that makes Telnyx do something that costs money, so it is guarded twice:
its fact is not speculative (never prefetched: it starts only when `send.test` is evaluated, after its
prerequisites passed), and it sends only when the run was given a `SendTest` (the caller's explicit consent).
"""

from __future__ import annotations

import asyncio
import secrets
import time
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from telnyx_doctor.errors import ApiStatusError, AuthenticationError, DoctorError
from telnyx_doctor.evidence.payloads import DeliveryPayload, DetailRecordPayload, MessagePayload
from telnyx_doctor.evidence.privacy import mask_number
from telnyx_doctor.evidence.reads import delivery, rows_of
from telnyx_doctor.evidence.sendtest_models import (
    FINAL_STATUSES,
    InboundProof,
    SendTest,
    SendTestOutcome,
    WebhookAttempt,
    WebhookEvent,
)
from telnyx_doctor.facts import FactRequest, FactSpec

SEND_TEST = "send.test"  # fact name: SendTestOutcome | None (None: no send test was asked for)
EXTRA = "send_test"  # FactEnv.extras key holding the run's SendTest
POLL_EVERY = 0.25  # seconds between reads of the message (and of its deliveries)
WEBHOOK_WAIT = 15.0  # after the final status: 3 tries of 2 s on two URLs, and the gaps between them
_Urls = dict[str, str | None]  # role (primary, failover) → URL
TRIES_PER_URL = 3  # Telnyx tries each webhook URL three times, then the next (reference §A.3)
DEFAULT_TEXT = "Test message from telnyx-doctor"


def message_text(request: SendTest, run_id: str) -> str:
    """What is sent: the given text (or the default), always followed by the run id that finds it again."""
    return f"{request.text or DEFAULT_TEXT} [telnyx-doctor run {run_id}]"


class _Follow:
    """One send test in progress (its clock, the statuses seen, the progress line)."""

    def __init__(self, req: FactRequest, request: SendTest) -> None:
        self.req = req
        self.client = req.client
        self.request = request
        self.run_id = secrets.token_hex(4)
        self.started = time.monotonic()
        deadline = self.client.deadline_at
        end = self.started + request.timeout
        # leave a moment before the run's deadline, so the report says where the message stood
        self.ends_at = min(end, deadline - 1.0) if deadline is not None else end
        self.statuses: list[str] = []

    def say(self, line: str) -> None:
        if self.request.progress is not None:
            self.request.progress(line)

    def outcome(self, state: str, **values: Any) -> SendTestOutcome:
        return SendTestOutcome(
            to=mask_number(self.request.to),
            run_id=self.run_id,
            state=state,
            forced=self.request.force,
            statuses=list(self.statuses),
            seconds=round(time.monotonic() - self.started, 2),
            **values,
        )

    async def run(self) -> SendTestOutcome:
        body: dict[str, Any] = {"from": self.req.target.value, "to": self.request.to}
        body["text"] = message_text(self.request, self.run_id)
        if self.req.target.kind.value == "alphanumeric":  # a sender ID sends through its messaging profile
            assignment = await self.req.get("assignment")
            if assignment.profile_id:
                body["messaging_profile_id"] = assignment.profile_id
        self.say(f"sending a test message to {mask_number(self.request.to)} (run {self.run_id})")
        try:
            sent = await self.client.request("POST", "/messages", json_body=body, idempotent=False)
        except AuthenticationError:
            raise
        except ApiStatusError as exc:
            codes = [item.code for item in exc.errors if item.code]
            state = "refused" if codes and 400 <= exc.status_code < 500 else "error"
            detail = "; ".join(item.describe() for item in exc.errors) or str(exc)
            return self.outcome(state, codes=codes, http_status=exc.status_code, detail=detail)
        except DoctorError as exc:
            # a timeout or a dropped connection: Telnyx may have accepted it, and it is not sent again
            return self.outcome("error", detail=f"{exc} (the message may have been sent; it is not sent again)")
        message = _message(sent)
        self._saw(message)
        if not message.id:
            return self.outcome("error", detail="POST /v2/messages answered without a message id")
        return await self._follow(message.id, message)

    def _saw(self, message: MessagePayload) -> str | None:
        status = message.status
        if status and (not self.statuses or self.statuses[-1] != status):
            self.statuses.append(status)
            self.say(f"  {status} after {time.monotonic() - self.started:.1f} s")
        return status

    async def _follow(self, message_id: str, message: MessagePayload) -> SendTestOutcome:
        status = message.status
        while status not in FINAL_STATUSES:
            if time.monotonic() + POLL_EVERY >= self.ends_at:
                return self.outcome("timeout", message_id=message_id, status=status)
            await asyncio.sleep(POLL_EVERY)
            message = _message(await self.client.request("GET", f"/messages/{message_id}"))
            status = self._saw(message)
        seconds = round(time.monotonic() - self.started, 2)
        codes = list(message.errors)
        urls = {"primary": message.webhook_url, "failover": message.webhook_failover_url}
        webhooks = await self._webhooks(message_id, status, urls)
        inbound = await self._inbound() if status == "delivered" else None
        result = self.outcome(
            "final", message_id=message_id, status=status, codes=codes, webhooks=webhooks, inbound=inbound
        )
        return result.model_copy(update={"seconds": seconds, "webhook_urls": sum(1 for u in urls.values() if u)})

    async def _webhooks(self, message_id: str, status: str | None, urls: _Urls) -> list[WebhookEvent]:
        """The message's events as Telnyx recorded delivering them, read until each has settled."""
        count = sum(1 for u in urls.values() if u)
        if not count:
            return []
        expected = ["message.finalized"] if status in ("sending_failed", "expired") else ["message.sent"]
        expected += [] if "message.finalized" in expected else ["message.finalized"]
        self.say("  reading its webhook deliveries")
        until = min(time.monotonic() + WEBHOOK_WAIT, self.ends_at)
        while True:
            events = await self._deliveries({"filter[webhook][contains]": message_id}, urls)
            settled = {e.event_type for e in events if _settled(e, count)}
            if all(kind in settled for kind in expected) or time.monotonic() + POLL_EVERY >= until:
                found = {e.event_type: _pending(e, count) for e in events}
                return [found[kind] for kind in expected if kind in found]
            await asyncio.sleep(POLL_EVERY)

    async def _deliveries(self, params: dict[str, str], urls: _Urls) -> list[WebhookEvent]:
        body = await self.client.request("GET", "/webhook_deliveries", params={**params, "page[size]": 50})
        events: dict[str, WebhookEvent] = {}
        for item in rows_of(body, DeliveryPayload):
            event = _event(item, urls)
            if event.event_type and event.event_type not in events:  # newest first: keep the latest
                events[event.event_type] = event
        return list(events.values())

    async def _inbound(self) -> InboundProof | None:
        """When TO is a number of this account: the inbound record, and message.received at TO's profile URLs."""
        client = self.client
        record = await client.get_phone_number(self.request.to)
        if record is None:
            return None
        settings = await client.get_messaging_settings(self.request.to)
        profile = None
        if settings is not None and settings.messaging_profile_id:
            profile = await client.get_messaging_profile(settings.messaging_profile_id)
        urls: _Urls = {"primary": profile.webhook_url, "failover": profile.webhook_failover_url} if profile else {}
        count = sum(1 for u in urls.values() if u)
        self.say(f"  {mask_number(self.request.to)} is on this account: reading its inbound side")
        since = datetime.fromtimestamp(time.time() - (time.monotonic() - self.started) - 5, UTC)
        until = min(time.monotonic() + WEBHOOK_WAIT, self.ends_at)
        while True:
            seen = await self._inbound_record(since)
            received = None
            if count:
                params = {"filter[webhook][contains]": self.run_id, "filter[event_type]": "message.received"}
                found = await self._deliveries(params, urls)
                received = found[0] if found else None
            done = seen and (not count or (received is not None and _settled(received, count)))
            if done or time.monotonic() + POLL_EVERY >= until:
                event = _pending(received, count) if received is not None else None
                return InboundProof(record_seen=seen, profile_url=bool(count), received=event)
            await asyncio.sleep(POLL_EVERY)

    async def _inbound_record(self, since: datetime) -> bool:
        params = {
            "filter[record_type]": "messaging",
            "filter[direction]": "inbound",
            "filter[cld]": self.request.to,
            "filter[created_at][gte]": since.isoformat(timespec="seconds").replace("+00:00", "Z"),
            "page[size]": 50,
        }
        body = await self.client.request("GET", "/detail_records", params=params)
        return any(r.cli == self.req.target.value for r in rows_of(body, DetailRecordPayload))


def _message(body: Any) -> MessagePayload:
    data = body.get("data") if isinstance(body, dict) else None
    try:
        return MessagePayload.model_validate(data if isinstance(data, dict) else {})
    except ValidationError:
        return MessagePayload()


def _event(payload: DeliveryPayload, urls: _Urls) -> WebhookEvent:
    """A delivery as the send test reports it: attempts oldest first, each by the role of the URL it tried."""
    found = delivery(payload, urls.get("primary") or None, urls.get("failover") or None)
    attempts = [
        WebhookAttempt(url=a.role, delivered=a.delivered, http_status=a.http_status, codes=list(a.codes))
        for a in reversed(found.attempts)
    ]
    status = "delivered" if found.delivered else "failed"
    return WebhookEvent(event_type=found.event_type, status=status, attempts=attempts)


def _settled(event: WebhookEvent, urls: int) -> bool:
    """Delivered, or every try on every URL made: Telnyx will not try it again."""
    return event.status == "delivered" or len(event.attempts) >= TRIES_PER_URL * urls


def _pending(event: WebhookEvent, urls: int) -> WebhookEvent:
    return event if _settled(event, urls) else event.model_copy(update={"status": "pending"})


async def send_test(req: FactRequest) -> SendTestOutcome | None:
    """The fact: None unless the run was given a SendTest; else the message's story."""
    request = req.env.extras.get(EXTRA)
    if not isinstance(request, SendTest):
        return None
    return await _Follow(req, request).run()


SEND_FACTS = [
    FactSpec(
        SEND_TEST,
        send_test,
        SendTestOutcome | None,
        speculative=False,  # never started ahead of its check: it sends a real message
        description="POST /v2/messages, then GET /v2/messages/{id} and /v2/webhook_deliveries (--send-test)",
    )
]
