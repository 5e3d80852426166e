from __future__ import annotations

import json

import httpx
import pydantic
import pytest

from telnyx_doctor.sandbox import Fault, SandboxServer, SandboxState, load_builtin_scenario
from telnyx_doctor.sandbox.fault_actions import ConnectionDropped
from telnyx_doctor.sandbox.faults import FaultRegistry, spoil_body

from .conftest import api_client

pytestmark = pytest.mark.anyio

MESSAGING = "/phone_numbers/messaging"


async def test_status_fault_for_the_first_n_requests_only(client: httpx.AsyncClient, demo_state: SandboxState) -> None:
    """A 503 fault with times=2 fails two requests with a Telnyx body, then the route works again."""
    demo_state.faults.add(Fault(kind="status", status=503, route="/v2/phone_numbers/messaging", times=2))
    first, second, third = [await client.get(MESSAGING) for _ in range(3)]
    assert (first.status_code, second.status_code, third.status_code) == (503, 503, 200)
    error = first.json()["errors"][0]
    assert (error["code"], error["title"]) == ("10007", "Service unavailable")
    assert demo_state.faults.statuses()[0].remaining == 0


@pytest.mark.parametrize(("retry_after", "header"), [(3, "3"), (None, None)])
async def test_rate_limit_fault_with_or_without_retry_after(
    client: httpx.AsyncClient, demo_state: SandboxState, retry_after: int | None, header: str | None
) -> None:
    """A rate_limit fault answers 429 code 10011, with Retry-After only when configured."""
    demo_state.faults.add(Fault(kind="rate_limit", route="/v2/10dlc/*", retry_after=retry_after))
    response = await client.get("/10dlc/phone_number_campaigns/+15550100001")
    assert response.status_code == 429
    assert response.headers.get("retry-after") == header
    error = response.json()["errors"][0]
    assert error["code"] == "10011" and "meta" not in error  # 10DLC errors carry no meta


async def test_body_faults_that_replace_the_answer(client: httpx.AsyncClient, demo_state: SandboxState) -> None:
    """malformed_json, html and empty answer 200 with a body no JSON client can read."""
    demo_state.faults.add(Fault(kind="malformed_json", route="/v2/messaging_profiles"))
    demo_state.faults.add(Fault(kind="html", route="/v2/short_codes"))
    demo_state.faults.add(Fault(kind="html", route="/v2/alphanumeric_sender_ids", status=502))
    demo_state.faults.add(Fault(kind="empty", route="/v2/phone_numbers"))
    malformed = await client.get("/messaging_profiles")
    assert malformed.status_code == 200 and malformed.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        malformed.json()
    html = await client.get("/short_codes")
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert (await client.get("/alphanumeric_sender_ids")).status_code == 502
    empty = await client.get("/phone_numbers")
    assert (empty.status_code, empty.content) == (200, b"")


async def test_wrong_types_missing_fields_and_unknown_enums(
    client: httpx.AsyncClient, demo_state: SandboxState
) -> None:
    """Body faults spoil the real answer: types swapped, key fields dropped, enums unknown."""
    url = "/phone_numbers/+15550100001/messaging"
    demo_state.faults.add(Fault(kind="wrong_types", route="/v2/phone_numbers/{id}/messaging", times=1))
    typed = (await client.get(url)).json()["data"]
    assert isinstance(typed["phone_number"], int) and isinstance(typed["features"], list)
    demo_state.faults.add(Fault(kind="missing_fields", route="/v2/phone_numbers/messaging", times=1))
    missing = (await client.get(MESSAGING)).json()
    assert "meta" not in missing and "phone_number" not in missing["data"][0]
    demo_state.faults.add(Fault(kind="unknown_enum", route="/v2/10dlc/phone_number_campaigns/*", times=1))
    assignment = (await client.get("/10dlc/phone_number_campaigns/+15550100001")).json()
    assert assignment["assignmentStatus"] == "SANDBOX_UNKNOWN"
    demo_state.faults.add(Fault(kind="unknown_enum", route="/v2/phone_numbers/{id}/messaging", times=1))
    settings = (await client.get(url)).json()["data"]
    assert (settings["record_type"], settings["type"]) == ("sandbox-unknown", "sandbox-unknown")


