"""Fleet runs: expand --profile/--all into targets and learn per-number facts from list endpoints, not per number.

A list page answers for up to 250 numbers in one request. For each table the first page comes first: it tells
how many pages the whole list has, and its items are used whatever happens next. The rest of the list is read
when that takes fewer requests than asking for the numbers still unknown one by one (messaging settings: 50 at
a time); otherwise those numbers are left to the per-number providers. No page and no resource is fetched twice.

Items are kept as their JSON text and parsed into models only when a number's fact is read, so the index of a
10,000-number account stays at a few tens of megabytes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
from pydantic import BaseModel, ValidationError

from telnyx_doctor.api.client import MAX_PAGE_SIZE, TelnyxClient
from telnyx_doctor.api.models import (
    MessagingProfile,
    MessagingSettings,
    PhoneNumberCampaign,
    PhoneNumberRecord,
    TollFreeVerification,
)
from telnyx_doctor.errors import ApiError, ApiPayloadError, DoctorError, NotFoundError
from telnyx_doctor.models import NumberKind, Report
from telnyx_doctor.numbers import Target, parse_target
from telnyx_doctor.runner import FinishedNumbers

# Tables of the index; providers.py reads them by these names.
MESSAGING = "messaging"
PHONE_NUMBER = "phone_number"
TENDLC = "10dlc"
TOLLFREE = "tollfree"
PROFILE = "profile"  # keyed by profile id, not by number

log = logging.getLogger("telnyx_doctor.fleet")
FILTER_BATCH = 50  # numbers per messaging-settings request filtered by an exact comma-separated list
PAGE_CONCURRENCY = 8  # pages of one list in flight at once; the run's rate limiter still spaces them
Item = dict[str, Any]


@dataclass
class BulkTable:
    """One fact's values for many keys, kept as JSON text until read; a key may be known absent."""

    model: type[BaseModel]
    endpoint: str  # what errors name, e.g. `GET /v2/phone_numbers`
    raw: dict[str, bytes] = field(default_factory=dict)
    absent: set[str] = field(default_factory=set)  # keys a filtered request answered for without an item
    complete: bool = False  # the whole list was read: any key not in `raw` is absent

    def covers(self, key: str) -> bool:
        """True when the bulk fetch answered for `key` (present or known absent)."""
        return self.complete or key in self.raw or key in self.absent

    def get(self, key: str) -> Any:
        """The parsed item for `key`; None when it is known absent."""
        text = self.raw.get(key)
        if text is None:
            return None
        try:
            return self.model.model_validate_json(text)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "body"
            raise ApiPayloadError(
                f"{self.endpoint} returned a malformed {self.model.__name__}: {where}: {first['msg']}",
                endpoint=self.endpoint,
            ) from None


@dataclass
class BulkIndex:
    """Facts fetched in bulk, by table; what a table does not cover is fetched per number as usual."""

    tables: dict[str, BulkTable] = field(default_factory=dict)
    requests: int = 0  # API requests the bulk fetch made

    def covers(self, table: str, key: str) -> bool:
        """True when `table` answered for `key` (present or known absent)."""
        found = self.tables.get(table)
        return found is not None and found.covers(key)

    def get(self, table: str, key: str) -> Any:
        """The bulk value for `key` (None when known absent)."""
        found = self.tables.get(table)
        return found.get(key) if found is not None else None


@dataclass(frozen=True)
class Listing:
    """A list endpoint and its paging: `data` + `meta.total_pages`, or `records` + a total count."""

    path: str
    params: dict[str, str] = field(default_factory=dict)
    items_key: str = "data"
    page_key: str = "page[number]"
    size_key: str = "page[size]"
    total_key: str | None = None  # the record count of `records` lists; None: `meta.total_pages`

    def query(self, page: int) -> dict[str, Any]:
        """The query string of one page."""
        return {**self.params, self.page_key: page, self.size_key: MAX_PAGE_SIZE}


MESSAGING_LIST = Listing("/phone_numbers/messaging")
INVENTORY_LIST = Listing("/phone_numbers")
PROFILE_LIST = Listing("/messaging_profiles")
TENDLC_LIST = Listing(
    "/10dlc/phone_number_campaigns", items_key="records", page_key="page", size_key="recordsPerPage",
    total_key="totalRecords",
)  # fmt: skip
TOLLFREE_LIST = Listing(
    "/messaging_tollfree/verification/requests", items_key="records", page_key="page", size_key="page_size",
    total_key="total_records",
)  # fmt: skip


