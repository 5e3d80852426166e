"""A large, realistic account built in memory (about 80% healthy numbers) for fleet runs and benchmarks."""

from __future__ import annotations

import random
from typing import Any

from telnyx_doctor.sandbox.scenario import Scenario
from telnyx_doctor.sandbox.spec import (
    AssignmentSpec,
    BrandSpec,
    CampaignSpec,
    FeatureSetSpec,
    FeaturesSpec,
    HealthSpec,
    NumberSpec,
    PartnerCampaignSpec,
    ProfileSpec,
    ScenarioSpec,
    TollFreeVerificationSpec,
)

_TOLL_FREE_NPAS = ("800", "833", "844", "855", "866", "877", "888")
_GOOD_PROFILES = ("Fleet Primary", "Fleet Notifications", "Fleet Support", "Fleet Marketing")
_GOOD_CAMPAIGNS = ("Fleet Alerts", "Fleet Care", "Fleet Promotions")

# Problem → weight; a number is healthy with probability `healthy`, else it gets one problem.
_LONG_CODE_PROBLEMS = {
    "no_profile": 3,
    "disabled_profile": 2,
    "no_webhook": 2,
    "webhook_error": 2,
    "webhook_missing": 1,
    "webhook_slow": 1,
    "http_webhook": 1,
    "no_failover": 2,
    "dangling_profile": 1,
    "no_destinations": 1,
    "not_listed": 1,
    "inactive": 1,
    "no_sms": 1,
    "unhealthy": 2,
    "no_10dlc": 2,
    "10dlc_pending": 2,
    "10dlc_failed": 1,
    "campaign_rejected": 1,
    "campaign_suspended": 1,
    "brand_unverified": 1,
    "partner_campaign": 1,
}
_TOLL_FREE_PROBLEMS = {
    "no_profile": 2,
    "no_webhook": 1,
    "webhook_error": 1,
    "tf_rejected": 3,
    "tf_pending": 3,
    "tf_none": 2,
    "unhealthy": 1,
}
_HEALTHY = HealthSpec(message_count=1500, inbound_outbound_ratio=0.4, success_ratio=0.97, spam_ratio=0.01)
_UNHEALTHY = HealthSpec(message_count=4200, inbound_outbound_ratio=0.05, success_ratio=0.18, spam_ratio=0.81)


def _profiles() -> list[ProfileSpec]:
    good = [
        ProfileSpec(
            name=name,
            webhook_url="sandbox+tls:verifying",
            webhook_failover_url=f"sandbox+tls:verifying/{index}",
            whitelisted_destinations=["US", "CA"],
        )
        for index, name in enumerate(_GOOD_PROFILES)
    ]
    tls = "sandbox+tls:verifying/failover"
    return [
        *good,
        ProfileSpec(name="Fleet Disabled", enabled=False, webhook_url="sandbox+tls:verifying"),
        ProfileSpec(name="Fleet No Webhook", whitelisted_destinations=["US", "CA"]),
        ProfileSpec(name="Fleet Broken Webhook", webhook_url="sandbox+tls:error", webhook_failover_url=tls),
        ProfileSpec(name="Fleet Missing Webhook", webhook_url="sandbox+tls:missing", webhook_failover_url=tls),
        ProfileSpec(name="Fleet Slow Webhook", webhook_url="sandbox+tls:slow", webhook_failover_url=tls),
        ProfileSpec(name="Fleet Plain HTTP", webhook_url="sandbox:healthy", webhook_failover_url=tls),
        ProfileSpec(name="Fleet No Failover", webhook_url="sandbox+tls:verifying"),
        ProfileSpec(name="Fleet No Destinations", webhook_url="sandbox+tls:verifying", whitelisted_destinations=[]),
    ]


def _tendlc() -> tuple[list[BrandSpec], list[CampaignSpec], list[PartnerCampaignSpec]]:
    brands = [
        BrandSpec(name="Fleet Brand"),
        BrandSpec(name="Fleet Holdings", entity_type="PUBLIC_PROFIT", identity_status="VETTED_VERIFIED"),
        BrandSpec(name="Fleet Unverified", identity_status="UNVERIFIED", failure_reasons="EIN mismatch"),
    ]
    campaigns = [CampaignSpec(name=name, brand="Fleet Brand") for name in _GOOD_CAMPAIGNS]
    campaigns += [
        CampaignSpec(name="Fleet Rejected", brand="Fleet Holdings", campaign_status="MNO_REJECTED"),
        CampaignSpec(
            name="Fleet Suspended",
            brand="Fleet Holdings",
            campaign_status="TCR_SUSPENDED",
            status="SUSPENDED",
            is_t_mobile_suspended=True,
        ),
        CampaignSpec(name="Fleet Unverified Care", brand="Fleet Unverified"),
    ]
    partners = [PartnerCampaignSpec(tcr_campaign_id="CFLEET1", tcr_brand_id="BFLEET1")]
    return brands, campaigns, partners


