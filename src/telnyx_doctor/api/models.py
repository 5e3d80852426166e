"""Pydantic models of the Telnyx payloads the doctor reads, parsed once at the API boundary.

Field names and casing follow the Telnyx API reference (numbers/messaging: snake_case; 10DLC and toll-free:
camelCase). Enums are kept as plain strings on purpose: the live API adds values, and a value we do not
know must reach the checks (which report it raw) rather than fail validation. Unknown fields are kept.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class _Snake(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class _Camel(BaseModel):
    model_config = ConfigDict(
        extra="allow", frozen=True, alias_generator=to_camel, populate_by_name=True, serialize_by_alias=True
    )


# --- family A: {"data": …, "meta": …} -------------------------------------------------------------


class PageMeta(_Snake):
    """Flat pagination meta of family-A lists."""

    page_number: int | None = None
    page_size: int | None = None
    total_pages: int | None = None
    total_results: int | None = None


class MessagingFeatureSet(_Snake):
    """Whether a number can message domestically and internationally."""

    domestic_two_way: bool
    international_inbound: bool
    international_outbound: bool


class MessagingFeatures(_Snake):
    """SMS and MMS feature sets; `None` means the feature is not available on the number."""

    sms: MessagingFeatureSet | None = None
    mms: MessagingFeatureSet | None = None


class NumberHealth(_Snake):
    """Delivery health metrics Telnyx keeps per number."""

    message_count: int
    inbound_outbound_ratio: float
    success_ratio: float
    spam_ratio: float


def normalize_number_type(value: str | None) -> str | None:
    """Fold the API's spellings (`long-code`, `longcode`, `toll_free`…) into long_code/toll_free/short_code."""
    if value is None:
        return None
    folded = value.replace("-", "").replace("_", "").lower()
    return {"longcode": "long_code", "tollfree": "toll_free", "shortcode": "short_code"}.get(folded, value)


class MessagingSettings(_Snake):
    """A number's messaging settings (`PhoneNumberWithMessagingSettings`, or the legacy `MessagingPhoneNumber`)."""

    phone_number: str
    id: str | None = None
    record_type: str | None = None
    messaging_profile_id: str | None = None
    type: str | None = None
    country_code: str | None = None
    features: MessagingFeatures | None = None
    health: NumberHealth | None = None
    messaging_product: str | None = None
    eligible_messaging_products: list[str] | None = None
    traffic_type: str | None = None
    organization_id: str | None = None
    tags: list[str] | None = None
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def number_type(self) -> str | None:
        """`long_code`, `toll_free`, `short_code`, or the raw value when unknown."""
        return normalize_number_type(self.type)


# The SDK documents this literal in place of profile fields when the profile lookup failed (reference §4).
UNAVAILABLE = "UNAVAILABLE"


class PhoneNumberRecord(_Snake):
    """A number in the account's inventory (`PhoneNumberDetailed`)."""

    id: str
    phone_number: str
    status: str
    phone_number_type: str | None = None
    country_iso_alpha2: str | None = None
    messaging_profile_id: str | None = None
    messaging_profile_name: str | None = None
    messaging_campaign_id: str | None = None
    connection_id: str | None = None
    tags: list[str] | None = None
    purchased_at: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    record_type: str | None = None


class NumberPoolSettings(_Snake):
    """A profile's number-pool settings (`null` on the profile = pool disabled)."""

    long_code_weight: float | None = None
    toll_free_weight: float | None = None
    skip_unhealthy: bool | None = None
    sticky_sender: bool | None = None
    geomatch: bool | None = None


class MessagingProfile(_Snake):
    """A messaging profile: on/off, destinations, webhooks, sender settings."""

    id: str
    name: str | None = None
    enabled: bool | None = None
    record_type: str | None = None
    webhook_url: str | None = None
    webhook_failover_url: str | None = None
    webhook_api_version: str | None = None
    whitelisted_destinations: list[str] | None = None
    alpha_sender: str | None = None
    number_pool_settings: NumberPoolSettings | None = None
    daily_spend_limit: str | None = None
    daily_spend_limit_enabled: bool | None = None
    mms_fall_back_to_sms: bool | None = None
    mobile_only: bool | None = None
    organization_id: str | None = None
    created_at: str | None = None
    updated_at: str | None = None

    def configured_webhook(self, *, failover: bool = False) -> str | None:
        """The webhook URL (or the failover one) without surrounding blanks; None when it is unset or blank."""
        text = ((self.webhook_failover_url if failover else self.webhook_url) or "").strip()
        return text or None


