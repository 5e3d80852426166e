"""`--send-test` end to end: the CLI sends through a loopback sandbox, follows the message and reads its webhooks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from tests.conftest import RunCli, serve
from tests.sending import CAMPAIGN, SdkApp, number

from telnyx_doctor.sandbox import SandboxServer, parse_scenario_text

SCENARIO = (
    """
[sending]
sent_after = 0.05
final_after = 0.1
retry_delay = 0.01

[[profiles]]
name = "Main"
webhook_url = "sandbox+tls:verifying"
webhook_failover_url = "sandbox+tls:verifying/failover"

[[profiles]]
name = "Down"
webhook_url = "sandbox:error"

[[profiles]]
name = "Off"
enabled = false
webhook_url = "sandbox+tls:verifying"

"""
    + CAMPAIGN
    + number("+15550107001", "Main")
    + number("+15550107002", "Main", send='{ status = "delivery_failed", errors = ["40002"] }')
    + number("+15550107003", "Down")
    + number("+15550107004", "Main")
    + number("+15550107005", "Off")
    + number("+15550107007", "Main", send='{ refuse = "40315" }')
)

# a message that never reaches a final status within the test's --send-timeout
STUCK = SCENARIO.replace("final_after = 0.1", "final_after = 600")
TO = "+13125551042"
POSTS = "POST /v2/messages"


def _serve(text: str) -> Iterator[SandboxServer]:
    yield from serve(parse_scenario_text(text, "sendtest"))


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    yield from _serve(SCENARIO)


@pytest.fixture
def stuck() -> Iterator[SandboxServer]:
    yield from _serve(STUCK)


def _send(run_cli: RunCli, server: SandboxServer, number: str, *extra: str, to: str = TO) -> tuple[int, Any, str]:
    result = run_cli(number, "--send-test", to, "--only", "send.test", "--format", "json", *extra, server=server)
    report = json.loads(result.out) if result.out else None
    check = None
    if report:
        check = next(c for c in report["numbers"][0]["checks"] if c["id"] == "send.test")
    return result.code, check, result.out + result.err


def test_delivered_message_passes_with_its_webhooks(run_cli: RunCli, server: SandboxServer) -> None:
    """A delivered message passes, its message.sent and message.finalized reached the primary URL, TO is masked."""
    code, check, text = _send(run_cli, server, "+15550107001", "--yes")
    assert code == 0 and check["status"] == "pass", check
    events = {e["event_type"]: e for e in check["evidence"]["webhooks"]}
    assert events["message.sent"]["status"] == events["message.finalized"]["status"] == "delivered"
    assert events["message.finalized"]["attempts"][0] == {
        "url": "primary", "delivered": True, "http_status": 200, "codes": []
    }  # fmt: skip
    assert "+1312•••1042" in check["summary"] and TO not in text
    assert "Test message from telnyx-doctor" not in text  # the message text never appears
    assert server.state.requests.get(POSTS) == 1


def test_delivery_failed_is_a_fail_with_its_codes_explained(run_cli: RunCli, server: SandboxServer) -> None:
    """delivery_failed fails, and 40002 is explained by the catalogue with its fix."""
    code, check, _ = _send(run_cli, server, "+15550107002", "--yes")
    assert code == 1 and check["status"] == "fail"
    assert "delivery_failed" in check["summary"] and "40002" in check["summary"]
    assert any("40002 Blocked as spam" in line for line in check["details"])
    assert check["evidence"]["codes"] == ["40002"]


def test_refusal_at_send_is_a_fail_tied_to_its_check(run_cli: RunCli, server: SandboxServer) -> None:
    """A 40315 refusal at send time fails (not errors), naming number.health and its verdict in this run."""
    code, check, _ = _send(run_cli, server, "+15550107007", "--yes")
    assert code == 1 and check["status"] == "fail"
    assert "40315" in check["summary"] and check["evidence"]["state"] == "refused"
    assert any("Explained by number.health (pass in this run)" in line for line in check["details"])


def test_failing_webhooks_make_a_delivered_message_a_warning(run_cli: RunCli, server: SandboxServer) -> None:
    """Delivered, but every try of its webhooks got a 500: a warning with each attempt's answer."""
    code, check, _ = _send(run_cli, server, "+15550107003", "--yes")
    assert code == 0 and check["status"] == "warn", check
    finalized = next(e for e in check["evidence"]["webhooks"] if e["event_type"] == "message.finalized")
    assert finalized["status"] == "failed"
    assert [a["http_status"] for a in finalized["attempts"]] == [500, 500, 500]


