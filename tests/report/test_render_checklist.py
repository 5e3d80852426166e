"""Tests for the `--list-checks` listing."""

from __future__ import annotations

import json

import pytest

from telnyx_doctor.errors import UsageError
from telnyx_doctor.plugins import load_registry
from telnyx_doctor.report.checklist import render_check_list
from telnyx_doctor.runner import order_checks


def _checks() -> list:  # type: ignore[type-arg]
    return order_checks(load_registry().checks.values())


def test_the_text_listing_never_says_error_for_a_severity() -> None:
    """The impact column says blocker or risk, never the status word 'error', and a legend explains it."""
    lines = render_check_list(_checks()).splitlines()
    assert lines[0].split() == ["ID", "TITLE", "IMPACT", "PLUGIN"]
    rows = [line for line in lines[1:] if line.startswith(("number.", "webhook."))]
    assert rows and all(" error " not in row for row in rows)
    assert any(" blocker " in row for row in rows) and any(" risk " in row for row in rows)
    assert lines[-1].startswith("IMPACT: blocker = ")


def test_the_json_listing_keeps_the_severity_and_names_the_impact() -> None:
    """JSON lists each check in run order with its severity value, impact, plugin and prerequisites."""
    items = json.loads(render_check_list(_checks(), "json"))
    assert items[0]["id"] == "number.format" and items[0]["impact"] == "blocker"
    assert {"id", "title", "severity", "impact", "plugin", "requires"} == set(items[1])
    ids = [item["id"] for item in items]
    assert ids.index("number.on_account") < ids.index("number.messaging_listed")


def test_other_formats_are_a_usage_error() -> None:
    """A format the listing has no form for is a usage error naming the ones it has."""
    with pytest.raises(UsageError):
        render_check_list(_checks(), "junit")
