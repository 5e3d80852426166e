"""The scenario file's schema: pydantic models of an account as a person writes it in TOML.

TOML has no null, so an omitted key means null/absent wherever the API allows null (a profile's webhook
URLs, a number's profile, its 10DLC assignment, an SMS/MMS feature set…); elsewhere an omitted key takes
the realistic default documented on the field. Numbers and messaging settings use the API's snake_case;
10DLC and toll-free tables accept the API's camelCase names as well as snake_case.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_camel

from telnyx_doctor.sandbox.faults import Fault
from telnyx_doctor.sandbox.spec_evidence import (
    DestinationSpec,
    MessageRecordSpec,
    SendingSpec,
    SendOutcomeSpec,
    WebhookDeliverySpec,
)
from telnyx_doctor.sandbox.webhook_urls import check_sandbox_url

DEFAULT_API_KEY = "KEYsandbox0000000000000000000000_telnyxdoctor"

PhoneStatus = Literal[
    "purchase-pending",
    "purchase-failed",
    "port-pending",
    "port-failed",
    "active",
    "deleted",
    "emergency-only",
    "ported-out",
    "port-out-pending",
    "requirement-info-pending",
    "requirement-info-under-review",
    "requirement-info-exception",
    "provision-pending",
]
PhoneNumberType = Literal[
    "local", "toll_free", "mobile", "national", "shared_cost", "landline", "tollfree", "shortcode", "longcode"
]
MessagingType = Literal["long-code", "toll-free", "short-code", "longcode", "tollfree", "shortcode"]
WebhookApiVersion = Literal["1", "2", "2010-04-01"]
AssignmentStatus = Literal[
    "FAILED_ASSIGNMENT", "PENDING_ASSIGNMENT", "ASSIGNED", "PENDING_UNASSIGNMENT", "FAILED_UNASSIGNMENT"
]
CampaignStatus = Literal[
    "TCR_PENDING",
    "TCR_SUSPENDED",
    "TCR_EXPIRED",
    "TCR_ACCEPTED",
    "TCR_FAILED",
    "TELNYX_ACCEPTED",
    "TELNYX_FAILED",
    "MNO_PENDING",
    "MNO_ACCEPTED",
    "MNO_REJECTED",
    "MNO_PROVISIONED",
    "MNO_PROVISIONING_FAILED",
]
SubmissionStatus = Literal["CREATED", "FAILED", "PENDING"]
BrandStatus = Literal["OK", "REGISTRATION_PENDING", "REGISTRATION_FAILED"]
IdentityStatus = Literal["VERIFIED", "UNVERIFIED", "SELF_DECLARED", "VETTED_VERIFIED"]
EntityType = Literal["PRIVATE_PROFIT", "PUBLIC_PROFIT", "NON_PROFIT", "GOVERNMENT", "SOLE_PROPRIETOR"]
BrandRelationship = Literal["BASIC_ACCOUNT", "SMALL_ACCOUNT", "MEDIUM_ACCOUNT", "LARGE_ACCOUNT", "KEY_ACCOUNT"]
TollFreeStatus = Literal[
    "Verified", "Rejected", "Waiting For Vendor", "Waiting For Customer", "Waiting For Telnyx", "In Progress"
]
MessageVolume = Literal[
    "10",
    "100",
    "1,000",
    "10,000",
    "100,000",
    "250,000",
    "500,000",
    "750,000",
    "1,000,000",
    "5,000,000",
    "10,000,000+",
]
TOLL_FREE_USE_CASES = frozenset(
    {
        "2FA", "App Notifications", "Appointments", "Auctions", "Auto Repair Services", "Bank Transfers",
        "Billing", "Booking Confirmations", "Business Updates", "COVID-19 Alerts", "Career Training",
        "Chatbot", "Conversational / Alerts", "Courier Services & Deliveries", "Emergency Alerts",
        "Events & Planning", "Financial Services", "Fraud Alerts", "Fundraising", "General Marketing",
        "General School Updates", "HR / Staffing", "Healthcare Alerts", "Housing Community Updates",
        "Insurance Services", "Job Dispatch", "Legal Services", "Mixed", "Motivational Reminders",
        "Notary Notifications", "Order Notifications", "Political", "Public Works", "Real Estate Services",
        "Religious Services", "Repair and Diagnostics Alerts", "Rewards Program", "Surveys", "System Alerts",
        "Voting Reminders", "Waitlist Alerts", "Webinar Reminders", "Workshop Alerts",
    }
)  # fmt: skip

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_ALPHA_SENDER = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$")


def _e164(value: str) -> str:
    if not _E164.match(value):
        raise ValueError(f"{value!r} is not an E.164 number such as +15550100001")
    return value


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _CamelSpec(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, alias_generator=to_camel, validate_by_name=True, validate_by_alias=True
    )


class AccountSpec(_Spec):
    """The account as a whole."""

    name: str = "sandbox"
    api_key: str = Field(DEFAULT_API_KEY, min_length=1, description="the key every /v2 request must bear")
    organization_id: str | None = Field(None, description="derived from the account name when absent")


class SandboxSpec(_Spec):
    """How the simulated API behaves (latency, rate limit, webhook delays)."""

    latency: float = Field(0.0, ge=0, description="seconds added to every /v2 request")
    rate_limit: float | None = Field(None, gt=0, description="requests per second before 429s; none if absent")
    sluggish_delay: float = Field(1.3, ge=0, description="how long the `sluggish` webhook takes")
    slow_delay: float = Field(2.5, ge=0, description="how long the `slow` webhook takes")


class NumberPoolSpec(_Spec):
    """A profile's number pool (absent: pool disabled)."""

    long_code_weight: float = Field(1, ge=0)
    toll_free_weight: float = Field(10, ge=0)
    skip_unhealthy: bool = True
    sticky_sender: bool = False
    geomatch: bool = False


