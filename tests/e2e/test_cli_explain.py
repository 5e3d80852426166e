"""`doctor explain CHECK_ID` and `doctor completion SHELL`: offline help about checks, and shell completion."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import RunCli
from telnyx_doctor.docsgen import generated_files

DOCS = Path(__file__).parents[2] / "docs"


def test_explain_prints_the_checks_page_offline(run_cli: RunCli) -> None:
    """`doctor explain` prints the check's cause, evidence, states and fix: its docs page, with no key or network."""
    result = run_cli("explain", "10dlc.campaign_assigned")
    assert result.code == 0, result.err
    for heading in ("## Why it matters", "## What it reads", "## States", "## How to fix it"):
        assert heading in result.out
    page = generated_files()["checks/10dlc.campaign_assigned.md"]
    why = page.split("## Why it matters", 1)[1].split("##", 1)[0]
    assert why in result.out


@pytest.mark.parametrize(
    ("typed", "meant"), [("profile.asigned", "profile.assigned"), ("reachable", "webhook.reachable")]
)
def test_explain_an_unknown_check_is_exit_2_with_did_you_mean(run_cli: RunCli, typed: str, meant: str) -> None:
    """A mistyped or partial id is exit 2, naming the id meant."""
    result = run_cli("explain", typed)
    assert result.code == 2
    assert f"error: no check named {typed!r}" in result.err
    assert f"did you mean {meant}" in result.err
    assert result.out == ""


def test_the_text_report_points_to_doctor_explain(run_cli: RunCli, sandbox: object) -> None:
    """A finding's fix block names `doctor explain ID` on its Docs line, adding no line of its own."""
    result = run_cli("+15550100002", server=sandbox)  # type: ignore[arg-type]
    docs_lines = [line for line in result.out.splitlines() if "doctor explain" in line]
    assert docs_lines == [docs_lines[0]] and "Docs: https://" in docs_lines[0]
    assert docs_lines[0].rstrip().endswith("doctor explain profile.assigned")


def _bash_complete(script: str, *words: str) -> list[str]:
    """What bash completes for `words` (the last one being typed) with the completion script loaded."""
    quoted = " ".join(f"'{w}'" for w in words)
    program = (
        f"{script}\n"
        f'COMP_WORDS=({quoted}); COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 )); COMP_LINE="${{COMP_WORDS[*]}}";'
        " COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _shtab_doctor; printf '%s\\n' \"${COMPREPLY[@]}\""
    )
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, timeout=30, check=True)
    return [line for line in done.stdout.splitlines() if line]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completion_completes_commands_flags_and_check_ids(run_cli: RunCli) -> None:
    """The bash script completes subcommands, a command's flags, formats and check ids for --only and explain."""
    script = run_cli("completion", "bash").out
    assert "explain" in _bash_complete(script, "doctor", "ex")
    assert _bash_complete(script, "doctor", "fix", "+15551234567", "--dry") == ["--dry-run"]
    assert "markdown" in _bash_complete(script, "doctor", "--format", "")
    assert "webhook.reachable" in _bash_complete(script, "doctor", "--only", "webhook.")
    assert _bash_complete(script, "doctor", "explain", "profile.ass") == ["profile.assigned"]


@pytest.mark.parametrize(("shell", "check"), [("zsh", ["zsh", "-n"]), ("fish", ["fish", "--no-execute"])])
def test_zsh_and_fish_scripts_name_every_command_and_check(
    run_cli: RunCli, tmp_path: Path, shell: str, check: list[str]
) -> None:
    """The zsh and fish scripts carry the commands and the check ids, and parse in their shell when installed."""
    result = run_cli("completion", shell)
    assert result.code == 0, result.err
    for word in ("explain", "completion", "compact", "profile.assigned"):
        assert word in result.out
    if shutil.which(check[0]):
        path = tmp_path / f"doctor.{shell}"
        path.write_text(result.out)
        subprocess.run([*check, str(path)], check=True, timeout=30)


def test_completion_for_an_unknown_shell_is_a_usage_error(run_cli: RunCli) -> None:
    """`doctor completion tcshh` is exit 2 naming the shells it knows."""
    result = run_cli("completion", "tcshh")
    assert result.code == 2
    assert "bash" in result.err and "fish" in result.err
