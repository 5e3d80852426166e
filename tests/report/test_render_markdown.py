"""Tests for the Markdown renderer meant for support tickets."""

from __future__ import annotations

from telnyx_doctor.models import Fix, NumberKind, Report, Status
from telnyx_doctor.report.markdown import render

from .factories import MakeCheck, MakeNumber, MakeReport


def test_opens_with_title_status_tool_and_time(troubled_report: Report) -> None:
    """The document opens with a title, the status with the summary line, then the tool version and time."""
    lines = render(troubled_report).splitlines()
    assert lines[0] == "# telnyx-doctor report"
    assert lines[2] == "❌ **fail** · 1 number: 1 failing; checks: 2 passed, 1 warning, 1 failed, 2 skipped, 1 error"
    assert lines[4].startswith("telnyx-doctor 0.1.0 · started 2025-01-02T03:04:05Z · took 1.23 s · exit code 1")


def test_summary_table_has_a_row_per_number(fleet_report: Report) -> None:
    """The summary table lists every number with its kind, status and counts."""
    out = render(fleet_report)
    assert "| Number | Kind | Status | Passed | Warnings | Failed | Skipped | Errors |" in out
    assert "| +15557654321 | us_long_code | ✅ pass | 5 | 0 | 0 | 1 | 0 |" in out
    assert "| +15551234567 | us_long_code | ❌ fail | 2 | 1 | 1 | 2 | 1 |" in out
    assert "| +18885550100 | toll_free | ❌ fail | 2 | 0 | 1 | 1 | 0 |" in out


def test_each_number_has_a_table_of_checks(fleet_report: Report) -> None:
    """Each number gets a heading and a table row per check, healthy numbers included."""
    out = render(fleet_report)
    assert "## +15557654321 (us_long_code): ✅ pass" in out
    assert "| ✅ pass | `webhook.configured` | Webhooks go to https://hooks.example.com/telnyx |" in out
    assert "| ➖ skip | `10dlc.campaign_active` | skipped: 10dlc.campaign_assigned failed |" in out


def test_findings_show_fix_steps_and_fenced_commands(troubled_report: Report, campaign_command: str) -> None:
    """Each warn, fail and error is a finding, worst first; commands sit in a fenced sh block."""
    out = render(troubled_report)
    findings = out[out.index("### Findings") :]
    headings = [line for line in findings.splitlines() if line.startswith("#### ")]
    assert headings == [
        "#### ❌ fail: `10dlc.campaign_assigned`",
        "#### ❓ error: `webhook.reachable`",
        "#### ⚠️ warn: `webhook.url_valid`",
    ]
    assert f"```sh\n{campaign_command}\n```" in findings
    assert "**Fix:** Assign the number to an active 10DLC campaign\n\n1. Find the campaign id" in findings
    assert "- US carriers block A2P traffic from numbers without an approved campaign." in findings
    assert "Docs: <https://github.com/telnyx-doctor/telnyx-doctor/blob/main/docs/checks/" in findings


def test_healthy_number_has_no_findings(healthy_report: Report) -> None:
    """A healthy report has tables but no findings section."""
    assert "### Findings" not in render(healthy_report)


def test_text_is_escaped_for_tables_and_markup(
    make_check: MakeCheck, make_number: MakeNumber, make_report: MakeReport
) -> None:
    """Pipes, markup and list markers in findings show as written instead of breaking the layout."""
    fix = Fix(summary="Set *all* [fields]", steps=["- not a bullet", "1. not a list"])
    check = make_check(
        "profile.destinations", Status.WARN, "Allows a|b <script> x", fix=fix, details=["# not a heading"]
    )
    out = render(make_report([make_number("+15551234567", NumberKind.US_LONG_CODE, [check])]))
    assert "| ⚠️ warn | `profile.destinations` | Allows a&#124;b &lt;script&gt; x |" in out
    assert "**Fix:** Set \\*all\\* \\[fields\\]" in out
    assert "1. \\- not a bullet\n2. 1\\. not a list" in out
    assert "- \\# not a heading" in out
    assert "<script>" not in out


def test_fence_outgrows_backticks_in_a_command(
    make_check: MakeCheck, make_number: MakeNumber, make_report: MakeReport
) -> None:
    """A command containing a backtick fence is wrapped in a longer fence so it cannot close early."""
    fix = Fix(summary="Print a fence", commands=["printf '```\\n'"])
    check = make_check("webhook.configured", Status.FAIL, "No webhook", fix=fix)
    out = render(make_report([make_number("+15551234567", NumberKind.US_LONG_CODE, [check])]))
    assert "````sh\nprintf '```\\n'\n````" in out


def test_compact_lists_only_unhealthy_numbers_and_findings(fleet_report: Report) -> None:
    """The compact form leaves out healthy numbers and the per-check tables."""
    out = render(fleet_report, compact=True)
    assert "+15557654321" not in out
    assert "1 healthy number not listed." in out
    assert "| Status | Check | Summary |" not in out
    assert "#### ❌ fail: `tollfree.verified`" in out


def _rendered_text(markdown_text: str) -> str:
    """What a reader sees: the Markdown rendered to HTML by Python-Markdown (as mkdocs does), tags removed."""
    import html
    import re

    import markdown as python_markdown

    page = python_markdown.markdown(markdown_text, extensions=["tables", "fenced_code"])
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_escapes_render_as_the_text_they_protect(
    make_check: MakeCheck, make_number: MakeNumber, make_report: MakeReport
) -> None:
    """Rendered by Python-Markdown, escaped punctuation reads as written, with no backslash left visible."""
    tricky = "a|b <value> ~x~ `tick` *star* [box] _under_ AT&amp;T"
    fix = Fix(summary=tricky, steps=["- dash", "1. one", "# hash", "==="])
    check = make_check("profile.destinations", Status.WARN, tricky, fix=fix, details=[tricky])
    shown = _rendered_text(render(make_report([make_number("+15551234567", NumberKind.US_LONG_CODE, [check])])))
    assert "\\" not in shown
    assert shown.count(tricky) >= 3  # summary in the table and the finding, the detail, the fix
    for step in ("- dash", "1. one", "# hash", "==="):
        assert step in shown


def test_each_unhealthy_number_and_the_run_end_with_what_to_fix_first(fleet_report: Report) -> None:
    """Like the text report: each unhealthy number names its first finding, the run names its own with the command."""
    out = render(fleet_report)
    number_part = out[out.index("## +15551234567") : out.index("## +18885550100")]
    assert number_part.rstrip().endswith(
        "**Fix first:** `10dlc.campaign_assigned`: Assign the number to an active 10DLC campaign (its fix is above)"
    )
    run_part = out[: out.index("## +15557654321")]
    assert "**Fix first:** +15551234567" in run_part
    healthy = out[out.index("## +15557654321") : out.index("## +15551234567")]
    assert "Fix first" not in healthy