class UrlShortenerSpec(_Spec):
    """A profile's URL shortener (absent: disabled)."""

    domain: str
    prefix: str = ""
    replace_blacklist_only: bool = True
    send_webhooks: bool = False


class ProfileSpec(_Spec):
    """A messaging profile."""

    name: str = Field(min_length=1)
    id: str | None = Field(None, description="a UUID5 derived from the name when absent")
    enabled: bool = True
    webhook_url: str | None = Field(None, description="a URL, or sandbox:NAME / sandbox+tls:NAME")
    webhook_failover_url: str | None = None
    webhook_api_version: WebhookApiVersion = "2"
    whitelisted_destinations: list[str] = Field(default_factory=lambda: ["US"])
    alpha_sender: str | None = None
    number_pool: NumberPoolSpec | None = None
    url_shortener: UrlShortenerSpec | None = None
    daily_spend_limit: str = Field("100.00", pattern=r"^[0-9]+(?:\.[0-9]+)?$")
    daily_spend_limit_enabled: bool = False
    mms_fall_back_to_sms: bool = False
    mms_transcoding: bool = False
    mobile_only: bool = False
    smart_encoding: bool = False
    redaction_enabled: bool = False
    redaction_level: int = 2
    v1_secret: str | None = Field(None, description="derived when absent")
    created_at: str | None = None

    @field_validator("webhook_url", "webhook_failover_url")
    @classmethod
    def _sandbox_url(cls, value: str | None) -> str | None:
        return None if value is None else check_sandbox_url(value)

    @field_validator("whitelisted_destinations")
    @classmethod
    def _destinations(cls, value: list[str]) -> list[str]:
        for code in value:
            if code != "*" and not _COUNTRY.match(code):
                raise ValueError(f"{code!r} is not an ISO 3166 alpha-2 country code or '*'")
        return value

    @field_validator("alpha_sender")
    @classmethod
    def _alpha(cls, value: str | None) -> str | None:
        if value is not None and not _ALPHA_SENDER.match(value):
            raise ValueError(f"{value!r}: 1-11 letters, digits or spaces with at least one letter")
        return value


