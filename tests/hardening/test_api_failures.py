"""An API that cannot be reached, refuses the key, or lacks the current messaging route: clear answers."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import RunCli
from telnyx_doctor.sandbox import Fault, SandboxServer

from .support import (
    HEALTHY,
    NO_PROFILE,
    assert_no_traceback,
    assert_one_error_line,
    checks_of,
    closed_port,
    valid_report,
)

# A short --deadline: the client stops retrying a failed connection when the next attempt could not start in
# time, so the run ends at once with what the last attempt met.
FAST = ["--format", "json", "--probe", "off", "--deadline", "1", "--no-config"]


def _unreachable(run_cli: RunCli, base_url: str) -> dict[str, dict[str, Any]]:
    result = run_cli(HEALTHY, *FAST, "--base-url", base_url, key="KEYunreachable0123456789abcdef")
    assert_no_traceback(result.out, result.err)
    assert result.code == 3, result.err
    checks = checks_of(valid_report(result.out))
    errored = [c for c in checks.values() if c["status"] == "error"]
    assert errored and all(c["status"] in ("pass", "skip", "error") for c in checks.values())
    return {str(c["id"]): c for c in errored}


def test_a_closed_port_is_an_error_result_saying_connection_refused(run_cli: RunCli) -> None:
    """An API base nobody listens on makes the API checks `error` results naming the refused host, exit 3."""
    port = closed_port()
    errored = _unreachable(run_cli, f"http://127.0.0.1:{port}/v2")
    summary = errored["number.messaging_listed"]["summary"]
    assert f"connection to 127.0.0.1:{port} refused" in summary
    assert "GET /v2/phone_numbers/messaging" in summary


def test_a_host_that_does_not_resolve_is_an_error_result_saying_dns(run_cli: RunCli) -> None:
    """A `.invalid` API host (it fails locally, no network needed) is a DNS error naming the host, exit 3."""
    errored = _unreachable(run_cli, "https://api.telnyx-doctor.invalid/v2")
    assert "DNS lookup of api.telnyx-doctor.invalid failed" in errored["number.messaging_listed"]["summary"]


def test_an_untrusted_certificate_is_an_error_result_saying_tls(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """An https API base whose certificate the doctor does not trust is a TLS error with a tip, exit 3."""
    before = sandbox.state.webhook_requests.snapshot()
    errored = _unreachable(run_cli, f"{sandbox.webhook_https_base}/v2")
    check = errored["number.messaging_listed"]
    assert "TLS error" in check["summary"] and "certificate verify failed" in check["summary"]
    assert any("--ca-bundle" in line for line in check["details"])
    assert sandbox.state.webhook_requests.snapshot() == before  # the handshake failed: no request was sent


@pytest.mark.parametrize(
    ("status", "says"),
    [(401, "the API key was rejected"), (403, "the API key is not allowed to read this resource")],
)
def test_401_and_403_anywhere_exit_4_with_how_to_fix_the_key(
    run_cli: RunCli, fresh_sandbox: SandboxServer, status: int, says: str
) -> None:
    """A 401 or 403 on any route stops the run: exit 4, no report, one error line and a tip about the key."""
    fresh_sandbox.state.faults.add(Fault(kind="status", status=status, route="/v2/10dlc/brand/*"))
    result = run_cli(HEALTHY, "--probe", "off", "--format", "json", server=fresh_sandbox)
    assert result.code == 4, result.err
    assert result.out == ""
    line = assert_one_error_line(result.err, says, "GET /v2/10dlc/brand/")
    assert str(status) in line
    assert "tip: set TELNYX_API_KEY to a valid v2 API key" in result.err


def test_a_missing_messaging_settings_route_falls_back_to_the_legacy_route(
    run_cli: RunCli, fresh_sandbox: SandboxServer
) -> None:
    """A 404 from the messaging-settings list route itself is answered from /v2/messaging_phone_numbers."""
    fresh_sandbox.state.faults.add(Fault(kind="status", status=404, route="/v2/phone_numbers/messaging"))
    healthy = run_cli(HEALTHY, "--probe", "off", "--format", "json", server=fresh_sandbox)
    assert healthy.code == 0, healthy.out
    assert checks_of(valid_report(healthy.out))["number.messaging_listed"]["status"] == "pass"
    unassigned = run_cli(NO_PROFILE, "--probe", "off", "--format", "json", server=fresh_sandbox)
    assert unassigned.code == 1
    assert checks_of(valid_report(unassigned.out))["profile.assigned"]["status"] == "fail"
    counts = fresh_sandbox.state.requests
    assert counts.get("GET /v2/phone_numbers/messaging") == 2
    assert counts.get("GET /v2/messaging_phone_numbers/{id}") == 2
