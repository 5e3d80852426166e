"""Tests for the text report's options (ASCII, compact, quiet, width) and the terminal they are read from."""

from __future__ import annotations

import io
import os
import re

import pytest

from telnyx_doctor.models import Fix, NumberKind, Report, Status
from telnyx_doctor.report import markdown, render, text
from telnyx_doctor.report.terminal import allows_live_display, can_encode_marks, text_options, wants_color
from telnyx_doctor.report.text import TextOptions

from .factories import MakeCheck, MakeNumber, MakeReport


class _Tty(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _cp1252() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="cp1252", errors="strict")


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_cp1252_stream_gets_ascii_marks_it_can_encode(fleet_report: Report, fmt: str) -> None:
    """Text and Markdown written to a cp1252 stream fall back to ASCII marks instead of failing to encode."""
    stream = _cp1252()
    options = text_options(stream, {})
    assert options.ascii
    out = render(fleet_report, fmt, ascii=options.ascii)
    stream.write(out)  # strict cp1252: a ✓ or ✅ here would raise UnicodeEncodeError
    stream.flush()
    assert out.isascii()
    assert "x fail" in out if fmt == "text" else "**fail**" in out


def test_an_utf8_stream_keeps_the_marks(troubled_report: Report) -> None:
    """A stream that can encode ✓ and ✗ keeps them."""
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    assert can_encode_marks(stream) and not text_options(stream, {}).ascii
    assert "✗ fail" in text.render(troubled_report)


def test_ascii_spells_out_punctuation_and_drops_accents(
    make_check: MakeCheck, make_number: MakeNumber, make_report: MakeReport
) -> None:
    """Arrows, dashes and accented names from findings come out as readable ASCII."""
    fix = Fix(summary="Portal → Messaging → Café profile, 24–72 hours")
    check = make_check("profile.enabled", Status.FAIL, "profile 'Café' is disabled", fix=fix)
    out = text.render(make_report([make_number("+15551234567", NumberKind.US_LONG_CODE, [check])]), ascii=True)
    assert out.isascii()
    assert "Portal -> Messaging -> Cafe profile, 24-72 hours" in out and "profile 'Cafe' is disabled" in out


def test_a_passing_area_is_one_line_unless_verbose(troubled_report: Report) -> None:
    """An area where every check passed collapses to one line; verbose lists its checks."""
    out = text.render(troubled_report)
    assert "  ✓ profile  1 check passed\n" in out and "profile.assigned" not in out
    assert "    ✓ profile.assigned" in text.render(troubled_report, verbose=True)


def test_passing_evidence_is_shown_where_passing_settings_collapse(
    make_check: MakeCheck, make_number: MakeNumber, make_report: MakeReport
) -> None:
    """What Telnyx recorded and a followed message are proof: their passing summaries show; settings collapse."""
    checks = [
        make_check("number.format"),
        make_check("messages.recent_failures", summary="6 of 6 messages sent in the last 7d delivered"),
        make_check("send.test", summary="delivered to +1312•••1042 in 0.3 s"),
    ]
    out = text.render(make_report([make_number("+15551234567", NumberKind.US_LONG_CODE, checks)]))
    assert re.search(r"✓ number +1 check passed", out)
    assert "6 of 6 messages sent in the last 7d delivered" in out
    assert "delivered to +1312•••1042 in 0.3 s" in out
    assert "number.format" not in out


def test_skips_for_one_cause_fold_into_one_line_naming_the_root(
    make_check: MakeCheck, make_number: MakeNumber, make_report: MakeReport
) -> None:
    """A chain of skips reads as one line naming the failure at its root, not 'x was skipped' per check."""
    fix = Fix(summary="Assign it")
    checks = [
        make_check("profile.assigned", Status.FAIL, "not on a profile", fix=fix),
        make_check(
            "profile.enabled", Status.SKIP, "skipped: profile.assigned failed", skipped_because="profile.assigned"
        ),
        make_check(
            "profile.destinations",
            Status.SKIP,
            "skipped: profile.enabled was skipped",
            skipped_because="profile.enabled",
        ),
        make_check("webhook.configured", Status.SKIP, "skipped: x", skipped_because="profile.enabled"),
        make_check("webhook.failover", Status.SKIP, "skipped: y", skipped_because="webhook.configured"),
    ]
    out = text.render(make_report([make_number("+15551234567", NumberKind.US_LONG_CODE, checks)]))
    assert "    – profile.enabled, profile.destinations: skipped: profile.assigned failed\n" in out
    assert "  – webhook  2 checks skipped: profile.assigned failed\n" in out
    assert "was skipped" not in out


def test_each_number_and_the_run_end_with_the_first_fix_and_its_command(fleet_report: Report) -> None:
    """Each unhealthy number ends with its first blocking finding and its command; a fleet's run does too."""
    lines = text.render(fleet_report, width=100).splitlines()
    advice = [i for i, line in enumerate(lines) if line.lstrip().startswith("Fix first:")]
    assert len(advice) == 3  # two numbers, then the run
    assert lines[advice[0]] == "  Fix first: 10dlc.campaign_assigned: Assign the number to an active 10DLC campaign"
    assert lines[advice[0] + 1].startswith("      curl -X POST https://api.telnyx.com/v2/10dlc/phone_number_campaigns")
    assert lines[advice[2]].startswith("Fix first: +15551234567: 10dlc.campaign_assigned: ")
    assert lines[-1].startswith("3 numbers: 2 failing, 1 healthy; checks: ")