class FeatureSetSpec(_Spec):
    """An SMS or MMS feature set."""

    domestic_two_way: bool
    international_inbound: bool
    international_outbound: bool


class FeaturesSpec(_Spec):
    """A number's features; within this table an omitted `sms` or `mms` is null (not available)."""

    sms: FeatureSetSpec | None = None
    mms: FeatureSetSpec | None = None


class HealthSpec(_Spec):
    """A number's health metrics."""

    message_count: int = Field(ge=0)
    inbound_outbound_ratio: float = Field(ge=0)
    success_ratio: float = Field(ge=0, le=1)
    spam_ratio: float = Field(ge=0, le=1)


class AssignmentSpec(_CamelSpec):
    """A number's 10DLC campaign assignment."""

    campaign: str = Field(description="a campaign's name or id, or a partner campaign's tcrCampaignId")
    assignment_status: AssignmentStatus = "ASSIGNED"
    failure_reasons: str | None = None
    tmobile_number_mapping_status: str | None = Field(None, description="derived from assignmentStatus")
    non_tmobile_number_mapping_status: str | None = None
    created_at: str | None = None


class NumberSpec(_Spec):
    """A phone number on the account, with its messaging settings."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_by_name=True, validate_by_alias=True)

    phone_number: str
    id: str | None = Field(None, pattern=r"^\d+$", description="numeric; derived from the number when absent")
    status: PhoneStatus = "active"
    phone_number_type: PhoneNumberType | None = Field(None, description="toll_free for +1 8xx, else local")
    country: str | None = Field(None, pattern=r"^[A-Z]{2}$", description="derived from the number")
    profile: str | None = Field(None, description="profile name or id; an unknown UUID (or 'dangling') dangles")
    messaging: bool = Field(True, description="listed under /v2/phone_numbers/messaging")
    messaging_type: MessagingType | None = Field(None, description="longcode / tollfree from the number")
    messaging_product: str = "A2P"
    eligible_messaging_products: list[str] = Field(default_factory=lambda: ["A2P"])
    traffic_type: str = "A2P"
    features: FeaturesSpec | None = Field(None, description="absent: the usual features of its type")
    health: HealthSpec | None = None
    tendlc: AssignmentSpec | None = Field(None, alias="10dlc")
    tags: list[str] = Field(default_factory=list)
    connection_id: str | None = None
    connection_name: str | None = None
    customer_reference: str | None = None
    billing_group_id: str | None = None
    profile_unavailable: bool = Field(False, description="inventory shows the profile as 'UNAVAILABLE'")
    send: SendOutcomeSpec | None = Field(None, description="how messages sent from it end (default: delivered)")
    created_at: str | None = None

    @field_validator("phone_number")
    @classmethod
    def _number(cls, value: str) -> str:
        return _e164(value)


class FeedbackCategorySpec(_CamelSpec):
    """One reason a brand failed (`/10dlc/brand/feedback/{brandId}`)."""

    id: Literal["TAX_ID", "STOCK_SYMBOL", "GOVERNMENT_ENTITY", "NONPROFIT", "OTHERS"]
    display_name: str | None = None
    description: str | None = None
    fields: list[str] = Field(default_factory=list)


class BrandSpec(_CamelSpec):
    """A 10DLC brand."""

    name: str = Field(min_length=1, description="how campaigns refer to it; the displayName by default")
    brand_id: str | None = Field(None, alias="id", description="derived from the name when absent")
    tcr_brand_id: str | None = None
    display_name: str | None = None
    company_name: str | None = None
    entity_type: EntityType = "PRIVATE_PROFIT"
    status: BrandStatus = "OK"
    identity_status: IdentityStatus = "VERIFIED"
    failure_reasons: str | None = None
    brand_relationship: BrandRelationship = "BASIC_ACCOUNT"
    country: str = "US"
    email: str | None = None
    vertical: str = "TECHNOLOGY"
    website: str | None = None
    webhook_url: str | None = Field(None, alias="webhookURL")
    webhook_failover_url: str | None = Field(None, alias="webhookFailoverURL")
    feedback: list[FeedbackCategorySpec] | None = Field(None, description="derived from failures when absent")
    created_at: str | None = None

    @field_validator("webhook_url", "webhook_failover_url")
    @classmethod
    def _sandbox_url(cls, value: str | None) -> str | None:
        return None if value is None else check_sandbox_url(value)


class SharingStatusSpec(_CamelSpec):
    """One side of a campaign's sharing chain."""

    downstream_cnp_id: str | None = None
    upstream_cnp_id: str | None = None
    sharing_status: str | None = None
    shared_date: str | None = None
    status_date: str | None = None


