"""Account records rendered as the API's JSON objects, field for field as the reference tables list them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

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
from telnyx_doctor.sandbox.spec import SharingSpec
from telnyx_doctor.sandbox.webhook_urls import WebhookBases, resolve_url

CSP_ID = "CSANDBX"  # the campaign service provider id Telnyx's own campaigns carry in the sandbox
_LEGACY_TYPE = {"longcode": "long-code", "tollfree": "toll-free", "shortcode": "short-code"}
_INACTIVE = frozenset({"purchase-pending", "purchase-failed", "port-pending", "port-failed", "provision-pending"})


def _renewal_date() -> str:
    # Relative to today, so a sandbox campaign never looks expired however old the scenario is.
    return (datetime.now(UTC) + timedelta(days=180)).date().isoformat()


def _docs(code: str) -> dict[str, str]:
    return {"url": f"https://developers.telnyx.com/docs/overview/errors/{code}"}


def error_item(
    code: str,
    title: str,
    detail: str | None = None,
    *,
    parameter: str | None = None,
    pointer: str | None = None,
    meta: bool = True,
) -> dict[str, Any]:
    """One Telnyx error item; 10DLC errors carry no `meta` (schema `10dlc_Error`)."""
    item: dict[str, Any] = {"code": code, "title": title}
    if detail is not None:
        item["detail"] = detail
    if parameter is not None or pointer is not None:
        source: dict[str, str] = {}
        if pointer is not None:
            source["pointer"] = pointer
        if parameter is not None:
            source["parameter"] = parameter
        item["source"] = source
    if meta:
        item["meta"] = _docs(code)
    return item


def messaging_settings(number: Number, account: Account, *, legacy: bool = False) -> dict[str, Any]:
    """`PhoneNumberWithMessagingSettings`, or the legacy `MessagingPhoneNumber` when `legacy`."""
    spec = number.spec
    body: dict[str, Any] = {
        "record_type": "messaging_phone_number" if legacy else "messaging_settings",
        "id": number.phone_number if legacy else number.id,
        "phone_number": number.phone_number,
        "messaging_profile_id": number.profile_id,
        "created_at": number.created_at,
        "updated_at": number.updated_at,
        "country_code": number.country,
        "type": _LEGACY_TYPE.get(number.messaging_type, number.messaging_type) if legacy else number.messaging_type,
        "eligible_messaging_products": list(spec.eligible_messaging_products),
        "traffic_type": spec.traffic_type,
        "messaging_product": number.messaging_product,
        "features": {"sms": number.features["sms"], "mms": number.features["mms"]},
    }
    if spec.health is not None:
        body["health"] = spec.health.model_dump()
    if not legacy:
        body["organization_id"] = account.organization_id
        body["tags"] = list(number.tags)
    return body


def phone_number_detailed(number: Number, account: Account) -> dict[str, Any]:
    """`PhoneNumberDetailed` as `/v2/phone_numbers` lists it."""
    spec = number.spec
    profile_id = number.profile_id if spec.messaging else None
    profile = account.profiles_by_id.get(profile_id) if profile_id else None
    profile_name: str | None = profile.name if profile else None
    campaign_id: str | None = None
    if number.assignment is not None and isinstance(number.assignment.campaign, Campaign):
        campaign_id = number.assignment.campaign.campaign_id
    if spec.profile_unavailable:
        profile_id = profile_name = campaign_id = "UNAVAILABLE"  # reference §4: profile lookup failed
    return {
        "id": number.id,
        "record_type": "phone_number",
        "phone_number": number.phone_number,
        "status": spec.status,
        "tags": list(number.tags),
        "external_pin": None,
        "created_at": number.created_at,
        "updated_at": number.updated_at,
        "purchased_at": number.created_at,
        "activated_at": None if spec.status in _INACTIVE else number.created_at,
        "phone_number_type": number.phone_number_type,
        "country_iso_alpha2": number.country,
        "deletion_lock_enabled": False,
        "billing_group_id": spec.billing_group_id,
        "call_forwarding_enabled": True,
        "call_recording_enabled": False,
        "caller_id_name_enabled": False,
        "cnam_listing_enabled": False,
        "connection_id": spec.connection_id,
        "connection_name": spec.connection_name,
        "customer_reference": spec.customer_reference,
        "emergency_address_id": None,
        "emergency_enabled": False,
        "emergency_status": "disabled",
        "hd_voice_enabled": False,
        "inbound_call_screening": "disabled",
        "messaging_profile_id": profile_id,
        "messaging_profile_name": profile_name,
        "messaging_campaign_id": campaign_id,
        "source_type": "number_order",
        "t38_fax_gateway_enabled": False,
    }


def messaging_profile(profile: Profile, account: Account, bases: WebhookBases) -> dict[str, Any]:
    """`MessagingProfile`, with `sandbox:` webhook URLs resolved to the running webhook servers."""
    spec = profile.spec
    return {
        "record_type": "messaging_profile",
        "id": profile.id,
        "name": profile.name,
        "enabled": spec.enabled,
        "webhook_url": resolve_url(spec.webhook_url, bases),
        "webhook_failover_url": resolve_url(spec.webhook_failover_url, bases),
        "webhook_api_version": spec.webhook_api_version,
        "whitelisted_destinations": list(spec.whitelisted_destinations),
        "alpha_sender": spec.alpha_sender,
        "number_pool_settings": spec.number_pool.model_dump() if spec.number_pool else None,
        "url_shortener_settings": spec.url_shortener.model_dump() if spec.url_shortener else None,
        "daily_spend_limit": spec.daily_spend_limit,
        "daily_spend_limit_enabled": spec.daily_spend_limit_enabled,
        "mms_fall_back_to_sms": spec.mms_fall_back_to_sms,
        "mms_transcoding": spec.mms_transcoding,
        "mobile_only": spec.mobile_only,
        "smart_encoding": spec.smart_encoding,
        "redaction_enabled": spec.redaction_enabled,
        "redaction_level": spec.redaction_level,
        "health_webhook_url": None,
        "ai_assistant_id": None,
        "resource_group_id": None,
        "features": {"ai_opt_out_detection_enabled": False},
        "v1_secret": profile.v1_secret,
        "organization_id": account.organization_id,
        "created_at": profile.created_at,
        "updated_at": profile.updated_at,
    }


def phone_number_campaign(assignment: Assignment) -> dict[str, Any]:
    """`PhoneNumberCampaign`; a partner campaign's assignment names the TCR id and leaves Telnyx ids empty."""
    campaign = assignment.campaign
    body: dict[str, Any] = {"phoneNumber": assignment.phone_number}
    if isinstance(campaign, Campaign):
        body |= {
            "campaignId": campaign.campaign_id,
            "brandId": campaign.brand.brand_id,
            "tcrBrandId": campaign.brand.tcr_brand_id,
            "tcrCampaignId": campaign.tcr_campaign_id,
            "telnyxCampaignId": campaign.campaign_id,
        }
    else:
        body |= {
            "campaignId": campaign.tcr_campaign_id,
            "brandId": "",
            "tcrBrandId": campaign.spec.tcr_brand_id,
            "tcrCampaignId": campaign.tcr_campaign_id,
            "telnyxCampaignId": "",
        }
    body["assignmentStatus"] = assignment.spec.assignment_status
    if assignment.spec.failure_reasons is not None:
        body["failureReasons"] = assignment.spec.failure_reasons
    body |= {
        "tmobileNumberMappingStatus": assignment.tmobile_status,
        "nonTmobileNumberMappingStatus": assignment.non_tmobile_status,
        "createdAt": assignment.created_at,
        "updatedAt": assignment.updated_at,
    }
    return body