async def test_body_faults_name_their_fields(client: httpx.AsyncClient, demo_state: SandboxState) -> None:
    """`fields` limits a body fault to the named fields."""
    demo_state.faults.add(Fault(kind="missing_fields", route="*/messaging", fields=["messaging_profile_id"]))
    data = (await client.get("/phone_numbers/+15550100001/messaging")).json()["data"]
    assert "messaging_profile_id" not in data and data["phone_number"] == "+15550100001"


async def test_body_faults_pass_errors_through(client: httpx.AsyncClient, demo_state: SandboxState) -> None:
    """A body fault leaves a non-2xx answer as it was."""
    demo_state.faults.add(Fault(kind="wrong_types", route="*"))
    response = await client.get("/phone_numbers/+15559999999/messaging")
    assert response.status_code == 404 and response.json()["errors"][0]["code"] == "10005"


async def test_delay_fault_answers_normally(client: httpx.AsyncClient, demo_state: SandboxState) -> None:
    """A delay fault only postpones the real answer."""
    demo_state.faults.add(Fault(kind="delay", seconds=0.01, route="/v2/messaging_profiles"))
    assert (await client.get("/messaging_profiles")).status_code == 200


async def test_matching_by_regex_method_and_query(client: httpx.AsyncClient, demo_state: SandboxState) -> None:
    """Rules can match a regex over the path, one method, or a query substring."""
    demo_state.faults.add(Fault(kind="status", route=r"re:/10dlc/brand/[^/]+$", status=500))
    demo_state.faults.add(Fault(kind="status", route="*/messaging", method="PATCH", status=502))
    demo_state.faults.add(Fault(kind="status", route="/v2/phone_numbers/messaging", query="+15550100005", status=500))
    brand = demo_state.account.brands[0].brand_id
    assert (await client.get(f"/10dlc/brand/{brand}")).status_code == 500
    assert (await client.get(f"/10dlc/brand/feedback/{brand}")).status_code == 200
    assert (await client.get("/phone_numbers/+15550100001/messaging")).status_code == 200
    assert (await client.patch("/phone_numbers/+15550100001/messaging", json={})).status_code == 502
    assert (await client.get(f"{MESSAGING}?filter[phone_number]=%2B15550100005")).status_code == 500
    assert (await client.get(f"{MESSAGING}?filter[phone_number]=%2B15550100001")).status_code == 200


async def test_drop_without_a_socket_raises_in_process(client: httpx.AsyncClient, demo_state: SandboxState) -> None:
    """In-process (ASGITransport) there is no connection to close, so a drop raises ConnectionDropped."""
    demo_state.faults.add(Fault(kind="drop", route="*"))
    with pytest.raises(ConnectionDropped):
        await client.get(MESSAGING)


async def test_faults_from_the_faults_scenario() -> None:
    """The built-in faults scenario fails its first 10DLC lookup with 503 and then recovers."""
    state = SandboxState(load_builtin_scenario("faults"))
    async with api_client(state) as http:
        first = await http.get("/10dlc/phone_number_campaigns/+15550109001")
        second = await http.get("/10dlc/phone_number_campaigns/+15550109001")
        brand = await http.get(f"/10dlc/brand/{state.account.brands[0].brand_id}")
        tollfree = await http.get("/messaging_tollfree/verification/requests?page=1&page_size=5")
        flaky = await http.get("/messaging_profiles/6f1f2c0e-3b7a-4d5e-9a41-0c2b8f6d7e11")
    assert (first.status_code, second.status_code, brand.status_code) == (503, 200, 500)
    assert (tollfree.status_code, tollfree.headers["retry-after"]) == (429, "1")
    with pytest.raises(json.JSONDecodeError):
        flaky.json()


