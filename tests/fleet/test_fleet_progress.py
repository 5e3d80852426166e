"""The fleet progress bar: on stderr at a terminal, for more than one target, never with -q or into a pipe."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from conftest import RunCli
from telnyx_doctor.cli.main import Streams, main
from telnyx_doctor.sandbox import SandboxServer

from .support import account_numbers


class Terminal(io.StringIO):
    """A text stream that says it is a terminal, as stderr is when a person runs the doctor."""

    def isatty(self) -> bool:
        return True


def fleet_file(server: SandboxServer, tmp_path: Path, count: int = 12) -> str:
    """A --from-file list of `count` numbers of the account."""
    path = tmp_path / "numbers.txt"
    path.write_text("\n".join(sorted(account_numbers(server))[:count]))
    return str(path)


def run_at_terminal(
    server: SandboxServer, monkeypatch: pytest.MonkeyPatch, *args: str, dumb: bool = False
) -> tuple[int, str]:
    """Run the doctor with stderr at a (pretend) terminal; the exit code and what stderr received."""
    monkeypatch.setenv("TELNYX_API_KEY", server.api_key)
    monkeypatch.setenv("TELNYX_API_BASE_URL", server.base_url)
    monkeypatch.setenv("TELNYX_DOCTOR_PLUGINS", "")
    if os.environ.get("TERM") == "dumb" and not dumb:
        monkeypatch.setenv("TERM", "xterm")
    err = Terminal()
    extra = ["--ca-bundle", str(server.ca_file), "--allow-private", "--format", "json", "--no-config"]
    code = main([*args, *extra], Streams(io.StringIO(), err))
    return code, err.getvalue()


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    run_cli: RunCli, account_200: SandboxServer, tmp_path: Path
) -> None:
    """Into a pipe or a file, stderr carries no progress bar and no terminal control codes."""
    result = run_cli("--from-file", fleet_file(account_200, tmp_path), "--format", "json", server=account_200)
    assert result.code in (0, 1), result.err
    assert "diagnosing" not in result.err
    assert "\x1b[" not in result.err and "\r" not in result.err


def test_a_fleet_at_a_terminal_shows_a_progress_bar(
    account_200: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With stderr at a terminal, a fleet run draws a progress bar there."""
    code, err = run_at_terminal(account_200, monkeypatch, "--from-file", fleet_file(account_200, tmp_path))
    assert code in (0, 1), err
    assert "diagnosing" in err


@pytest.mark.parametrize("flag", ["-q", None])
def test_no_progress_bar_with_quiet_or_one_number(
    account_200: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: str | None
) -> None:
    """-q silences the bar, and a single number never gets one."""
    if flag is None:
        args = [sorted(account_numbers(account_200))[0]]
    else:
        args = [flag, "--from-file", fleet_file(account_200, tmp_path)]
    code, err = run_at_terminal(account_200, monkeypatch, *args)
    assert code in (0, 1), err
    assert "diagnosing" not in err


def test_no_progress_bar_on_a_dumb_terminal(
    account_200: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TERM=dumb cannot redraw a line, so a fleet run at such a terminal draws no progress bar."""
    monkeypatch.setenv("TERM", "dumb")
    code, err = run_at_terminal(account_200, monkeypatch, "--from-file", fleet_file(account_200, tmp_path), dumb=True)
    assert code in (0, 1), err
    assert "diagnosing" not in err and "\x1b[" not in err