def campaign_csp(campaign: Campaign, bases: WebhookBases, *, with_count: bool = False) -> dict[str, Any]:
    """`TelnyxCampaign_CSP` (with `assignedPhoneNumbersCount` for list items)."""
    spec = campaign.spec
    registered = spec.is_t_mobile_registered
    if registered is None:
        registered = spec.campaign_status == "MNO_PROVISIONED"
    body: dict[str, Any] = {
        "campaignId": campaign.campaign_id,
        "tcrCampaignId": campaign.tcr_campaign_id,
        "brandId": campaign.brand.brand_id,
        "tcrBrandId": campaign.brand.tcr_brand_id,
        "brandDisplayName": campaign.brand.display_name,
        "cspId": CSP_ID,
        "description": spec.description or f"{spec.name}: messages to customers who opted in.",
        "usecase": spec.usecase,
        "subUsecases": list(spec.sub_usecases),
        "vertical": spec.vertical,
        "campaignStatus": spec.campaign_status,
        "status": spec.status,
        "submissionStatus": spec.submission_status,
        "isTMobileRegistered": registered,
        "isTMobileSuspended": spec.is_t_mobile_suspended,
        "isTMobileNumberPoolingEnabled": False,
        "mock": False,
        "termsAndConditions": True,
        "termsAndConditionsLink": "https://www.example.com/terms",
        "privacyPolicyLink": "https://www.example.com/privacy",
        "ageGated": False,
        "autoRenewal": True,
        "directLending": False,
        "embeddedLink": False,
        "embeddedPhone": False,
        "numberPool": False,
        "subscriberOptin": True,
        "subscriberOptout": True,
        "subscriberHelp": True,
        "optinKeywords": "START",
        "optinMessage": "You are subscribed. Reply STOP to opt out.",
        "optoutKeywords": "STOP",
        "optoutMessage": "You are unsubscribed and will receive no further messages.",
        "helpKeywords": "HELP",
        "helpMessage": "Reply STOP to opt out. Msg&data rates may apply.",
        "messageFlow": "Customers opt in on the website and confirm by replying START.",
        "sample1": "Your order #1234 has shipped. Reply STOP to opt out.",
        "sample2": "Your appointment is tomorrow at 10:00. Reply STOP to opt out.",
        "createDate": campaign.created_at,
        "billedDate": campaign.created_at,
        "nextRenewalOrExpirationDate": _renewal_date(),
    }
    if spec.failure_reasons is not None:
        body["failureReasons"] = spec.failure_reasons
    if spec.webhook_url is not None:
        body["webhookURL"] = resolve_url(spec.webhook_url, bases)
    if spec.webhook_failover_url is not None:
        body["webhookFailoverURL"] = resolve_url(spec.webhook_failover_url, bases)
    if with_count:
        body["assignedPhoneNumbersCount"] = campaign.assigned_count
    return body


