"""The account's records: what a scenario expands to, mutable where PATCH changes it, with lookup indexes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from telnyx_doctor.sandbox.spec import (
    AssignmentSpec,
    BrandSpec,
    CampaignSpec,
    NumberSpec,
    PartnerCampaignSpec,
    ProfileSpec,
    TollFreeVerificationSpec,
)

# Carrier network ids used by TCR (10017 AT&T, 10035 T-Mobile, 10038 Verizon Wireless; reference §6.4).
CARRIERS: dict[str, str] = {"10017": "AT&T", "10035": "T-Mobile", "10038": "Verizon Wireless"}


@dataclass
class Profile:
    """A messaging profile."""

    id: str
    name: str
    spec: ProfileSpec
    created_at: str
    updated_at: str
    v1_secret: str


@dataclass
class Brand:
    """A 10DLC brand."""

    brand_id: str
    tcr_brand_id: str
    spec: BrandSpec
    display_name: str
    created_at: str
    feedback: list[dict[str, Any]]


@dataclass
class Campaign:
    """A 10DLC campaign registered through Telnyx."""

    campaign_id: str
    tcr_campaign_id: str
    brand: Brand
    spec: CampaignSpec
    created_at: str
    operation_status: dict[str, str]
    assigned_count: int = 0


@dataclass
class PartnerCampaign:
    """A campaign another CSP shared with Telnyx."""

    spec: PartnerCampaignSpec
    created_at: str
    operation_status: dict[str, str]
    assigned_count: int = 0

    @property
    def tcr_campaign_id(self) -> str:
        """The TCR id that names it."""
        return self.spec.tcr_campaign_id


@dataclass
class Assignment:
    """A number's 10DLC campaign assignment."""

    phone_number: str
    campaign: Campaign | PartnerCampaign
    spec: AssignmentSpec
    created_at: str
    updated_at: str
    tmobile_status: str
    non_tmobile_status: str


@dataclass
class Number:
    """A phone number with its inventory record and messaging settings (mutable through PATCH)."""

    order: int
    id: str
    phone_number: str
    spec: NumberSpec
    phone_number_type: str
    country: str
    messaging_type: str
    profile_id: str | None
    messaging_product: str
    tags: list[str]
    features: dict[str, dict[str, bool] | None]
    created_at: str
    updated_at: str
    assignment: Assignment | None = None

    @property
    def digits(self) -> str:
        """The number without its `+`."""
        return self.phone_number[1:]


@dataclass
class TollFreeRequest:
    """A toll-free verification request."""

    id: str
    spec: TollFreeVerificationSpec
    created_at: str
    updated_at: str
    history: list[dict[str, Any]]  # newest first, as the API lists it


@dataclass
class ShortCodeRecord:
    """A short code."""

    id: str
    short_code: str
    profile_id: str | None
    country: str
    tags: list[str]
    created_at: str


@dataclass
class AlphaSender:
    """An alphanumeric sender ID."""

    id: str
    sender_id: str
    profile_id: str | None
    us_long_code_fallback: str | None


@dataclass
class Account:
    """Everything the sandbox knows, indexed the ways the API looks things up."""

    name: str
    api_key: str
    organization_id: str
    profiles: list[Profile] = field(default_factory=list)
    numbers: list[Number] = field(default_factory=list)
    brands: list[Brand] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    partner_campaigns: list[PartnerCampaign] = field(default_factory=list)
    tollfree: list[TollFreeRequest] = field(default_factory=list)
    short_codes: list[ShortCodeRecord] = field(default_factory=list)
    alpha_senders: list[AlphaSender] = field(default_factory=list)
    profiles_by_id: dict[str, Profile] = field(default_factory=dict)
    numbers_by_id: dict[str, Number] = field(default_factory=dict)
    numbers_by_e164: dict[str, Number] = field(default_factory=dict)
    numbers_by_length: dict[int, list[Number]] = field(default_factory=dict)
    brands_by_id: dict[str, Brand] = field(default_factory=dict)
    campaigns_by_id: dict[str, Campaign] = field(default_factory=dict)
    partner_by_tcr_id: dict[str, PartnerCampaign] = field(default_factory=dict)
    tollfree_by_id: dict[str, TollFreeRequest] = field(default_factory=dict)
    tollfree_by_number: dict[str, list[TollFreeRequest]] = field(default_factory=dict)

    def number(self, key: str) -> Number | None:
        """A number by its numeric id or its E.164 form."""
        return self.numbers_by_id.get(key) or self.numbers_by_e164.get(key)

    def assignments(self) -> list[Assignment]:
        """Every 10DLC assignment, in the order of the numbers."""
        return [n.assignment for n in self.numbers if n.assignment is not None]
