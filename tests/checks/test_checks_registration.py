"""Tests for toll-free verification, short codes and alphanumeric sender IDs."""

from __future__ import annotations

import pytest

import telnyx_doctor.facts_catalog as catalog
from telnyx_doctor.models import Status
from telnyx_doctor_checks.registration import CHECKS
from telnyx_doctor_checks.sender_ids import alphanumeric_registered, short_code_provisioned
from telnyx_doctor_checks.tollfree import tollfree_verified

from .conftest import AssertActionable, MakeCtx
from .factories import ALPHA, SHORT_CODE, TF_REQUEST_ID, TOLL_FREE, sender_id, short_code, tollfree

# TFVerificationStatus (reference §7).
TOLLFREE_STATUSES = {
    "Verified": "pass",
    "In Progress": "pending",
    "Waiting For Vendor": "pending",
    "Waiting For Telnyx": "pending",
    "Waiting For Customer": "blocked",
    "Rejected": "blocked",
}


def test_registration_module_holds_every_registration_check() -> None:
    """registration.CHECKS lists the 10DLC, toll-free, short-code and sender-ID checks."""
    assert {c.id for c in CHECKS} == {
        "10dlc.campaign_assigned",
        "10dlc.campaign_active",
        "10dlc.brand_verified",
        "tollfree.verified",
        "short_code.provisioned",
        "alphanumeric.registered",
    }


@pytest.mark.parametrize(("status", "expected"), sorted(TOLLFREE_STATUSES.items()))
def test_tollfree_maps_every_status(
    make_ctx: MakeCtx, actionable: AssertActionable, status: str, expected: str
) -> None:
    """Only Verified passes; review states are pending; Waiting For Customer and Rejected need action."""
    fact = tollfree(status, reason="Opt-in flow unclear" if expected == "blocked" else None)
    result = tollfree_verified(make_ctx(TOLL_FREE, {catalog.TOLLFREE_VERIFICATION: fact}))
    if expected == "pass":
        assert result.status is Status.PASS
        return
    actionable(result)
    assert ("yet" in result.summary) is (expected == "pending")
    if expected == "blocked":
        assert "reason: Opt-in flow unclear" in result.details
        patch = next(c for c in result.fix.commands if c.startswith("curl -X PATCH"))  # type: ignore[union-attr]
        assert f"/v2/messaging_tollfree/verification/requests/{TF_REQUEST_ID}" in patch


def test_tollfree_customer_action_says_the_user_must_act(make_ctx: MakeCtx) -> None:
    """Waiting For Customer says Telnyx needs something from the user."""
    result = tollfree_verified(make_ctx(TOLL_FREE, {catalog.TOLLFREE_VERIFICATION: tollfree("Waiting For Customer")}))
    assert "from you" in result.summary


def test_tollfree_rejected_fails_40329(make_ctx: MakeCtx) -> None:
    """A rejection names 40329."""
    result = tollfree_verified(make_ctx(TOLL_FREE, {catalog.TOLLFREE_VERIFICATION: tollfree("Rejected")}))
    assert "40329" in result.summary
    assert "Telnyx gave no reason." in result.details


@pytest.mark.parametrize("status", ["Pending", "Approved", "verified-ish"])
def test_tollfree_unknown_values_fail_with_raw(make_ctx: MakeCtx, actionable: AssertActionable, status: str) -> None:
    """Values outside the enum (the docs' 'Pending'/'Approved') fail and show the raw value."""
    result = tollfree_verified(make_ctx(TOLL_FREE, {catalog.TOLLFREE_VERIFICATION: tollfree(status)}))
    actionable(result)
    assert repr(status) in result.summary


def test_tollfree_missing_request_fails_with_submit_steps(make_ctx: MakeCtx, actionable: AssertActionable) -> None:
    """No verification request fails with 40329 and the POST that submits one."""
    result = tollfree_verified(make_ctx(TOLL_FREE, {catalog.TOLLFREE_VERIFICATION: None}))
    actionable(result)
    assert "40329" in result.summary
    assert result.fix.commands[0] == (  # type: ignore[union-attr]
        'curl -X POST "https://api.telnyx.com/v2/messaging_tollfree/verification/requests" '
        '-H "Authorization: Bearer $TELNYX_API_KEY" -H "Content-Type: application/json" -d @tollfree-verification.json'
    )


def test_short_code_provisioned_passes(make_ctx: MakeCtx) -> None:
    """A short code on a profile passes."""
    assert short_code_provisioned(make_ctx(SHORT_CODE, {catalog.SHORT_CODE: short_code()})).status is Status.PASS


def test_short_code_missing_fails(make_ctx: MakeCtx, actionable: AssertActionable) -> None:
    """A short code not on the account fails, mentioning the weeks provisioning takes."""
    result = short_code_provisioned(make_ctx(SHORT_CODE, {catalog.SHORT_CODE: None}))
    actionable(result)
    assert any("8–12" in step for step in result.fix.steps)  # type: ignore[union-attr]


def test_short_code_without_profile_fails(make_ctx: MakeCtx, actionable: AssertActionable) -> None:
    """A short code without a profile fails with the PATCH on its own id."""
    result = short_code_provisioned(make_ctx(SHORT_CODE, {catalog.SHORT_CODE: short_code(None)}))
    actionable(result)
    assert any('/v2/short_codes/a0b1c2d3-short"' in c for c in result.fix.commands)  # type: ignore[union-attr]


@pytest.mark.parametrize(("fallback", "line"), [(None, "No us_long_code_fallback"), ("+13125550123", "+13125550123")])
def test_alphanumeric_registered_passes_with_limits(make_ctx: MakeCtx, fallback: str | None, line: str) -> None:
    """A registered sender ID passes, noting it is one-way, not for US/CA/PR, and its US fallback."""
    result = alphanumeric_registered(make_ctx(ALPHA, {catalog.ALPHANUMERIC: sender_id(fallback=fallback)}))
    assert result.status is Status.PASS
    text = " ".join(result.details)
    assert "one-way" in text and "Puerto Rico" in text and line in text


@pytest.mark.parametrize("fact", [None, sender_id(profile_id=None)])
def test_alphanumeric_missing_or_unassigned_fails(
    make_ctx: MakeCtx, actionable: AssertActionable, fact: object
) -> None:
    """A sender ID that is not registered, or not on a profile, fails with 40306 and the POST creating it."""
    result = alphanumeric_registered(make_ctx(ALPHA, {catalog.ALPHANUMERIC: fact}))
    actionable(result)
    assert "40306" in result.summary
    assert any('\\"alphanumeric_sender_id\\": \\"MyBrand\\"' in c for c in result.fix.commands)  # type: ignore[union-attr]
