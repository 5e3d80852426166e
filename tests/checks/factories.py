"""Plain builders of the fact values the built-in checks read, with sensible healthy defaults."""

from __future__ import annotations

from typing import Any, Literal

from telnyx_doctor.api.models import (
    AlphanumericSenderId,
    Brand,
    BrandFeedback,
    Campaign,
    MessagingProfile,
    MessagingSettings,
    PhoneNumberCampaign,
    PhoneNumberRecord,
    ShortCode,
    TollFreeVerification,
)
from telnyx_doctor.facts_catalog import BrandFact, CampaignFact, ProfileAssignment

US = "+13125550123"
TOLL_FREE = "+18885550123"
UK = "+447700900123"
SHORT_CODE = "12345"
ALPHA = "alpha:MyBrand"
PROFILE_ID = "4001767e-ce0f-4cae-9d5f-0d5e636e7809"
CAMPAIGN_ID = "3008dd9f-66d7-40e0-bf23-bf2d8d1a96ba"
BRAND_ID = "7ba705b7-22af-493f-addc-ac04b7ca071c"
NUMBER_ID = "1293384261075731499"
TF_REQUEST_ID = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e"

SMS = {"domestic_two_way": True, "international_inbound": True, "international_outbound": True}


def record(status: str = "active", number: str = US) -> PhoneNumberRecord:
    """An inventory record of `number`."""
    return PhoneNumberRecord(id=NUMBER_ID, phone_number=number, status=status, phone_number_type="local")


def settings(number: str = US, **fields: Any) -> MessagingSettings:
    """Messaging settings of `number`: on a profile, SMS and MMS enabled, no health figures."""
    fields.setdefault("id", NUMBER_ID)
    fields.setdefault("type", "long-code")
    fields.setdefault("messaging_profile_id", PROFILE_ID)
    fields.setdefault("messaging_product", "A2P")
    fields.setdefault("features", {"sms": SMS, "mms": SMS})
    return MessagingSettings.model_validate({"phone_number": number, **fields})


def health(success: float = 0.95, spam: float = 0.01, count: int = 1000) -> dict[str, Any]:
    """A `health` block for `settings(health=...)`."""
    return {"message_count": count, "inbound_outbound_ratio": 0.5, "success_ratio": success, "spam_ratio": spam}


def assignment(profile_id: str | None = PROFILE_ID, source: str = "messaging_settings") -> ProfileAssignment:
    """Which profile the target is on."""
    return ProfileAssignment.model_validate({"profile_id": profile_id, "source": source})


def profile(**fields: Any) -> MessagingProfile:
    """An enabled profile sending everywhere with a v2 webhook."""
    fields.setdefault("name", "Production")
    fields.setdefault("enabled", True)
    fields.setdefault("whitelisted_destinations", ["US", "CA"])
    fields.setdefault("webhook_url", "https://hooks.example.com/telnyx")
    fields.setdefault("webhook_api_version", "2")
    return MessagingProfile.model_validate({"id": PROFILE_ID, **fields})


def tendlc_assignment(status: str | None = "ASSIGNED", **fields: Any) -> PhoneNumberCampaign:
    """The number's 10DLC assignment (camelCase, as the API sends it)."""
    body = {
        "phoneNumber": US,
        "campaignId": CAMPAIGN_ID,
        "telnyxCampaignId": CAMPAIGN_ID,
        "tcrCampaignId": "CCAMPA1",
        "assignmentStatus": status,
        "createdAt": "2025-01-01T00:00:00Z",
        "updatedAt": "2025-01-02T00:00:00Z",
        **fields,
    }
    return PhoneNumberCampaign.model_validate(body)


def campaign(
    campaign_status: str | None = "MNO_PROVISIONED",
    status: str | None = "ACTIVE",
    source: Literal["telnyx", "partner"] = "telnyx",
    operation_status: dict[str, str] | None = None,
    **fields: Any,
) -> CampaignFact:
    """The assigned campaign as its fact."""
    body = {"campaignId": CAMPAIGN_ID, "brandId": BRAND_ID, "campaignStatus": campaign_status, "status": status}
    return CampaignFact(
        campaign=Campaign.model_validate({**body, **fields}),
        campaign_id=CAMPAIGN_ID,
        source=source,
        operation_status=operation_status or {},
    )


def brand(status: str | None = "OK", identity: str | None = "VERIFIED", **fields: Any) -> BrandFact:
    """The campaign's brand as its fact."""
    feedback = fields.pop("feedback", None)
    body = {"brandId": BRAND_ID, "displayName": "Acme", "status": status, "identityStatus": identity, **fields}
    return BrandFact(
        brand=Brand.model_validate(body),
        brand_id=BRAND_ID,
        feedback=BrandFeedback.model_validate(feedback) if feedback else None,
    )


def tollfree(status: str = "Verified", reason: str | None = None) -> TollFreeVerification:
    """The latest toll-free verification request."""
    return TollFreeVerification.model_validate(
        {
            "id": TF_REQUEST_ID,
            "verificationStatus": status,
            "reason": reason,
            "phoneNumbers": [{"phoneNumber": TOLL_FREE}],
        }
    )


def short_code(profile_id: str | None = PROFILE_ID) -> ShortCode:
    """A provisioned short code."""
    return ShortCode(id="a0b1c2d3-short", short_code=SHORT_CODE, messaging_profile_id=profile_id)


def sender_id(profile_id: str | None = PROFILE_ID, fallback: str | None = None) -> AlphanumericSenderId:
    """A registered alphanumeric sender ID."""
    return AlphanumericSenderId(
        id="b1c2-sender",
        alphanumeric_sender_id="MyBrand",
        messaging_profile_id=profile_id,
        us_long_code_fallback=fallback,
    )
