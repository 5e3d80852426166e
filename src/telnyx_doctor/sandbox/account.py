"""Expand a scenario into the account's records, filling every default and resolving every reference."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from telnyx_doctor.numbers import TOLL_FREE_NPAS
from telnyx_doctor.sandbox import ids
from telnyx_doctor.sandbox.records import (
    CARRIERS,
    Account,
    AlphaSender,
    Assignment,
    Brand,
    Campaign,
    Number,
    PartnerCampaign,
    Profile,
    ShortCodeRecord,
    TollFreeRequest,
)
from telnyx_doctor.sandbox.spec import (
    AssignmentSpec,
    BrandSpec,
    CampaignSpec,
    NumberSpec,
    PartnerCampaignSpec,
    ProfileSpec,
    ScenarioSpec,
    TollFreeVerificationSpec,
)

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
DANGLING = "dangling"
_FULL_SMS = {"domestic_two_way": True, "international_inbound": True, "international_outbound": True}
_DOMESTIC_ONLY = {"domestic_two_way": True, "international_inbound": False, "international_outbound": False}


class ReferenceProblem(ValueError):
    """A scenario names something that does not exist; `where` is the field path."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where


def _is_toll_free(phone_number: str) -> bool:
    return phone_number.startswith("+1") and len(phone_number) == 12 and phone_number[2:5] in TOLL_FREE_NPAS


def _country_of(phone_number: str) -> str:
    # The fictional +1 555 range is not in libphonenumber's data; NANP numbers default to US.
    if phone_number.startswith("+1") and (phone_number[2:5] == "555" or _is_toll_free(phone_number)):
        return "US"
    import phonenumbers  # deferred: its metadata is large

    try:
        parsed = phonenumbers.parse(phone_number, None)
    except phonenumbers.NumberParseException:
        return "US"
    region = phonenumbers.region_code_for_number(parsed) or phonenumbers.region_code_for_country_code(
        parsed.country_code or 0
    )
    return "US" if not region or region == phonenumbers.UNKNOWN_REGION else str(region)


def _default_features(toll_free: bool) -> dict[str, dict[str, bool] | None]:
    if toll_free:
        return {"sms": dict(_DOMESTIC_ONLY), "mms": None}
    return {"sms": dict(_FULL_SMS), "mms": dict(_DOMESTIC_ONLY)}


def default_operation_status(campaign_status: str) -> dict[str, str]:
    """Per-carrier operation status implied by a campaign status (empty before carriers see it)."""
    if campaign_status == "MNO_PROVISIONED":
        return dict.fromkeys(CARRIERS, "APPROVED")
    if campaign_status in ("MNO_REJECTED", "MNO_PROVISIONING_FAILED"):
        return {"10017": "REJECTED", "10035": "APPROVED", "10038": "REVIEW"}
    if campaign_status in ("MNO_PENDING", "MNO_ACCEPTED"):
        return dict.fromkeys(CARRIERS, "REVIEW")
    if campaign_status == "TCR_SUSPENDED":
        return dict.fromkeys(CARRIERS, "SUSPENDED")
    return {}


_MAPPING_STATUS = {
    "ASSIGNED": "ADDED",
    "PENDING_ASSIGNMENT": "PENDING",
    "FAILED_ASSIGNMENT": "FAILED",
    "PENDING_UNASSIGNMENT": "PENDING",
    "FAILED_UNASSIGNMENT": "FAILED",
}


