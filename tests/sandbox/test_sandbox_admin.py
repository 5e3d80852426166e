from __future__ import annotations

import httpx
import pytest

from telnyx_doctor.sandbox import SandboxServer, SandboxState
from telnyx_doctor.sandbox.state import RateLimiter

from .conftest import api_client

pytestmark = pytest.mark.anyio


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_requests_are_counted_by_route_template(client: httpx.AsyncClient, demo_state: SandboxState) -> None:
    """Each /v2 request counts under METHOD + route template; unknown paths count under their raw path."""
    await client.get("/phone_numbers/+15550100001/messaging")
    await client.get("/phone_numbers/+15550100002/messaging")
    await client.patch("/phone_numbers/+15550100002/messaging", json={})
    await client.get("/no_such_route")
    counts = demo_state.requests.snapshot()
    assert counts == {
        "GET /v2/no_such_route": 1,
        "GET /v2/phone_numbers/{id}/messaging": 2,
        "PATCH /v2/phone_numbers/{id}/messaging": 1,
    }
    assert demo_state.requests.get("GET /v2/phone_numbers/{id}/messaging") == 2
    assert demo_state.requests.total == 4


async def test_rejected_requests_count_too(demo_state: SandboxState) -> None:
    """A request refused for its key is still a request the sandbox served."""
    async with api_client(demo_state, key="") as http:
        await http.get("/messaging_profiles")
    assert demo_state.requests.get("GET /v2/messaging_profiles") == 1


async def test_counters_over_http_need_no_key(client: httpx.AsyncClient) -> None:
    """GET /_sandbox/requests reports counts without auth; POST /_sandbox/reset-counters zeroes them."""
    await client.get("/messaging_profiles")
    admin = "http://sandbox.test/_sandbox"
    snapshot = (await client.get(f"{admin}/requests", headers={"Authorization": ""})).json()
    assert snapshot["total"] == 1 and snapshot["requests"] == {"GET /v2/messaging_profiles": 1}
    assert snapshot["webhooks"] == {}
    reset = (await client.post(f"{admin}/reset-counters")).json()
    assert reset["total"] == 0
    assert (await client.get(f"{admin}/nope")).status_code == 404


async def test_settings_over_http(client: httpx.AsyncClient, demo_state: SandboxState) -> None:
    """POST /_sandbox/settings changes latency and rate limit; bad values are refused."""
    admin = "http://sandbox.test/_sandbox/settings"
    changed = (await client.post(admin, json={"latency": 0.001, "rate_limit": 50})).json()
    assert (changed["latency"], changed["rate_limit"]) == (0.001, 50)
    assert demo_state.settings.rate_limit == 50
    assert (await client.post(admin, json={"latency": -1})).status_code == 400
    assert (await client.post(admin, json={"rate_limit": None})).json()["rate_limit"] is None


async def test_reset_restores_the_scenario(client: httpx.AsyncClient, demo_state: SandboxState) -> None:
    """POST /_sandbox/reset undoes PATCHes and run-time settings."""
    await client.patch("/phone_numbers/+15550100001/messaging", json={"messaging_profile_id": ""})
    demo_state.settings.latency = 0.001
    await client.post("http://sandbox.test/_sandbox/reset")
    data = (await client.get("/phone_numbers/+15550100001/messaging")).json()["data"]
    assert data["messaging_profile_id"] is not None
    assert demo_state.settings.latency == 0.0


async def test_latency_still_answers(client: httpx.AsyncClient, demo_state: SandboxState) -> None:
    """With per-request latency the answers are unchanged."""
    demo_state.settings.latency = 0.005
    assert (await client.get("/messaging_profiles")).status_code == 200


async def test_rate_limit_answers_429_like_telnyx(client: httpx.AsyncClient, demo_state: SandboxState) -> None:
    """Above the limit the API answers 429 code 10011 with Retry-After, and recovers as time passes."""
    clock = FakeClock()
    demo_state.rate_limiter = RateLimiter(clock)
    demo_state.settings.rate_limit = 2
    first, second, third = [await client.get("/messaging_profiles") for _ in range(3)]
    assert (first.status_code, second.status_code, third.status_code) == (200, 200, 429)
    assert first.headers["x-ratelimit-limit"] == "2"
    assert (first.headers["x-ratelimit-remaining"], second.headers["x-ratelimit-remaining"]) == ("1", "0")
    assert int(second.headers["x-ratelimit-reset"]) >= 1
    error = third.json()["errors"][0]
    assert (error["code"], error["title"]) == ("10011", "Too many requests")
    assert third.headers["retry-after"] == "1"
    clock.now += 1.0
    assert (await client.get("/messaging_profiles")).status_code == 200


async def test_fractional_rates_wait_longer(client: httpx.AsyncClient, demo_state: SandboxState) -> None:
    """At half a request per second the second request must wait two seconds."""
    clock = FakeClock()
    demo_state.rate_limiter = RateLimiter(clock)
    demo_state.settings.rate_limit = 0.5
    assert (await client.get("/short_codes")).status_code == 200
    refused = await client.get("/short_codes")
    assert (refused.status_code, refused.headers["retry-after"]) == (429, "2")
    clock.now += 2
    assert (await client.get("/short_codes")).status_code == 200


async def test_no_rate_headers_without_a_limit(client: httpx.AsyncClient) -> None:
    """x-ratelimit-* headers appear only when a limit is configured."""
    response = await client.get("/messaging_profiles")
    assert "x-ratelimit-limit" not in response.headers


def test_admin_info_over_loopback(server: SandboxServer) -> None:
    """GET /_sandbox/info names the scenario, its numbers and the webhook servers."""
    info = httpx.get(f"{server.admin_url}/info").json()
    assert info["scenario"] == "demo" and len(info["numbers"]) == 13
    assert info["webhook_https_base"] == server.webhook_https_base
    assert info["webhook_public_key"] == server.webhook_public_key
