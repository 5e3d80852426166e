from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from telnyx_doctor.sandbox import SandboxServer, SandboxState

from .conftest import api_client
from .openapi import OpenApi, openapi_or_skip

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def openapi() -> OpenApi:
    return openapi_or_skip("evidence")


@pytest.fixture
async def state() -> AsyncIterator[SandboxState]:
    """A demo state whose messages' background lives are stopped when the test ends."""
    sandbox = SandboxState("demo")
    yield sandbox
    sandbox.closing = True
    await asyncio.gather(*sandbox.background, return_exceptions=True)


def _delivery_id(state: SandboxState) -> str:
    return next(d.id for d in state.evidence.deliveries if not d.legacy_shape)


@dataclass(frozen=True)
class Case:
    """One request against the evidence routes and the status it must answer."""

    name: str
    spec_path: str
    url: Callable[[SandboxState], str]
    status: int


DR = "/detail_records?filter[record_type]=messaging"
WD = "/webhook_deliveries?filter[event_type]=message.finalized,message.sent"  # the demo's legacy-shape one is not
CASES = [
    Case("records", "/detail_records", lambda s: DR, 200),
    Case("records newest first", "/detail_records", lambda s: f"{DR}&sort=-created_at&page[size]=50", 200),
    Case("records by cli", "/detail_records", lambda s: f"{DR}&filter[cli]=%2B15550100009", 200),
    Case("records inbound by cld", "/detail_records", lambda s: f"{DR}&filter[direction]=inbound", 200),
    Case("records in a window", "/detail_records", lambda s: f"{DR}&filter[created_at][gte]=2020-01-01", 200),
    Case("records last days", "/detail_records", lambda s: f"{DR}&filter[date_range]=last_7_days", 200),
    Case("records other type", "/detail_records", lambda s: "/detail_records?filter[record_type]=fax", 200),
    Case("records no type", "/detail_records", lambda s: "/detail_records", 400),
    Case("records bad type", "/detail_records", lambda s: "/detail_records?filter[record_type]=wirelessxx", 400),
    Case("records page too big", "/detail_records", lambda s: f"{DR}&page[size]=51", 400),
    Case("records unknown field", "/detail_records", lambda s: f"{DR}&filter[colour]=red", 400),
    Case("records bad sort", "/detail_records", lambda s: f"{DR}&sort=cli", 400),
    Case("deliveries", "/webhook_deliveries", lambda s: f"{WD}&page[size]=250", 200),
    Case("deliveries failed", "/webhook_deliveries", lambda s: f"{WD}&filter[status][eq]=failed", 200),
    Case(
        "deliveries by url and time",
        "/webhook_deliveries",
        lambda s: f"{WD}&filter[attempts][contains]=alerts&filter[started_at][gte]=2020-01-01T00:00:00Z",
        200,
    ),
    Case("deliveries page too big", "/webhook_deliveries", lambda s: "/webhook_deliveries?page[size]=251", 422),
    Case("delivery", "/webhook_deliveries/{id}", lambda s: f"/webhook_deliveries/{_delivery_id(s)}", 200),
    Case("mdrs", "/reports/mdrs", lambda s: "/reports/mdrs?cli=%2B15550100009&direction=OUTBOUND", 200),
    Case("mdrs unknown parameter", "/reports/mdrs", lambda s: "/reports/mdrs?colour=red", 400),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_evidence_responses_match_the_documented_schema(
    openapi: OpenApi, state: SandboxState, case: Case
) -> None:
    """Each evidence route answers with the documented status and a body that validates against the cut."""
    async with api_client(state) as http:
        response = await http.get(case.url(state))
    assert response.status_code == case.status, response.text
    if case.status == 422:  # documented without a body; the sandbox sends the messaging error envelope
        assert response.json()["errors"][0]["source"]["parameter"] == "page[size]"
        return
    openapi.validate("GET", case.spec_path, case.status, response.json(), doc="evidence")
    if case.status == 200 and isinstance(response.json()["data"], list):
        assert response.json()["data"] or "=fax" in case.url(state), "a case meant to list records listed none"


async def test_every_evidence_operation_is_exercised(openapi: OpenApi) -> None:
    """The case table covers every operation of the evidence cut."""
    documented = {path for path in openapi.documents["evidence"]["paths"]}
    assert documented - {c.spec_path for c in CASES} == set()


async def test_the_older_delivery_shape_is_served_on_purpose(openapi: OpenApi, state: SandboxState) -> None:
    """A legacy-shape record has object errors and string headers, which the current schema rejects."""
    legacy = next(d for d in state.evidence.deliveries if d.legacy_shape)
    async with api_client(state) as http:
        body = (await http.get(f"/webhook_deliveries/{legacy.id}")).json()
    attempt = body["data"]["attempts"][0]
    assert isinstance(attempt["errors"][0], dict) and attempt["errors"][0]["code"].startswith("75")
    assert isinstance(attempt["http"]["request"]["headers"][0], str)
    with pytest.raises(Exception, match="is not of type"):
        openapi.validate("GET", "/webhook_deliveries/{id}", 200, body, doc="evidence")


SEND = [
    ("/messages", {"from": "+15550100001", "to": "+13125550100", "text": "hello"}, 200),
    ("/messages/long_code", {"from": "+15550100001", "to": "+13125550100", "text": "hello"}, 200),
    ("/messages/short_code", {"from": "55501", "to": "+13125550100", "text": "hello"}, 200),
    ("/messages/alphanumeric_sender_id", {"from": "ACME", "to": "+13125550100", "text": "hi"}, 200),
    ("/messages", {"from": "+15550100003", "to": "+13125550100", "text": "hello"}, 422),
    ("/messages/long_code", {"to": "+13125550100", "text": "hello"}, 422),
    ("/messages/number_pool", {"to": "+13125550100", "text": "hello"}, 422),
]


@pytest.mark.parametrize(("path", "body", "status"), SEND, ids=[f"{p} {s}" for p, _b, s in SEND])
async def test_send_responses_match_the_documented_schema(
    openapi: OpenApi, state: SandboxState, path: str, body: dict[str, Any], status: int
) -> None:
    """Sends (and their refusals) answer with the subset's documented bodies."""
    if path.endswith("alphanumeric_sender_id"):
        body = {**body, "messaging_profile_id": state.account.profiles[0].id}
    async with api_client(state) as http:
        response = await http.post(path, json=body)
    assert response.status_code == status, response.text
    openapi.validate("POST", path, status, response.json())
    if status == 200:
        assert response.json()["data"]["to"][0]["status"] == "queued"


def test_message_and_its_webhooks_match_the_documented_schemas(openapi: OpenApi, server: SandboxServer) -> None:
    """GET /messages/{id} and the message.sent / message.finalized bodies validate against the subset."""
    with httpx.Client(base_url=server.base_url, headers=server.auth_headers, timeout=5) as http:
        sent = http.post("/messages", json={"from": "+15550100001", "to": "+13125550100", "text": "hello"})
        message_id = sent.json()["data"]["id"]
        deliveries: list[dict[str, Any]] = []
        for _ in range(100):
            deliveries = http.get(f"/webhook_deliveries?filter[webhook][contains]={message_id}").json()["data"]
            if {d["webhook"]["event_type"] for d in deliveries} == {"message.sent", "message.finalized"}:
                break
            time.sleep(0.05)
        message = http.get(f"/messages/{message_id}")
    assert message.status_code == 200
    openapi.validate("GET", "/messages/{id}", 200, message.json())
    assert len(deliveries) == 2
    for delivery in deliveries:
        event = {"data": delivery["webhook"], "meta": {"attempt": 1, "delivered_to": "https://example.com/hook"}}
        openapi.validate_pointer("current", "/components/schemas/OutboundMessageEvent", json.loads(json.dumps(event)))
