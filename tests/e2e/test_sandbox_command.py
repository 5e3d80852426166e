"""`doctor sandbox` serves the API on loopback until interrupted, and the doctor can diagnose against it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import IO

from conftest import RunCli
from telnyx_doctor.sandbox import load_builtin_scenario


def start_sandbox(env: dict[str, str], *extra: str) -> subprocess.Popen[str]:
    """`doctor sandbox --port 0` (and `extra`) in a process of its own, its output piped."""
    command = [sys.executable, "-m", "telnyx_doctor", "sandbox", "--port", "0", *extra]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def read_banner(stream: IO[str]) -> list[str]:
    """The lines `doctor sandbox` prints before it serves, up to its 'press Ctrl-C' line."""
    lines: list[str] = []
    while not lines or "press Ctrl-C" not in lines[-1]:
        line = stream.readline()
        assert line, f"the sandbox stopped before it was ready: {lines}"
        lines.append(line)
    return lines


def test_doctor_sandbox_serves_until_interrupted() -> None:
    """The sandbox command prints its base URL and key, answers the doctor, and stops cleanly on Ctrl-C."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELNYX_")}
    server = start_sandbox(env)
    try:
        assert server.stdout is not None
        lines = read_banner(server.stdout)
        base_url = next(line.split("=", 1)[1].split()[0] for line in lines if "TELNYX_API_BASE_URL=" in line)
        key = next(line.split("=", 1)[1].split()[0] for line in lines if "TELNYX_API_KEY=" in line)
        ca_file = next(line.split("--ca-bundle ", 1)[1].split()[0] for line in lines if "--ca-bundle" in line)
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "telnyx_doctor",
                "+15550100001",
                "--format",
                "json",
                "--ca-bundle",
                ca_file,
                "--allow-private",
            ],
            capture_output=True,
            text=True,
            env={**env, "TELNYX_API_BASE_URL": base_url, "TELNYX_API_KEY": key, "TELNYX_DOCTOR_PLUGINS": ""},
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["status"] == "pass"
        assert key not in result.stdout + result.stderr
    finally:
        server.send_signal(signal.SIGINT)
        try:
            code = server.wait(timeout=15)
        finally:
            server.kill()
    assert code == 0
    assert "Traceback" not in (server.stderr.read() if server.stderr else "")


def test_sigterm_stops_the_sandbox_and_removes_its_temporary_folder() -> None:
    """SIGTERM (as `kill`, systemd or a CI runner sends) stops the sandbox cleanly, CA and certificate deleted."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELNYX_")}
    server = start_sandbox(env, "--synthetic", "1")
    try:
        assert server.stdout is not None
        lines = read_banner(server.stdout)
        assert lines[0].rstrip().endswith("(1 number)")  # not "1 numbers"
        ca_file = Path(next(line.split("--ca-bundle ", 1)[1].split()[0] for line in lines if "--ca-bundle" in line))
        assert ca_file.exists()
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=15)
    finally:
        server.kill()
    assert code == 0
    assert not ca_file.parent.exists()
    assert "Traceback" not in (server.stderr.read() if server.stderr else "")


def test_demo_and_sandbox_read_scenario_names_alike(run_cli: RunCli) -> None:
    """`doctor demo --scenario faults` finds the built-in scenario `doctor sandbox --scenario faults` serves."""
    result = run_cli("demo", "--scenario", "faults", "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["summary"]["numbers"] == len(load_builtin_scenario("faults").numbers)
    unknown = run_cli("demo", "--scenario", "nope")
    assert unknown.code == 2
    assert "no built-in scenario named 'nope' (built-in: demo, faults)" in unknown.err
