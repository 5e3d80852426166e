"""Tests for the static webhook checks: configured and api_version."""

from __future__ import annotations

import pytest

from telnyx_doctor.models import Status
from telnyx_doctor.numbers import parse_target
from telnyx_doctor_checks.webhook import redact_url, webhook_api_version, webhook_configured

from .conftest import AssertActionable
from .factories import US, profile


def test_configured_passes_and_mentions_failover() -> None:
    """A profile with a webhook URL passes, and says whether a failover URL is set."""
    result = webhook_configured(profile=profile(), target=parse_target(US))
    assert result.status is Status.PASS
    assert "failover URL: not set" in result.details


@pytest.mark.parametrize("url", [None, "", "   "])
def test_configured_missing_fails(actionable: AssertActionable, url: str | None) -> None:
    """No webhook URL fails: inbound messages and receipts produce no webhooks."""
    result = webhook_configured(profile=profile(webhook_url=url), target=parse_target(US))
    actionable(result)
    assert "no webhooks" in result.summary
    assert "$WEBHOOK_URL" in result.fix.commands[0]  # type: ignore[union-attr]


def test_configured_redacts_secrets_in_evidence() -> None:
    """Credentials and query values in webhook URLs never reach the report."""
    url = "https://user:hunter2@hooks.example.com:8443/in?token=s3cret&x=1"
    result = webhook_configured(profile=profile(webhook_url=url), target=parse_target(US))
    text = repr(result.model_dump())
    assert "hunter2" not in text and "s3cret" not in text
    assert result.evidence["webhook_url"] == "https://***@hooks.example.com:8443/in?token=***&x=***"


def test_redact_url_leaves_a_plain_url_alone() -> None:
    """A URL without credentials or query comes back unchanged."""
    assert redact_url("https://hooks.example.com/telnyx") == "https://hooks.example.com/telnyx"


def test_api_version_2_passes() -> None:
    """Version "2" passes."""
    assert webhook_api_version(profile=profile(), target=parse_target(US)).status is Status.PASS


@pytest.mark.parametrize("version", ["1", "2010-04-01"])
def test_api_version_legacy_warns_saying_which(actionable: AssertActionable, version: str) -> None:
    """A legacy format warns, names it, and explains what only v2 has."""
    result = webhook_api_version(profile=profile(webhook_api_version=version), target=parse_target(US))
    assert result.status is Status.WARN
    actionable(result)
    assert version in result.summary
    assert any("Ed25519" in line and "2-second" in line for line in result.details)


def test_api_version_absent_warns(actionable: AssertActionable) -> None:
    """An absent version is a warning."""
    result = webhook_api_version(profile=profile(webhook_api_version=None), target=parse_target(US))
    assert result.status is Status.WARN
    actionable(result)


def test_api_version_unknown_fails_with_raw(actionable: AssertActionable) -> None:
    """An unknown version fails and shows the raw value."""
    result = webhook_api_version(profile=profile(webhook_api_version="3"), target=parse_target(US))
    assert result.status is Status.FAIL
    actionable(result)
    assert "'3'" in result.summary