class SharingSpec(_CamelSpec):
    """A campaign's sharing chain (`/10dlc/campaign/{id}/sharing`)."""

    shared_by_me: SharingStatusSpec | None = None
    shared_with_me: SharingStatusSpec | None = None


class CampaignSpec(_CamelSpec):
    """A 10DLC campaign registered through Telnyx."""

    name: str = Field(min_length=1, description="how numbers refer to it; the description by default")
    campaign_id: str | None = Field(None, alias="id", description="derived from the name when absent")
    tcr_campaign_id: str | None = None
    brand: str = Field(description="the brand's name or id")
    campaign_status: CampaignStatus = "MNO_PROVISIONED"
    status: str = Field("ACTIVE", description="ACTIVE or EXPIRED (docs also show SUSPENDED)")
    submission_status: SubmissionStatus = "CREATED"
    is_t_mobile_suspended: bool = False
    is_t_mobile_registered: bool | None = Field(None, description="true once MNO_PROVISIONED when absent")
    failure_reasons: str | None = None
    usecase: str = "CUSTOMER_CARE"
    sub_usecases: list[str] = Field(default_factory=list)
    description: str | None = None
    vertical: str = "TECHNOLOGY"
    operation_status: dict[str, str] | None = Field(None, description="carrier network id → status")
    sharing: SharingSpec | None = None
    webhook_url: str | None = Field(None, alias="webhookURL")
    webhook_failover_url: str | None = Field(None, alias="webhookFailoverURL")
    created_at: str | None = None

    @field_validator("webhook_url", "webhook_failover_url")
    @classmethod
    def _sandbox_url(cls, value: str | None) -> str | None:
        return None if value is None else check_sandbox_url(value)


class PartnerCampaignSpec(_CamelSpec):
    """A campaign another CSP shared with Telnyx (`/10dlc/partner_campaigns`)."""

    tcr_campaign_id: str = Field(min_length=1)
    tcr_brand_id: str = Field(min_length=1)
    brand_display_name: str = "Partner Brand"
    campaign_status: CampaignStatus = "MNO_PROVISIONED"
    usecase: str = "CUSTOMER_CARE"
    sub_usecases: list[str] = Field(default_factory=list)
    description: str = "Campaign shared by a partner CSP"
    operation_status: dict[str, str] | None = None
    sharing: SharingSpec | None = None
    created_at: str | None = None


class HistoryEntrySpec(_CamelSpec):
    """One step of a toll-free verification's status history."""

    verification_status: TollFreeStatus
    reason: str | None = None
    updated_at: str | None = None