class Pager:
    """Reads list endpoints page by page for one client, counting the requests it makes."""

    def __init__(self, client: TelnyxClient, index: BulkIndex) -> None:
        self.client = client
        self.index = index
        self.prefix = httpx.URL(client.base_url).path.rstrip("/")

    def endpoint(self, listing: Listing) -> str:
        """`GET /v2/…`, as errors name a call."""
        return f"GET {self.prefix}{listing.path}"

    async def page(self, listing: Listing, page: int) -> tuple[list[Item], int]:
        """The items of one page and how many pages the list has (learnt from any page)."""
        self.index.requests += 1
        body = await self.client.request("GET", listing.path, params=listing.query(page))
        items = body.get(listing.items_key) if isinstance(body, dict) else None
        if not isinstance(items, list):
            endpoint = self.endpoint(listing)
            raise ApiPayloadError(f"{endpoint} returned no `{listing.items_key}` list", endpoint=endpoint)
        return [i for i in items if isinstance(i, dict)], _pages(listing, body, len(items), page)

    async def read(self, listing: Listing, take: Callable[[Item], None], rest_costs: Callable[[], int] | None) -> bool:
        """Read page 1, then the other pages unless `rest_costs()` requests would do instead; True if all read."""
        items, pages = await self.page(listing, 1)
        for item in items:
            take(item)
        del items
        if pages <= 1:
            return True
        if rest_costs is not None and pages - 1 > rest_costs():
            return False
        limit = asyncio.Semaphore(PAGE_CONCURRENCY)

        async def one(page: int) -> None:
            async with limit:
                found, _ = await self.page(listing, page)
            for item in found:  # taken page by page, so only a few pages are ever held as dicts
                take(item)

        await asyncio.gather(*(one(page) for page in range(2, pages + 1)))
        return True


def _pages(listing: Listing, body: Any, count: int, page: int) -> int:
    if listing.total_key is None:
        meta = body.get("meta") if isinstance(body, dict) else None
        total_pages = meta.get("total_pages") if isinstance(meta, dict) else None
        return total_pages if isinstance(total_pages, int) and not isinstance(total_pages, bool) else page
    total = body.get(listing.total_key)
    if not isinstance(total, int) or isinstance(total, bool) or count == 0:
        return page
    # Page 1 shows the page size the API really uses (toll-free clamps larger sizes silently).
    return page if page > 1 else max(1, math.ceil(total / count))


def _text(item: Item) -> bytes:
    return json.dumps(item, separators=(",", ":")).encode()


