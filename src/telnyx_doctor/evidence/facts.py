"""The evidence facts: the sender's recent messages and Telnyx's deliveries to the profile's webhook URLs.

Both start as early as their inputs allow: messages need only the number, so they are read alongside the
configuration; deliveries need the webhook URLs, which the newest outbound message record already names, so
they are asked for as soon as the messages arrive (and, if the profile names other URLs, once it does).
A key that may not read these records (401/403 here only) or an API failure on them becomes the fact's
`state`, never an error of the run: the configuration checks do not depend on the evidence.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any, TypeVar

from telnyx_doctor import facts_catalog as fc
from telnyx_doctor.api.models import MessagingProfile
from telnyx_doctor.errors import ApiError, ApiStatusError, AuthenticationError, FactError, NotFoundError
from telnyx_doctor.evidence import reads
from telnyx_doctor.evidence.models import DeliveryEvidence, MessageEvidence
from telnyx_doctor.evidence.payloads import DeliveryPayload
from telnyx_doctor.facts import FactRequest, FactSpec

MESSAGES = fc.RECENT_MESSAGES
DELIVERIES = fc.WEBHOOK_DELIVERIES

_Evidence = TypeVar("_Evidence", MessageEvidence, DeliveryEvidence)


def _off(req: FactRequest) -> str:
    """Why the evidence is not read in this run, or an empty string."""
    if not req.env.options.evidence:
        return "evidence is off (--evidence off)"
    if req.env.client is None:
        return "no Telnyx API in this run"
    return ""


async def _start(req: FactRequest) -> datetime:
    """The window's start, fixed once per run so every read (and every shared key) agrees on it."""
    from telnyx_doctor.evidence.window import window_start

    since = req.env.options.since

    async def compute() -> datetime:
        return window_start(since)

    return await req.shared(("evidence.window", since), compute)


async def _opening(req: FactRequest, kind: type[_Evidence]) -> _Evidence | tuple[datetime, bool]:
    """The window's start and whether the whole account is read at once; or the `disabled` evidence."""
    off = _off(req)
    if off:
        return kind(state="disabled", since=req.env.options.since, reason=off)
    return await _start(req), req.env.extras.get("bulk") is not None


def _forbidden(exc: AuthenticationError) -> str:
    return f"the API key may not read these records: {exc}"


async def recent_messages(req: FactRequest) -> MessageEvidence:
    """The sender's messages of the window: outbound by `cli`, inbound by `cld`, newest first."""
    opened = await _opening(req, MessageEvidence)
    if not isinstance(opened, tuple):
        return opened
    start, bulk = opened
    since = req.env.options.since
    if bulk:
        return await _from_account(req, start)
    number, client = req.target.value, req.client
    try:
        outbound, inbound = await _both(
            reads.detail_records(client, "cli", number, start, "outbound"),
            reads.detail_records(client, "cld", number, start, "inbound"),
        )
    except AuthenticationError as exc:
        return MessageEvidence(state="forbidden", since=since, window_start=start, reason=_forbidden(exc))
    except ApiStatusError as exc:
        if exc.status_code != 400 or isinstance(exc, NotFoundError):
            return MessageEvidence(state="error", since=since, window_start=start, reason=str(exc))
        return await _from_report(req, start, str(exc))
    except ApiError as exc:
        return MessageEvidence(state="error", since=since, window_start=start, reason=str(exc))
    (out_rows, out_capped), (in_rows, in_capped) = outbound, inbound
    records = [reads.message_record(row, number) for row in [*out_rows, *in_rows]]
    records.sort(key=lambda r: r.created_at.timestamp() if r.created_at else 0.0, reverse=True)
    newest = next((r for r in out_rows if r.delivery_status_webhook_url), None)
    urls = (newest.delivery_status_webhook_url, newest.delivery_status_failover_url) if newest else ()
    return MessageEvidence(
        state="read",
        since=since,
        window_start=start,
        records=tuple(records),
        cap=reads.DETAIL_PAGE * reads.MESSAGE_PAGES,
        capped=out_capped or in_capped,
        webhook_urls=tuple(u for u in urls if u),
    )


async def _from_report(req: FactRequest, start: datetime, refused: str) -> MessageEvidence:
    """The MDR report instead of detail records, which refused a filter: statuses without codes."""
    since, number, client = req.env.options.since, req.target.value, req.client
    fallback = f"detail records refused the number filter ({refused}); read the MDR report, which has no error codes"
    try:
        outbound, inbound = await _both(
            reads.mdr_rows(client, "cli", number, start, "outbound"),
            reads.mdr_rows(client, "cld", number, start, "inbound"),
        )
    except AuthenticationError as exc:
        return MessageEvidence(state="forbidden", since=since, window_start=start, reason=_forbidden(exc))
    except ApiError as exc:
        return MessageEvidence(state="error", since=since, window_start=start, reason=f"{fallback}; then: {exc}")
    records = [reads.message_record(row, number) for row in [*outbound, *inbound]]
    records.sort(key=lambda r: r.created_at.timestamp() if r.created_at else 0.0, reverse=True)
    return MessageEvidence(
        state="read", since=since, window_start=start, source="mdrs", fallback=fallback, records=tuple(records)
    )


