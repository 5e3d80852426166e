"""Built-in fact providers: each Telnyx resource the checks read, fetched once per run and shared."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

from telnyx_doctor import facts_catalog as fc
from telnyx_doctor.api.models import (
    UNAVAILABLE,
    AlphanumericSenderId,
    MessagingProfile,
    MessagingSettings,
    PhoneNumberCampaign,
    PhoneNumberRecord,
    ShortCode,
    TollFreeVerification,
)
from telnyx_doctor.facts import FactRequest, FactSpec
from telnyx_doctor.models import NumberKind

T = TypeVar("T")

# Identity states after which the registry's feedback says nothing new.
_BRAND_FINE = frozenset({"VERIFIED", "VETTED_VERIFIED", "SELF_DECLARED"})


def _bulk(req: FactRequest) -> Any:
    """Facts a fleet run prefetched with list endpoints (see fleet.py), if any."""
    return req.env.extras.get("bulk")


async def _bulk_or_fetch(req: FactRequest, table: str, fetch: Callable[[str], Awaitable[T | None]]) -> T | None:
    """The target's row of a fleet's bulk `table` when it covers the target, else one request of its own."""
    bulk = _bulk(req)
    if bulk is not None and bulk.covers(table, req.target.value):
        return cast("T | None", bulk.get(table, req.target.value))
    return await fetch(req.target.value)


async def phone_number(req: FactRequest) -> PhoneNumberRecord | None:
    """The number in the account inventory."""
    return await _bulk_or_fetch(req, "phone_number", req.client.get_phone_number)


async def messaging(req: FactRequest) -> MessagingSettings | None:
    """The number's messaging settings."""
    return await _bulk_or_fetch(req, "messaging", req.client.get_messaging_settings)


async def assignment(req: FactRequest) -> fc.ProfileAssignment:
    """Which profile the target is on, read from where its kind of sender keeps it."""
    kind = req.target.kind
    if kind is NumberKind.SHORT_CODE:
        code: ShortCode | None = await req.get(fc.SHORT_CODE)
        return fc.ProfileAssignment(
            profile_id=code.messaging_profile_id if code else None, source="short_code" if code else "none"
        )
    if kind is NumberKind.ALPHANUMERIC:
        sender: AlphanumericSenderId | None = await req.get(fc.ALPHANUMERIC)
        return fc.ProfileAssignment(
            profile_id=sender.messaging_profile_id if sender else None,
            source="alphanumeric_sender_id" if sender else "none",
        )
    settings: MessagingSettings | None = await req.get(fc.MESSAGING)
    if settings is None:
        return fc.ProfileAssignment(profile_id=None, source="none")
    return fc.ProfileAssignment(profile_id=settings.messaging_profile_id or None, source="messaging_settings")


async def profile(req: FactRequest) -> MessagingProfile | None:
    """The messaging profile the target is on."""
    assigned: fc.ProfileAssignment = await req.get(fc.ASSIGNMENT)
    profile_id = assigned.profile_id
    if not profile_id or profile_id == UNAVAILABLE:
        return None
    bulk = _bulk(req)
    if bulk is not None and bulk.covers("profile", profile_id):
        return await req.shared(("profile", profile_id), lambda: _bulk_value(bulk, "profile", profile_id))
    client = req.client
    return await req.shared(("profile", profile_id), lambda: client.get_messaging_profile(profile_id))


async def _bulk_value(bulk: Any, table: str, key: str) -> Any:
    """A bulk-fetched value, parsed once and shared like a fetched one."""
    return bulk.get(table, key)


async def short_code(req: FactRequest) -> ShortCode | None:
    """The short code on the account (the list is fetched once per run)."""
    client = req.client
    codes = await req.shared(("short_codes",), client.list_short_codes)
    return next((c for c in codes if c.short_code == req.target.value), None)


async def alphanumeric(req: FactRequest) -> AlphanumericSenderId | None:
    """The alphanumeric sender ID on the account (the list is fetched once per run)."""
    client = req.client
    senders = await req.shared(("alphanumeric_sender_ids",), client.list_alphanumeric_sender_ids)
    wanted = req.target.value.casefold()
    return next((s for s in senders if (s.alphanumeric_sender_id or "").casefold() == wanted), None)


async def tendlc_assignment(req: FactRequest) -> PhoneNumberCampaign | None:
    """The number's 10DLC campaign assignment."""
    return await _bulk_or_fetch(req, "10dlc", req.client.get_number_campaign)


