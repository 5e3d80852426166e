"""Tests for the terminal text renderer."""

from __future__ import annotations

import subprocess
import sys

from telnyx_doctor.models import Fix, NumberKind, PluginInfo, Report, Status, ToolInfo
from telnyx_doctor.report import text

from .factories import MakeCheck, MakeNumber, MakeReport

TROUBLED = """\
+15551234567  us_long_code  ✗ fail
  ✓ number   1 check passed
  ✓ profile  1 check passed
  webhook
    ! webhook.url_valid        The webhook URL uses http://
      Telnyx delivers to http:// URLs, but unencrypted and unauthenticated.
      Fix: Serve the webhook over https://
        1. Put TLS in front of the endpoint.
        2. Update the profile's webhook URL.
        Docs: https://github.com/telnyx-doctor/telnyx-doctor/blob/main/docs/checks/webhook.url_valid.md · doctor explain webhook.url_valid
    E webhook.reachable        The probe timed out after 2 s
      POST http://hooks.example.com/telnyx got no answer within 2 s.
  10dlc
    ✗ 10dlc.campaign_assigned  The number is not assigned to a 10DLC campaign
      US carriers block A2P traffic from numbers without an approved campaign.
      Fix: Assign the number to an active 10DLC campaign
        1. Find the campaign id in the portal.
        2. Assign the number to it.
        Run:
          {command}
        Docs: https://github.com/telnyx-doctor/telnyx-doctor/blob/main/docs/checks/10dlc.campaign_assigned.md · doctor explain 10dlc.campaign_assigned
    – 10dlc.campaign_active    skipped: 10dlc.campaign_assigned failed
  1 not applicable here (-v lists them): tollfree.verified
  Fix first: 10dlc.campaign_assigned: Assign the number to an active 10DLC campaign (command above)

1 number: 1 failing; checks: 2 passed, 1 warning, 1 failed, 2 skipped, 1 error
"""  # noqa: E501  (a docs line is as long as it is: URLs and commands are never wrapped)

FLEET_TABLE = """\
phone number  kind          status  number  profile  webhook  10dlc  tollfree
─────────────────────────────────────────────────────────────────────────────
+15557654321  us_long_code  ✓ pass    ✓        ✓        ✓       ✓       –
+15551234567  us_long_code  ✗ fail    ✓        ✓        E       ✗       –
+18885550100  toll_free     ✗ fail    ✓        ✓                –       ✗
"""


def test_one_number_reads_exactly_as_designed(troubled_report: Report, campaign_command: str) -> None:
    """A single number: a header, passing areas on one line, findings with fixes, the first fix, a summary."""
    assert text.render(troubled_report, width=100) == TROUBLED.format(command=campaign_command)


def test_fleet_starts_with_a_table_of_worst_status_per_area(fleet_report: Report) -> None:
    """A fleet opens with one row per number and one column per area, holding that area's worst status."""
    assert text.render(fleet_report, width=100).startswith(FLEET_TABLE + "\n")


def test_fleet_details_only_unhealthy_numbers(fleet_report: Report) -> None:
    """After the table a fleet shows the details of unhealthy numbers only, then the summary line."""
    out = text.render(fleet_report, width=100)
    details = out[len(FLEET_TABLE) :]
    assert "+15551234567  us_long_code  ✗ fail" in details
    assert "+18885550100  toll_free  ✗ fail" in details
    assert "+15557654321" not in details
    assert out.endswith(
        "\n3 numbers: 2 failing, 1 healthy; checks: 9 passed, 1 warning, 2 failed, 4 skipped, 1 error\n"
    )


def test_fleet_verbose_details_every_number(fleet_report: Report) -> None:
    """With verbose, a fleet shows the details of healthy numbers too."""
    out = text.render(fleet_report, width=100, verbose=True)
    assert "+15557654321  us_long_code  ✓ pass" in out


def test_fleet_closes_up_area_columns_to_fit(
    make_check: MakeCheck, make_number: MakeNumber, make_report: MakeReport
) -> None:
    """When two blanks between area columns would not fit but one does, the columns close up."""
    ids = ["number.format", "alphanumeric.x", "10dlc.x", "short_code.x", "profile.x", "tollfree.x", "webhook.x"]
    numbers = [make_number(p, NumberKind.US_LONG_CODE, [make_check(i) for i in ids]) for p in ("+15550000001", "+2")]
    header, rule, row = text.render(make_report(numbers), width=100).splitlines()[:3]
    assert header == "phone number  kind          status  number profile webhook 10dlc tollfree short_code alphanumeric"
    assert row == "+15550000001  us_long_code  ✓ pass    ✓       ✓       ✓      ✓      ✓         ✓           ✓"
    assert len(rule) == len(header) <= 100


def test_fleet_too_wide_for_area_columns_lists_unhealthy_areas(fleet_report: Report) -> None:
    """When a column per area does not fit, one column names each number's unhealthy areas."""
    out = text.render(fleet_report, width=60)
    assert out.splitlines()[0].split() == ["phone", "number", "kind", "status", "unhealthy", "areas"]
    assert "+15551234567  us_long_code  ✗ fail  webhook E  10dlc ✗" in out
    assert "+18885550100  toll_free     ✗ fail  tollfree ✗" in out


def test_no_escape_codes_without_color(troubled_report: Report, fleet_report: Report) -> None:
    """With color off the output contains no ANSI escape nor any other control character."""
    for report in (troubled_report, fleet_report):
        for verbose in (False, True):
            out = text.render(report, color=False, verbose=verbose)
            assert "\x1b" not in out
            assert not [c for c in out if c != "\n" and (ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0)]


