"""What Telnyx recorded: messages (detail records) and webhook deliveries, from the scenario and from live sends."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from telnyx_doctor.sandbox import ids
from telnyx_doctor.sandbox.codes import delivery_codes
from telnyx_doctor.sandbox.records import Account, Number, Profile
from telnyx_doctor.sandbox.spec import ScenarioSpec
from telnyx_doctor.sandbox.spec_evidence import (
    AttemptSpec,
    MessageRecordSpec,
    WebhookDeliverySpec,
    parse_duration,
    resolve_when,
)

# Message API statuses ↔ detail-record statuses (reference §B.2: gw_reject / dlr_unconfirmed by inference).
MDR_OF_FINAL: dict[str, str] = {
    "delivered": "delivered",
    "delivery_failed": "failed",
    "sending_failed": "gw_reject",
    "delivery_unconfirmed": "dlr_unconfirmed",
    "expired": "failed",
}
FINAL_OF_MDR: dict[str, str] = {
    "delivered": "delivered",
    "failed": "delivery_failed",
    "gw_reject": "sending_failed",
    "gw_timeout": "sending_failed",
    "dlr_unconfirmed": "delivery_unconfirmed",
    "dlr_timeout": "delivery_unconfirmed",
    "received": "delivered",
}


@dataclass
class MessageRecord:
    """One message: its detail record and, while it is young, what GET /v2/messages/{id} shows."""

    id: str
    direction: str  # outbound | inbound
    cli: str
    cld: str
    created_at: datetime
    to_status: str  # the message API's to[].status (queued … delivered)
    mdr_status: str | None  # None until final: queued messages are not in detail records yet
    errors: list[str] = field(default_factory=list)
    message_type: str = "SMS"
    parts: int = 1
    text: str = ""
    profile: Profile | None = None
    sent_at: datetime | None = None
    completed_at: datetime | None = None
    updated_at: datetime | None = None
    webhook_url: str | None = None
    webhook_failover_url: str | None = None
    delivery_status: str | None = None
    tags: list[str] = field(default_factory=list)
    tcr_campaign_id: str | None = None
    valid_until: datetime | None = None


@dataclass
class Attempt:
    """One try of a webhook delivery."""

    url: str  # as configured: may be a sandbox:NAME URL, resolved when rendered
    started_at: datetime
    finished_at: datetime
    http_status: int | None
    errors: list[int]
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    response_body: str = ""

    @property
    def delivered(self) -> bool:
        """True for a 2xx answer (Telnyx's messaging rule)."""
        return self.http_status is not None and 200 <= self.http_status < 300


@dataclass
class DeliveryRecord:
    """One webhook event and every attempt to deliver it (kept oldest first)."""

    id: str
    event_id: str
    event_type: str
    occurred_at: datetime
    payload: dict[str, Any]
    attempts: list[Attempt] = field(default_factory=list)
    legacy_shape: bool = False
    meta_attempt: int = 0

    @property
    def status(self) -> str:
        """`delivered` when any attempt succeeded, else `failed`."""
        return "delivered" if any(a.delivered for a in self.attempts) else "failed"

    @property
    def started_at(self) -> datetime:
        """When the first attempt began (the event time before any)."""
        return self.attempts[0].started_at if self.attempts else self.occurred_at

    @property
    def finished_at(self) -> datetime:
        """When the last attempt ended."""
        return self.attempts[-1].finished_at if self.attempts else self.occurred_at


class Evidence:
    """The account's message records and webhook deliveries; thread-safe (tests read it from their thread)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.messages: list[MessageRecord] = []
        self.messages_by_id: dict[str, MessageRecord] = {}
        self.deliveries: list[DeliveryRecord] = []
        self.deliveries_by_id: dict[str, DeliveryRecord] = {}

    def add_message(self, record: MessageRecord) -> None:
        """Keep a message."""
        with self.lock:
            self.messages.append(record)
            self.messages_by_id[record.id] = record

    def add_delivery(self, record: DeliveryRecord) -> None:
        """Keep a webhook delivery (attempts may still be added to it)."""
        with self.lock:
            self.deliveries.append(record)
            self.deliveries_by_id[record.id] = record

    def snapshot_messages(self) -> list[MessageRecord]:
        """The messages, in insertion order."""
        with self.lock:
            return list(self.messages)

    def snapshot_deliveries(self) -> list[DeliveryRecord]:
        """The deliveries, in insertion order."""
        with self.lock:
            return list(self.deliveries)


def recipient_for(key: str) -> str:
    """A stable, fictional end-user number (+1 312 555 01xx) for scenario records."""
    digits = int(ids.stable_numeric_id(f"recipient:{key}")) % 100
    return f"+1312555{100 + digits:04d}"


def _profile_of(account: Account, number: Number | None) -> Profile | None:
    if number is None or number.profile_id is None:
        return None
    return account.profiles_by_id.get(number.profile_id)


def build_evidence(spec: ScenarioSpec, account: Account, now: datetime | None = None) -> Evidence:
    """The scenario's records with times counted back from `now`."""
    moment = now or datetime.now(UTC)
    evidence = Evidence()
    for index, message_spec in enumerate(spec.messages):
        for record in _messages(message_spec, index, account, moment):
            evidence.add_message(record)
    for index, delivery_spec in enumerate(spec.webhook_deliveries):
        for delivery in _deliveries(delivery_spec, index, account, moment):
            evidence.add_delivery(delivery)
    return evidence


def _times(at: str, count: int, every: str, now: datetime) -> list[datetime]:
    first = resolve_when(at, now)
    step = parse_duration(every)
    return [first - step * i for i in range(count)]


def _messages(spec: MessageRecordSpec, index: int, account: Account, now: datetime) -> list[MessageRecord]:
    sender = account.numbers_by_e164.get(spec.from_)
    receiver = account.numbers_by_e164.get(spec.to)
    direction = spec.direction or ("outbound" if sender is not None or receiver is None else "inbound")
    own = sender if direction == "outbound" else receiver
    profile = _profile_of(account, own)
    records = []
    for n, created in enumerate(_times(spec.at, spec.count, spec.every, now)):
        key = f"message:{index}:{n}"
        status = "received" if direction == "inbound" and spec.status == "delivered" else spec.status
        sent = created + timedelta(seconds=1)
        records.append(
            MessageRecord(
                id=ids.stable_uuid("message", key),
                direction=direction,
                cli=spec.from_,
                cld=spec.to,
                created_at=created,
                to_status=FINAL_OF_MDR.get(status, "delivered"),
                mdr_status=status,
                errors=list(spec.errors),
                message_type=spec.message_type,
                parts=spec.parts,
                profile=profile,
                sent_at=sent,
                completed_at=sent + timedelta(seconds=4),
                updated_at=sent + timedelta(seconds=4),
                webhook_url=profile.spec.webhook_url if profile else None,
                webhook_failover_url=profile.spec.webhook_failover_url if profile else None,
                delivery_status=spec.delivery_status,
                tags=list(own.tags) if own else [],
            )
        )
    return records


def _attempt_url(spec: AttemptSpec, profile: Profile | None) -> str:
    if spec.url == "primary":
        return (profile.spec.webhook_url if profile else None) or "https://example.com/webhooks"
    if spec.url == "failover":
        return (profile.spec.webhook_failover_url if profile else None) or "https://example.com/failover"
    return spec.url


def _deliveries(spec: WebhookDeliverySpec, index: int, account: Account, now: datetime) -> list[DeliveryRecord]:
    number = account.numbers_by_e164.get(spec.number)
    profile = _profile_of(account, number)
    records = []
    for n, occurred in enumerate(_times(spec.at, spec.count, spec.every, now)):
        key = f"delivery:{index}:{n}"
        message_id = ids.stable_uuid("delivered-message", key)
        far_end = recipient_for(key)
        inbound = spec.event_type == "message.received"
        payload = scenario_payload(
            message_id, spec.number, far_end, inbound=inbound, final=spec.event_type == "message.finalized"
        )
        attempts = []
        clock = occurred + timedelta(milliseconds=150)
        for attempt_spec in spec.attempts:
            finished = clock + timedelta(seconds=attempt_spec.seconds)
            codes = attempt_spec.errors if attempt_spec.errors is not None else delivery_codes(attempt_spec.status)
            attempts.append(
                Attempt(
                    url=_attempt_url(attempt_spec, profile),
                    started_at=clock,
                    finished_at=finished,
                    http_status=attempt_spec.status,
                    errors=list(codes),
                    request_headers=[("Content-Type", "application/json"), ("User-Agent", "telnyx-webhooks")],
                    response_headers=[("content-type", "application/json")] if attempt_spec.status else [],
                    response_body=_body_for(attempt_spec.status),
                )
            )
            clock = finished + timedelta(seconds=2)
        records.append(
            DeliveryRecord(
                id=ids.stable_uuid("webhook-delivery", key),
                event_id=ids.stable_uuid("webhook-event", key),
                event_type=spec.event_type,
                occurred_at=occurred,
                payload=payload,
                attempts=attempts,
                legacy_shape=spec.legacy_shape,
            )
        )
    return records


def _body_for(status: int | None) -> str:
    if status is None:
        return ""
    if 200 <= status < 300:
        return '{"received": true}'
    return "internal error" if status >= 500 else "rejected"


def scenario_payload(message_id: str, own: str, far_end: str, *, inbound: bool, final: bool) -> dict[str, Any]:
    """A short message payload for a recorded event (no text: records never need it)."""
    if inbound:
        return {
            "id": message_id,
            "record_type": "message",
            "direction": "inbound",
            "type": "SMS",
            "from": {"phone_number": far_end, "carrier": "T-Mobile USA", "line_type": "Wireless"},
            "to": [{"phone_number": own, "status": "webhook_delivered"}],
        }
    return {
        "id": message_id,
        "record_type": "message",
        "direction": "outbound",
        "type": "SMS",
        "from": {"phone_number": own},
        "to": [{"phone_number": far_end, "status": "delivered" if final else "sent"}],
    }


def new_id() -> str:
    """A random UUID for a live message, event or delivery."""
    return str(uuid.uuid4())
