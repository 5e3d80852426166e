"""Reads of Telnyx's evidence through the run's API client: bounded pages, newest first, parsed at the edge.

Message detail records: `GET /v2/detail_records?filter[record_type]=messaging` by `cli` (outbound) or `cld`
(inbound), `sort=-created_at`, `page[size]` 50 (the API's maximum), at most MESSAGE_PAGES pages. Where the API
refuses a filter with 400 the MDR report (`GET /v2/reports/mdrs`, statuses without codes) is read instead
(reference §B.4). Webhook deliveries: `GET /v2/webhook_deliveries` narrowed by
`filter[attempts][contains]=URL` and `filter[started_at][gte]`, `page[size]` 250, at most DELIVERY_PAGES pages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from telnyx_doctor.api.client import TelnyxClient
from telnyx_doctor.errors import ApiPayloadError
from telnyx_doctor.evidence.models import Attempt, Delivery, MessageRecord
from telnyx_doctor.evidence.payloads import DeliveryPayload, DetailRecordPayload, MdrRowPayload
from telnyx_doctor.evidence.privacy import mask_number
from telnyx_doctor.evidence.window import iso

DETAIL_PAGE = 50  # the API's maximum page[size] for detail records
DELIVERY_PAGE = 250  # and for webhook deliveries
MESSAGE_PAGES = 2  # per direction: at most 100 records of each
DELIVERY_PAGES = 2  # per URL: at most 500 deliveries
M = TypeVar("M", bound=BaseModel)


def when(text: str | None) -> datetime | None:
    """An API timestamp as an aware datetime; None when absent or unreadable."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def read_pages(
    client: TelnyxClient,
    path: str,
    params: Mapping[str, Any],
    model: type[M],
    *,
    size: int,
    pages: int,
    keep: Callable[[M], None],
    first: int = 1,
) -> bool:
    """Read up to `pages` pages (from page `first`) of a `data`/`meta` list into `keep`; True when more remained."""
    for number in range(first, first + pages):
        body = await client.request("GET", path, params={**params, "page[number]": number, "page[size]": size})
        items = body.get("data") if isinstance(body, dict) else None
        if not isinstance(items, list):
            endpoint = f"GET {path}"
            raise ApiPayloadError(f"{endpoint} returned no list in `data`", endpoint=endpoint)
        for item in items:
            try:
                keep(model.model_validate(item))
            except ValidationError:
                continue  # one unreadable record must not hide the others
        meta = body.get("meta") if isinstance(body, dict) else None
        total = meta.get("total_pages") if isinstance(meta, dict) else None
        if not items or not isinstance(total, int) or number >= total:
            return False
    return True


def rows_of(body: Any, model: type[M]) -> list[M]:
    """The readable items of a body's `data` list (none when it has no list); an unreadable one is passed over."""
    items = body.get("data") if isinstance(body, dict) else None
    rows: list[M] = []
    for item in items if isinstance(items, list) else []:
        try:
            rows.append(model.model_validate(item))
        except ValidationError:
            continue  # one unreadable record must not hide the others
    return rows


def message_record(row: DetailRecordPayload, number: str | None = None) -> MessageRecord:
    """A record as the fact keeps it: the other party masked, no text (detail records carry none anyway)."""
    direction = row.direction or ("outbound" if number is not None and row.cli == number else "inbound")
    other = row.cld if direction == "outbound" else row.cli
    return MessageRecord(
        id=row.uuid or (row.id if isinstance(row, MdrRowPayload) else ""),
        direction=direction,
        status=row.status,
        codes=row.errors,
        message_type=row.message_type,
        created_at=when(row.created_at),
        counterpart=mask_number(other),
    )


async def detail_records(
    client: TelnyxClient, field: str, number: str, start: datetime, direction: str
) -> tuple[list[DetailRecordPayload], bool]:
    """The number's messages of one direction (`field` cli or cld), newest first, and whether the cap was hit."""
    rows: list[DetailRecordPayload] = []
    params = {
        "filter[record_type]": "messaging",
        "filter[direction]": direction,
        f"filter[{field}]": number,
        "filter[created_at][gte]": iso(start),
        "sort": "-created_at",
    }
    capped = await read_pages(
        client, "/detail_records", params, DetailRecordPayload, size=DETAIL_PAGE, pages=MESSAGE_PAGES, keep=rows.append
    )
    return rows, capped


async def mdr_rows(
    client: TelnyxClient, field: str, number: str, start: datetime, direction: str
) -> list[MdrRowPayload]:
    """The MDR report's rows (statuses, no codes) for the number in one direction; one page, as documented."""
    params = {
        field: number,
        "direction": direction.upper(),
        "start_date": iso(start),
        "end_date": iso(datetime.now(UTC)),
    }
    rows = rows_of(await client.request("GET", "/reports/mdrs", params=params), MdrRowPayload)
    rows.sort(key=lambda r: r.created_at or "", reverse=True)
    return rows


def delivery(payload: DeliveryPayload, primary: str | None, failover: str | None) -> Delivery:
    """A delivery as the fact keeps it: attempts labelled primary/failover, no event payload."""
    attempts = tuple(
        Attempt(
            role="primary"
            if a.http.request.url == primary
            else "failover"
            if a.http.request.url == failover
            else "other",
            url=a.http.request.url,
            delivered=a.status == "delivered",
            http_status=a.http.response.status if a.http.response is not None else None,
            codes=a.errors,
            started_at=when(a.started_at),
        )
        for a in payload.attempts
    )
    return Delivery(
        id=payload.id,
        delivered=payload.status == "delivered",
        event_type=payload.webhook.event_type,
        started_at=when(payload.started_at),
        attempts=attempts,
    )


async def deliveries_to(client: TelnyxClient, url: str, start: datetime) -> tuple[list[DeliveryPayload], bool]:
    """Deliveries whose attempts name `url`, started in the window; and whether the cap was hit."""
    found: list[DeliveryPayload] = []
    params = {"filter[attempts][contains]": url, "filter[started_at][gte]": iso(start)}
    capped = await read_pages(
        client, "/webhook_deliveries", params, DeliveryPayload, size=DELIVERY_PAGE, pages=DELIVERY_PAGES,
        keep=found.append,
    )  # fmt: skip
    return found, capped
