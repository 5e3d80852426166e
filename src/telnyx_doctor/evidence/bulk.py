"""Fleet evidence: the account's messages and deliveries of the window read once, in bulk, failures first.

A fleet must not cost a request per number (docs/performance.md), so instead of each number's own reads the
account's detail records and webhook deliveries of the window are read as lists: first the failed ones (they
decide verdicts, so the cap never hides them), then all, up to a stated number of pages. Each number's fact
is then cut from these; when the cap was reached the fact says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from pydantic import BaseModel

from telnyx_doctor.api.client import TelnyxClient
from telnyx_doctor.evidence.models import Delivery, MessageRecord
from telnyx_doctor.evidence.payloads import DeliveryPayload, DetailRecordPayload
from telnyx_doctor.evidence.reads import DELIVERY_PAGE, DETAIL_PAGE, delivery, message_record, read_pages
from telnyx_doctor.evidence.window import iso

FAILED_MESSAGE_PAGES = 10  # failed records first: up to 500
ALL_MESSAGE_PAGES = 10  # then every record: up to 500 more
FAILED_DELIVERY_PAGES = 4  # failed deliveries first: up to 1,000
ALL_DELIVERY_PAGES = 4  # then every delivery: up to 1,000 more
M = TypeVar("M", bound=BaseModel)


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


async def _failures_first(
    client: TelnyxClient,
    path: str,
    base: dict[str, str],
    failed: dict[str, str],
    model: type[M],
    size: int,
    pages: tuple[int, int],
    keep: Callable[[M], None],
) -> bool:
    """Page 1 of everything; if there is more, the failed ones, then the rest. True when the cap was hit.

    A window that fits one page costs one request; a larger one reads its failures before the cap can hide them.
    """
    more = await read_pages(client, path, base, model, size=size, pages=1, keep=keep)
    if not more:
        return False
    await read_pages(client, path, {**base, **failed}, model, size=size, pages=pages[0], keep=keep)
    return await read_pages(client, path, base, model, size=size, pages=pages[1] - 1, keep=keep, first=2)


async def account_messages(client: TelnyxClient, start: datetime) -> AccountMessages:
    """Failed records of the window first, then all of them, deduplicated, newest first per number."""
    found = AccountMessages()
    seen: dict[str, DetailRecordPayload] = {}

    def keep(row: DetailRecordPayload) -> None:
        seen.setdefault(row.uuid or str(len(seen)), row)

    base = {"filter[record_type]": "messaging", "filter[created_at][gte]": iso(start), "sort": "-created_at"}
    found.capped = await _failures_first(
        client, "/detail_records", base, {"filter[status]": "failed"}, DetailRecordPayload, DETAIL_PAGE,
        (FAILED_MESSAGE_PAGES, ALL_MESSAGE_PAGES), keep,
    )  # fmt: skip
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
    capped = await _failures_first(
        client, "/webhook_deliveries", base, {"filter[status][eq]": "failed"}, DeliveryPayload, DELIVERY_PAGE,
        (FAILED_DELIVERY_PAGES, ALL_DELIVERY_PAGES), keep,
    )  # fmt: skip
    payloads = sorted(seen.values(), key=lambda p: p.started_at or "", reverse=True)
    return AccountDeliveries(payloads=payloads, capped=capped)
