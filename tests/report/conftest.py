"""Fixtures for the renderer tests: builders, and reports on a healthy, a troubled and a fleet of numbers."""

from __future__ import annotations

import pytest

from telnyx_doctor.models import Report

from . import factories
from .factories import MakeCheck, MakeNumber, MakeReport


@pytest.fixture
def make_check() -> MakeCheck:
    """Build one CheckResult: id, status and summary, other fields by keyword."""
    return factories.make_check


@pytest.fixture
def make_number() -> MakeNumber:
    """Build a NumberReport whose status is the worst of its checks."""
    return factories.make_number


@pytest.fixture
def make_report() -> MakeReport:
    """Build a Report whose status, exit code and summary follow from its numbers."""
    return factories.make_report


@pytest.fixture
def campaign_command() -> str:
    """The long one-line curl command in the troubled number's fix."""
    return factories.ASSIGN_CAMPAIGN


@pytest.fixture
def healthy_report() -> Report:
    """A report on one healthy number."""
    return factories.make_report([factories.healthy_number()])


@pytest.fixture
def troubled_report() -> Report:
    """A report on one number with a fail, a warn, an error and skips."""
    return factories.make_report([factories.troubled_number()])


@pytest.fixture
def fleet_report() -> Report:
    """A report on three numbers: one healthy, two not."""
    numbers = [factories.healthy_number(), factories.troubled_number(), factories.toll_free_number()]
    return factories.make_report(numbers)
