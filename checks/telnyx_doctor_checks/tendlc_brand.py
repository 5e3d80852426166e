"""The 10DLC brand behind a US long code's campaign: registered, and its identity verified."""

from __future__ import annotations

from typing import Any

from telnyx_doctor.api.models import Brand, BrandFeedback
from telnyx_doctor.checkapi import Check, check
from telnyx_doctor.facts_catalog import BrandFact
from telnyx_doctor.models import Fix, NumberKind, Result, Severity
from telnyx_doctor.numbers import Target
from telnyx_doctor_checks import _fixes as fx
from telnyx_doctor_checks import _tendlc_states as st
from telnyx_doctor_checks._codes import shown, would_fail


@check(
    "10dlc.brand_verified",
    title="The campaign's 10DLC brand is registered and verified",
    severity=Severity.ERROR,
    requires=["10dlc.campaign_active"],
    applies_to=frozenset({NumberKind.US_LONG_CODE}),
    cause="Every 10DLC campaign belongs to a brand registered with The Campaign Registry. A brand whose "
    "registration is pending or failed, or whose identity could not be verified (UNVERIFIED), cannot "
    "keep campaigns running, and carriers treat its traffic as unregistered: 40010 Not 10DLC registered. "
    "A verified brand's vetting score also sets its throughput.",
    evidence="`GET /v2/10dlc/brand/{brandId}`: `status` (OK, REGISTRATION_PENDING, REGISTRATION_FAILED), "
    "`identityStatus` (VERIFIED, VETTED_VERIFIED, SELF_DECLARED, UNVERIFIED), `failureReasons`; and "
    "`GET /v2/10dlc/brand/feedback/{brandId}` for the categories of a failed verification.",
    remedy="Correct the brand's details to match the official records (legal name, EIN, address) with "
    "`PUT /v2/10dlc/brand/{brandId}`, then ask for re-vetting with `PUT /v2/10dlc/brand/{brandId}/revet`.",
    states=st.brand_states(),
)
def brand_verified(tendlc_brand: BrandFact | None, target: Target) -> Result:
    """The brand's `status` is OK and its `identityStatus` VERIFIED or VETTED_VERIFIED (SELF_DECLARED noted)."""
    if tendlc_brand is None or tendlc_brand.brand is None:
        return _brand_missing(target, tendlc_brand)
    brand = tendlc_brand.brand
    evidence = _evidence(tendlc_brand, brand)
    status = (brand.status or "").strip().upper()
    if status == st.BRAND_PENDING:
        return Result.failed(
            f"brand {_label(tendlc_brand)} is still being registered with TCR: not usable yet",
            fix=_pending_fix(target, tendlc_brand),
            evidence=evidence,
        )
    if status == st.BRAND_FAILED:
        return Result.failed(
            f"brand {_label(tendlc_brand)} failed registration; {would_fail('40010')}",
            fix=_correct_fix(target, tendlc_brand, "Correct the brand and resubmit it"),
            details=[*_reasons(brand), *_feedback(tendlc_brand.feedback)],
            evidence=evidence,
        )
    if status != st.BRAND_REGISTERED:
        return _unknown(target, tendlc_brand, "status", brand.status, evidence)
    return _identity(target, tendlc_brand, brand, evidence)


def _identity(target: Target, fact: BrandFact, brand: Brand, evidence: dict[str, Any]) -> Result:
    identity = (brand.identity_status or "").strip().upper()
    if identity in st.IDENTITY_VERIFIED:
        return Result.passed(f"brand {_label(fact)} is registered and {identity}", evidence=evidence)
    if identity == st.IDENTITY_SELF_DECLARED:
        return Result.passed(
            f"brand {_label(fact)} is registered and SELF_DECLARED (sole proprietor)",
            details=[st.SOLE_PROPRIETOR_LIMITS],
            evidence=evidence,
        )
    if identity == st.IDENTITY_UNVERIFIED:
        return Result.failed(
            f"brand {_label(fact)} is UNVERIFIED: its identity did not match official records; {would_fail('40010')}",
            fix=_correct_fix(target, fact, "Correct the brand's identity details and ask for re-vetting"),
            details=[*_reasons(brand), *_feedback(fact.feedback)],
            evidence=evidence,
        )
    return _unknown(target, fact, "identityStatus", brand.identity_status, evidence)


