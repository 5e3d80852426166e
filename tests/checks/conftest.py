"""Factory fixtures for the built-in check tests: contexts over plain fact values, and fix assertions."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from telnyx_doctor.checkapi import CheckContext, CheckOptions
from telnyx_doctor.models import Result, Status
from telnyx_doctor.numbers import parse_target

from .factories import US

MakeCtx = Callable[..., CheckContext]
AssertActionable = Callable[[Result], None]

# Anything that looks like a real key, or the docs' placeholder for one.
_LITERAL_KEY = re.compile(r"KEY[0-9A-F]{10,}|YOUR_API_KEY|Bearer (?!\$TELNYX_API_KEY)")


@pytest.fixture
def make_ctx() -> MakeCtx:
    """Build a CheckContext for a typed number and a mapping of fact name → value."""

    def make(raw: str = US, facts: Mapping[str, Any] | None = None, **options: Any) -> CheckContext:
        return CheckContext(target=parse_target(raw), facts=dict(facts or {}), options=CheckOptions(**options))

    return make


def assert_command(command: str) -> None:
    """A fix command is a curl against the real current API with the key from the environment, or a doctor run."""
    assert not _LITERAL_KEY.search(command), command
    if command.startswith("doctor "):
        return
    assert command.startswith("curl -X "), command
    assert '-H "Authorization: Bearer $TELNYX_API_KEY"' in command, command
    assert '"https://api.telnyx.com/v2/' in command, command
    assert "/messaging_phone_numbers" not in command, command


@pytest.fixture
def actionable() -> AssertActionable:
    """Assert a warn/fail result carries a complete fix: summary, steps, runnable commands, Telnyx docs."""

    def check(result: Result) -> None:
        assert result.status in (Status.WARN, Status.FAIL), result
        fix = result.fix
        assert fix is not None
        assert fix.summary and "\n" not in fix.summary
        assert fix.steps, fix
        assert fix.commands, fix
        for command in fix.commands:
            assert_command(command)
        assert fix.docs_url and fix.docs_url.startswith("https://developers.telnyx.com/"), fix.docs_url

    return check
