"""Tests over the whole set of built-in checks: metadata, the id contract, and actionable failures."""

from __future__ import annotations

from typing import Any

import pytest

import telnyx_doctor.facts_catalog as catalog
from telnyx_doctor.checkapi import CHECK_ID, Check
from telnyx_doctor.models import ALL_KINDS, PHONE_NUMBER_KINDS, NumberKind
from telnyx_doctor_checks import health, number, profile, registration, telnyx_doctor_register_checks, webhook

from . import factories as f
from .conftest import AssertActionable, MakeCtx

US_ONLY = frozenset({NumberKind.US_LONG_CODE})
# The DESIGN.md table for the checks in this package: id → (applies_to, requires).
CONTRACT: dict[str, tuple[frozenset[NumberKind], set[str]]] = {
    "number.format": (ALL_KINDS, set()),
    "number.on_account": (PHONE_NUMBER_KINDS, {"number.format"}),
    "number.messaging_listed": (PHONE_NUMBER_KINDS, {"number.format"}),
    "number.sms_capable": (PHONE_NUMBER_KINDS, {"number.messaging_listed"}),
    "profile.assigned": (ALL_KINDS, {"number.messaging_listed", "short_code.provisioned", "alphanumeric.registered"}),
    "profile.enabled": (ALL_KINDS, {"profile.assigned"}),
    "profile.destinations": (ALL_KINDS, {"profile.enabled"}),
    "webhook.configured": (ALL_KINDS, {"profile.enabled"}),
    "webhook.api_version": (ALL_KINDS, {"webhook.configured"}),
    "10dlc.campaign_assigned": (US_ONLY, {"number.messaging_listed"}),
    "10dlc.campaign_active": (US_ONLY, {"10dlc.campaign_assigned"}),
    "10dlc.brand_verified": (US_ONLY, {"10dlc.campaign_active"}),
    "tollfree.verified": (frozenset({NumberKind.TOLL_FREE}), {"number.messaging_listed"}),
    "short_code.provisioned": (frozenset({NumberKind.SHORT_CODE}), {"number.format"}),
    "alphanumeric.registered": (frozenset({NumberKind.ALPHANUMERIC}), {"number.format"}),
    "number.health": (PHONE_NUMBER_KINDS, {"number.messaging_listed"}),
}
FACT_NAMES = {value for name, value in vars(catalog).items() if name.isupper() and isinstance(value, str)}

# One failing (or warning) situation per check of this package.
FAILING: dict[str, tuple[str, dict[str, Any]]] = {
    "number.on_account": (f.US, {catalog.PHONE_NUMBER: f.record("port-pending")}),
    "number.messaging_listed": (f.US, {catalog.MESSAGING: None}),
    "number.sms_capable": (f.US, {catalog.MESSAGING: f.settings(features=None)}),
    "profile.assigned": (f.US, {catalog.ASSIGNMENT: f.assignment(None, "none")}),
    "profile.enabled": (f.US, {catalog.ASSIGNMENT: f.assignment(), catalog.PROFILE: f.profile(enabled=False)}),
    "profile.destinations": (f.UK, {catalog.PROFILE: f.profile()}),
    "webhook.configured": (f.US, {catalog.PROFILE: f.profile(webhook_url=None)}),
    "webhook.api_version": (f.US, {catalog.PROFILE: f.profile(webhook_api_version="1")}),
    "number.health": (f.US, {catalog.MESSAGING: f.settings(health=f.health(0.1, 0.9))}),
    "10dlc.campaign_assigned": (f.US, {catalog.TENDLC_ASSIGNMENT: f.tendlc_assignment("FAILED_ASSIGNMENT")}),
    "10dlc.campaign_active": (f.US, {catalog.TENDLC_CAMPAIGN: f.campaign("TCR_SUSPENDED")}),
    "10dlc.brand_verified": (f.US, {catalog.TENDLC_BRAND: f.brand("OK", "UNVERIFIED")}),
    "tollfree.verified": (f.TOLL_FREE, {catalog.TOLLFREE_VERIFICATION: f.tollfree("Rejected")}),
    "short_code.provisioned": (f.SHORT_CODE, {catalog.SHORT_CODE: None}),
    "alphanumeric.registered": (f.ALPHA, {catalog.ALPHANUMERIC: None}),
}

OURS: list[Check] = [
    *number.CHECKS,
    *profile.CHECKS,
    *webhook.CHECKS,
    *registration.CHECKS,
    *health.CHECKS,
]


def all_builtin() -> list[Check]:
    """Every built-in check, registered the way the plugin entry point does it."""
    return list(telnyx_doctor_register_checks())


def test_builtin_ids_are_valid_and_unique() -> None:
    """Every built-in check id is namespaced lowercase and registered once."""
    ids = [c.id for c in all_builtin()]
    assert len(ids) == len(set(ids))
    for check_id in ids:
        assert CHECK_ID.match(check_id), check_id


@pytest.mark.parametrize("check", all_builtin(), ids=lambda c: c.id)
def test_builtin_metadata_is_complete(check: Check) -> None:
    """Every built-in check has a title, cause, evidence and remedy for its docs page, and declares known facts."""
    assert check.title.strip()
    assert check.cause.strip() and check.evidence.strip() and check.remedy.strip()
    assert set(check.facts) <= FACT_NAMES, check.facts
    assert check.applies_to


def test_builtin_requires_name_builtin_checks() -> None:
    """Every prerequisite names a built-in check."""
    ids = {c.id for c in all_builtin()}
    for check in all_builtin():
        assert set(check.requires) <= ids, (check.id, check.requires)


@pytest.mark.parametrize("check", OURS, ids=lambda c: c.id)
def test_design_contract(check: Check) -> None:
    """Ids, applicability and prerequisites match the DESIGN.md table."""
    applies_to, requires = CONTRACT[check.id]
    assert check.applies_to == applies_to
    assert set(check.requires) == requires


def test_this_package_covers_the_contract() -> None:
    """Every id of the contract table is implemented here, once."""
    assert sorted(c.id for c in OURS) == sorted(CONTRACT)


@pytest.mark.parametrize("check", [c for c in OURS if c.id in FAILING], ids=lambda c: c.id)
def test_failures_carry_a_fix_with_docs(make_ctx: MakeCtx, actionable: AssertActionable, check: Check) -> None:
    """A failing situation of each check gives a warn/fail with steps, commands and a Telnyx docs URL."""
    raw, facts = FAILING[check.id]
    result = check(make_ctx(raw, facts))
    actionable(result)


def test_every_check_but_format_has_a_failing_situation() -> None:
    """The failing table covers every check that can fail (number.format only ever passes here)."""
    assert set(FAILING) == set(CONTRACT) - {"number.format"}


@pytest.mark.parametrize("check", [c for c in OURS if c.id in FAILING], ids=lambda c: c.id)
def test_failing_situations_use_only_declared_facts(check: Check) -> None:
    """The failing situations give a check only facts it declared, so an undeclared read would raise there."""
    _, facts = FAILING[check.id]
    assert set(facts) <= set(check.facts)
