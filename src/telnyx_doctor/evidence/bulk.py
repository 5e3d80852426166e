"""Fleet evidence: the account's messages and deliveries of the window read once, in bulk, failures first.

A fleet must not cost a request per number (docs/performance.md), so instead of each number's own reads the
account's detail records and webhook deliveries of the window are read as lists: first the failed ones (they
decide verdicts, so the cap never hides them), then all, up to a stated number of pages. Each number's fact
is then cut from these; when the cap was reached the fact says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from telnyx_doctor.api.client import TelnyxClient
from telnyx_doctor.evidence.models import Delivery, MessageRecord
from telnyx_doctor.evidence.payloads import DeliveryPayload, DetailRecordPayload
from telnyx_doctor.evidence.reads import DELIVERY_PAGE, DETAIL_PAGE, delivery, message_record, read_pages
from telnyx_doctor.evidence.window import iso

FAILED_MESSAGE_PAGES = 10  # failed records first: up to 500
ALL_MESSAGE_PAGES = 10  # then every record: up to 500 more
FAILED_DELIVERY_PAGES = 4  # failed deliveries first: up to 1,000
ALL_DELIVERY_PAGES = 4  # then every delivery: up to 1,000 more


@dataclass
class AccountMessages:
    """The account's messages in the window by the account's own number (sender or recipient)."""

    by_number: dict[str, list[MessageRecord]] = field(default_factory=dict)
    capped: bool = False
    cap: int = (FAILED_MESSAGE_PAGES + ALL_MESSAGE_PAGES) * DETAIL_PAGE


@dataclass
class AccountDeliveries:
    """The account's webhook deliveries in the window, as payloads labelled later per profile."""

    payloads: list[DeliveryPayload] = field(default_factory=list)
    capped: bool = False
    cap: int = (FAILED_DELIVERY_PAGES + ALL_DELIVERY_PAGES) * DELIVERY_PAGE

    def to(self, primary: str | None, failover: str | None) -> list[Delivery]:
        """The deliveries with an attempt to either URL, newest first."""
        urls = {u for u in (primary, failover) if u}
        wanted = [p for p in self.payloads if any(a.http.request.url in urls for a in p.attempts)]
        return [delivery(p, primary, failover) for p in wanted]


async def account_messages(client: TelnyxClient, start: datetime) -> AccountMessages:
    """Failed records of the window first, then all of them, deduplicated, newest first per number."""
    found = AccountMessages()
    seen: dict[str, DetailRecordPayload] = {}

    def keep(row: DetailRecordPayload) -> None:
        seen.setdefault(row.uuid or str(len(seen)), row)

    base = {"filter[record_type]": "messaging", "filter[created_at][gte]": iso(start), "sort": "-created_at"}
    await read_pages(
        client, "/detail_records", {**base, "filter[status]": "failed"}, DetailRecordPayload,
        size=DETAIL_PAGE, pages=FAILED_MESSAGE_PAGES, keep=keep,
    )  # fmt: skip
    found.capped = await read_pages(
        client, "/detail_records", base, DetailRecordPayload, size=DETAIL_PAGE, pages=ALL_MESSAGE_PAGES, keep=keep
    )
    rows = sorted(seen.values(), key=lambda r: r.created_at or "", reverse=True)
    for row in rows:
        own = row.cli if row.direction == "outbound" else row.cld
        found.by_number.setdefault(own, []).append(message_record(row))
    return found


async def account_deliveries(client: TelnyxClient, start: datetime) -> AccountDeliveries:
    """Failed deliveries of the window first, then all of them, deduplicated, newest first."""
    seen: dict[str, DeliveryPayload] = {}

    def keep(payload: DeliveryPayload) -> None:
        seen.setdefault(payload.id or str(len(seen)), payload)

    base = {"filter[started_at][gte]": iso(start)}
    await read_pages(
        client, "/webhook_deliveries", {**base, "filter[status][eq]": "failed"}, DeliveryPayload,
        size=DELIVERY_PAGE, pages=FAILED_DELIVERY_PAGES, keep=keep,
    )  # fmt: skip
    capped = await read_pages(
        client, "/webhook_deliveries", base, DeliveryPayload, size=DELIVERY_PAGE, pages=ALL_DELIVERY_PAGES, keep=keep
    )
    payloads = sorted(seen.values(), key=lambda p: p.started_at or "", reverse=True)
    return AccountDeliveries(payloads=payloads, capped=capped)
