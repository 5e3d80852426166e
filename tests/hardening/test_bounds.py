"""Bounds: a hang ends at --timeout, the run at --deadline with a partial report, Ctrl-C at once with exit 130."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import RunCli
from telnyx_doctor.sandbox import Fault, SandboxServer

from .support import HEALTHY, HEALTHY_TOLL_FREE, NO_PROFILE, assert_no_traceback, checks_of, valid_report

BOUNDED = ["--format", "json", "--probe", "off", "--timeout", "0.5", "--deadline", "2", "--no-config"]


def test_a_hanging_api_call_ends_at_the_request_timeout(run_cli: RunCli, fresh_sandbox: SandboxServer) -> None:
    """Every request to a hanging route times out after --timeout; its check errors naming it; exit 3."""
    hang = fresh_sandbox.state.faults.add(Fault(kind="hang", route="/v2/messaging_profiles/*"))
    result = run_cli(HEALTHY, *BOUNDED, server=fresh_sandbox)
    assert_no_traceback(result.out, result.err)
    assert result.code == 3
    checks = checks_of(valid_report(result.out))
    summary = checks["profile.enabled"]["summary"]
    assert "GET /v2/messaging_profiles/" in summary and "timed out (ReadTimeout)" in summary
    assert checks["10dlc.brand_verified"]["status"] == "pass"  # what did not need the profile still finished
    assert fresh_sandbox.state.faults.statuses()[0].fault is hang
    assert fresh_sandbox.state.faults.statuses()[0].hits >= 2  # retried, then given up before the deadline


def test_the_deadline_ends_the_run_with_a_partial_report(run_cli: RunCli, fresh_sandbox: SandboxServer) -> None:
    """Checks not done by --deadline are `error` results saying so; finished numbers keep their verdict."""
    # Every answer takes 0.3 s (under --timeout 0.5) and a number needs two or three rounds of requests, so
    # with one number at a time the first finishes and the last cannot start before the 2 s deadline.
    # --fail-on never: the exit code shows the incomplete run whatever the finished numbers found.
    fresh_sandbox.state.faults.add(Fault(kind="delay", route="/v2/*", seconds=0.3))
    numbers = [HEALTHY, NO_PROFILE, HEALTHY_TOLL_FREE, "+15550100004"]
    result = run_cli(*numbers, *BOUNDED, "--concurrency", "1", "--fail-on", "never", server=fresh_sandbox)
    assert_no_traceback(result.out, result.err)
    assert result.code == 3
    report = valid_report(result.out)
    assert [n["phone_number"] for n in report["numbers"]] == numbers
    first, last = checks_of(report, HEALTHY), checks_of(report, numbers[-1])
    assert {c["status"] for c in first.values()} <= {"pass", "skip"}
    unfinished = [c for c in last.values() if c["status"] == "error"]
    assert unfinished, last
    assert all("the run's deadline (2 s) passed before this check finished" in c["summary"] for c in unfinished)


def test_ctrl_c_exits_130_and_reports_what_finished_to_stderr(fresh_sandbox: SandboxServer, outputs: list[str]) -> None:
    """SIGINT while a request hangs ends the run with exit 130, the finished numbers' report on stderr."""
    hang = fresh_sandbox.state.faults.add(Fault(kind="hang", route="/v2/phone_numbers/messaging", query=NO_PROFILE))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELNYX_", "GITHUB_"))}
    env.update(TELNYX_API_KEY=fresh_sandbox.api_key, TELNYX_DOCTOR_PLUGINS="")
    argv = [HEALTHY, NO_PROFILE, "--concurrency", "1", "--probe", "off", "--allow-private", "--no-config"]
    argv += ["--base-url", fresh_sandbox.base_url, "--format", "json"]
    child = subprocess.Popen(
        [sys.executable, "-m", "telnyx_doctor", *argv],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # One number at a time: once the second number's request hangs, the first has finished.
        limit = time.monotonic() + 30
        while not fresh_sandbox.state.faults.statuses()[0].hits and time.monotonic() < limit:
            time.sleep(0.02)
        assert fresh_sandbox.state.faults.statuses()[0].fault is hang
        assert fresh_sandbox.state.faults.statuses()[0].hits, "the second number's request never reached the hang"
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    outputs.extend([out, err])
    assert_no_traceback(out, err)
    assert child.returncode == 130, err
    assert out == ""
    assert err.startswith("error: interrupted; 1 number(s) finished\n")
    assert f"{HEALTHY}  us_long_code" in err and "5 checks passed" in err
    assert NO_PROFILE not in err


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_deadline_shorter_than_one_request_still_reports(
    run_cli: RunCli, fresh_sandbox: SandboxServer, fmt: str
) -> None:
    """A deadline that passes during the first request still gives a complete, valid report and exit 3."""
    fresh_sandbox.state.faults.add(Fault(kind="hang", route="/v2/*"))
    result = run_cli(HEALTHY, "--format", fmt, "--deadline", "0.3", "--probe", "off", server=fresh_sandbox)
    assert_no_traceback(result.out, result.err)
    assert result.code == 3
    if fmt == "json":
        checks = checks_of(valid_report(result.out))
        assert checks["number.format"]["status"] == "pass"
        assert checks["number.messaging_listed"]["status"] == "error"
    else:
        assert "deadline (0.3 s) passed" in result.out