def test_the_first_fix_is_the_first_failure_in_cause_order(
    make_check: MakeCheck, make_number: MakeNumber, make_report: MakeReport
) -> None:
    """A failure beats an earlier warning, and `doctor fix` is the command picked over a listing."""
    commands = ['curl -X GET "https://api.telnyx.com/v2/messaging_profiles"', "doctor fix +15551234567 --profile-id P"]
    checks = [
        make_check("number.health", Status.WARN, "spam is high", fix=Fix(summary="Slow down")),
        make_check(
            "profile.assigned", Status.FAIL, "not on a profile", fix=Fix(summary="Assign it", commands=commands)
        ),
    ]
    out = text.render(make_report([make_number("+15551234567", NumberKind.US_LONG_CODE, checks)]))
    assert "  Fix first: profile.assigned: Assign it (command above)\n" in out
    assert out.count("doctor fix +15551234567 --profile-id P") == 1  # in the fix block, not again below it


def test_compact_is_one_line_per_number_with_its_worst_finding(fleet_report: Report) -> None:
    """Compact mode prints each number on one line with its first finding, then the summary line."""
    lines = text.render(fleet_report, compact=True).splitlines()
    assert lines[:3] == [
        "+15557654321  ✓ pass  5 checks passed",
        "+15551234567  ✗ fail  10dlc.campaign_assigned: The number is not assigned to a 10DLC campaign",
        "+18885550100  ✗ fail  tollfree.verified: The toll-free verification was rejected",
    ]
    assert lines[-1].startswith("3 numbers: 2 failing, 1 healthy")


def test_quiet_prints_only_unhealthy_numbers_and_the_summary(fleet_report: Report) -> None:
    """Quiet mode prints one line per unhealthy number and the summary line, nothing else."""
    lines = [line for line in text.render(fleet_report, quiet=True).splitlines() if line]
    assert [line.split()[0] for line in lines[:-1]] == ["+15551234567", "+18885550100"]
    assert len(lines) == 3 and lines[-1].startswith("3 numbers:")


def test_one_number_is_counted_in_the_singular(healthy_report: Report) -> None:
    """One number reads '1 number', never '1 numbers', in every format's summary."""
    for fmt in ("text", "markdown", "github"):
        out = render(healthy_report, fmt)
        assert "1 number: 1 healthy" in out and "1 numbers" not in out


@pytest.mark.parametrize("width", [60, 80])
def test_prose_wraps_to_the_width(fleet_report: Report, width: int) -> None:
    """Every line but a command or URL fits the width given (from 60 up, where the fleet table fits too)."""
    for options in (TextOptions(width=width), TextOptions(width=width, compact=True)):
        out = text.render(fleet_report, options)
        long = [line for line in out.splitlines() if len(line) > width]
        assert all(re.search(r"curl |https?://", line) for line in long), long


def test_options_object_and_keywords_agree(fleet_report: Report) -> None:
    """A TextOptions and the same options as keywords render alike; keywords override the object."""
    assert text.render(fleet_report, TextOptions(width=70, compact=True)) == text.render(
        fleet_report, width=70, compact=True
    )
    assert text.render(fleet_report, TextOptions(compact=True), compact=False) == text.render(fleet_report)


def test_markdown_ascii_keeps_status_words(troubled_report: Report) -> None:
    """Markdown in ASCII drops the emoji but keeps every status word."""
    out = markdown.render(troubled_report, ascii=True)
    assert out.isascii() and "**fail**" in out and "| fail |" in out


@pytest.mark.parametrize(
    ("choice", "environ", "tty", "color"),
    [
        ("auto", {}, True, True),
        ("auto", {}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"TERM": "dumb"}, True, False),
        ("never", {}, True, False),
        ("always", {"NO_COLOR": "1"}, False, True),
    ],
)
def test_colour_follows_the_flag_no_color_and_term(
    choice: str, environ: dict[str, str], tty: bool, color: bool
) -> None:
    """Colour: always/never as asked; auto only on a terminal that is not dumb and without NO_COLOR."""
    stream = _Tty() if tty else io.StringIO()
    assert wants_color(choice, stream, environ) is color


def test_a_dumb_terminal_gets_no_live_display() -> None:
    """TERM=dumb (or a pipe) means no progress bars or redraws."""
    assert allows_live_display(_Tty(), {})
    assert not allows_live_display(_Tty(), {"TERM": "dumb"})
    assert not allows_live_display(io.StringIO(), {})


def test_width_comes_from_columns_or_the_default() -> None:
    """COLUMNS sets the width (never below 40); a pipe without it gets the default of 100."""
    assert text_options(io.StringIO(), {"COLUMNS": "72"}).width == 72
    assert text_options(io.StringIO(), {"COLUMNS": "10"}).width == 40
    assert text_options(io.StringIO(), {}).width == 100
    assert text_options(io.StringIO(), {"COLUMNS": "72"}, width=90).width == 90


def test_no_colour_codes_under_no_color(fleet_report: Report) -> None:
    """The options read under NO_COLOR render without a single escape code, even on a terminal."""
    options = text_options(_Tty(), {"NO_COLOR": "1", **({"COLUMNS": "80"} if os.name else {})})
    assert "\x1b" not in text.render(fleet_report, options)
