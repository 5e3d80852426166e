from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from tests.sending import CAMPAIGN, number

from telnyx_doctor.sandbox import SandboxServer, parse_scenario_text

SCENARIO = (
    """
name = "sending"

[[profiles]]
name = "Main"
webhook_url = "sandbox+tls:verifying"
webhook_failover_url = "sandbox+tls:verifying/failover"
whitelisted_destinations = ["US"]

[[profiles]]
name = "Flaky"
webhook_url = "sandbox:error"
webhook_failover_url = "sandbox+tls:verifying/failover"

[[profiles]]
name = "Down"
webhook_url = "sandbox:error"

[[profiles]]
name = "Off"
enabled = false
webhook_url = "sandbox:healthy"

"""
    + CAMPAIGN
    + number("+15550107001", "Main")
    + number("+15550107002", "Main", send='{ status = "delivery_failed", errors = ["40002"] }')
    + number("+15550107003", "Flaky")
    + number("+15550107004", "Down")
    + number("+15550107005", "Off")
    + number("+15550107006", "Main", campaign=False)
    + number("+18885550107", "Main", campaign=False)
    + number("+15550107008", campaign=False)
    + """
[[destinations]]
phone_number = "+13125550199"
refuse = "40300"

[[destinations]]
phone_number = "+13125550198"
status = "delivery_unconfirmed"
"""
)

FINAL = {"delivered", "delivery_failed", "sending_failed", "delivery_unconfirmed", "expired"}


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(parse_scenario_text(SCENARIO, "sending")) as server:
        yield server


