"""Tests for the number checks: format, on_account, messaging_listed, sms_capable."""

from __future__ import annotations

import pytest

from telnyx_doctor.facts_catalog import MESSAGING
from telnyx_doctor.models import Status
from telnyx_doctor.numbers import parse_target
from telnyx_doctor_checks.number import (
    number_format,
    number_messaging_listed,
    number_on_account,
    number_sms_capable,
)

from .conftest import AssertActionable, MakeCtx
from .factories import ALPHA, NUMBER_ID, SHORT_CODE, SMS, TOLL_FREE, UK, US, record, settings

# Every `status` of PhoneNumberDetailed (reference §4) and what the doctor makes of it.
PHONE_STATUSES = {
    "active": "pass",
    "purchase-pending": "pending",
    "port-pending": "pending",
    "provision-pending": "pending",
    "requirement-info-pending": "pending",
    "requirement-info-under-review": "pending",
    "requirement-info-exception": "pending",
    "purchase-failed": "blocked",
    "port-failed": "blocked",
    "deleted": "blocked",
    "ported-out": "blocked",
    "port-out-pending": "blocked",
    "emergency-only": "blocked",
}


@pytest.mark.parametrize(
    ("raw", "kind", "region"),
    [
        (US, "us_long_code", "US"),
        (TOLL_FREE, "toll_free", "US"),
        (UK, "long_code", "GB"),
        (SHORT_CODE, "short_code", "US"),
        (ALPHA, "alphanumeric", None),
    ],
)
def test_format_reports_kind_and_region(raw: str, kind: str, region: str | None) -> None:
    """number.format passes with the normalised value, kind and region as evidence."""
    result = number_format(target=parse_target(raw))
    assert result.status is Status.PASS
    assert result.evidence["kind"] == kind
    assert result.evidence["region"] == region
    assert result.evidence["raw"] == raw


def test_format_puts_normalisation_notes_in_details(make_ctx: MakeCtx) -> None:
    """The parser's notes (normalisation) reach the details, and the readiness rule for the kind is listed."""
    result = number_format(make_ctx("(312) 555-0123"))
    assert result.evidence["normalised"] == US
    assert any("normalised" in line for line in result.details)
    assert any("10DLC" in line for line in result.details)


@pytest.mark.parametrize(("status", "expected"), sorted(PHONE_STATUSES.items()))
def test_on_account_maps_every_status(actionable: AssertActionable, status: str, expected: str) -> None:
    """Only `active` passes; pending states are 'not usable yet', the rest are blockers, each with a fix."""
    result = number_on_account(phone_number=record(status), target=parse_target(US))
    assert result.evidence["status"] == status
    if expected == "pass":
        assert result.status is Status.PASS
        return
    actionable(result)
    assert status in result.summary
    assert ("not usable yet" in result.summary) is (expected == "pending")
    if expected == "pending":
        assert "40320" in result.summary
    assert any(NUMBER_ID in command for command in result.fix.commands)  # type: ignore[union-attr]


def test_on_account_unknown_status_fails_with_raw_value(actionable: AssertActionable) -> None:
    """A status the doctor does not know fails (never passes) and shows the raw value."""
    result = number_on_account(phone_number=record("frozen-by-magic"), target=parse_target(US))
    actionable(result)
    assert "'frozen-by-magic'" in result.summary


def test_on_account_missing_number_fails(actionable: AssertActionable) -> None:
    """A number not in the inventory fails with 40305 and advice about the key's organization."""
    result = number_on_account(phone_number=None, target=parse_target(US))
    actionable(result)
    assert "40305" in result.summary
    assert any("organization" in step for step in result.fix.steps)  # type: ignore[union-attr]


def test_messaging_listed_passes_with_type_and_product() -> None:
    """A listed number passes and reports its type and messaging product."""
    result = number_messaging_listed(messaging=settings(), target=parse_target(US))
    assert result.status is Status.PASS
    assert "long_code" in result.summary
    assert result.evidence["messaging_product"] == "A2P"


def test_messaging_listed_notes_a_type_mismatch() -> None:
    """A toll-free prefix listed by Telnyx as a long code is noted, not failed."""
    result = number_messaging_listed(messaging=settings(TOLL_FREE, type="longcode"), target=parse_target(TOLL_FREE))
    assert result.status is Status.PASS
    assert any("'longcode'" in line for line in result.details)


def test_messaging_listed_missing_fails(actionable: AssertActionable) -> None:
    """A number without messaging settings fails with the guide's three causes and lookup commands."""
    result = number_messaging_listed(messaging=None, target=parse_target(US))
    actionable(result)
    assert "filter[phone_number]=%2B13125550123" in result.fix.commands[0]  # type: ignore[union-attr]


def test_sms_capable_passes_and_reports_mms() -> None:
    """SMS present passes; the SMS flags and MMS availability are in the details."""
    result = number_sms_capable(messaging=settings(), target=parse_target(US))
    assert result.status is Status.PASS
    assert "MMS: available" in result.details


def test_sms_capable_mms_absent_is_only_a_note(make_ctx: MakeCtx) -> None:
    """MMS null does not fail the check."""
    result = number_sms_capable(make_ctx(US, {MESSAGING: settings(features={"sms": SMS, "mms": None})}))
    assert result.status is Status.PASS
    assert any("MMS: not available" in line for line in result.details)


@pytest.mark.parametrize("features", [None, {"sms": None, "mms": None}, {"mms": SMS}])
def test_sms_capable_without_sms_fails_40100(actionable: AssertActionable, features: dict[str, object] | None) -> None:
    """No SMS feature set fails with 40100 Number not messaging enabled."""
    result = number_sms_capable(messaging=settings(features=features), target=parse_target(US))
    actionable(result)
    assert "40100" in result.summary


def test_sms_capable_without_domestic_two_way_warns(make_ctx: MakeCtx, actionable: AssertActionable) -> None:
    """SMS without domestic two-way is a warning."""
    sms = {**SMS, "domestic_two_way": False}
    result = number_sms_capable(make_ctx(US, {MESSAGING: settings(features={"sms": sms, "mms": None})}))
    assert result.status is Status.WARN
    actionable(result)
