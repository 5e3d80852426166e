"""End to end: the CLI's contract with scripts and people — clean stdout, honest exit codes, clear refusals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import RunCli
from telnyx_doctor.sandbox import SandboxServer

from .test_cli_diagnosis import HEALTHY, NO_PROFILE, checks_of
from .test_workflows import profile_id


def doctor_subprocess(server: SandboxServer, *argv: str) -> subprocess.Popen[bytes]:
    """`python -m telnyx_doctor ARGV` against `server`, its stdout a pipe the test controls."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELNYX_", "GITHUB_"))}
    env.update(TELNYX_API_KEY=server.api_key, TELNYX_DOCTOR_PLUGINS="", TELNYX_API_BASE_URL=server.base_url)
    flags = ["--ca-bundle", str(server.ca_file), "--allow-private"]
    return subprocess.Popen(
        [sys.executable, "-m", "telnyx_doctor", *argv, *flags],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


# --- 1. stdout holds only the chosen format ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "junit"])
def test_fix_dry_run_writes_only_the_document_on_stdout(
    run_cli: RunCli, fresh_sandbox: SandboxServer, fmt: str
) -> None:
    """`doctor fix --dry-run --format json|junit`: stdout parses as that format; the plan is on stderr."""
    target = profile_id(fresh_sandbox, "Acme Production")
    result = run_cli("fix", NO_PROFILE, "--profile-id", target, "--dry-run", "--format", fmt, server=fresh_sandbox)
    assert result.code == 1, result.err
    if fmt == "json":
        assert checks_of(result.out)["profile.assigned"]["status"] == "fail"
    else:
        assert ET.fromstring(result.out).tag == "testsuites"
    assert "Fix plan for " + NO_PROFILE in result.err
    assert "Fix plan" not in result.out


# --- 3. a closed pipe keeps the run's exit code ----------------------------------------------------------


@pytest.mark.parametrize("argv", [["--all", "--probe", "off", "--no-config"], ["fix", NO_PROFILE, "--dry-run", "--probe", "off"]])
def test_a_closed_pipe_keeps_the_diagnosis_exit_code(sandbox: SandboxServer, argv: list[str]) -> None:
    """`doctor … | head` exits as the run would unpiped (1 for an unhealthy run), silently, not 0."""
    child = doctor_subprocess(sandbox, *argv)
    assert child.stdout is not None
    child.stdout.close()  # the reader is gone before the report is written: every write meets EPIPE
    _, err = child.communicate(timeout=60)
    assert child.returncode == 1, err
    assert b"Traceback" not in err and b"BrokenPipe" not in err