def test_timeout_is_an_error_saying_where_the_message_stood(run_cli: RunCli, stuck: SandboxServer) -> None:
    """A message still 'sent' when --send-timeout runs out is an error, not a pass or a fail."""
    code, check, _ = _send(run_cli, stuck, "+15550107001", "--yes", "--send-timeout", "1")
    assert code == 3 and check["status"] == "error"
    assert "no final status" in check["summary"] and "'sent'" in check["summary"]


def test_no_terminal_without_yes_sends_nothing(run_cli: RunCli, server: SandboxServer) -> None:
    """Without a terminal and without --yes: exit 2 saying so, and no POST reached the API."""
    result = run_cli("+15550107001", "--send-test", TO, server=server, stdin="")
    assert result.code == 2 and "--yes" in result.err and "nothing was sent" in result.err
    assert result.out == ""
    assert server.state.requests.get(POSTS) == 0


def test_a_failing_configuration_check_blocks_the_send(run_cli: RunCli, server: SandboxServer) -> None:
    """A disabled profile blocks the send: skip naming profile.enabled and 40312, and no POST."""
    code, check, _ = _send(run_cli, server, "+15550107005", "--yes")
    assert code == 1 and check["status"] == "skip"
    assert check["skipped_because"] == "profile.enabled"
    assert "40312" in check["summary"] and "--force" in check["summary"]
    assert server.state.requests.get(POSTS) == 0


def test_force_sends_anyway_and_reports_the_refusal(run_cli: RunCli, server: SandboxServer) -> None:
    """--force sends despite the failing check; Telnyx's 40312 refusal is the finding."""
    code, check, _ = _send(run_cli, server, "+15550107005", "--yes", "--force")
    assert code == 1 and check["status"] == "fail" and "40312" in check["summary"]
    assert check["evidence"]["forced"] is True
    assert server.state.requests.get(POSTS) == 1


def test_a_destination_on_the_account_proves_its_inbound_path(run_cli: RunCli, server: SandboxServer) -> None:
    """TO on the same account: an inbound record appears and message.received reaches TO's profile URL."""
    code, check, _ = _send(run_cli, server, "+15550107001", "--yes", to="+15550107004")
    assert code == 0 and check["status"] == "pass", check
    inbound = check["evidence"]["inbound"]
    assert inbound["record_seen"] is True and inbound["profile_url"] is True
    assert inbound["received"]["status"] == "delivered" and inbound["received"]["attempts"][0]["url"] == "primary"


def test_a_diagnosis_without_send_test_never_posts(run_cli: RunCli, server: SandboxServer) -> None:
    """A plain diagnosis lists no send.test and sends nothing, whatever the checks find."""
    result = run_cli("+15550107001", "--format", "json", server=server)
    ids = [c["id"] for c in json.loads(result.out)["numbers"][0]["checks"]]
    assert "send.test" not in ids
    assert server.state.requests.get(POSTS) == 0


def test_an_sdk_app_verifies_the_send_tests_webhooks(run_cli: RunCli) -> None:
    """The send test's message.sent and message.finalized pass the SDK's unwrap in a real app, which answers 200."""
    holder: dict[str, str] = {}
    with SdkApp(lambda: holder["key"]) as app:
        text = SCENARIO.replace('"sandbox+tls:verifying"', f'"{app.url}"', 1)
        for server in _serve(text):
            holder["key"] = server.webhook_public_key
            code, check, _ = _send(run_cli, server, "+15550107001", "--yes")
            posts = server.state.requests.snapshot()
    assert code == 0 and check["status"] == "pass", check
    assert posts.get(POSTS) == 1, posts
    assert set(app.events) == {"message.finalized", "message.sent"}, app.events
    assert all(e["attempts"][-1]["http_status"] == 200 for e in check["evidence"]["webhooks"])
