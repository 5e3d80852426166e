"""Tests for toll-free verification, short codes and alphanumeric sender IDs."""

from __future__ import annotations

import pytest

from telnyx_doctor.models import Status
from telnyx_doctor.numbers import parse_target
from telnyx_doctor_checks.registration import CHECKS
from telnyx_doctor_checks.sender_ids import alphanumeric_registered, short_code_provisioned
from telnyx_doctor_checks.tollfree import tollfree_verified

from .conftest import AssertActionable
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
def test_tollfree_maps_every_status(actionable: AssertActionable, status: str, expected: str) -> None:
    """Only Verified passes; review states are pending; Waiting For Customer and Rejected need action."""
    fact = tollfree(status, reason="Opt-in flow unclear" if expected == "blocked" else None)
    result = tollfree_verified(tollfree_verification=fact, target=parse_target(TOLL_FREE))
    if expected == "pass":
        assert result.status is Status.PASS
        return
    actionable(result)
    assert ("yet" in result.summary) is (expected == "pending")
    if expected == "blocked":
        assert "reason: Opt-in flow unclear" in result.details
        patch = next(c for c in result.fix.commands if c.startswith("curl -X PATCH"))  # type: ignore[union-attr]
        assert f"/v2/messaging_tollfree/verification/requests/{TF_REQUEST_ID}" in patch


def test_tollfree_customer_action_says_the_user_must_act() -> None:
    """Waiting For Customer says Telnyx needs something from the user."""
    result = tollfree_verified(tollfree_verification=tollfree("Waiting For Customer"), target=parse_target(TOLL_FREE))
    assert "from you" in result.summary


def test_tollfree_rejected_fails_40329() -> None:
    """A rejection names 40329."""
    result = tollfree_verified(tollfree_verification=tollfree("Rejected"), target=parse_target(TOLL_FREE))
    assert "40329" in result.summary
    assert "Telnyx gave no reason." in result.details


@pytest.mark.parametrize("status", ["Pending", "Approved", "verified-ish"])
def test_tollfree_unknown_values_fail_with_raw(actionable: AssertActionable, status: str) -> None:
    """Values outside the enum (the docs' 'Pending'/'Approved') fail and show the raw value."""
    result = tollfree_verified(tollfree_verification=tollfree(status), target=parse_target(TOLL_FREE))
    actionable(result)
    assert repr(status) in result.summary


def test_tollfree_missing_request_fails_with_submit_steps(actionable: AssertActionable) -> None:
    """No verification request fails with 40329 and the POST that submits one."""
    result = tollfree_verified(tollfree_verification=None, target=parse_target(TOLL_FREE))
    actionable(result)
    assert "40329" in result.summary
    assert result.fix.commands[0] == (  # type: ignore[union-attr]
        'curl -X POST "https://api.telnyx.com/v2/messaging_tollfree/verification/requests" '
        '-H "Authorization: Bearer $TELNYX_API_KEY" -H "Content-Type: application/json" -d @tollfree-verification.json'
    )


def test_short_code_provisioned_passes() -> None:
    """A short code on a profile passes."""
    assert short_code_provisioned(short_code=short_code(), target=parse_target(SHORT_CODE)).status is Status.PASS


def test_short_code_missing_fails(actionable: AssertActionable) -> None:
    """A short code not on the account fails, mentioning the weeks provisioning takes."""
    result = short_code_provisioned(short_code=None, target=parse_target(SHORT_CODE))
    actionable(result)
    assert any("8–12" in step for step in result.fix.steps)  # type: ignore[union-attr]


def test_short_code_without_profile_fails(actionable: AssertActionable) -> None:
    """A short code without a profile fails with the PATCH on its own id."""
    result = short_code_provisioned(short_code=short_code(None), target=parse_target(SHORT_CODE))
    actionable(result)
    assert any('/v2/short_codes/a0b1c2d3-short"' in c for c in result.fix.commands)  # type: ignore[union-attr]


@pytest.mark.parametrize(("fallback", "line"), [(None, "No us_long_code_fallback"), ("+13125550123", "+13125550123")])
def test_alphanumeric_registered_passes_with_limits(fallback: str | None, line: str) -> None:
    """A registered sender ID passes, noting it is one-way, not for US/CA/PR, and its US fallback."""
    result = alphanumeric_registered(alphanumeric=sender_id(fallback=fallback), target=parse_target(ALPHA))
    assert result.status is Status.PASS
    text = " ".join(result.details)
    assert "one-way" in text and "Puerto Rico" in text and line in text


@pytest.mark.parametrize("fact", [None, sender_id(profile_id=None)])
def test_alphanumeric_missing_or_unassigned_fails(actionable: AssertActionable, fact: object) -> None:
    """A sender ID that is not registered, or not on a profile, fails with 40306 and the POST creating it."""
    result = alphanumeric_registered(alphanumeric=fact, target=parse_target(ALPHA))
    actionable(result)
    assert "40306" in result.summary
    assert any('\\"alphanumeric_sender_id\\": \\"MyBrand\\"' in c for c in result.fix.commands)  # type: ignore[union-attr]
