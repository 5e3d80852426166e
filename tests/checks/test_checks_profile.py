"""Tests for the profile checks: assigned, enabled (and dangling ids), destinations."""

from __future__ import annotations

import pytest

from telnyx_doctor.models import Status
from telnyx_doctor.numbers import parse_target
from telnyx_doctor_checks.profile import profile_assigned, profile_destinations, profile_enabled

from .conftest import AssertActionable
from .factories import ALPHA, PROFILE_ID, SHORT_CODE, UK, US, assignment, profile


def test_assigned_passes_with_profile_id() -> None:
    """A sender with a profile id passes and says where the id came from."""
    result = profile_assigned(assignment=assignment(), target=parse_target(US))
    assert result.status is Status.PASS
    assert PROFILE_ID in result.summary
    assert result.evidence == {"messaging_profile_id": PROFILE_ID, "source": "messaging_settings"}


def test_assigned_missing_fails_with_the_safe_assignment_fix(actionable: AssertActionable) -> None:
    """No profile fails with 40305 and the current-endpoint PATCH, autofixable through `doctor fix`."""
    result = profile_assigned(assignment=assignment(None, "none"), target=parse_target(US))
    actionable(result)
    assert "40305" in result.summary
    fix = result.fix
    assert fix is not None and fix.safe_to_autofix
    patch = next(c for c in fix.commands if "PATCH" in c)
    assert '"https://api.telnyx.com/v2/phone_numbers/+13125550123/messaging"' in patch
    assert "$MESSAGING_PROFILE_ID" in patch
    assert 'doctor fix +13125550123 --profile-id "$MESSAGING_PROFILE_ID"' in fix.commands


@pytest.mark.parametrize(("raw", "path"), [(SHORT_CODE, "/short_codes/"), (ALPHA, "/alphanumeric_sender_ids")])
def test_assigned_missing_for_other_senders_is_not_autofixable(
    actionable: AssertActionable, raw: str, path: str
) -> None:
    """Short codes and sender IDs get their own commands and are not marked safe to autofix."""
    result = profile_assigned(assignment=assignment(None, "none"), target=parse_target(raw))
    actionable(result)
    assert result.fix is not None and not result.fix.safe_to_autofix
    assert any(path in command for command in result.fix.commands)


def test_assigned_unavailable_is_an_error_not_an_id() -> None:
    """The literal UNAVAILABLE means the profile could not be loaded: the check cannot decide."""
    result = profile_assigned(assignment=assignment("UNAVAILABLE"), target=parse_target(US))
    assert result.status is Status.ERROR
    assert "UNAVAILABLE" in result.summary


def test_enabled_passes() -> None:
    """An existing enabled profile passes."""
    result = profile_enabled(assignment=assignment(), profile=profile(), target=parse_target(US))
    assert result.status is Status.PASS


def test_enabled_dangling_profile_is_its_own_finding(actionable: AssertActionable) -> None:
    """A profile id that resolves to nothing fails as a dangling id, with a re-assignment fix."""
    result = profile_enabled(assignment=assignment(), profile=None, target=parse_target(US))
    actionable(result)
    assert "dangling" in result.summary
    assert PROFILE_ID in result.summary
    assert result.fix is not None and "exists" in result.fix.summary


def test_enabled_false_fails_40312_with_enable_patch(actionable: AssertActionable) -> None:
    """A disabled profile fails with 40312 and a PATCH setting enabled true on that profile."""
    result = profile_enabled(assignment=assignment(), profile=profile(enabled=False), target=parse_target(US))
    actionable(result)
    assert "40312" in result.summary
    patch = result.fix.commands[0]  # type: ignore[union-attr]
    assert f'"https://api.telnyx.com/v2/messaging_profiles/{PROFILE_ID}"' in patch
    assert """-d '{"enabled": true}'""" in patch


def test_enabled_absent_warns(actionable: AssertActionable) -> None:
    """A profile that omits `enabled` is a warning, explained."""
    result = profile_enabled(assignment=assignment(), profile=profile(enabled=None), target=parse_target(US))
    assert result.status is Status.WARN
    actionable(result)


@pytest.mark.parametrize("allowed", [["*"], ["US"], ["ca", "us"]])
def test_destinations_pass_when_home_country_allowed(allowed: list[str]) -> None:
    """`*` or the home country (any case) passes."""
    result = profile_destinations(profile=profile(whitelisted_destinations=allowed), target=parse_target(US))
    assert result.status is Status.PASS


@pytest.mark.parametrize("allowed", [None, [], [" "]])
def test_destinations_empty_fails_40331(actionable: AssertActionable, allowed: list[str] | None) -> None:
    """No destinations fails with 40331 and a PATCH adding the home country."""
    result = profile_destinations(profile=profile(whitelisted_destinations=allowed), target=parse_target(US))
    actionable(result)
    assert "40331" in result.summary
    assert """{"whitelisted_destinations": ["US"]}""" in result.fix.commands[0]  # type: ignore[union-attr]


def test_destinations_missing_home_country_fails_40309(actionable: AssertActionable) -> None:
    """A UK number on a US/CA profile fails with 40309 and a PATCH keeping the existing countries."""
    result = profile_destinations(profile=profile(), target=parse_target(UK))
    actionable(result)
    assert "40309" in result.summary
    assert """{"whitelisted_destinations": ["US", "CA", "GB"]}""" in result.fix.commands[0]  # type: ignore[union-attr]


def test_destinations_without_home_country_lists_them() -> None:
    """A sender ID has no home country: the check passes and lists the allowed destinations."""
    result = profile_destinations(profile=profile(whitelisted_destinations=["GB", "DE"]), target=parse_target(ALPHA))
    assert result.status is Status.PASS
    assert "allowed destinations: GB, DE" in result.details
