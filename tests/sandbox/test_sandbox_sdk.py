"""The official `telnyx` SDK against the sandbox, and a real Flask app verifying its webhooks with the SDK."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from tests.sending import CAMPAIGN, SdkApp, number

from telnyx_doctor.sandbox import SandboxServer, parse_scenario_text
from telnyx_doctor.sandbox.environment import banner_lines, sdk_environment

telnyx = pytest.importorskip("telnyx")
pytest.importorskip("flask")
pytest.importorskip("werkzeug.serving")

HEALTHY = "+15550100001"


@pytest.fixture
def sdk(server: SandboxServer) -> Any:
    """The SDK client as a developer would make it from `doctor sandbox`'s exports (no retries)."""
    env = sdk_environment(server.info())
    return telnyx.Telnyx(api_key=env["TELNYX_API_KEY"], base_url=env["TELNYX_BASE_URL"], max_retries=0)


def test_unsimulated_operation_is_a_501_the_sdk_reports(sdk: Any, server: SandboxServer) -> None:
    """Updating a profile that a GET just returned answers 501 'does not simulate', not 404."""
    profile = sdk.messaging_profiles.list().data[0]
    with pytest.raises(telnyx.APIStatusError) as caught:
        sdk.messaging_profiles.update(profile.id, name="renamed")
    assert caught.value.status_code == 501
    assert "does not simulate" in json.dumps(caught.value.body)


def test_unsupported_filter_is_a_400_naming_it(sdk: Any) -> None:
    """phone_numbers.list(filter={"connection_id": …}) is refused, naming the filter, instead of listing all."""
    with pytest.raises(telnyx.BadRequestError) as caught:
        sdk.phone_numbers.list(filter={"connection_id": "nope"})
    assert "filter[connection_id]" in json.dumps(caught.value.body)


def test_sdk_sends_a_message_and_reads_it_back(sdk: Any) -> None:
    """messages.send returns a queued message whose retrieve() reaches `delivered`."""
    sent = sdk.messages.send(from_=HEALTHY, to="+13125550100", text="sandbox test")
    assert sent.data is not None and sent.data.to is not None and sent.data.to[0].status == "queued"
    status = None
    for _ in range(200):
        status = sdk.messages.retrieve(sent.data.id).data.to[0].status
        if status == "delivered":
            break
        time.sleep(0.02)
    assert status == "delivered"


def test_sdk_refusal_carries_the_telnyx_code(sdk: Any) -> None:
    """A send from a number on a disabled profile raises with code 40312 in the body."""
    with pytest.raises(telnyx.APIStatusError) as caught:
        sdk.messages.send(from_="+15550100003", to="+13125550100", text="sandbox test")
    assert "40312" in json.dumps(caught.value.body)


def test_banner_lines_export_what_the_sdk_reads(server: SandboxServer) -> None:
    """The printed exports include TELNYX_BASE_URL with /v2 and the public key the SDK verifies with."""
    lines = banner_lines(server.info())
    assert f"export TELNYX_BASE_URL={server.base_url}  # the official SDKs" in lines
    assert server.base_url.endswith("/v2")
    assert any(line.startswith(f"export TELNYX_PUBLIC_KEY={server.webhook_public_key}") for line in lines)
    assert any(line.startswith(f"export TELNYX_API_BASE_URL={server.base_url}") for line in lines)


APP_SCENARIO = (
    """
[[profiles]]
name = "App"
webhook_url = "APP_URL"
"""
    + CAMPAIGN
    + number("+15550108001", "App")
)


@pytest.fixture
def receiver_sandbox() -> Iterator[tuple[SandboxServer, SdkApp]]:
    """A sandbox whose profile points at a real Flask app that verifies with the sandbox's public key."""
    # The scenario needs the app's URL and the app the sandbox's key: the app asks for the key when called.
    holder: dict[str, str] = {}
    with SdkApp(lambda: holder["key"]) as app:
        scenario = parse_scenario_text(APP_SCENARIO.replace("APP_URL", app.url), "app")
        with SandboxServer(scenario) as sandbox:
            holder["key"] = sandbox.webhook_public_key
            yield sandbox, app


def test_a_real_app_verifies_the_sandboxs_signed_webhooks(receiver_sandbox: tuple[SandboxServer, SdkApp]) -> None:
    """message.sent and message.finalized pass the SDK's webhooks.unwrap; a forged event is rejected."""
    sandbox, app = receiver_sandbox
    with httpx.Client(base_url=sandbox.base_url, headers=sandbox.auth_headers, timeout=5) as api:
        api.post("/messages", json={"from": "+15550108001", "to": "+13125550100", "text": "hello"})
        for _ in range(200):
            if len(app.events) >= 2:
                break
            time.sleep(0.02)
    assert sorted(app.events) == ["message.finalized", "message.sent"]
    headers = {"telnyx-signature-ed25519": "A" * 88, "telnyx-timestamp": str(int(time.time()))}
    forged = httpx.post(app.url, content=b'{"data": {}}', headers=headers)
    assert forged.status_code == 401 and app.rejected == 1