class _Builder:
    """Expands a ScenarioSpec; raises ReferenceProblem naming the field that refers to nothing."""

    def __init__(self, spec: ScenarioSpec) -> None:
        self.spec = spec
        name = spec.account.name
        self.account = Account(
            name=name,
            api_key=spec.account.api_key,
            organization_id=spec.account.organization_id or ids.stable_uuid("organization", name),
        )
        self.profile_names: dict[str, str] = {}
        self.campaign_refs: dict[str, Campaign | PartnerCampaign] = {}

    def build(self) -> Account:
        for index, profile in enumerate(self.spec.profiles):
            self._profile(index, profile)
        for index, brand in enumerate(self.spec.brands):
            self._brand(index, brand)
        for index, campaign in enumerate(self.spec.campaigns):
            self._campaign(index, campaign)
        for partner in self.spec.partner_campaigns:
            self._partner(partner)
        for own in self.account.campaigns:
            for ref in (own.spec.name, own.campaign_id, own.tcr_campaign_id):
                self.campaign_refs.setdefault(ref, own)
        for shared in self.account.partner_campaigns:
            self.campaign_refs.setdefault(shared.tcr_campaign_id, shared)
        for index, number in enumerate(self.spec.numbers):
            self._number(index, number)
        for index, request in enumerate(self.spec.tollfree_verifications):
            self._tollfree(index, request)
        self._senders()
        return self.account

    def _profile(self, index: int, spec: ProfileSpec) -> None:
        profile_id = spec.id or ids.stable_uuid("messaging_profile", spec.name)
        if profile_id in self.account.profiles_by_id:
            raise ReferenceProblem(f"profiles[{index}] ({spec.name}).id", f"{profile_id!r} is used by two profiles")
        created = spec.created_at or ids.iso(ids.stable_time("profile:" + spec.name))
        record = Profile(
            id=profile_id,
            name=spec.name,
            spec=spec,
            created_at=created,
            updated_at=created,
            v1_secret=spec.v1_secret or ids.stable_secret("profile:" + profile_id),
        )
        self.account.profiles.append(record)
        self.account.profiles_by_id[profile_id] = record
        self.profile_names[spec.name] = profile_id

    def _profile_ref(self, where: str, ref: str | None, owner: str) -> str | None:
        if ref is None:
            return None
        if ref in self.profile_names:
            return self.profile_names[ref]
        if ref in self.account.profiles_by_id or _UUID.match(ref):
            return ref  # an id; one that matches no profile dangles on purpose
        if ref == DANGLING:
            return ids.stable_uuid("dangling-profile", owner)
        known = ", ".join(repr(n) for n in self.profile_names) or "none defined"
        raise ReferenceProblem(
            where, f"no profile named {ref!r} (profiles: {known}; a UUID or 'dangling' makes a dangling id)"
        )

    def _brand(self, index: int, spec: BrandSpec) -> None:
        brand_id = spec.brand_id or ids.stable_uuid("brand", spec.name)
        if brand_id in self.account.brands_by_id:
            raise ReferenceProblem(f"brands[{index}] ({spec.name}).id", f"{brand_id!r} is used by two brands")
        feedback = [c.model_dump(by_alias=True, exclude_none=True) for c in spec.feedback or []]
        if spec.feedback is None and (spec.status == "REGISTRATION_FAILED" or spec.identity_status == "UNVERIFIED"):
            feedback = [
                {
                    "id": "TAX_ID",
                    "displayName": "Tax ID",
                    "description": "The EIN and legal company name do not match IRS records.",
                    "fields": ["ein", "companyName"],
                }
            ]
        for item in feedback:
            item.setdefault("displayName", item["id"].replace("_", " ").title())
            item.setdefault("description", "See the brand's failure reasons.")
        record = Brand(
            brand_id=brand_id,
            tcr_brand_id=spec.tcr_brand_id or ids.stable_code("B", spec.name),
            spec=spec,
            display_name=spec.display_name or spec.name,
            created_at=spec.created_at or ids.iso(ids.stable_time("brand:" + spec.name, days_back=730)),
            feedback=feedback,
        )
        self.account.brands.append(record)
        self.account.brands_by_id[brand_id] = record

    def _brand_ref(self, where: str, ref: str) -> Brand:
        for brand in self.account.brands:
            if ref in (brand.spec.name, brand.brand_id, brand.tcr_brand_id):
                return brand
        known = ", ".join(repr(b.spec.name) for b in self.account.brands) or "none defined"
        raise ReferenceProblem(where, f"no brand named {ref!r} (brands: {known})")

    def _campaign(self, index: int, spec: CampaignSpec) -> None:
        campaign_id = spec.campaign_id or ids.stable_uuid("campaign", spec.name)
        if campaign_id in self.account.campaigns_by_id:
            raise ReferenceProblem(f"campaigns[{index}] ({spec.name}).id", f"{campaign_id!r} is used by two campaigns")
        operation = spec.operation_status or default_operation_status(spec.campaign_status)
        record = Campaign(
            campaign_id=campaign_id,
            tcr_campaign_id=spec.tcr_campaign_id or ids.stable_code("C", spec.name),
            brand=self._brand_ref(f"campaigns[{index}] ({spec.name}).brand", spec.brand),
            spec=spec,
            created_at=spec.created_at or ids.iso(ids.stable_time("campaign:" + spec.name, days_back=500)),
            operation_status=dict(operation),
        )
        self.account.campaigns.append(record)
        self.account.campaigns_by_id[campaign_id] = record

    def _partner(self, spec: PartnerCampaignSpec) -> None:
        created = spec.created_at or ids.iso(ids.stable_time("partner:" + spec.tcr_campaign_id))
        operation = spec.operation_status or default_operation_status(spec.campaign_status)
        record = PartnerCampaign(spec=spec, created_at=created, operation_status=dict(operation))
        self.account.partner_campaigns.append(record)
        self.account.partner_by_tcr_id[spec.tcr_campaign_id] = record

    def _campaign_ref(self, where: str, ref: str) -> Campaign | PartnerCampaign:
        found = self.campaign_refs.get(ref)
        if found is not None:
            return found
        known = [repr(c.spec.name) for c in self.account.campaigns]
        known += [repr(p.tcr_campaign_id) for p in self.account.partner_campaigns]
        raise ReferenceProblem(where, f"no campaign named {ref!r} (campaigns: {', '.join(known) or 'none'})")

    def _number(self, index: int, spec: NumberSpec) -> None:
        where = f"numbers[{index}] ({spec.phone_number})"
        number_id = spec.id or ids.stable_numeric_id(spec.phone_number)
        if number_id in self.account.numbers_by_id:
            raise ReferenceProblem(f"{where}.id", f"{number_id!r} is used by two numbers")
        toll_free = _is_toll_free(spec.phone_number)
        features: dict[str, dict[str, bool] | None]
        if spec.features is None:
            features = _default_features(toll_free)
        else:
            features = {
                "sms": spec.features.sms.model_dump() if spec.features.sms else None,
                "mms": spec.features.mms.model_dump() if spec.features.mms else None,
            }
        created = spec.created_at or ids.iso(ids.stable_time("number:" + spec.phone_number))
        record = Number(
            order=index,
            id=number_id,
            phone_number=spec.phone_number,
            spec=spec,
            phone_number_type=spec.phone_number_type or ("toll_free" if toll_free else "local"),
            country=spec.country or _country_of(spec.phone_number),
            messaging_type=spec.messaging_type or ("tollfree" if toll_free else "longcode"),
            profile_id=self._profile_ref(f"{where}.profile", spec.profile, spec.phone_number),
            messaging_product=spec.messaging_product,
            tags=list(spec.tags),
            features=features,
            created_at=created,
            updated_at=created,
        )
        if spec.tendlc is not None:
            record.assignment = self._assignment(f"{where}.10dlc", spec.phone_number, spec.tendlc, created)
        account = self.account
        account.numbers.append(record)
        account.numbers_by_id[number_id] = record
        account.numbers_by_e164[spec.phone_number] = record
        account.numbers_by_length.setdefault(len(record.digits), []).append(record)

    def _assignment(self, where: str, phone_number: str, spec: AssignmentSpec, created: str) -> Assignment:
        campaign = self._campaign_ref(f"{where}.campaign", spec.campaign)
        campaign.assigned_count += 1
        mapping = _MAPPING_STATUS[spec.assignment_status]
        assigned_at = spec.created_at or ids.iso(ids.stable_time("assignment:" + phone_number, days_back=120))
        return Assignment(
            phone_number=phone_number,
            campaign=campaign,
            spec=spec,
            created_at=assigned_at,
            updated_at=assigned_at,
            tmobile_status=spec.tmobile_number_mapping_status or mapping,
            non_tmobile_status=spec.non_tmobile_number_mapping_status or mapping,
        )

    def _tollfree(self, index: int, spec: TollFreeVerificationSpec) -> None:
        key = ",".join(spec.phone_numbers) + f"#{index}"
        request_id = spec.id or ids.stable_uuid("tollfree_verification", key)
        if request_id in self.account.tollfree_by_id:
            raise ReferenceProblem(f"tollfree_verifications[{index}].id", f"{request_id!r} is used twice")
        created_dt = ids.stable_time("tollfree:" + key, days_back=200)
        created = spec.created_at or ids.iso(created_dt)
        updated = spec.updated_at or ids.iso(created_dt + timedelta(days=6, hours=3))
        if spec.history is not None:
            history = [h.model_dump(by_alias=True) for h in spec.history]
            stamps = _spread(created, updated, len(history))
            for entry, stamp in zip(history, stamps, strict=True):
                entry["updatedAt"] = entry["updatedAt"] or stamp
            history.reverse()  # written oldest first, listed newest first
        else:
            history = [{"verificationStatus": spec.verification_status, "reason": spec.reason, "updatedAt": updated}]
            if spec.verification_status != "Waiting For Vendor":
                history.append({"verificationStatus": "Waiting For Vendor", "reason": None, "updatedAt": created})
        record = TollFreeRequest(id=request_id, spec=spec, created_at=created, updated_at=updated, history=history)
        self.account.tollfree.append(record)
        self.account.tollfree_by_id[request_id] = record
        for number in spec.phone_numbers:
            self.account.tollfree_by_number.setdefault(number, []).append(record)

    def _senders(self) -> None:
        for index, code in enumerate(self.spec.short_codes):
            self.account.short_codes.append(
                ShortCodeRecord(
                    id=code.id or ids.stable_uuid("short_code", code.short_code),
                    short_code=code.short_code,
                    profile_id=self._profile_ref(
                        f"short_codes[{index}] ({code.short_code}).profile", code.profile, code.short_code
                    ),
                    country=code.country,
                    tags=list(code.tags),
                    created_at=code.created_at or ids.iso(ids.stable_time("short_code:" + code.short_code)),
                )
            )
        for index, sender in enumerate(self.spec.alphanumeric_sender_ids):
            where = f"alphanumeric_sender_ids[{index}] ({sender.sender_id}).profile"
            profile_id = self._profile_ref(where, sender.profile, sender.sender_id)
            self.account.alpha_senders.append(
                AlphaSender(
                    id=sender.id or ids.stable_uuid("alphanumeric_sender_id", f"{sender.sender_id}:{profile_id}"),
                    sender_id=sender.sender_id,
                    profile_id=profile_id,
                    us_long_code_fallback=sender.us_long_code_fallback,
                )
            )


def _spread(first: str, last: str, count: int) -> list[str]:
    """`count` timestamps from `first` to `last`, evenly spaced (a history's missing dates)."""
    if count == 1:
        return [last]
    start, end = datetime.fromisoformat(first), datetime.fromisoformat(last)
    step = (end - start) / (count - 1)
    return [ids.iso(start + step * i) for i in range(count)]


def build_account(spec: ScenarioSpec) -> Account:
    """Expand a scenario into a fresh, mutable Account; ReferenceProblem when it refers to nothing."""
    return _Builder(spec).build()
