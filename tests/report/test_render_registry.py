"""Tests for the renderer registry and what holds for every format."""

from __future__ import annotations

import subprocess
import sys

import pytest

from telnyx_doctor.errors import UsageError
from telnyx_doctor.models import Report
from telnyx_doctor.report import FORMATS, render


def test_formats_are_the_documented_five() -> None:
    """The registry offers exactly the formats the CLI contract names, text first."""
    assert FORMATS == ("text", "json", "junit", "markdown", "github")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_text_ending_in_one_newline(fleet_report: Report, fmt: str) -> None:
    """Each format renders a fleet to text that ends in exactly one newline."""
    out = render(fleet_report, fmt)
    assert out.endswith("\n") and not out.endswith("\n\n")


def test_options_reach_the_format(troubled_report: Report) -> None:
    """Keyword options are passed through to the chosen renderer."""
    assert "\x1b[" in render(troubled_report, "text", color=True)
    assert "\x1b[" not in render(troubled_report, "text", color=False)


@pytest.mark.parametrize("fmt", FORMATS[1:])
def test_text_options_are_dropped_for_other_formats(healthy_report: Report, fmt: str) -> None:
    """Color, width and verbose may be passed with any format; the others render as without them."""
    assert render(healthy_report, fmt, color=True, width=40, verbose=True) == render(healthy_report, fmt)


def test_an_option_a_format_does_not_take_is_an_error(healthy_report: Report) -> None:
    """An option no renderer knows is refused rather than silently ignored."""
    with pytest.raises(TypeError):
        render(healthy_report, "json", shout=True)


def test_unknown_format_is_a_usage_error(healthy_report: Report) -> None:
    """An unknown format raises a UsageError that lists the valid ones."""
    with pytest.raises(UsageError, match="unknown format 'yaml'") as caught:
        render(healthy_report, "yaml")
    assert caught.value.tip == "choose one of: text, json, junit, markdown, github"


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_environment_leaks_into_output(fleet_report: Report, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """No format reads the environment: a key set there never appears in the output."""
    monkeypatch.setenv("TELNYX_API_KEY", "KEYsecret0123456789")
    assert "KEYsecret0123456789" not in render(fleet_report, fmt)


def test_formats_are_imported_only_when_used() -> None:
    """Importing the registry imports no format module, and rendering one imports only that one."""
    code = (
        "import sys\n"
        "import telnyx_doctor.report as r\n"
        "from telnyx_doctor.models import Report, Status, Summary, ToolInfo\n"
        "loaded = lambda: sorted(m for m in sys.modules if m.startswith('telnyx_doctor.report.'))\n"
        "print(loaded())\n"
        "report = Report(tool=ToolInfo(version='0'), started_at='t', status=Status.PASS, summary=Summary())\n"
        "r.render(report, 'json')\n"
        "print(loaded(), 'rich' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["[]", "['telnyx_doctor.report.json'] False"]
