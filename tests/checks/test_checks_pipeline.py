"""The built-in static checks run together through the runner over in-memory facts, for each kind of sender."""

from __future__ import annotations

from typing import Any

import pytest

import telnyx_doctor.facts_catalog as catalog
from telnyx_doctor.checkapi import CheckOptions
from telnyx_doctor.facts import FactEnv, FactRequest, FactResolver, FactSpec
from telnyx_doctor.models import CheckResult, Status
from telnyx_doctor.numbers import parse_target
from telnyx_doctor.runner import RunConfig, order_checks, run
from telnyx_doctor_checks import health, number, profile, registration, webhook

from . import factories as f

STATIC = [*number.CHECKS, *profile.CHECKS, *webhook.CHECKS, *registration.CHECKS, *health.CHECKS]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def resolver(values: dict[str, Any]) -> FactResolver:
    """Fact providers answering from `values` (a missing fact is None)."""

    def spec(name: str) -> FactSpec:
        async def fetch(req: FactRequest) -> Any:
            return values.get(name)

        return FactSpec(name, fetch)

    names = {name for c in STATIC for name in c.facts}
    return FactResolver({n: spec(n) for n in names}, FactEnv(client=None, options=CheckOptions()))


async def run_static(raw: str, values: dict[str, Any]) -> dict[str, CheckResult]:
    """Run every static check for one target and return its results by id."""
    config = RunConfig(targets=[parse_target(raw)])
    report = await run(config, order_checks(STATIC), resolver(values))
    return {c.id: c for c in report.numbers[0].checks}


def healthy_number(raw: str) -> dict[str, Any]:
    """The facts of a number that is ready in every respect."""
    return {
        catalog.PHONE_NUMBER: f.record(number=raw),
        catalog.MESSAGING: f.settings(raw, health=f.health()),
        catalog.ASSIGNMENT: f.assignment(),
        catalog.PROFILE: f.profile(whitelisted_destinations=["*"]),
        catalog.TENDLC_ASSIGNMENT: f.tendlc_assignment(),
        catalog.TENDLC_CAMPAIGN: f.campaign(),
        catalog.TENDLC_BRAND: f.brand(),
        catalog.TOLLFREE_VERIFICATION: f.tollfree(),
    }


@pytest.mark.anyio
@pytest.mark.parametrize("raw", [f.US, f.TOLL_FREE, f.UK])
async def test_a_ready_phone_number_passes_every_applicable_check(raw: str) -> None:
    """A ready number passes every check that applies to its kind; the rest are skipped as not applicable."""
    results = await run_static(raw, healthy_number(raw))
    assert {r.status for r in results.values()} <= {Status.PASS, Status.SKIP}
    skipped = {i for i, r in results.items() if r.status is Status.SKIP}
    assert skipped  # every kind has checks for other kinds
    assert all(results[i].skipped_because == "not_applicable" for i in skipped)
    assert "profile.assigned" not in skipped


@pytest.mark.anyio
async def test_a_short_code_reaches_its_profile_checks() -> None:
    """For a short code, the phone-number prerequisites do not gate profile.assigned."""
    values = {
        catalog.SHORT_CODE: f.short_code(),
        catalog.ASSIGNMENT: f.assignment(source="short_code"),
        catalog.PROFILE: f.profile(),
    }
    results = await run_static(f.SHORT_CODE, values)
    assert results["short_code.provisioned"].status is Status.PASS
    assert results["profile.assigned"].status is Status.PASS
    assert results["profile.destinations"].status is Status.PASS


@pytest.mark.anyio
async def test_an_unassigned_number_skips_what_depends_on_the_profile() -> None:
    """Without a profile, the profile and webhook checks are skipped naming profile.assigned's chain."""
    values = {**healthy_number(f.US), catalog.ASSIGNMENT: f.assignment(None, "none"), catalog.PROFILE: None}
    results = await run_static(f.US, values)
    assert results["profile.assigned"].status is Status.FAIL
    assert results["profile.enabled"].skipped_because == "profile.assigned"
    assert results["webhook.configured"].skipped_because == "profile.enabled"
    assert results["10dlc.campaign_assigned"].status is Status.PASS