def downstream_campaign(campaign: PartnerCampaign) -> dict[str, Any]:
    """`TelnyxDownstreamCampaign`: a campaign shared with Telnyx by another CSP."""
    spec = campaign.spec
    return {
        "tcrCampaignId": spec.tcr_campaign_id,
        "tcrBrandId": spec.tcr_brand_id,
        "brandDisplayName": spec.brand_display_name,
        "campaignStatus": spec.campaign_status,
        "usecase": spec.usecase,
        "subUsecases": list(spec.sub_usecases),
        "description": spec.description,
        "assignedPhoneNumbersCount": campaign.assigned_count,
        "ageGated": False,
        "directLending": False,
        "embeddedLink": False,
        "embeddedPhone": False,
        "isNumberPoolingEnabled": False,
        "numberPool": False,
        "subscriberOptin": True,
        "subscriberOptout": True,
        "termsAndConditions": True,
        "optinKeywords": "START",
        "optoutKeywords": "STOP",
        "helpKeywords": "HELP",
        "sample1": "Your code is 123456. Reply STOP to opt out.",
        "createdAt": campaign.created_at,
        "updatedAt": campaign.created_at,
    }


def brand(brand_record: Brand, bases: WebhookBases, assigned: int) -> dict[str, Any]:
    """`TelnyxBrandWithCampaignsCount`."""
    spec = brand_record.spec
    body: dict[str, Any] = {
        "brandId": brand_record.brand_id,
        "tcrBrandId": brand_record.tcr_brand_id,
        "displayName": brand_record.display_name,
        "companyName": spec.company_name or brand_record.display_name,
        "entityType": spec.entity_type,
        "brandRelationship": spec.brand_relationship,
        "vertical": spec.vertical,
        "country": spec.country,
        "email": spec.email or "compliance@example.com",
        "website": spec.website or "https://www.example.com",
        "status": spec.status,
        "identityStatus": spec.identity_status,
        "cspId": CSP_ID,
        "altBusinessIdType": "NONE",
        "street": "311 W Superior St",
        "city": "Chicago",
        "state": "IL",
        "postalCode": "60654",
        "phone": "+13125550100",
        "isReseller": False,
        "mock": False,
        "optionalAttributes": {},
        "createdAt": brand_record.created_at,
        "updatedAt": brand_record.created_at,
        "assignedCampaignsCount": assigned,
    }
    if spec.entity_type == "SOLE_PROPRIETOR":
        body |= {"firstName": "Pat", "lastName": "Doe", "mobilePhone": "+13125550101"}
    else:
        body["ein"] = "12-3456789"
    if spec.failure_reasons is not None:
        body["failureReasons"] = spec.failure_reasons
    if spec.webhook_url is not None:
        body["webhookURL"] = resolve_url(spec.webhook_url, bases)
    if spec.webhook_failover_url is not None:
        body["webhookFailoverURL"] = resolve_url(spec.webhook_failover_url, bases)
    return body