async def tendlc_campaign(req: FactRequest) -> fc.CampaignFact | None:
    """The assigned campaign (Telnyx's own, or a partner's) and its per-carrier status."""
    assigned: PhoneNumberCampaign | None = await req.get(fc.TENDLC_ASSIGNMENT)
    if assigned is None:
        return None
    client = req.client
    telnyx_id = assigned.telnyx_campaign_id or (assigned.campaign_id if assigned.brand_id else "")
    if telnyx_id:
        campaign, operations = await asyncio.gather(
            req.shared(("campaign", telnyx_id), lambda: client.get_campaign(telnyx_id)),
            req.shared(("operation_status", telnyx_id), lambda: client.get_campaign_operation_status(telnyx_id)),
        )
        return fc.CampaignFact(campaign=campaign, campaign_id=telnyx_id, source="telnyx", operation_status=operations)
    # Shared from another provider: campaignId holds the TCR id, brandId/telnyxCampaignId are empty.
    tcr_id = assigned.tcr_campaign_id or assigned.campaign_id
    campaign = await req.shared(("partner_campaign", tcr_id), lambda: client.get_partner_campaign(tcr_id))
    return fc.CampaignFact(campaign=campaign, campaign_id=tcr_id, source="partner")


async def tendlc_brand(req: FactRequest) -> fc.BrandFact | None:
    """The campaign's brand, with the registry's feedback when it is not verified.

    The assignment of a Telnyx campaign already names its brand, so the brand is asked for alongside the
    campaign rather than after it: one round trip less on the longest chain. The campaign's brand id decides.
    """
    client = req.client
    assigned: PhoneNumberCampaign | None = await req.get(fc.TENDLC_ASSIGNMENT)
    hint = assigned.brand_id if assigned is not None and assigned.telnyx_campaign_id else None
    if hint:
        early = asyncio.ensure_future(req.shared(("brand", hint), lambda: client.get_brand(hint)))
        early.add_done_callback(_seen)
    found: fc.CampaignFact | None = await req.get(fc.TENDLC_CAMPAIGN)
    if found is None or found.campaign is None or not found.campaign.brand_id:
        return None
    brand_id = found.campaign.brand_id
    brand = await req.shared(("brand", brand_id), lambda: client.get_brand(brand_id))
    feedback = None
    if brand is not None and (brand.status != "OK" or brand.identity_status not in _BRAND_FINE):
        feedback = await req.shared(("brand_feedback", brand_id), lambda: client.get_brand_feedback(brand_id))
    return fc.BrandFact(brand=brand, brand_id=brand_id, feedback=feedback)


def _seen(future: asyncio.Future[Any]) -> None:
    """Mark a background fetch's exception as retrieved; whoever awaits the shared value gets it anyway."""
    if not future.cancelled():
        future.exception()


async def tollfree_verification(req: FactRequest) -> TollFreeVerification | None:
    """The most recent toll-free verification request for the number."""
    return await _bulk_or_fetch(req, "tollfree", req.client.find_tollfree_verification)


API_FACTS: list[FactSpec] = [
    FactSpec(fc.PHONE_NUMBER, phone_number, PhoneNumberRecord | None, description="GET /v2/phone_numbers"),
    FactSpec(fc.MESSAGING, messaging, MessagingSettings | None, description="GET /v2/phone_numbers/messaging"),
    FactSpec(fc.ASSIGNMENT, assignment, fc.ProfileAssignment, description="the target's messaging profile id"),
    FactSpec(fc.PROFILE, profile, MessagingProfile | None, description="GET /v2/messaging_profiles/{id}"),
    FactSpec(fc.SHORT_CODE, short_code, ShortCode | None, description="GET /v2/short_codes"),
    FactSpec(
        fc.ALPHANUMERIC,
        alphanumeric,
        AlphanumericSenderId | None,
        description="GET /v2/alphanumeric_sender_ids",
    ),
    FactSpec(
        fc.TENDLC_ASSIGNMENT,
        tendlc_assignment,
        PhoneNumberCampaign | None,
        description="GET /v2/10dlc/phone_number_campaigns/{number}",
    ),
    FactSpec(
        fc.TENDLC_CAMPAIGN,
        tendlc_campaign,
        fc.CampaignFact | None,
        description="GET /v2/10dlc/campaign/{id} (+ operationStatus) or /v2/10dlc/partner_campaigns/{id}",
    ),
    FactSpec(fc.TENDLC_BRAND, tendlc_brand, fc.BrandFact | None, description="GET /v2/10dlc/brand/{id}"),
    FactSpec(
        fc.TOLLFREE_VERIFICATION,
        tollfree_verification,
        TollFreeVerification | None,
        description="GET /v2/messaging_tollfree/verification/requests",
    ),
]


def builtin_facts() -> list[FactSpec]:
    """The API facts, the webhook probe's facts, the evidence facts and the send test's."""
    from telnyx_doctor.evidence.facts import EVIDENCE_FACTS
    from telnyx_doctor.evidence.sendtest import SEND_FACTS
    from telnyx_doctor.probe.facts import PROBE_FACTS

    return [*API_FACTS, *PROBE_FACTS, *EVIDENCE_FACTS, *SEND_FACTS]