class ShortCode(_Snake):
    """A short code on the account."""

    id: str | None = None
    short_code: str | None = None
    messaging_profile_id: str | None = None
    country_code: str | None = None
    record_type: str | None = None
    tags: list[str] | None = None


class AlphanumericSenderId(_Snake):
    """An alphanumeric sender ID attached to a profile."""

    id: str | None = None
    alphanumeric_sender_id: str | None = None
    messaging_profile_id: str | None = None
    organization_id: str | None = None
    us_long_code_fallback: str | None = None
    record_type: str | None = None


# --- family B: 10DLC, camelCase, no envelope -------------------------------------------------------


class PhoneNumberCampaign(_Camel):
    """A number's 10DLC campaign assignment."""

    campaign_id: str
    phone_number: str
    assignment_status: str | None = None
    failure_reasons: str | None = None
    brand_id: str | None = None
    tcr_brand_id: str | None = None
    tcr_campaign_id: str | None = None
    telnyx_campaign_id: str | None = None
    tmobile_number_mapping_status: str | None = None
    non_tmobile_number_mapping_status: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class Campaign(_Camel):
    """A 10DLC campaign: Telnyx's own (`TelnyxCampaign_CSP`) or one shared by a partner CSP."""

    campaign_id: str | None = None
    brand_id: str | None = None
    tcr_campaign_id: str | None = None
    tcr_brand_id: str | None = None
    campaign_status: str | None = None
    status: str | None = None
    submission_status: str | None = None
    failure_reasons: str | None = None
    usecase: str | None = None
    description: str | None = None
    brand_display_name: str | None = None
    is_t_mobile_registered: bool | None = None
    is_t_mobile_suspended: bool | None = None
    next_renewal_or_expiration_date: str | None = None
    create_date: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class _CamelKnownOnly(_Camel):
    # Records that carry a business's contact details (phone, email, address, names): only the fields the
    # checks read are kept, so none of the rest reaches a report, a log or a support bundle.
    model_config = ConfigDict(extra="ignore")


class Brand(_CamelKnownOnly):
    """A 10DLC brand."""

    brand_id: str | None = None
    tcr_brand_id: str | None = None
    display_name: str | None = None
    company_name: str | None = None
    entity_type: str | None = None
    status: str | None = None
    identity_status: str | None = None
    failure_reasons: str | None = None
    country: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class BrandFeedbackCategory(_Camel):
    """One reason a brand failed verification."""

    id: str
    display_name: str | None = None
    description: str | None = None
    fields: list[str] = Field(default_factory=list)


class BrandFeedback(_Camel):
    """Why a brand's registration or vetting failed."""

    brand_id: str
    category: list[BrandFeedbackCategory] = Field(default_factory=list)


# --- family C: toll-free verification, camelCase records, snake_case list keys ----------------------


class TfPhoneNumber(_Camel):
    """A phone number named in a toll-free verification request."""

    phone_number: str


class TollFreeVerification(_CamelKnownOnly):
    """A toll-free verification request and its status."""

    id: str
    verification_status: str
    phone_numbers: list[TfPhoneNumber] = Field(default_factory=list)
    reason: str | None = None
    business_name: str | None = None
    use_case: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


# --- errors ----------------------------------------------------------------------------------------


class ErrorSource(_Snake):
    """Where in the request an error points."""

    pointer: str | None = None
    parameter: str | None = None


class ErrorItem(_Snake):
    """One Telnyx error item; `code` is a string of digits on the wire but we accept a number too."""

    code: str | None = None
    title: str | None = None
    detail: str | None = None
    source: ErrorSource | None = None
    meta: dict[str, Any] | None = None