def _label(fact: BrandFact) -> str:
    name = fact.brand.display_name if fact.brand else None
    return f"{name!r} ({fact.brand_id})" if name else fact.brand_id


def _evidence(fact: BrandFact, brand: Brand) -> dict[str, Any]:
    return {
        "brandId": fact.brand_id,
        "tcrBrandId": brand.tcr_brand_id,
        "status": brand.status,
        "identityStatus": brand.identity_status,
        "entityType": brand.entity_type,
        "failureReasons": brand.failure_reasons,
        "feedback": [c.id for c in fact.feedback.category] if fact.feedback else None,
    }


def _reasons(brand: Brand) -> list[str]:
    return [f"failureReasons: {brand.failure_reasons}"] if brand.failure_reasons else []


def _feedback(feedback: BrandFeedback | None) -> list[str]:
    if feedback is None or not feedback.category:
        return ["No brand feedback was returned; see the feedback command below."]
    lines = []
    for category in feedback.category:
        title = category.display_name or category.id
        fields = f" (fields: {', '.join(category.fields)})" if category.fields else ""
        lines.append(f"feedback {title}: {category.description or category.id}{fields}")
    return lines


def _brand_cmds(fact: BrandFact) -> list[str]:
    brand_id = fx.seg(fact.brand_id)
    return [fx.curl("GET", f"/10dlc/brand/{brand_id}"), fx.curl("GET", f"/10dlc/brand/feedback/{brand_id}")]


def _pending_fix(target: Target, fact: BrandFact) -> Fix:
    return fx.make_fix(
        "Wait for the brand registration to finish, then re-run the doctor",
        steps=[
            "Brand registration with The Campaign Registry usually completes within minutes to a few days.",
            "Configure the brand's webhookURL to be told when it completes, then re-run the doctor.",
        ],
        commands=[*_brand_cmds(fact), fx.recheck(target, "10dlc.brand_verified")],
        docs_url=fx.DOCS_10DLC,
    )


def _correct_fix(target: Target, fact: BrandFact, summary: str) -> Fix:
    brand_id = fx.seg(fact.brand_id)
    return fx.make_fix(
        summary,
        steps=[
            "Read the feedback (second command): each category names the fields that did not match.",
            "Correct them to match official records exactly (legal name with its suffix, EIN, registered "
            "address, website) in brand.json and update the brand (third command).",
            "Ask for re-vetting (fourth command), then re-run the doctor.",
        ],
        commands=[
            *_brand_cmds(fact),
            fx.curl("PUT", f"/10dlc/brand/{brand_id}", body_file="brand.json"),
            fx.curl("PUT", f"/10dlc/brand/{brand_id}/revet"),
            fx.recheck(target, "10dlc.brand_verified"),
        ],
        docs_url=fx.DOCS_10DLC_TROUBLESHOOTING,
    )


def _unknown(target: Target, fact: BrandFact, field: str, raw: str | None, evidence: dict[str, Any]) -> Result:
    return Result.failed(
        f"brand {_label(fact)} has {field} {shown(raw)}, which the doctor does not know; only status OK with "
        "identityStatus VERIFIED, VETTED_VERIFIED or SELF_DECLARED is ready",
        fix=fx.make_fix(
            "Check the brand's state in the Portal or ask Telnyx support",
            steps=["Look at the brand with the commands below."],
            commands=[*_brand_cmds(fact), fx.recheck(target, "10dlc.brand_verified")],
            docs_url=fx.DOCS_10DLC_TROUBLESHOOTING,
        ),
        details=[f"Raw {field}: {shown(raw)}."],
        evidence=evidence,
    )


def _brand_missing(target: Target, fact: BrandFact | None) -> Result:
    brand_id = fact.brand_id if fact else None
    commands = [*_brand_cmds(fact)] if fact else [fx.curl("GET", "/10dlc/brand")]
    return Result.failed(
        f"the campaign's brand {brand_id or '(none)'} could not be found; {would_fail('40010')}",
        fix=fx.make_fix(
            "Make sure the campaign belongs to a brand this account can see",
            steps=[
                "List your brands and check the campaign's brandId is among them.",
                "A campaign shared by another CSP has its brand there: ask that CSP about the brand.",
            ],
            commands=[*commands, fx.recheck(target, "10dlc.*")],
            docs_url=fx.DOCS_10DLC,
        ),
        evidence={"brandId": brand_id, "found": False},
    )


CHECKS: list[Check] = [brand_verified]
