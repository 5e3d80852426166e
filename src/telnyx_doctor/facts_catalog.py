"""Names and value types of the built-in facts, the contract between fact providers and checks.

Every value is a pydantic model, a list of them, a plain JSON value, or None, so a run's facts can be
recorded into a bundle and read back for an offline replay.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

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

# fact name and value type; what None means
PHONE_NUMBER = "phone_number"  # PhoneNumberRecord | None: not on the account
MESSAGING = "messaging"  # MessagingSettings | None: not listed for messaging
ASSIGNMENT = "assignment"  # ProfileAssignment: which profile the target is on, and where that came from
PROFILE = "profile"  # MessagingProfile | None: no profile id, or the id does not resolve
SHORT_CODE = "short_code"  # ShortCode | None                    the short code on the account; None: not found
ALPHANUMERIC = "alphanumeric"  # AlphanumericSenderId | None     the sender ID on the account; None: not found
TENDLC_ASSIGNMENT = "10dlc.assignment"  # PhoneNumberCampaign | None  None: the number has no 10DLC assignment
TENDLC_CAMPAIGN = "10dlc.campaign"  # CampaignFact | None        the assigned campaign; None: no assignment
TENDLC_BRAND = "10dlc.brand"  # BrandFact | None                 the campaign's brand; None: no campaign/brand id
TOLLFREE_VERIFICATION = "tollfree.verification"  # TollFreeVerification | None  most recently updated request
WEBHOOK_RESOLUTION = "webhook.resolution"  # HostResolution | None   DNS of the primary webhook host (probe.py)
WEBHOOK_PROBE = "webhook.probe"  # ProbeResult | None            probe of the primary webhook URL (probe.py)
WEBHOOK_FAILOVER_PROBE = "webhook.failover_probe"  # ProbeResult | None  probe of the failover URL
SEND_TEST = "send.test"  # SendTestOutcome | None  the test message's story (evidence/sendtest.py); None: not asked
RECENT_MESSAGES = "messages.recent"  # MessageEvidence     the sender's message records in the window (evidence/)
WEBHOOK_DELIVERIES = "webhook.deliveries"  # DeliveryEvidence  Telnyx's deliveries to the profile's webhook URLs

# The parameter name a check uses to read each built-in fact (a fact name is not always a Python name).
PARAMETERS: dict[str, str] = {
    "phone_number": PHONE_NUMBER,
    "messaging": MESSAGING,
    "assignment": ASSIGNMENT,
    "profile": PROFILE,
    "short_code": SHORT_CODE,
    "alphanumeric": ALPHANUMERIC,
    "tendlc_assignment": TENDLC_ASSIGNMENT,
    "tendlc_campaign": TENDLC_CAMPAIGN,
    "tendlc_brand": TENDLC_BRAND,
    "tollfree_verification": TOLLFREE_VERIFICATION,
    "webhook_resolution": WEBHOOK_RESOLUTION,
    "webhook_probe": WEBHOOK_PROBE,
    "webhook_failover_probe": WEBHOOK_FAILOVER_PROBE,
    "send_test": SEND_TEST,
    "recent_messages": RECENT_MESSAGES,
    "webhook_deliveries": WEBHOOK_DELIVERIES,
}


class ProfileAssignment(BaseModel):
    """Which messaging profile a target is on, whatever kind of sender it is."""

    model_config = ConfigDict(frozen=True)

    profile_id: str | None
    source: Literal["messaging_settings", "short_code", "alphanumeric_sender_id", "none"]


class CampaignFact(BaseModel):
    """A number's 10DLC campaign: Telnyx's own or shared by a partner, with per-carrier operation status."""

    model_config = ConfigDict(frozen=True)

    campaign: Campaign | None  # None: the assignment names a campaign that could not be found
    campaign_id: str
    source: Literal["telnyx", "partner"]
    operation_status: dict[str, str] = Field(default_factory=dict)


class BrandFact(BaseModel):
    """A campaign's brand, with the registry's feedback when the brand is not verified."""

    model_config = ConfigDict(frozen=True)

    brand: Brand | None  # None: the campaign names a brand that could not be found
    brand_id: str
    feedback: BrandFeedback | None = None


__all__ = [
    "ALPHANUMERIC",
    "ASSIGNMENT",
    "MESSAGING",
    "PARAMETERS",
    "PHONE_NUMBER",
    "PROFILE",
    "RECENT_MESSAGES",
    "SEND_TEST",
    "SHORT_CODE",
    "TENDLC_ASSIGNMENT",
    "TENDLC_BRAND",
    "TENDLC_CAMPAIGN",
    "TOLLFREE_VERIFICATION",
    "WEBHOOK_DELIVERIES",
    "WEBHOOK_FAILOVER_PROBE",
    "WEBHOOK_PROBE",
    "WEBHOOK_RESOLUTION",
    "AlphanumericSenderId",
    "BrandFact",
    "CampaignFact",
    "MessagingProfile",
    "MessagingSettings",
    "PhoneNumberCampaign",
    "PhoneNumberRecord",
    "ProfileAssignment",
    "ShortCode",
    "TollFreeVerification",
]
