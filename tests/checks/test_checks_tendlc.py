"""Tests for the 10DLC checks: assignment, campaign and brand, over every documented enum value."""

from __future__ import annotations

import pytest

from telnyx_doctor.facts_catalog import BrandFact, CampaignFact
from telnyx_doctor.models import Status
from telnyx_doctor.numbers import parse_target
from telnyx_doctor_checks.tendlc import campaign_assigned
from telnyx_doctor_checks.tendlc_brand import brand_verified
from telnyx_doctor_checks.tendlc_campaign import campaign_active

from .conftest import AssertActionable
from .factories import BRAND_ID, CAMPAIGN_ID, US, brand, campaign, tendlc_assignment

# PhoneNumberCampaign.assignmentStatus (reference §6.2).
ASSIGNMENT_STATUSES = {
    "ASSIGNED": "pass",
    "PENDING_ASSIGNMENT": "pending",
    "FAILED_ASSIGNMENT": "blocked",
    "PENDING_UNASSIGNMENT": "blocked",
    "FAILED_UNASSIGNMENT": "blocked",
}
# TelnyxCampaign_CSP.campaignStatus (reference §6.3).
CAMPAIGN_STATUSES = {
    "MNO_PROVISIONED": "pass",
    "TCR_PENDING": "pending",
    "TCR_ACCEPTED": "pending",
    "TELNYX_ACCEPTED": "pending",
    "MNO_PENDING": "pending",
    "MNO_ACCEPTED": "pending",
    "TCR_FAILED": "blocked",
    "TELNYX_FAILED": "blocked",
    "MNO_REJECTED": "blocked",
    "MNO_PROVISIONING_FAILED": "blocked",
    "TCR_SUSPENDED": "blocked",
    "TCR_EXPIRED": "blocked",
}
# Brand status and identityStatus (reference §6.5).
BRAND_STATUSES = {"OK": "pass", "REGISTRATION_PENDING": "pending", "REGISTRATION_FAILED": "blocked"}
IDENTITY_STATUSES = {
    "VERIFIED": "pass",
    "VETTED_VERIFIED": "pass",
    "SELF_DECLARED": "pass",
    "UNVERIFIED": "blocked",
}
FEEDBACK = {
    "brandId": BRAND_ID,
    "category": [
        {
            "id": "TAX_ID",
            "displayName": "Tax ID",
            "description": "EIN does not match the company name",
            "fields": ["ein", "companyName"],
        }
    ],
}


def assert_outcome(result_status: Status, summary: str, expected: str) -> None:
    """pass → PASS; pending → FAIL saying 'yet'; blocked → FAIL without 'yet'."""
    if expected == "pass":
        assert result_status is Status.PASS, summary
        return
    assert result_status is Status.FAIL, summary
    assert ("yet" in summary) is (expected == "pending"), summary


@pytest.mark.parametrize(("status", "expected"), sorted(ASSIGNMENT_STATUSES.items()))
def test_assignment_maps_every_status(actionable: AssertActionable, status: str, expected: str) -> None:
    """Only ASSIGNED passes; PENDING_ASSIGNMENT is pending; the others block, each with a fix."""
    fact = tendlc_assignment(status, failureReasons="Campaign is not active" if "FAILED" in status else None)
    result = campaign_assigned(tendlc_assignment=fact, target=parse_target(US))
    assert_outcome(result.status, result.summary, expected)
    assert result.evidence["assignmentStatus"] == status
    if expected != "pass":
        actionable(result)
    if status.startswith("FAILED"):
        assert "failureReasons: Campaign is not active" in result.details


def test_assignment_pending_mentions_propagation() -> None:
    """A pending assignment explains the usual 24–72 h propagation and offers a re-run."""
    result = campaign_assigned(tendlc_assignment=tendlc_assignment("PENDING_ASSIGNMENT"), target=parse_target(US))
    assert any("24–72 hours" in line for line in result.details)
    assert "doctor +13125550123 --only 10dlc.campaign_assigned" in result.fix.commands  # type: ignore[union-attr]