def _long_code(index: int, problem: str | None, rng: random.Random) -> NumberSpec:
    fields: dict[str, Any] = {
        "phone_number": f"+1555{index:07d}",
        "profile": rng.choice(_GOOD_PROFILES),
        "health": _HEALTHY,
        "tendlc": AssignmentSpec(campaign=rng.choice(_GOOD_CAMPAIGNS)),
    }
    fields |= _problem_fields(problem, long_code=True)
    return NumberSpec(**fields)


def _toll_free(index: int, problem: str | None, rng: random.Random) -> NumberSpec:
    npa = _TOLL_FREE_NPAS[index % len(_TOLL_FREE_NPAS)]
    fields: dict[str, Any] = {
        "phone_number": f"+1{npa}555{index // len(_TOLL_FREE_NPAS):04d}",
        "profile": rng.choice(_GOOD_PROFILES),
        "health": _HEALTHY,
    }
    fields |= _problem_fields(problem, long_code=False)
    return NumberSpec(**fields)


def _problem_fields(problem: str | None, *, long_code: bool) -> dict[str, Any]:
    profiles = {
        "no_profile": None,
        "disabled_profile": "Fleet Disabled",
        "no_webhook": "Fleet No Webhook",
        "webhook_error": "Fleet Broken Webhook",
        "webhook_missing": "Fleet Missing Webhook",
        "webhook_slow": "Fleet Slow Webhook",
        "http_webhook": "Fleet Plain HTTP",
        "no_failover": "Fleet No Failover",
        "dangling_profile": "dangling",
        "no_destinations": "Fleet No Destinations",
    }
    if problem in profiles:
        return {"profile": profiles[problem]}
    campaigns = {
        "10dlc_pending": AssignmentSpec(campaign="Fleet Alerts", assignment_status="PENDING_ASSIGNMENT"),
        "10dlc_failed": AssignmentSpec(
            campaign="Fleet Alerts", assignment_status="FAILED_ASSIGNMENT", failure_reasons="Carrier rejected"
        ),
        "campaign_rejected": AssignmentSpec(campaign="Fleet Rejected"),
        "campaign_suspended": AssignmentSpec(campaign="Fleet Suspended"),
        "brand_unverified": AssignmentSpec(campaign="Fleet Unverified Care"),
        "partner_campaign": AssignmentSpec(campaign="CFLEET1"),
    }
    if problem in campaigns:
        return {"tendlc": campaigns[problem]}
    others: dict[str, dict[str, Any]] = {
        "not_listed": {"messaging": False},
        "inactive": {"status": "port-pending"},
        "no_sms": {"features": FeaturesSpec(mms=FeatureSetSpec(**dict.fromkeys(_FEATURE_KEYS, True)))},
        "unhealthy": {"health": _UNHEALTHY},
        "no_10dlc": {"tendlc": None},
    }
    return others.get(problem or "", {})


_FEATURE_KEYS = ("domestic_two_way", "international_inbound", "international_outbound")


def _pick(rng: random.Random, healthy: float, problems: dict[str, int]) -> str | None:
    if rng.random() < healthy:
        return None
    return rng.choices(list(problems), weights=list(problems.values()))[0]


def synthetic_scenario(n: int, seed: int = 0, *, healthy: float = 0.8, toll_free_share: float = 0.15) -> Scenario:
    """An account of `n` numbers (+1 555 long codes and +1 8xx 555 toll-free), the same for the same seed."""
    if n < 0:
        raise ValueError("n must not be negative")
    rng = random.Random(seed)
    numbers: list[NumberSpec] = []
    verifications: list[TollFreeVerificationSpec] = []
    long_codes = toll_frees = 0
    for _ in range(n):
        if rng.random() < toll_free_share:
            problem = _pick(rng, healthy, _TOLL_FREE_PROBLEMS)
            number = _toll_free(toll_frees, problem, rng)
            toll_frees += 1
            status = {"tf_rejected": "Rejected", "tf_pending": "Waiting For Vendor"}.get(problem or "", "Verified")
            if problem != "tf_none":
                reason = "Opt-in proof missing" if status == "Rejected" else None
                verifications.append(
                    TollFreeVerificationSpec(
                        phone_numbers=[number.phone_number], verification_status=status, reason=reason
                    )
                )
        else:
            number = _long_code(long_codes, _pick(rng, healthy, _LONG_CODE_PROBLEMS), rng)
            long_codes += 1
        numbers.append(number)
    brands, campaigns, partners = _tendlc()
    spec = ScenarioSpec(
        name=f"synthetic-{n}",
        description=f"{n} numbers, seed {seed}, about {healthy:.0%} healthy",
        profiles=_profiles(),
        numbers=numbers,
        brands=brands,
        campaigns=campaigns,
        partner_campaigns=partners,
        tollfree_verifications=verifications,
    )
    return Scenario(spec=spec, source=f"synthetic(n={n}, seed={seed})")
