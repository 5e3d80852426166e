"""Builders for the renderer tests: checks, numbers and whole reports from plain values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telnyx_doctor.models import (
    CheckResult,
    Fix,
    NumberKind,
    NumberReport,
    PluginInfo,
    Report,
    Severity,
    Status,
    ToolInfo,
    summarize,
    worst_status,
)

DOCS = "https://github.com/telnyx-doctor/telnyx-doctor/blob/main/docs/checks"
ASSIGN_CAMPAIGN = (
    "curl -X POST https://api.telnyx.com/v2/10dlc/phone_number_campaigns"
    ' -H "Authorization: Bearer $TELNYX_API_KEY" -H "Content-Type: application/json"'
    """ -d '{"phoneNumber": "+15551234567", "campaignId": "4b300178-131c-d902-d54e-72d90ba1620j"}'"""
)

MakeCheck = Callable[..., CheckResult]
MakeNumber = Callable[..., NumberReport]
MakeReport = Callable[..., Report]


def make_check(check_id: str, status: Status = Status.PASS, summary: str | None = None, **fields: Any) -> CheckResult:
    fields.setdefault("title", check_id.replace(".", " ").replace("_", " ").capitalize())
    fields.setdefault("severity", Severity.ERROR)
    return CheckResult(id=check_id, status=status, summary=summary or f"{check_id} is fine", duration_ms=12, **fields)


def make_number(phone_number: str, kind: NumberKind | None, checks: list[CheckResult]) -> NumberReport:
    status = worst_status(c.status for c in checks)
    return NumberReport(phone_number=phone_number, kind=kind, status=status, checks=checks)


def make_report(numbers: list[NumberReport], **fields: Any) -> Report:
    status = worst_status(n.status for n in numbers)
    exit_code = {Status.FAIL: 1, Status.ERROR: 3}.get(status, 0)
    fields.setdefault("tool", ToolInfo(version="0.1.0", plugins=[PluginInfo(name="builtin", version="0.1.0")]))
    return Report(
        started_at="2025-01-02T03:04:05Z",
        duration_ms=1234,
        status=status,
        exit_code=exit_code,
        summary=summarize(numbers),
        numbers=numbers,
        **fields,
    )


def healthy_number(phone_number: str = "+15557654321") -> NumberReport:
    """A US long code whose every applicable check passed."""
    return make_number(
        phone_number,
        NumberKind.US_LONG_CODE,
        [
            make_check("number.format", summary=f"{phone_number} is a valid US long code"),
            make_check("number.messaging_listed", summary="The number has messaging settings"),
            make_check("profile.assigned", summary="Assigned to messaging profile Support"),
            make_check("webhook.configured", summary="Webhooks go to https://hooks.example.com/telnyx"),
            make_check("10dlc.campaign_assigned", summary="Assigned to campaign CX7Q2LM"),
            make_check(
                "tollfree.verified",
                Status.SKIP,
                "skipped: does not apply to us_long_code numbers",
                skipped_because="not_applicable",
            ),
        ],
    )


def troubled_number() -> NumberReport:
    """A US long code with a pass, a warn, an error, a fail with a fix, and skips."""
    return make_number(
        "+15551234567",
        NumberKind.US_LONG_CODE,
        [
            make_check("number.format", summary="+15551234567 is a valid US long code"),
            make_check("profile.assigned", summary="Assigned to messaging profile Support"),
            make_check(
                "webhook.url_valid",
                Status.WARN,
                "The webhook URL uses http://",
                severity=Severity.WARNING,
                details=["Telnyx delivers to http:// URLs, but unencrypted and unauthenticated."],
                fix=Fix(
                    summary="Serve the webhook over https://",
                    steps=["Put TLS in front of the endpoint.", "Update the profile's webhook URL."],
                    docs_url=f"{DOCS}/webhook.url_valid.md",
                ),
            ),
            make_check(
                "webhook.reachable",
                Status.ERROR,
                "The probe timed out after 2 s",
                details=["POST http://hooks.example.com/telnyx got no answer within 2 s."],
            ),
            make_check(
                "10dlc.campaign_assigned",
                Status.FAIL,
                "The number is not assigned to a 10DLC campaign",
                details=["US carriers block A2P traffic from numbers without an approved campaign."],
                fix=Fix(
                    summary="Assign the number to an active 10DLC campaign",
                    steps=["Find the campaign id in the portal.", "Assign the number to it."],
                    commands=[ASSIGN_CAMPAIGN],
                    docs_url=f"{DOCS}/10dlc.campaign_assigned.md",
                ),
            ),
            make_check(
                "10dlc.campaign_active",
                Status.SKIP,
                "skipped: 10dlc.campaign_assigned failed",
                skipped_because="10dlc.campaign_assigned",
                requires=["10dlc.campaign_assigned"],
            ),
            make_check(
                "tollfree.verified",
                Status.SKIP,
                "skipped: does not apply to us_long_code numbers",
                skipped_because="not_applicable",
            ),
        ],
    )


def toll_free_number() -> NumberReport:
    """A toll-free number whose verification was rejected."""
    return make_number(
        "+18885550100",
        NumberKind.TOLL_FREE,
        [
            make_check("number.format", summary="+18885550100 is a valid toll-free number"),
            make_check("profile.assigned", summary="Assigned to messaging profile Alerts"),
            make_check(
                "10dlc.campaign_assigned",
                Status.SKIP,
                "skipped: does not apply to toll_free numbers",
                skipped_because="not_applicable",
            ),
            make_check(
                "tollfree.verified",
                Status.FAIL,
                "The toll-free verification was rejected",
                fix=Fix(summary="Resubmit the toll-free verification", docs_url=f"{DOCS}/tollfree.verified.md"),
            ),
        ],
    )