def test_assignment_failed_retries_with_the_real_campaign() -> None:
    """A failed assignment's fix re-assigns to the same campaign id."""
    result = campaign_assigned(tendlc_assignment=tendlc_assignment("FAILED_ASSIGNMENT"), target=parse_target(US))
    put = next(c for c in result.fix.commands if c.startswith("curl -X PUT"))  # type: ignore[union-attr]
    assert CAMPAIGN_ID in put and "+13125550123" in put


def test_assignment_missing_fails_40010(actionable: AssertActionable) -> None:
    """No assignment fails with 40010 and the POST that assigns a campaign."""
    result = campaign_assigned(tendlc_assignment=None, target=parse_target(US))
    actionable(result)
    assert "40010" in result.summary
    post = next(c for c in result.fix.commands if c.startswith("curl -X POST"))  # type: ignore[union-attr]
    assert '"https://api.telnyx.com/v2/10dlc/phone_number_campaigns"' in post
    assert '\\"phoneNumber\\": \\"+13125550123\\"' in post and "$CAMPAIGN_ID" in post


@pytest.mark.parametrize("status", ["SOMETHING_NEW", None])
def test_assignment_unknown_fails_with_raw(actionable: AssertActionable, status: str | None) -> None:
    """An unknown or absent assignmentStatus fails and shows the raw value."""
    result = campaign_assigned(tendlc_assignment=tendlc_assignment(status), target=parse_target(US))
    actionable(result)
    assert (repr(status) if status else "(absent)") in result.summary


@pytest.mark.parametrize(("status", "expected"), sorted(CAMPAIGN_STATUSES.items()))
def test_campaign_maps_every_status(actionable: AssertActionable, status: str, expected: str) -> None:
    """Only MNO_PROVISIONED passes; in-progress states are pending; failed states block with reasons."""
    fact = campaign(status, failureReasons="Sample messages missing opt-out")
    result = campaign_active(tendlc_campaign=fact, target=parse_target(US))
    assert_outcome(result.status, result.summary, expected)
    if expected == "pass":
        return
    actionable(result)
    if expected == "blocked":
        assert "failureReasons: Sample messages missing opt-out" in result.details


@pytest.mark.parametrize("status", ["TELNYX_FAILED", "MNO_REJECTED"])
def test_campaign_rejections_offer_an_appeal(status: str) -> None:
    """Rejections Telnyx accepts appeals for come with the appeal POST."""
    result = campaign_active(tendlc_campaign=campaign(status), target=parse_target(US))
    assert any(f"/10dlc/campaign/{CAMPAIGN_ID}/appeal" in c for c in result.fix.commands)  # type: ignore[union-attr]


@pytest.mark.parametrize("status", ["mno_provisioned", " MNO_PROVISIONED "])
def test_campaign_status_is_matched_loosely(status: str) -> None:
    """Case and surrounding space do not change the reading of campaignStatus."""
    result = campaign_active(tendlc_campaign=campaign(status, status="active"), target=parse_target(US))
    assert result.status is Status.PASS


@pytest.mark.parametrize(
    ("status", "expected"), [("EXPIRED", Status.FAIL), ("SUSPENDED", Status.FAIL), (None, Status.WARN)]
)
def test_campaign_provisioned_but_not_active(
    actionable: AssertActionable, status: str | None, expected: Status
) -> None:
    """MNO_PROVISIONED with a status other than ACTIVE fails; an absent status warns."""
    result = campaign_active(tendlc_campaign=campaign(status=status), target=parse_target(US))
    assert result.status is expected
    actionable(result)


def test_campaign_tmobile_suspension_fails(actionable: AssertActionable) -> None:
    """A campaign suspended at T-Mobile fails even when provisioned and active."""
    result = campaign_active(tendlc_campaign=campaign(isTMobileSuspended=True), target=parse_target(US))
    actionable(result)
    assert "T-Mobile" in result.summary


def test_campaign_unknown_status_fails_with_raw(actionable: AssertActionable) -> None:
    """An unknown campaignStatus fails and shows the raw value."""
    result = campaign_active(tendlc_campaign=campaign("MNO_DREAMING"), target=parse_target(US))
    actionable(result)
    assert "'MNO_DREAMING'" in result.summary


