"""Fixtures of the hardening tests: one demo sandbox per module, reset before each test that uses it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conftest import serve
from telnyx_doctor.sandbox import SandboxServer


@pytest.fixture(scope="module")
def module_sandbox() -> Iterator[SandboxServer]:
    """A demo-account sandbox shared by the tests of one module."""
    yield from serve()


@pytest.fixture
def fresh_sandbox(module_sandbox: SandboxServer) -> SandboxServer:
    """The module's sandbox reset to its scenario (account, faults, settings, counters): as good as a new one."""
    module_sandbox.state.reset()
    return module_sandbox