def test_fault_rules_are_validated() -> None:
    """Incoherent rules are refused when built."""
    with pytest.raises(pydantic.ValidationError, match="needs `seconds`"):
        Fault(kind="delay")
    with pytest.raises(pydantic.ValidationError, match="does not compile"):
        Fault(kind="drop", route="re:([")
    with pytest.raises(pydantic.ValidationError, match="error status"):
        Fault(kind="status", status=200)
    with pytest.raises(pydantic.ValidationError, match="retry_after"):
        Fault(kind="hang", retry_after=1)


def test_registry_counts_hits_and_matches_in_order() -> None:
    """The first live matching rule fires; hits and remaining firings are tracked."""
    registry = FaultRegistry()
    once = registry.add(Fault(kind="drop", route="/v2/*", times=1))
    always = registry.add(Fault(kind="hang", route="/v2/*"))
    assert registry.take("GET", "/v2/x", "/v2/x", "") is once
    assert registry.take("GET", "/v2/x", "/v2/x", "") is always
    assert registry.take("GET", "/other", "/other", "") is None
    assert [(s.hits, s.remaining) for s in registry.statuses()] == [(1, 0), (1, None)]
    registry.remove(always)
    assert registry.take("GET", "/v2/x", "/v2/x", "") is None


def test_spoil_body_handles_each_envelope() -> None:
    """Body faults find the objects in data (one or a list), records, or a bare object."""
    assert spoil_body("missing_fields", {"data": {"id": "1", "x": 1}}, None) == {"data": {"x": 1}}
    records = spoil_body("unknown_enum", {"records": [{"campaignStatus": "MNO_PENDING"}], "page": 1}, None)
    assert records["records"][0]["campaignStatus"] == "SANDBOX_UNKNOWN"
    assert spoil_body("wrong_types", {"enabled": True, "n": None}, None) == {
        "enabled": "true",
        "n": {"unexpected": True},
    }


# --- faults that need a real socket ---------------------------------------------------------------


def test_drop_closes_the_connection_without_answer(server: SandboxServer, http: httpx.Client) -> None:
    """A drop fault closes the connection; the client sees the server disconnect, then the API works again."""
    server.state.faults.add(Fault(kind="drop", route="/v2/phone_numbers/messaging", times=1))
    with pytest.raises(httpx.RemoteProtocolError):
        http.get("/phone_numbers/messaging")
    assert http.get("/phone_numbers/messaging").status_code == 200


def test_truncated_body_breaks_off_mid_answer(server: SandboxServer, http: httpx.Client) -> None:
    """A truncated fault sends half the declared body and closes the connection."""
    server.state.faults.add(Fault(kind="truncated", route="/v2/phone_numbers", times=1))
    with pytest.raises(httpx.RemoteProtocolError, match=r"incomplete|complete message body"):
        http.get("/phone_numbers")


def test_hang_never_answers(server: SandboxServer, http: httpx.Client) -> None:
    """A hang fault keeps the client waiting until its own timeout."""
    server.state.faults.add(Fault(kind="hang", route="/v2/messaging_profiles", times=1))
    with pytest.raises(httpx.ReadTimeout):
        http.get("/messaging_profiles", timeout=0.2)
    assert http.get("/messaging_profiles").status_code == 200


def test_faults_over_the_admin_routes(server: SandboxServer, http: httpx.Client) -> None:
    """POST /_sandbox/faults adds rules (one or a list), GET lists them with hits, DELETE clears them."""
    admin = server.admin_url
    added = httpx.post(f"{admin}/faults", json=[{"kind": "status", "status": 500, "route": "/v2/short_codes"}])
    assert added.status_code == 200 and len(added.json()["faults"]) == 1
    assert http.get("/short_codes").status_code == 500
    listed = httpx.get(f"{admin}/faults").json()["faults"]
    assert listed[0]["hits"] == 1 and listed[0]["fault"]["route"] == "/v2/short_codes"
    assert httpx.post(f"{admin}/faults", json={"kind": "explode"}).status_code == 400
    assert httpx.delete(f"{admin}/faults").json() == {"faults": []}
    assert http.get("/short_codes").status_code == 200