@pytest.fixture
def api(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    sandbox.state.reset()
    with httpx.Client(base_url=sandbox.base_url, headers=sandbox.auth_headers, timeout=5) as client:
        yield client


def _send(api: httpx.Client, sender: str, to: str = "+13125550100") -> httpx.Response:
    return api.post("/messages", json={"from": sender, "to": to, "text": "doctor test"})


def _final(api: httpx.Client, message_id: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for _ in range(200):
        data = api.get(f"/messages/{message_id}").json()["data"]
        if data["to"][0]["status"] in FINAL:
            return data
        time.sleep(0.02)
    raise AssertionError(f"message stayed {data['to'][0]['status']}")


def _deliveries(api: httpx.Client, text: str, events: int, tries: int = 3) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for _ in range(300):
        found = api.get(f"/webhook_deliveries?filter[webhook][contains]={text}").json()["data"]
        done = [d for d in found if d["status"] == "delivered" or len(d["attempts"]) >= tries]
        if len(found) >= events and len(done) == len(found):
            return found
        time.sleep(0.02)
    raise AssertionError(f"only {len(found)} deliveries recorded")


@pytest.mark.parametrize(
    ("sender", "to", "code", "status"),
    [
        ("+15550109999", "+13125550100", "40305", 422),  # not on the account
        ("+15550107008", "+13125550100", "40305", 422),  # no messaging profile
        ("+15550107005", "+13125550100", "40312", 422),  # disabled profile
        ("+15550107006", "+13125550100", "40010", 422),  # US long code without a 10DLC campaign
        ("+18885550107", "+13125550100", "40329", 422),  # toll-free, never verified
        ("+15550107001", "+447700900100", "40309", 422),  # destination outside the whitelist
        ("+15550107001", "+13125550199", "40300", 409),  # the recipient texted STOP
        ("+15550107001", "12", "40310", 422),  # not a number
    ],
)
def test_refusals_follow_the_senders_state(api: httpx.Client, sender: str, to: str, code: str, status: int) -> None:
    """A send the sender's state cannot make is refused at once with the code Telnyx gives."""
    response = _send(api, sender, to)
    assert response.status_code == status
    assert response.json()["errors"][0]["code"] == code


def test_delivered_message_sends_signed_webhooks_and_a_detail_record(api: httpx.Client) -> None:
    """A healthy send ends delivered; message.sent and .finalized reach the verifying endpoint (so signed)."""
    message_id = _send(api, "+15550107001").json()["data"]["id"]
    assert _final(api, message_id)["to"][0]["status"] == "delivered"
    deliveries = _deliveries(api, message_id, 2)
    assert {d["webhook"]["event_type"] for d in deliveries} == {"message.sent", "message.finalized"}
    assert all(d["status"] == "delivered" and len(d["attempts"]) == 1 for d in deliveries)
    assert all(a["http"]["response"]["status"] == 200 for d in deliveries for a in d["attempts"])
    record = api.get(f"/detail_records?filter[record_type]=messaging&filter[uuid]={message_id}").json()["data"]
    assert [(r["status"], r["delivery_status"]) for r in record] == [("delivered", "success: webhook succeeded")]


def test_final_status_comes_from_the_number_or_the_destination(api: httpx.Client) -> None:
    """A number's `send` outcome and a destination's outcome set the final status and errors."""
    spam = _final(api, _send(api, "+15550107002").json()["data"]["id"])
    assert spam["to"][0]["status"] == "delivery_failed" and spam["errors"][0]["code"] == "40002"
    unconfirmed = _final(api, _send(api, "+15550107001", "+13125550198").json()["data"]["id"])
    assert unconfirmed["to"][0]["status"] == "delivery_unconfirmed"


def test_failing_primary_is_tried_three_times_then_the_failover(api: httpx.Client, sandbox: SandboxServer) -> None:
    """Three 500s from the primary (75500), then the failover URL answers 200: delivered, six attempts at most."""
    message_id = _send(api, "+15550107003").json()["data"]["id"]
    _final(api, message_id)
    deliveries = _deliveries(api, message_id, 2, tries=6)
    finalized = next(d for d in deliveries if d["webhook"]["event_type"] == "message.finalized")
    urls = [a["http"]["request"]["url"] for a in reversed(finalized["attempts"])]
    assert urls[:3] == [f"{sandbox.webhook_http_base}/error"] * 3
    assert urls[3:] == [f"{sandbox.webhook_https_base}/verifying/failover"]
    assert finalized["status"] == "delivered" and finalized["attempts"][-1]["errors"] == [75500]


def test_delivery_fails_when_every_url_fails(api: httpx.Client) -> None:
    """With only a failing primary the delivery is failed after three attempts, and the record says so."""
    message_id = _send(api, "+15550107004").json()["data"]["id"]
    _final(api, message_id)
    finalized = next(d for d in _deliveries(api, message_id, 2) if d["webhook"]["event_type"] == "message.finalized")
    assert finalized["status"] == "failed" and len(finalized["attempts"]) == 3
    for _ in range(100):
        record = api.get(f"/detail_records?filter[record_type]=messaging&filter[uuid]={message_id}").json()["data"]
        if record and record[0].get("delivery_status"):
            break
        time.sleep(0.02)
    assert record[0]["delivery_status"].startswith("failed")


def test_message_to_a_number_of_the_account_arrives_inbound(api: httpx.Client) -> None:
    """Sending to another account number records an inbound message and delivers message.received there."""
    message_id = _send(api, "+15550107001", "+15550107003").json()["data"]["id"]
    _final(api, message_id)
    received: list[dict[str, Any]] = []
    for _ in range(300):
        received = [
            d
            for d in api.get("/webhook_deliveries?filter[event_type]=message.received").json()["data"]
            if d["webhook"]["payload"]["to"][0]["phone_number"] == "+15550107003" and d["status"] == "delivered"
        ]
        if received:
            break
        time.sleep(0.02)
    assert received, "message.received never reached the receiving number's profile URLs"
    inbound = api.get("/detail_records?filter[record_type]=messaging&filter[direction]=inbound").json()["data"]
    assert [(r["cli"], r["cld"], r["status"]) for r in inbound] == [("+15550107001", "+15550107003", "received")]


def test_queued_messages_are_not_detail_records_yet() -> None:
    """Until a message is final it is absent from detail records, as the reference says of queued messages."""
    slow = parse_scenario_text(SCENARIO + "\n[sending]\nsent_after = 30\n", "slow-queue")
    with SandboxServer(slow) as server, httpx.Client(base_url=server.base_url, headers=server.auth_headers) as api:
        message_id = _send(api, "+15550107001").json()["data"]["id"]
        listed = api.get(f"/detail_records?filter[record_type]=messaging&filter[uuid]={message_id}").json()
        assert listed["data"] == [] and api.get(f"/messages/{message_id}").json()["data"]["to"][0]["status"] == "queued"