class TollFreeVerificationSpec(_CamelSpec):
    """A toll-free verification request."""

    id: str | None = Field(None, description="a UUID derived from its numbers when absent")
    phone_numbers: list[str] = Field(min_length=1)
    verification_status: TollFreeStatus = "Verified"
    reason: str | None = None
    business_name: str = "Example Corp"
    corporate_website: str = "https://www.example.com"
    business_addr1: str = "311 W Superior St"
    business_city: str = "Chicago"
    business_state: str = "IL"
    business_zip: str = "60654"
    business_contact_first_name: str = "Pat"
    business_contact_last_name: str = "Doe"
    business_contact_email: str = "pat.doe@example.com"
    business_contact_phone: str = "+13125550100"
    message_volume: MessageVolume = "10,000"
    use_case: str = "App Notifications"
    use_case_summary: str = "Order and account notifications to opted-in customers."
    production_message_content: str = "Your order #1234 has shipped. Reply STOP to opt out."
    opt_in_workflow: str = "Customers opt in on the checkout page with an unchecked checkbox."
    opt_in_workflow_image_urls: list[str] = Field(
        default_factory=lambda: ["https://www.example.com/opt-in.png"], alias="optInWorkflowImageURLs"
    )
    additional_information: str = "None."
    entity_type: EntityType | None = None
    history: list[HistoryEntrySpec] | None = Field(None, description="derived from the status when absent")
    created_at: str | None = None
    updated_at: str | None = None

    @field_validator("phone_numbers")
    @classmethod
    def _numbers(cls, value: list[str]) -> list[str]:
        return [_e164(v) for v in value]

    @field_validator("use_case")
    @classmethod
    def _use_case(cls, value: str) -> str:
        if value not in TOLL_FREE_USE_CASES:
            raise ValueError(f"{value!r} is not a toll-free use case (for example 'App Notifications')")
        return value


class ShortCodeSpec(_Spec):
    """A short code."""

    short_code: str = Field(pattern=r"^\d{5,6}$")
    id: str | None = None
    profile: str | None = None
    country: str = Field("US", pattern=r"^[A-Z]{2}$")
    tags: list[str] = Field(default_factory=list)
    created_at: str | None = None


class AlphanumericSenderSpec(_Spec):
    """An alphanumeric sender ID."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_by_name=True, validate_by_alias=True)

    sender_id: str = Field(alias="alphanumeric_sender_id")
    id: str | None = None
    profile: str | None = None
    us_long_code_fallback: str | None = None

    @field_validator("sender_id")
    @classmethod
    def _sender(cls, value: str) -> str:
        if not _ALPHA_SENDER.match(value):
            raise ValueError(f"{value!r}: 1-11 letters, digits or spaces with at least one letter")
        return value


class ScenarioSpec(_Spec):
    """A whole scenario file."""

    name: str | None = Field(None, description="the scenario's name; the file stem when absent")
    description: str = ""
    account: AccountSpec = Field(default_factory=AccountSpec)
    sandbox: SandboxSpec = Field(default_factory=SandboxSpec)
    profiles: list[ProfileSpec] = Field(default_factory=list)
    numbers: list[NumberSpec] = Field(default_factory=list)
    brands: list[BrandSpec] = Field(default_factory=list)
    campaigns: list[CampaignSpec] = Field(default_factory=list)
    partner_campaigns: list[PartnerCampaignSpec] = Field(default_factory=list)
    tollfree_verifications: list[TollFreeVerificationSpec] = Field(default_factory=list)
    short_codes: list[ShortCodeSpec] = Field(default_factory=list)
    alphanumeric_sender_ids: list[AlphanumericSenderSpec] = Field(default_factory=list)
    faults: list[Fault] = Field(default_factory=list)
    sending: SendingSpec = Field(default_factory=SendingSpec)
    destinations: list[DestinationSpec] = Field(default_factory=list)
    messages: list[MessageRecordSpec] = Field(default_factory=list)
    webhook_deliveries: list[WebhookDeliverySpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> ScenarioSpec:
        _no_duplicates("profiles", [p.name for p in self.profiles], "name")
        _no_duplicates("numbers", [n.phone_number for n in self.numbers], "phone_number")
        _no_duplicates("brands", [b.name for b in self.brands], "name")
        _no_duplicates("campaigns", [c.name for c in self.campaigns], "name")
        _no_duplicates("short_codes", [s.short_code for s in self.short_codes], "short_code")
        return self


def _no_duplicates(table: str, values: list[str], field: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise ValueError(f"{table}[{index}].{field}: {value!r} appears twice")
        seen.add(value)