def brand_basic(brand_record: Brand, assigned: int) -> dict[str, Any]:
    """`BrandBasic`, a brand list item (note the API's spelling `assignedCampaingsCount`)."""
    spec = brand_record.spec
    body: dict[str, Any] = {
        "brandId": brand_record.brand_id,
        "tcrBrandId": brand_record.tcr_brand_id,
        "displayName": brand_record.display_name,
        "companyName": spec.company_name or brand_record.display_name,
        "entityType": spec.entity_type,
        "email": spec.email or "compliance@example.com",
        "website": spec.website or "https://www.example.com",
        "status": spec.status,
        "identityStatus": spec.identity_status,
        "assignedCampaingsCount": assigned,
        "createdAt": brand_record.created_at,
        "updatedAt": brand_record.created_at,
    }
    if spec.failure_reasons is not None:
        body["failureReasons"] = spec.failure_reasons
    return body


def mno_metadata() -> dict[str, Any]:
    """`MnoMetadata`: per-carrier use-case requirements (the same for every campaign here)."""
    return {
        network: {
            "mno": name,
            "qualify": True,
            "mnoReview": network == "10017",
            "mnoSupport": True,
            "minMsgSamples": 2 if network == "10035" else 1,
            "reqSubscriberHelp": True,
            "reqSubscriberOptin": True,
            "reqSubscriberOptout": True,
            "noEmbeddedLink": False,
            "noEmbeddedPhone": False,
        }
        for network, name in CARRIERS.items()
    }


def tollfree_request(request: TollFreeRequest) -> dict[str, Any]:
    """`VerificationRequestStatus`."""
    spec = request.spec
    body: dict[str, Any] = {
        "id": request.id,
        "verificationStatus": spec.verification_status,
        "phoneNumbers": [{"phoneNumber": n} for n in spec.phone_numbers],
        "businessName": spec.business_name,
        "corporateWebsite": spec.corporate_website,
        "businessAddr1": spec.business_addr1,
        "businessCity": spec.business_city,
        "businessState": spec.business_state,
        "businessZip": spec.business_zip,
        "businessContactFirstName": spec.business_contact_first_name,
        "businessContactLastName": spec.business_contact_last_name,
        "businessContactEmail": spec.business_contact_email,
        "businessContactPhone": spec.business_contact_phone,
        "messageVolume": spec.message_volume,
        "useCase": spec.use_case,
        "useCaseSummary": spec.use_case_summary,
        "productionMessageContent": spec.production_message_content,
        "optInWorkflow": spec.opt_in_workflow,
        "optInWorkflowImageURLs": [{"url": u} for u in spec.opt_in_workflow_image_urls],
        "additionalInformation": spec.additional_information,
        "businessRegistrationCountry": "US",
        "businessRegistrationNumber": "12-3456789",
        "businessRegistrationType": "EIN",
        "isvReseller": "No",
        "ageGatedContent": False,
        "campaignVerifyAuthorizationToken": None,
        "createdAt": request.created_at,
        "updatedAt": request.updated_at,
    }
    if spec.entity_type is not None:
        body["entityType"] = spec.entity_type
    if spec.reason is not None:
        body["reason"] = spec.reason
    return body


def short_code(code: ShortCodeRecord) -> dict[str, Any]:
    """`ShortCode`."""
    return {
        "record_type": "short_code",
        "id": code.id,
        "short_code": code.short_code,
        "country_code": code.country,
        "messaging_profile_id": code.profile_id,
        "tags": list(code.tags),
        "created_at": code.created_at,
        "updated_at": code.created_at,
    }


def alphanumeric_sender(sender: AlphaSender, account: Account) -> dict[str, Any]:
    """`AlphanumericSenderId`."""
    body: dict[str, Any] = {
        "record_type": "alphanumeric_sender_id",
        "id": sender.id,
        "alphanumeric_sender_id": sender.sender_id,
        "organization_id": account.organization_id,
    }
    if sender.profile_id is not None:
        body["messaging_profile_id"] = sender.profile_id
    if sender.us_long_code_fallback is not None:
        body["us_long_code_fallback"] = sender.us_long_code_fallback
    return body


def sharing(spec: SharingSpec | None) -> dict[str, Any]:
    """`CampaignSharingChain` for a campaign's sharing spec (empty when none)."""
    if spec is None:
        return {}
    return spec.model_dump(by_alias=True, exclude_none=True)