async def _from_account(req: FactRequest, start: datetime) -> MessageEvidence:
    from telnyx_doctor.evidence.bulk import account_messages

    since, client = req.env.options.since, req.client
    try:
        account = await req.shared(("evidence.account_messages", start), lambda: account_messages(client, start))
    except AuthenticationError as exc:
        return MessageEvidence(state="forbidden", since=since, window_start=start, reason=_forbidden(exc))
    except ApiError as exc:
        return MessageEvidence(state="error", since=since, window_start=start, reason=str(exc))
    return MessageEvidence(
        state="read",
        since=since,
        window_start=start,
        source="account",
        records=tuple(account.by_number.get(req.target.value, ())),
        cap=account.cap,
        capped=account.capped,
    )


async def _both(first: Any, second: Any) -> tuple[Any, Any]:
    """Two reads at once; the first failure is raised after both have settled (none left unretrieved)."""
    results = await asyncio.gather(first, second, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results[0], results[1]


def _urls(profile: MessagingProfile | None) -> tuple[str | None, str | None]:
    if profile is None:
        return None, None
    return profile.configured_webhook(), profile.configured_webhook(failover=True)


def _deliveries_of(req: FactRequest, url: str, start: datetime) -> Any:
    client = req.client
    return req.shared(("evidence.deliveries", url, start), lambda: reads.deliveries_to(client, url, start))


async def _early(req: FactRequest, start: datetime) -> None:
    """Start the deliveries of the URLs the newest message record names, before the profile is known."""
    messages: MessageEvidence = await req.get(MESSAGES)
    for url in messages.webhook_urls:
        task = asyncio.ensure_future(_deliveries_of(req, url, start))
        task.add_done_callback(_seen)


def _seen(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()


async def webhook_deliveries(req: FactRequest) -> DeliveryEvidence:
    """Telnyx's deliveries to the profile's primary and failover URLs in the window, newest first."""
    opened = await _opening(req, DeliveryEvidence)
    if not isinstance(opened, tuple):
        return opened
    start, bulk = opened
    since = req.env.options.since
    if not bulk:
        early = asyncio.ensure_future(_early(req, start))
        early.add_done_callback(_seen)
    try:
        profile: MessagingProfile | None = await req.get(fc.PROFILE)
    except FactError as exc:
        return DeliveryEvidence(state="error", since=since, window_start=start, reason=f"no profile: {exc}")
    primary, failover = _urls(profile)
    urls = list(dict.fromkeys(u for u in (primary, failover) if u))
    base = {"since": since, "window_start": start, "primary": primary, "failover": failover}
    try:
        if bulk:
            from telnyx_doctor.evidence.bulk import account_deliveries

            client = req.client
            account = await req.shared(
                ("evidence.account_deliveries", start), lambda: account_deliveries(client, start)
            )
            found = account.to(primary, failover)
            return DeliveryEvidence(
                state="read", deliveries=tuple(found), cap=account.cap, capped=account.capped, **base
            )
        answers = await asyncio.gather(*(_deliveries_of(req, url, start) for url in urls))
    except AuthenticationError as exc:
        return DeliveryEvidence(state="forbidden", reason=_forbidden(exc), **base)
    except ApiError as exc:
        return DeliveryEvidence(state="error", reason=str(exc), **base)
    payloads: dict[str, DeliveryPayload] = {}
    for found_payloads, _capped in answers:
        for payload in found_payloads:
            payloads.setdefault(payload.id or str(len(payloads)), payload)
    ordered = sorted(payloads.values(), key=lambda p: p.started_at or "", reverse=True)
    return DeliveryEvidence(
        state="read",
        deliveries=tuple(reads.delivery(p, primary, failover) for p in ordered),
        cap=reads.DELIVERY_PAGE * reads.DELIVERY_PAGES,
        capped=any(capped for _found, capped in answers),
        **base,
    )


UNRECORDED = "the bundle has no evidence (it was recorded without message records or webhook deliveries)"


def _unrecorded_messages(req: FactRequest) -> MessageEvidence:
    return MessageEvidence(state="unrecorded", since=req.env.options.since, reason=UNRECORDED)


def _unrecorded_deliveries(req: FactRequest) -> DeliveryEvidence:
    return DeliveryEvidence(state="unrecorded", since=req.env.options.since, reason=UNRECORDED)


# A bundle recorded before these facts existed lacks them: that is "not recorded", never an error of the replay.
EVIDENCE_FACTS: list[FactSpec] = [
    FactSpec(
        MESSAGES,
        recent_messages,
        MessageEvidence,
        description="GET /v2/detail_records?filter[record_type]=messaging by cli/cld (fallback GET /v2/reports/mdrs)",
        unrecorded=_unrecorded_messages,
    ),
    FactSpec(
        DELIVERIES,
        webhook_deliveries,
        DeliveryEvidence,
        description="GET /v2/webhook_deliveries?filter[attempts][contains]=URL",
        unrecorded=_unrecorded_deliveries,
    ),
]
