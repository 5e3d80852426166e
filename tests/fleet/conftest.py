"""Fixtures for fleet runs: synthetic accounts on loopback sandboxes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conftest import serve
from telnyx_doctor.sandbox import SandboxServer, synthetic_scenario


@pytest.fixture(scope="module")
def account_200() -> Iterator[SandboxServer]:
    """A 200-number synthetic account shared by a module; tests read its counters after resetting them."""
    yield from serve(synthetic_scenario(200, seed=5))


@pytest.fixture
def fresh_200() -> Iterator[SandboxServer]:
    """A 200-number synthetic account of the test's own, for faults and rate limits."""
    yield from serve(synthetic_scenario(200, seed=5))
