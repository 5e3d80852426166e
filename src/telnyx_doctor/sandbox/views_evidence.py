"""JSON shapes of the evidence: detail records, MDR report rows, webhook deliveries and message objects."""

from __future__ import annotations

from typing import Any

from telnyx_doctor.sandbox import ids
from telnyx_doctor.sandbox.codes import title
from telnyx_doctor.sandbox.evidence import Attempt, DeliveryRecord, MessageRecord
from telnyx_doctor.sandbox.webhook_urls import WebhookBases, resolve_url

_RATE = "0.0040"
_CARRIER_FEE = "0.0030"


def user_id(organization_id: str) -> str:
    """The account's user id (a UUID derived from its organization)."""
    return ids.stable_uuid("user", organization_id)


def _cost(record: MessageRecord) -> str:
    return f"{float(_RATE) * record.parts:.4f}"


def detail_record(record: MessageRecord, organization_id: str, bases: WebhookBases) -> dict[str, Any]:
    """A `MessageDetailRecord` (reference §B.2): codes only in `errors`, never the message text."""
    profile = record.profile
    body: dict[str, Any] = {
        "record_type": "message_detail_record",
        "uuid": record.id,
        "user_id": user_id(organization_id),
        "cli": record.cli,
        "cld": record.cld,
        "direction": record.direction,
        "status": record.mdr_status or "delivered",
        "errors": list(record.errors),
        "message_type": record.message_type,
        "parts": record.parts,
        "carrier": "T-Mobile USA",
        "country_code": "US",
        "source_country_code": "US",
        "on_net": False,
        "fteu": False,
        "tags": ",".join(record.tags),
        "rate": _RATE,
        "cost": _cost(record),
        "carrier_fee": _CARRIER_FEE,
        "currency": "USD",
        "created_at": ids.iso(record.created_at),
    }
    if profile is not None:
        body["profile_id"] = profile.id
        body["profile_name"] = profile.name
    for name, moment in (("sent_at", record.sent_at), ("completed_at", record.completed_at)):
        if moment is not None:
            body[name] = ids.iso(moment)
    body["updated_at"] = ids.iso(record.updated_at or record.created_at)
    if record.delivery_status is not None:
        body["delivery_status"] = record.delivery_status
    primary = resolve_url(record.webhook_url, bases)
    failover = resolve_url(record.webhook_failover_url, bases)
    if primary:
        body["delivery_status_webhook_url"] = primary
    if failover:
        body["delivery_status_failover_url"] = failover
    return body


def mdr_row(record: MessageRecord) -> dict[str, Any]:
    """A `/v2/reports/mdrs` row: statuses in upper case, no error codes (reference §B.4)."""
    row: dict[str, Any] = {
        "record_type": "mdr",
        "id": record.id,
        "cli": record.cli,
        "cld": record.cld,
        "direction": record.direction.upper(),
        "status": (record.mdr_status or "delivered").upper(),
        "message_type": record.message_type,
        "parts": record.parts,
        "rate": _RATE,
        "cost": _cost(record),
        "currency": "USD",
        "created_at": ids.iso(record.created_at),
    }
    if record.profile is not None:
        row["profile_name"] = record.profile.name
    return row


def _headers(pairs: list[tuple[str, str]], legacy: bool) -> list[Any]:
    # Current spec: [["Name", "value"]]; older published docs: "Name: value" strings (reference §A.2).
    return [f"{name}: {value}" for name, value in pairs] if legacy else [[name, value] for name, value in pairs]


def _errors(codes: list[int], legacy: bool) -> list[Any]:
    if not legacy:
        return list(codes)
    return [{"code": str(code), "title": title(code), "detail": title(code) + "."} for code in codes]


def attempt(item: Attempt, bases: WebhookBases, legacy: bool) -> dict[str, Any]:
    """One attempt; `response` is absent when nothing answered (DNS or connection failures)."""
    http: dict[str, Any] = {
        "request": {"url": resolve_url(item.url, bases), "headers": _headers(item.request_headers, legacy)}
    }
    if item.http_status is not None:
        http["response"] = {
            "status": item.http_status,
            "headers": _headers(item.response_headers, legacy),
            "body": item.response_body[:10_240],
        }
    return {
        "status": "delivered" if item.delivered else "failed",
        "started_at": ids.iso(item.started_at),
        "finished_at": ids.iso(item.finished_at),
        "errors": _errors(item.errors, legacy),
        "http": http,
    }


def webhook_delivery(record: DeliveryRecord, organization_id: str, bases: WebhookBases) -> dict[str, Any]:
    """A `webhook_delivery`, attempts ordered most recent first as the API documents."""
    return {
        "id": record.id,
        "record_type": "webhook_delivery",
        "user_id": user_id(organization_id),
        "status": record.status,
        "started_at": ids.iso(record.started_at),
        "finished_at": ids.iso(record.finished_at),
        "webhook": {
            "id": record.event_id,
            "event_type": record.event_type,
            "occurred_at": ids.iso(record.occurred_at),
            "payload": record.payload,
            "record_type": "event",
        },
        "attempts": [attempt(a, bases, record.legacy_shape) for a in reversed(record.attempts)],
    }


def message_errors(codes: list[str]) -> list[dict[str, Any]]:
    """`errors` of a message object: code, title, detail (richer than a detail record's codes)."""
    return [{"code": code, "title": title(code), "detail": title(code) + "."} for code in codes]


def message(record: MessageRecord, organization_id: str, bases: WebhookBases) -> dict[str, Any]:
    """The message object of GET /v2/messages/{id} and of webhook payloads (outbound or inbound)."""
    outbound = record.direction == "outbound"
    far = {"carrier": "T-Mobile USA", "line_type": "Wireless"}
    sender: dict[str, Any] = {"phone_number": record.cli}
    if not outbound:
        sender.update(far)
    recipient: dict[str, Any] = {"phone_number": record.cld, "status": record.to_status}
    if outbound:
        recipient.update(far)
    body: dict[str, Any] = {
        "record_type": "message",
        "id": record.id,
        "direction": record.direction,
        "type": record.message_type,
        "from": sender,
        "to": [recipient],
        "cc": [],
        "text": record.text,
        "subject": None,
        "media": [],
        "encoding": "GSM-7",
        "parts": record.parts,
        "tags": list(record.tags),
        "errors": message_errors(record.errors),
        "messaging_profile_id": record.profile.id if record.profile else "",
        "organization_id": organization_id,
        "received_at": ids.iso(record.created_at),
        "sent_at": ids.iso(record.sent_at) if record.sent_at else None,
        "completed_at": ids.iso(record.completed_at) if record.completed_at else None,
        "cost": {"amount": _cost(record), "currency": "USD"} if outbound else None,
        "webhook_url": resolve_url(record.webhook_url, bases),
        "webhook_failover_url": resolve_url(record.webhook_failover_url, bases),
    }
    if outbound:
        body["valid_until"] = ids.iso(record.valid_until) if record.valid_until else None
        body["tcr_campaign_id"] = record.tcr_campaign_id
        body["tcr_campaign_billable"] = record.tcr_campaign_id is not None
        body["tcr_campaign_registered"] = "REGISTERED" if record.tcr_campaign_id else None
    return body