def test_campaign_carriers_are_named_and_non_approved_noted() -> None:
    """Per-carrier operation status is shown by name, a non-approved carrier is a note, not a failure."""
    ops = {"10017": "APPROVED", "10035": "REVIEW", "10038": "APPROVED", "10999": "APPROVED"}
    result = campaign_active(tendlc_campaign=campaign(operation_status=ops), target=parse_target(US))
    assert result.status is Status.PASS
    assert "AT&T (10017): APPROVED" in result.details
    assert "T-Mobile (10035): REVIEW (note: this carrier has not approved it)" in result.details
    assert "network 10999: APPROVED" in result.details
    assert any("/10dlc/enum/mno" in line for line in result.details)


def test_partner_campaign_is_explained_and_fixed_through_its_csp(actionable: AssertActionable) -> None:
    """A partner campaign passes without a `status`, is explained, and its blockers point at the CSP."""
    ok = campaign_active(tendlc_campaign=campaign(status=None, source="partner"), target=parse_target(US))
    assert ok.status is Status.PASS
    assert any("partner campaign" in line for line in ok.details)
    blocked = campaign_active(tendlc_campaign=campaign("MNO_REJECTED", source="partner"), target=parse_target(US))
    actionable(blocked)
    assert "CSP" in blocked.fix.summary  # type: ignore[union-attr]
    assert all("/appeal" not in c for c in blocked.fix.commands)  # type: ignore[union-attr]
    assert any("/10dlc/partner_campaigns/" in c for c in blocked.fix.commands)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "fact",
    [None, CampaignFact(campaign=None, campaign_id=CAMPAIGN_ID, source="telnyx")],
)
def test_campaign_not_found_fails(actionable: AssertActionable, fact: CampaignFact | None) -> None:
    """A campaign that cannot be found fails with 40010."""
    result = campaign_active(tendlc_campaign=fact, target=parse_target(US))
    actionable(result)
    assert "could not be found" in result.summary


@pytest.mark.parametrize(("status", "expected"), sorted(BRAND_STATUSES.items()))
def test_brand_maps_every_status(actionable: AssertActionable, status: str, expected: str) -> None:
    """status OK (verified) passes; REGISTRATION_PENDING is pending; REGISTRATION_FAILED blocks."""
    result = brand_verified(tendlc_brand=brand(status, feedback=FEEDBACK), target=parse_target(US))
    assert_outcome(result.status, result.summary, expected)
    if expected != "pass":
        actionable(result)
    if expected == "blocked":
        assert any("Tax ID" in line and "ein, companyName" in line for line in result.details)


@pytest.mark.parametrize(("identity", "expected"), sorted(IDENTITY_STATUSES.items()))
def test_brand_maps_every_identity_status(actionable: AssertActionable, identity: str, expected: str) -> None:
    """VERIFIED and VETTED_VERIFIED pass, SELF_DECLARED passes with a note, UNVERIFIED blocks with feedback."""
    result = brand_verified(tendlc_brand=brand("OK", identity, feedback=FEEDBACK), target=parse_target(US))
    assert_outcome(result.status, result.summary, expected)
    if identity == "SELF_DECLARED":
        assert any("Sole-proprietor" in line for line in result.details)
    if expected == "blocked":
        actionable(result)
        assert any(f"/10dlc/brand/{BRAND_ID}/revet" in c for c in result.fix.commands)  # type: ignore[union-attr]
        assert any("EIN does not match" in line for line in result.details)


@pytest.mark.parametrize(
    ("status", "identity"), [("ON_HOLD", "VERIFIED"), ("OK", "MAYBE"), (None, "VERIFIED"), ("OK", None)]
)
def test_brand_unknown_values_fail_with_raw(
    actionable: AssertActionable, status: str | None, identity: str | None
) -> None:
    """Unknown or absent brand status / identityStatus fail and show the raw value."""
    result = brand_verified(tendlc_brand=brand(status, identity), target=parse_target(US))
    actionable(result)
    raw = status if status != "OK" else identity
    assert (repr(raw) if raw else "(absent)") in result.summary


@pytest.mark.parametrize("fact", [None, BrandFact(brand=None, brand_id=BRAND_ID)])
def test_brand_not_found_fails(actionable: AssertActionable, fact: BrandFact | None) -> None:
    """A brand that cannot be found fails."""
    result = brand_verified(tendlc_brand=fact, target=parse_target(US))
    actionable(result)
    assert "could not be found" in result.summary
