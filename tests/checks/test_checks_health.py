"""Tests for number.health: thresholds, margins, and numbers without traffic."""

from __future__ import annotations

import pytest

from telnyx_doctor.models import Status
from telnyx_doctor.numbers import parse_target
from telnyx_doctor_checks.health import number_health

from .conftest import AssertActionable
from .factories import US, health, settings


@pytest.mark.parametrize("block", [None, health(count=0)])
def test_no_traffic_passes(block: dict[str, object] | None) -> None:
    """No health figures, or zero messages, is a pass noting there is no traffic yet."""
    result = number_health(messaging=settings(health=block), target=parse_target(US))
    assert result.status is Status.PASS
    assert "no traffic yet" in result.summary


@pytest.mark.parametrize(
    ("success", "spam", "expected"),
    [
        (0.95, 0.01, Status.PASS),
        (0.35, 0.65, Status.PASS),  # exactly at the warning edges
        (0.34, 0.01, Status.WARN),
        (0.95, 0.66, Status.WARN),
        (0.25, 0.75, Status.WARN),  # exactly at the limits: not yet unhealthy
        (0.24, 0.01, Status.FAIL),
        (0.95, 0.76, Status.FAIL),
    ],
)
def test_thresholds(actionable: AssertActionable, success: float, spam: float, expected: Status) -> None:
    """Success < 25 % or spam > 75 % fails (40315); within 10 points of either warns; else passes."""
    result = number_health(messaging=settings(health=health(success, spam)), target=parse_target(US))
    assert result.status is expected
    if expected is not Status.PASS:
        actionable(result)
    if expected is Status.FAIL:
        assert "40315" in result.summary


def test_percentages_are_shown() -> None:
    """Ratios are shown as percentages in the summary and details."""
    result = number_health(messaging=settings(health=health(0.2, 0.1)), target=parse_target(US))
    assert "success 20.0 %" in result.summary
    assert "delivery success: 20.0 % (unhealthy below 25.0 %)" in result.details
