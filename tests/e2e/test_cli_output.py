"""How the CLI writes a report for where it goes: encoding, colour, width, TERM=dumb, --compact, -q, -o."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RunCli
from telnyx_doctor.cli.main import Streams, main
from telnyx_doctor.sandbox import SandboxServer

NO_PROFILE = "+15550100002"
HEALTHY = "+15550100001"
MARKS = ("✓", "✗", "✅", "❌", "⚠", "–", "·")


class Terminal(io.StringIO):
    """A text stream that says it is a terminal, as stdout is when a person runs the doctor."""

    def isatty(self) -> bool:
        return True


def _doctor(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """`python -m telnyx_doctor ARGS` as a separate process, its output as bytes."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TELNYX_", "PYTHONIO", "NO_COLOR", "COLUMNS"))}
    return subprocess.run(
        [sys.executable, "-m", "telnyx_doctor", *args],
        capture_output=True,
        env={**base, "TELNYX_DOCTOR_PLUGINS": "", **env},
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_cp1252_stdout_gets_ascii_marks_instead_of_a_crash(fmt: str) -> None:
    """With stdout in cp1252 (a Windows redirect), the demo's text and Markdown reports are written in ASCII."""
    result = _doctor("demo", "--format", fmt, env={"PYTHONIOENCODING": "cp1252"})
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    out = result.stdout.decode("ascii")  # raises if anything but ASCII was written
    assert "Traceback" not in result.stderr.decode("utf-8", "replace")
    assert "fail" in out and "+15550100002" in out
    if fmt == "text":
        assert "x fail" in out and "+ pass" in out


def test_a_utf8_stdout_keeps_the_marks() -> None:
    """The ASCII fallback is for streams that need it: a UTF-8 stdout keeps ✓ and ✗."""
    result = _doctor("demo", "--compact", env={"PYTHONIOENCODING": "utf-8"})
    out = result.stdout.decode("utf-8")
    assert "✓ pass" in out and "✗ fail" in out


def _at_terminal(
    server: SandboxServer, monkeypatch: pytest.MonkeyPatch, *args: str, env: dict[str, str]
) -> tuple[int, str]:
    """Run the doctor with stdout at a (pretend) terminal; the exit code and what stdout received."""
    for name in ("NO_COLOR", "TERM", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TELNYX_API_KEY", server.api_key)
    monkeypatch.setenv("TELNYX_API_BASE_URL", server.base_url)
    monkeypatch.setenv("TELNYX_DOCTOR_PLUGINS", "")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    out = Terminal()
    extra = ["--ca-bundle", str(server.ca_file), "--allow-private", "--no-config"]
    code = main([*args, *extra], Streams(out, io.StringIO()))
    return code, out.getvalue()


@pytest.mark.parametrize(
    ("env", "coloured"),
    [({"TERM": "xterm"}, True), ({"TERM": "xterm", "NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False)],
)
def test_colour_at_a_terminal_follows_no_color_and_term_dumb(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], coloured: bool
) -> None:
    """At a terminal the report is coloured, unless NO_COLOR is set or the terminal is dumb."""
    code, out = _at_terminal(sandbox, monkeypatch, NO_PROFILE, env=env)
    assert code == 1
    assert ("\x1b[" in out) is coloured


def test_color_always_colours_a_pipe_but_never_a_file(run_cli: RunCli, sandbox: SandboxServer, tmp_path: Path) -> None:
    """--color always colours stdout even into a pipe; a report written with -o never carries colour codes."""
    piped = run_cli(NO_PROFILE, "--color", "always", server=sandbox)
    assert "\x1b[" in piped.out
    path = tmp_path / "report.txt"
    run_cli(NO_PROFILE, "--color", "always", "-o", str(path), server=sandbox)
    written = path.read_text(encoding="utf-8")
    assert "\x1b[" not in written and "✗ fail" in written


def test_the_report_wraps_to_the_terminal_width(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """COLUMNS=60 wraps prose to 60 columns; only commands and URLs (kept whole for copying) may be longer."""
    result = run_cli(NO_PROFILE, env={"COLUMNS": "60"}, server=sandbox)
    long = [line for line in result.out.splitlines() if len(line) > 60]
    assert long and all(line.lstrip().startswith(("curl ", "doctor ", "Docs: https://")) for line in long)


def test_compact_gives_one_line_per_number(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """--compact writes one line per number (its worst finding), then the summary, and no fix blocks."""
    result = run_cli(HEALTHY, NO_PROFILE, "--compact", env={"COLUMNS": "400"}, server=sandbox)
    lines = result.out.splitlines()
    assert lines[0].startswith(HEALTHY) and "passed" in lines[0]
    assert lines[1].startswith(NO_PROFILE) and "profile.assigned" in lines[1]
    assert "Run:" not in result.out and "Docs:" not in result.out
    assert lines[-1].startswith("2 numbers: 1 failing, 1 healthy")


def test_compact_markdown_lists_only_unhealthy_numbers(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """--compact --format markdown leaves the healthy number out and keeps the failing one's findings."""
    result = run_cli(HEALTHY, NO_PROFILE, "--compact", "--format", "markdown", server=sandbox)
    assert f"## {NO_PROFILE}" in result.out and f"## {HEALTHY}" not in result.out
    assert "1 healthy number not listed" in result.out


def test_quiet_shows_only_unhealthy_numbers_and_nothing_on_stderr(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """-q writes the unhealthy numbers and the summary line, and nothing on stderr."""
    result = run_cli(HEALTHY, NO_PROFILE, "-q", env={"COLUMNS": "400"}, server=sandbox)
    assert HEALTHY not in result.out.split("\n\n")[0]
    assert NO_PROFILE in result.out
    assert result.err == ""


def test_quiet_on_a_healthy_run_is_the_summary_line_alone(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """-q on a healthy number prints the summary line as the first line, so `| head -1` gets it."""
    result = run_cli(HEALTHY, "-q", "--probe", "off", server=sandbox)
    assert result.code == 0, result.err
    assert result.out.splitlines() == [result.out.strip()]
    assert result.out.startswith("1 number: 1 healthy")


def test_verbose_shows_every_check(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """-v lists passing checks one by one instead of collapsing their area to one line."""
    plain = run_cli(HEALTHY, server=sandbox)
    verbose = run_cli(HEALTHY, "-v", server=sandbox)
    assert "number.on_account" not in plain.out
    assert "number.on_account" in verbose.out