def test_color_styles_statuses_and_dims_skips(troubled_report: Report) -> None:
    """With color on, statuses are coloured and a skip's reason is dimmed."""
    out = text.render(troubled_report, color=True)
    assert "\x1b[1;31m✗\x1b[0m" in out
    assert "\x1b[2mskipped: 10dlc.campaign_assigned failed\x1b[0m" in out


def test_commands_and_urls_are_never_wrapped(troubled_report: Report, campaign_command: str) -> None:
    """At a narrow width prose wraps, but each command and docs URL stays whole on its own line."""
    out = text.render(troubled_report, width=50)
    lines = out.splitlines()
    assert f"          {campaign_command}" in lines
    assert any("docs/checks/10dlc.campaign_assigned.md · doctor explain" in line for line in lines)
    prose = [line for line in lines if "http" not in line and "curl" not in line]
    assert all(len(line) <= 50 for line in prose)


def test_long_summary_wraps_under_its_column(
    make_check: MakeCheck, make_number: MakeNumber, make_report: MakeReport
) -> None:
    """A summary too long for one line continues aligned under where it started."""
    summary = "The messaging profile allows only CA and MX destinations, so US recipients are rejected"
    check = make_check("profile.destinations", summary=summary)
    number = make_number("+15551234567", NumberKind.US_LONG_CODE, [check])
    lines = text.render(make_report([number]), width=64, verbose=True).splitlines()[2:]
    assert lines[2] == "    ✓ profile.destinations  The messaging profile allows only CA"
    assert lines[3] == "                            and MX destinations, so US"
    assert lines[4] == "                            recipients are rejected"


def test_areas_group_in_order_of_first_appearance(
    make_check: MakeCheck, make_number: MakeNumber, make_report: MakeReport
) -> None:
    """Checks of one area are listed together under it, areas in the order the report first names them."""
    checks = [make_check("number.format"), make_check("profile.assigned"), make_check("number.sms_capable")]
    number = make_number("+15551234567", NumberKind.US_LONG_CODE, checks)
    out = text.render(make_report([number]), verbose=True)
    assert [line.split()[-1] for line in out.splitlines()[3:8]] == [
        "number",
        "fine",
        "fine",
        "profile",
        "fine",
    ]
    assert out.index("number.sms_capable") < out.index("profile.assigned")


def test_passing_details_and_evidence_only_when_verbose(
    make_check: MakeCheck, make_number: MakeNumber, make_report: MakeReport
) -> None:
    """Details of a passing check and the evidence of any check appear only with verbose."""
    check = make_check("number.health", details=["Delivery success 98 %"], evidence={"spam_ratio": 0.01})
    report = make_report([make_number("+15551234567", NumberKind.US_LONG_CODE, [check])])
    assert "Delivery success" not in text.render(report)
    verbose = text.render(report, verbose=True)
    assert "      Delivery success 98 %" in verbose
    assert "        spam_ratio: 0.01" in verbose
    assert verbose.startswith("telnyx-doctor 0.1.0 · started 2025-01-02T03:04:05Z · took 1.23 s")


def test_error_shows_what_went_wrong(troubled_report: Report) -> None:
    """An error result shows its summary and details even without verbose."""
    out = text.render(troubled_report)
    assert "    E webhook.reachable        The probe timed out after 2 s" in out
    assert "      POST http://hooks.example.com/telnyx got no answer within 2 s." in out


def test_control_characters_in_findings_are_neutralised(
    make_check: MakeCheck, make_number: MakeNumber, make_report: MakeReport
) -> None:
    """Escape sequences smuggled into a finding (say, from an API error body) never reach the terminal."""
    fix = Fix(summary="Clear \x1b[2Jthe screen", commands=["echo \x1b]0;title\x07"])
    check = make_check("webhook.reachable", Status.FAIL, "Endpoint said \x1b[31mred\x9b", fix=fix)
    report = make_report([make_number("+15551234567", NumberKind.US_LONG_CODE, [check])])
    out = text.render(report, color=True)
    assert "\x1b[31mred" not in out
    assert "\x1b[2J" not in out
    assert "\x07" not in out and "\x9b" not in out
    assert "Endpoint said \ufffd[31mred\ufffd" in text.render(report)


def test_summary_line_counts_in_words(make_report: MakeReport, make_number: MakeNumber, make_check: MakeCheck) -> None:
    """The summary line counts numbers and statuses with singular and plural words."""
    number = make_number("+15551234567", NumberKind.US_LONG_CODE, [make_check("number.format")])
    assert text.render(make_report([number])).endswith(
        "\n1 number: 1 healthy; checks: 1 passed, 0 warnings, 0 failed, 0 skipped, 0 errors\n"
    )


def test_empty_report_is_just_the_summary_line(make_report: MakeReport) -> None:
    """A report on no numbers renders as its summary line alone."""
    assert text.render(make_report([])) == "0 numbers; checks: 0 passed, 0 warnings, 0 failed, 0 skipped, 0 errors\n"


def test_plugin_that_did_not_load_is_mentioned(make_report: MakeReport) -> None:
    """A plugin that failed to load is named, with its error, before the summary line."""
    tool = ToolInfo(version="0.1.0", plugins=[PluginInfo(name="acme", error="ModuleNotFoundError: acme_checks")])
    out = text.render(make_report([], tool=tool))
    assert "! plugin acme did not load: ModuleNotFoundError: acme_checks\n0 numbers" in out


def test_importing_the_module_does_not_import_rich() -> None:
    """Importing the text renderer leaves rich unimported until something is rendered."""
    code = "import sys, telnyx_doctor.report.text; print('rich' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
