"""Fleet runs: expand --profile/--all into targets and prefetch facts with list endpoints, not per number."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from telnyx_doctor.api.client import MAX_PAGE_SIZE, TelnyxClient, latest_verification
from telnyx_doctor.api.models import (
    MessagingSettings,
    PhoneNumberCampaign,
    PhoneNumberRecord,
    TollFreeVerification,
)
from telnyx_doctor.errors import NotFoundError
from telnyx_doctor.models import NumberKind
from telnyx_doctor.numbers import Target, parse_target

# Numbers per request when the messaging-settings list is filtered by an exact comma-separated list.
FILTER_BATCH = 50


@dataclass
class BulkIndex:
    """Facts fetched in bulk: per table, the numbers it covers and their values (None = absent)."""

    tables: dict[str, dict[str, Any]] = field(default_factory=dict)

    def covers(self, table: str, number: str) -> bool:
        """True when the bulk fetch answered for `number` (present or known absent)."""
        return number in self.tables.get(table, {})

    def get(self, table: str, number: str) -> Any:
        """The bulk value for `number` (None when known absent)."""
        return self.tables.get(table, {}).get(number)


async def expand_targets(
    client: TelnyxClient, explicit: list[Target], *, profile_id: str | None, everything: bool
) -> tuple[list[Target], dict[str, MessagingSettings]]:
    """Explicit targets plus every number on the profile (or account); also returns the listed settings."""
    params = {"filter[messaging_profile_id]": profile_id} if profile_id and not everything else {}
    listed: dict[str, MessagingSettings] = {}
    async for settings in client.iter_flat("/phone_numbers/messaging", MessagingSettings, params):
        listed[settings.phone_number] = settings
    targets = list(explicit)
    seen = {t.value for t in targets}
    for number in sorted(listed):
        if number in seen:
            continue
        try:
            target = parse_target(number)
        except Exception:  # a number the API lists but we cannot parse still gets a report line later
            continue
        seen.add(target.value)
        targets.append(target)
    return targets, listed


async def prefetch(
    client: TelnyxClient, targets: list[Target], listed: dict[str, MessagingSettings] | None = None
) -> BulkIndex:
    """Fetch the per-number facts of many targets with list endpoints, within a small request budget."""
    numbers = [t.value for t in targets if t.is_phone_number]
    index = BulkIndex()
    if not numbers:
        return index
    us_long = [t.value for t in targets if t.kind is NumberKind.US_LONG_CODE]
    toll_free = [t.value for t in targets if t.kind is NumberKind.TOLL_FREE]
    jobs = [
        _messaging(client, numbers, listed or {}, index),
        _inventory(client, numbers, index),
    ]
    if us_long:
        jobs.append(_tendlc(client, us_long, index))
    if toll_free:
        jobs.append(_tollfree(client, toll_free, index))
    await asyncio.gather(*jobs)
    return index


async def _messaging(
    client: TelnyxClient, numbers: list[str], listed: dict[str, MessagingSettings], index: BulkIndex
) -> None:
    found = dict(listed)
    missing = [n for n in numbers if n not in found]
    try:
        for batch in _chunks(missing, FILTER_BATCH):
            params = {"filter[phone_number]": ",".join(batch)}
            async for settings in client.iter_flat("/phone_numbers/messaging", MessagingSettings, params):
                found[settings.phone_number] = settings
    except NotFoundError:
        return  # the current route is missing: leave these to the per-number legacy fallback
    index.tables["messaging"] = {n: found.get(n) for n in numbers}


async def _inventory(client: TelnyxClient, numbers: list[str], index: BulkIndex) -> None:
    """List the whole inventory only when that takes fewer requests than asking per number."""
    first = await client.request("GET", "/phone_numbers", params={"page[number]": 1, "page[size]": MAX_PAGE_SIZE})
    total_pages = _int((first.get("meta") or {}).get("total_pages")) if isinstance(first, dict) else None
    if total_pages is None or total_pages >= len(numbers):
        return
    wanted = set(numbers)
    found: dict[str, PhoneNumberRecord] = {}
    async for record in client.iter_flat("/phone_numbers", PhoneNumberRecord):
        if record.phone_number in wanted:
            found[record.phone_number] = record
    index.tables["phone_number"] = {n: found.get(n) for n in numbers}


async def _tendlc(client: TelnyxClient, numbers: list[str], index: BulkIndex) -> None:
    first = await client.request(
        "GET", "/10dlc/phone_number_campaigns", params={"page": 1, "recordsPerPage": MAX_PAGE_SIZE}
    )
    total = _int(first.get("totalRecords")) if isinstance(first, dict) else None
    if total is None or -(-total // MAX_PAGE_SIZE) >= len(numbers):
        return
    wanted = set(numbers)
    found: dict[str, PhoneNumberCampaign] = {}
    async for item in client.iter_records("/10dlc/phone_number_campaigns", PhoneNumberCampaign):
        if item.phone_number in wanted:
            found[item.phone_number] = item
    index.tables["10dlc"] = {n: found.get(n) for n in numbers}


async def _tollfree(client: TelnyxClient, numbers: list[str], index: BulkIndex) -> None:
    path = "/messaging_tollfree/verification/requests"
    first = await client.request("GET", path, params={"page": 1, "page_size": MAX_PAGE_SIZE})
    total = _int(first.get("total_records")) if isinstance(first, dict) else None
    if total is None or -(-total // MAX_PAGE_SIZE) >= len(numbers):
        return
    by_number: dict[str, list[TollFreeVerification]] = {}
    async for request in client.iter_records(
        path, TollFreeVerification, size_key="page_size", total_key="total_records"
    ):
        for phone in request.phone_numbers:
            by_number.setdefault(phone.phone_number, []).append(request)
    index.tables["tollfree"] = {n: latest_verification(by_number.get(n, [])) for n in numbers}


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