class Collector:
    """Builds the BulkIndex of one fleet run."""

    def __init__(self, client: TelnyxClient) -> None:
        self.client = client
        self.index = BulkIndex()
        self.pager = Pager(client, self.index)
        self.profile_ids: set[str] = set()

    def table(self, name: str, model: type[BaseModel], listing: Listing) -> BulkTable:
        """The table `name`, created empty on first use."""
        found = self.index.tables.get(name)
        if found is None:
            found = self.index.tables[name] = BulkTable(model, self.pager.endpoint(listing))
        return found

    def keeper(self, table: BulkTable, key_field: str, wanted: set[str] | None) -> Callable[[Item], None]:
        """Keeps each item of `wanted` (every item when None) under its `key_field`."""

        def take(item: Item) -> None:
            key = item.get(key_field)
            if isinstance(key, str) and (wanted is None or key in wanted):
                table.raw[key] = _text(item)

        return take

    def messaging_keeper(self, wanted: set[str] | None) -> Callable[[Item], None]:
        """Keeps messaging settings, noting the profile each number is on."""
        keep = self.keeper(self.table(MESSAGING, MessagingSettings, MESSAGING_LIST), "phone_number", wanted)

        def take(item: Item) -> None:
            keep(item)
            profile_id = item.get("messaging_profile_id")
            if isinstance(profile_id, str) and profile_id and (wanted is None or item.get("phone_number") in wanted):
                self.profile_ids.add(profile_id)

        return take

    # --- targets ---------------------------------------------------------------------------------------

    async def expand(self, explicit: list[Target], *, profile_id: str | None, everything: bool) -> list[Target]:
        """The explicit targets, then every number on the profile (or the account) not among them, sorted."""
        messaging = self.table(MESSAGING, MessagingSettings, MESSAGING_LIST)
        if everything:
            inventory = self.table(PHONE_NUMBER, PhoneNumberRecord, INVENTORY_LIST)
            # Every number on the account: those with messaging settings and those in the inventory.
            await asyncio.gather(
                self.pager.read(MESSAGING_LIST, self.messaging_keeper(None), None),
                self.pager.read(INVENTORY_LIST, self.keeper(inventory, "phone_number", None), None),
            )
            messaging.complete = inventory.complete = True
            found = set(messaging.raw) | set(inventory.raw)
            if not found:
                from telnyx_doctor.app.selection import no_numbers_on_account

                raise no_numbers_on_account()
        elif profile_id:
            found = await self._profile_numbers(messaging, profile_id)
        else:
            return list(explicit)
        return _merge(explicit, found)

    async def _profile_numbers(self, messaging: BulkTable, profile_id: str) -> set[str]:
        """The numbers on the profile `profile_id` — or, when that lists none, on the one profile so named."""
        from telnyx_doctor.app.selection import profile_named

        listing = Listing(MESSAGING_LIST.path, {"filter[messaging_profile_id]": profile_id})
        await self.pager.read(listing, self.messaging_keeper(None), None)
        if not messaging.raw:  # asked only now: a profile id that lists numbers costs no extra request
            named = await profile_named(self.client, profile_id)
            listing = Listing(MESSAGING_LIST.path, {"filter[messaging_profile_id]": named})
            await self.pager.read(listing, self.messaging_keeper(None), None)
            if not messaging.raw:
                from telnyx_doctor.errors import UsageError

                raise UsageError(f"messaging profile {profile_id!r} ({named}) has no phone numbers")
        return set(messaging.raw)

    # --- per-number tables -----------------------------------------------------------------------------

    async def fill(self, targets: list[Target]) -> None:
        """Cover every phone-number target in each table, within the fewest requests (see the module doc)."""
        numbers = {t.value for t in targets if t.is_phone_number}
        if not numbers:
            return
        us_long = {t.value for t in targets if t.kind is NumberKind.US_LONG_CODE}
        toll_free = {t.value for t in targets if t.kind is NumberKind.TOLL_FREE}
        jobs = [self._messaging_then_profiles(numbers), self._inventory(numbers)]
        if us_long:
            jobs.append(self._listed(TENDLC, PhoneNumberCampaign, TENDLC_LIST, "phoneNumber", us_long))
        if toll_free:
            jobs.append(self._tollfree(toll_free))
        await asyncio.gather(*(_tolerant(job) for job in jobs))

    async def _messaging_then_profiles(self, numbers: set[str]) -> None:
        try:
            await self._messaging(numbers)
        finally:
            await _tolerant(self._profiles())

    async def _messaging(self, numbers: set[str]) -> None:
        table = self.table(MESSAGING, MessagingSettings, MESSAGING_LIST)
        missing = {n for n in numbers if not table.covers(n)}
        if not missing:
            return
        take = self.messaging_keeper(numbers)
        try:
            if len(missing) > FILTER_BATCH:
                batches = lambda: math.ceil(len([n for n in missing if n not in table.raw]) / FILTER_BATCH)  # noqa: E731
                if await self.pager.read(MESSAGING_LIST, take, batches):
                    table.complete = True
                    return
            for batch in _chunks(sorted(n for n in missing if n not in table.raw), FILTER_BATCH):
                # An exact comma-separated list; a number the answer leaves out has no messaging settings.
                listing = Listing(MESSAGING_LIST.path, {"filter[phone_number]": ",".join(batch)})
                await self.pager.read(listing, take, None)
                table.absent.update(n for n in batch if n not in table.raw)
        except NotFoundError:
            return  # the current route is missing: the per-number providers fall back to the legacy one

    async def _inventory(self, numbers: set[str]) -> None:
        await self._listed(PHONE_NUMBER, PhoneNumberRecord, INVENTORY_LIST, "phone_number", numbers)

    async def _listed(
        self, name: str, model: type[BaseModel], listing: Listing, key_field: str, numbers: set[str]
    ) -> None:
        """Read `listing` when that beats one request per number still unknown (page 1 is read either way)."""
        table = self.table(name, model, listing)
        if all(table.covers(n) for n in numbers):
            return
        unknown = lambda: sum(1 for n in numbers if n not in table.raw)  # noqa: E731
        if await self.pager.read(listing, self.keeper(table, key_field, numbers), unknown):
            table.complete = True

    async def _tollfree(self, numbers: set[str]) -> None:
        table = self.table(TOLLFREE, TollFreeVerification, TOLLFREE_LIST)
        stamps: dict[str, str] = {}

        def take(item: Item) -> None:
            # The most recently updated request naming the number wins, as in the per-number lookup.
            stamp = str(item.get("updatedAt") or item.get("createdAt") or "")
            phones = item.get("phoneNumbers")
            for phone in phones if isinstance(phones, list) else []:
                number = phone.get("phoneNumber") if isinstance(phone, dict) else None
                if isinstance(number, str) and number in numbers and stamp >= stamps.get(number, ""):
                    stamps[number] = stamp
                    table.raw[number] = _text(item)

        unknown = lambda: sum(1 for n in numbers if n not in table.raw)  # noqa: E731
        if await self.pager.read(TOLLFREE_LIST, take, unknown):
            table.complete = True

    async def _profiles(self) -> None:
        """The profiles the numbers are on, from the profile list when that beats one request per profile."""
        if len(self.profile_ids) <= 1:
            return  # one profile is one request either way: the shared per-id fetch does it
        table = self.table(PROFILE, MessagingProfile, PROFILE_LIST)
        ids = set(self.profile_ids)
        unknown = lambda: sum(1 for i in ids if i not in table.raw)  # noqa: E731
        if await self.pager.read(PROFILE_LIST, self.keeper(table, "id", ids), unknown):
            table.complete = True


