"""Tests for the GitHub Actions renderer: workflow commands and the step summary."""

from __future__ import annotations

from telnyx_doctor.models import Fix, NumberKind, Report, Status
from telnyx_doctor.report import markdown
from telnyx_doctor.report.github import escape_data, escape_property, render, step_summary

from .factories import MakeCheck, MakeNumber, MakeReport


def test_escape_data_encodes_percent_and_line_breaks() -> None:
    """A message escapes %, CR and LF, and leaves : and , alone."""
    assert escape_data("100% sure\r\nnext: a,b") == "100%25 sure%0D%0Anext: a,b"


def test_escape_property_also_encodes_colon_and_comma() -> None:
    """A property value escapes : and , on top of what a message escapes."""
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_one_annotation_per_unhealthy_check(troubled_report: Report) -> None:
    """Fail and error become ::error, warn becomes ::warning, and a ::notice summary ends the output."""
    lines = render(troubled_report).splitlines()
    assert lines == [
        "::warning title=webhook.url_valid (+15551234567)::The webhook URL uses http:// — fix: Serve the "
        "webhook over https://%0ATelnyx delivers to http:// URLs, but unencrypted and unauthenticated.",
        "::error title=webhook.reachable (+15551234567)::The probe timed out after 2 s"
        "%0APOST http://hooks.example.com/telnyx got no answer within 2 s.",
        "::error title=10dlc.campaign_assigned (+15551234567)::The number is not assigned to a 10DLC campaign"
        " — fix: Assign the number to an active 10DLC campaign"
        "%0AUS carriers block A2P traffic from numbers without an approved campaign.",
        "::notice title=telnyx-doctor::1 number: 1 failing; checks: 2 passed, 1 warning, 1 failed, 2 skipped, 1 error",
    ]


def test_healthy_report_only_notices(healthy_report: Report) -> None:
    """A healthy report produces no error or warning, only the notice."""
    assert render(healthy_report).splitlines() == [
        "::notice title=telnyx-doctor::1 number: 1 healthy; checks: 5 passed, 0 warnings, 0 failed, 1 skipped, 0 errors"
    ]


def test_message_with_newline_percent_and_colon_stays_one_command(
    make_check: MakeCheck, make_number: MakeNumber, make_report: MakeReport
) -> None:
    """A summary with a newline, % and : is escaped so the annotation stays on one line and cannot inject."""
    fix = Fix(summary="Lower it: below 75%")
    summary = "Spam ratio 80%\n::error::injected"
    check = make_check("number.health", Status.FAIL, summary, fix=fix)
    report = make_report([make_number("+15551234567", NumberKind.US_LONG_CODE, [check])])
    first = render(report).splitlines()[0]
    assert first == (
        "::error title=number.health (+15551234567)::Spam ratio 80%25%0A::error::injected — fix: Lower it: below 75%25"
    )


def test_title_escapes_colon_and_comma(make_check: MakeCheck, make_number: MakeNumber, make_report: MakeReport) -> None:
    """A sender id with : or , is escaped inside the title property."""
    check = make_check("alphanumeric.registered", Status.ERROR, "API answered 500")
    report = make_report([make_number("ACME:1,2", NumberKind.ALPHANUMERIC, [check])])
    assert render(report).startswith("::error title=alphanumeric.registered (ACME%3A1%2C2)::API answered 500\n")


def test_step_summary_is_the_compact_markdown(fleet_report: Report) -> None:
    """The step summary is the compact Markdown report."""
    assert step_summary(fleet_report) == markdown.render(fleet_report, compact=True)
    assert step_summary(fleet_report).startswith("# telnyx-doctor report\n")