async def collect(
    client: TelnyxClient, explicit: list[Target], *, profile_id: str | None = None, everything: bool = False
) -> tuple[list[Target], BulkIndex]:
    """The run's targets (explicit ones first) and the facts about them fetched with list endpoints.

    A list that cannot be read (API errors, even after retries) is left out: its numbers are then asked
    about one by one, and whatever fails there is reported per number. Expanding --profile/--all and an
    authentication failure are the exceptions: they raise.
    """
    collector = Collector(client)
    targets = await collector.expand(explicit, profile_id=profile_id, everything=everything)
    await collector.fill(targets)
    index = collector.index
    covered = ", ".join(f"{name} {'all' if t.complete else len(t.raw)}" for name, t in index.tables.items())
    log.debug("fleet of %d: %d list requests; covered in bulk: %s", len(targets), index.requests, covered or "none")
    return targets, index


async def _tolerant(job: Awaitable[None]) -> None:
    # A list that failed is left to the per-number providers, whose errors land on the numbers they concern.
    with contextlib.suppress(ApiError):
        await job


def _merge(explicit: list[Target], found: Iterable[str]) -> list[Target]:
    targets = list(explicit)
    seen = {t.value for t in targets}
    for number in sorted(found):
        if number in seen:
            continue
        try:
            target = parse_target(number)
        except DoctorError:  # a listed value that is not a number we can diagnose
            continue
        seen.add(target.value)
        targets.append(target)
    return targets


def json_chunks(header: Report, finished: FinishedNumbers) -> Iterator[str]:
    """The JSON report, piece by piece: exactly what render/json.py writes for `header` with every number."""
    text = header.model_copy(update={"numbers": []}).model_dump_json(by_alias=True, indent=2)
    before, marker, after = text.rpartition('"numbers": []')
    if not marker:
        raise ValueError("the report header has no empty numbers list")
    indices = sorted(finished)
    if not indices:
        yield text + "\n"
        return
    yield before + '"numbers": [\n'
    for position, index in enumerate(indices):
        # Each number's own indented JSON, pushed two levels in, is its text inside the whole report.
        item = "    " + finished.json_of(index).replace("\n", "\n    ")
        yield item + (",\n" if position < len(indices) - 1 else "\n")
    yield "  ]" + after + "\n"


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
