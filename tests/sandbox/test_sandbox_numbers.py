from __future__ import annotations

import httpx
import pytest

from telnyx_doctor.sandbox import SandboxState

from .conftest import api_client

pytestmark = pytest.mark.anyio

HEALTHY = "+15550100001"
NO_PROFILE = "+15550100002"


def _profile_id(state: SandboxState, name: str) -> str:
    return next(p.id for p in state.account.profiles if p.name == name)


async def _numbers(client: httpx.AsyncClient, query: str) -> list[str]:
    response = await client.get(f"/phone_numbers/messaging?{query}")
    assert response.status_code == 200, response.text
    return [item["phone_number"] for item in response.json()["data"]]


# --- authentication and routing ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "detail"),
    [("", "not included in the request"), ("KEYwrong", "Could not understand the provided credentials")],
)
async def test_missing_or_wrong_key_is_401_code_10009(demo_state: SandboxState, key: str, detail: str) -> None:
    """Every /v2 route demands the scenario's bearer key and answers 401 code 10009 otherwise."""
    async with api_client(demo_state, key=key) as http:
        response = await http.get("/phone_numbers/messaging")
    assert response.status_code == 401
    error = response.json()["errors"][0]
    assert (error["code"], error["title"]) == ("10009", "Authentication failed")
    assert detail in error["detail"]


async def test_basic_auth_is_not_accepted(demo_state: SandboxState) -> None:
    """Only the Bearer scheme authenticates."""
    async with api_client(demo_state) as http:
        response = await http.get("/phone_numbers", headers={"Authorization": f"Basic {demo_state.api_key}"})
    assert response.status_code == 401


async def test_unknown_routes_are_404_with_a_telnyx_body(client: httpx.AsyncClient) -> None:
    """Unknown /v2 areas and paths outside /v2 answer 404 code 10005."""
    for response in (
        await client.get("/phoneNumbers"),
        await client.get("http://sandbox.test/v1/phone_numbers"),
    ):
        assert response.status_code == 404
        assert response.json()["errors"][0]["code"] == "10005"


async def test_unsimulated_methods_and_subpaths_are_501(client: httpx.AsyncClient) -> None:
    """A method or sub-path of an area the sandbox serves answers 501 saying it is not simulated, not 404."""
    for response in (
        await client.delete("/phone_numbers/messaging"),
        await client.get("/phone_numbers/1234/voice"),
    ):
        assert response.status_code == 501
        error = response.json()["errors"][0]
        assert "does not simulate" in error["detail"] and error["title"] == "Not simulated"


async def test_unknown_routes_still_need_the_key(demo_state: SandboxState) -> None:
    """Authentication is checked before routing, as at the real gateway."""
    async with api_client(demo_state, key="") as http:
        assert (await http.get("/no_such_thing")).status_code == 401


# --- GET /v2/phone_numbers/messaging ---------------------------------------------------------------


async def test_list_paginates_with_flat_meta(client: httpx.AsyncClient) -> None:
    """page[size]/page[number] slice the list and meta reports all four pagination keys."""
    response = await client.get("/phone_numbers/messaging?page[size]=4&page[number]=4")
    body = response.json()
    assert body["meta"] == {"page_number": 4, "page_size": 4, "total_pages": 4, "total_results": 13}
    assert [n["phone_number"] for n in body["data"]] == ["+18885550101"]
    beyond = (await client.get("/phone_numbers/messaging?page[number]=9")).json()
    assert beyond["data"] == [] and beyond["meta"]["total_results"] == 13


@pytest.mark.parametrize("query", ["page[size]=251", "page[size]=0", "page[number]=0", "page[size]=ten"])
async def test_bad_paging_is_400_naming_the_parameter(client: httpx.AsyncClient, query: str) -> None:
    """Page sizes outside 1-250 and non-integers answer 400 code 10015 with source.parameter."""
    response = await client.get(f"/phone_numbers/messaging?{query}")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["code"] == "10015"
    assert error["source"]["parameter"] == query.split("=")[0]


async def test_phone_number_filter_is_exact_and_takes_a_list(client: httpx.AsyncClient) -> None:
    """filter[phone_number] matches whole numbers, comma lists included, in account order."""
    assert await _numbers(client, "filter[phone_number]=%2B15550100001") == [HEALTHY]
    both = await _numbers(client, "filter[phone_number]=%2B18885550101,%2B15550100001")
    assert both == [HEALTHY, "+18885550101"]
    assert await _numbers(client, "filter[phone_number]=%2B1555010000") == []


async def test_an_unencoded_plus_is_tolerated(client: httpx.AsyncClient) -> None:
    """A raw `+` decodes to a space; a leading space before digits is read as `+`."""
    assert await _numbers(client, "filter[phone_number]=+15550100001") == [HEALTHY]
    assert await _numbers(client, "filter[phone_number]=+15550100001,+15550100002") == [HEALTHY, NO_PROFILE]


async def test_filters_by_profile_type_and_contains(client: httpx.AsyncClient, demo_state: SandboxState) -> None:
    """filter[messaging_profile_id], filter[type] and filter[phone_number][contains] narrow the list."""
    production = _profile_id(demo_state, "Acme Production")
    assert await _numbers(client, f"filter[messaging_profile_id]={production}") == [
        HEALTHY,
        "+15550100006",
        "+15550100009",
    ]
    assert await _numbers(client, "filter[type]=tollfree") == ["+18885550100", "+18885550101"]
    assert len(await _numbers(client, "filter[type]=longcode")) == 11
    assert await _numbers(client, "filter[phone_number][contains]=888555") == ["+18885550100", "+18885550101"]
    response = await client.get("/phone_numbers/messaging?filter[type]=toll-free")
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "10032"


async def test_sort_by_phone_number(client: httpx.AsyncClient) -> None:
    """sort[phone_number]=desc reverses the order."""
    numbers = await _numbers(client, "sort[phone_number]=desc")
    assert numbers == sorted(numbers, reverse=True)


async def test_numbers_not_listed_for_messaging_are_hidden(rich_client: httpx.AsyncClient) -> None:
    """A number with messaging = false is absent from the list and 404s on its settings."""
    assert "+15550101004" not in await _numbers(rich_client, "page[size]=250")
    response = await rich_client.get("/phone_numbers/+15550101004/messaging")
    assert response.status_code == 404 and response.json()["errors"][0]["code"] == "10005"


# --- GET/PATCH /v2/phone_numbers/{id}/messaging and the legacy twin ---------------------------------


async def test_settings_by_numeric_id_e164_or_digits(client: httpx.AsyncClient, demo_state: SandboxState) -> None:
    """{id} may be the numeric id, the E.164 number (with a literal or encoded +) or its digits."""
    numeric = demo_state.account.numbers_by_e164[HEALTHY].id
    for key in (numeric, HEALTHY, "%2B15550100001", "15550100001"):
        data = (await client.get(f"/phone_numbers/{key}/messaging")).json()["data"]
        assert (data["id"], data["record_type"], data["type"]) == (numeric, "messaging_settings", "longcode")


async def test_legacy_route_serves_the_same_number_in_its_own_shape(client: httpx.AsyncClient) -> None:
    """The legacy object has record_type messaging_phone_number, the E.164 as id and hyphenated types."""
    data = (await client.get("/messaging_phone_numbers/+18885550100")).json()["data"]
    assert (data["record_type"], data["id"], data["type"]) == ("messaging_phone_number", "+18885550100", "toll-free")
    assert "organization_id" not in data and "tags" not in data
    listed = (await client.get("/messaging_phone_numbers?page[size]=2")).json()
    assert listed["meta"]["total_results"] == 13


async def test_patch_assigns_and_both_routes_and_the_inventory_see_it(
    client: httpx.AsyncClient, demo_state: SandboxState
) -> None:
    """Assigning a profile by PATCH shows on the current, legacy and inventory routes."""
    support = _profile_id(demo_state, "Acme Support Desk")
    patched = await client.patch(f"/phone_numbers/{NO_PROFILE}/messaging", json={"messaging_profile_id": support})
    assert patched.status_code == 200
    assert patched.json()["data"]["messaging_profile_id"] == support
    legacy = (await client.get(f"/messaging_phone_numbers/{NO_PROFILE}")).json()["data"]
    assert legacy["messaging_profile_id"] == support
    inventory = (await client.get("/phone_numbers?filter[phone_number]=15550100002")).json()["data"][0]
    assert (inventory["messaging_profile_id"], inventory["messaging_profile_name"]) == (support, "Acme Support Desk")
    assert patched.json()["data"]["updated_at"] != patched.json()["data"]["created_at"]


async def test_patch_empty_string_unassigns_and_null_changes_nothing(client: httpx.AsyncClient) -> None:
    """On the current route "" unassigns, while null or an omitted field leaves the profile alone."""
    before = (await client.get(f"/phone_numbers/{HEALTHY}/messaging")).json()["data"]["messaging_profile_id"]
    unchanged = await client.patch(f"/phone_numbers/{HEALTHY}/messaging", json={"messaging_profile_id": None})
    assert unchanged.json()["data"]["messaging_profile_id"] == before
    untouched = await client.patch(f"/phone_numbers/{HEALTHY}/messaging", json={"tags": ["x"]})
    assert untouched.json()["data"]["messaging_profile_id"] == before
    assert untouched.json()["data"]["tags"] == ["x"]
    cleared = await client.patch(f"/phone_numbers/{HEALTHY}/messaging", json={"messaging_profile_id": ""})
    assert cleared.json()["data"]["messaging_profile_id"] is None
    legacy = (await client.get(f"/messaging_phone_numbers/{HEALTHY}")).json()["data"]
    assert legacy["messaging_profile_id"] is None


async def test_legacy_patch_null_unbinds(client: httpx.AsyncClient) -> None:
    """On the legacy route null unbinds the number, as the 2020 API documented."""
    response = await client.patch(f"/messaging_phone_numbers/{HEALTHY}", json={"messaging_profile_id": None})
    assert response.json()["data"]["messaging_profile_id"] is None
    current = (await client.get(f"/phone_numbers/{HEALTHY}/messaging")).json()["data"]
    assert current["messaging_profile_id"] is None


async def test_patch_rejects_unknown_profiles_and_bad_bodies(client: httpx.AsyncClient) -> None:
    """An unknown profile is 422 code 10017; malformed JSON is 400; a bad product or tags is 422."""
    unknown = await client.patch(
        f"/phone_numbers/{HEALTHY}/messaging", json={"messaging_profile_id": "00000000-0000-4000-8000-000000000000"}
    )
    assert unknown.status_code == 422
    error = unknown.json()["errors"][0]
    assert (error["code"], error["source"]["pointer"]) == ("10017", "/messaging_profile_id")
    garbage = await client.patch(f"/phone_numbers/{HEALTHY}/messaging", content=b"{nope")
    assert garbage.status_code == 400
    product = await client.patch(f"/phone_numbers/{HEALTHY}/messaging", json={"messaging_product": "P2P"})
    assert product.status_code == 422 and product.json()["errors"][0]["code"] == "40324"
    tags = await client.patch(f"/phone_numbers/{HEALTHY}/messaging", json={"tags": "x"})
    assert tags.status_code == 422


async def test_patch_of_an_unknown_number_is_404(client: httpx.AsyncClient) -> None:
    """PATCHing a number not on the account answers 404."""
    response = await client.patch("/phone_numbers/+15559999999/messaging", json={"messaging_profile_id": ""})
    assert response.status_code == 404


# --- GET /v2/phone_numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["15550100005", "%2B15550100005", "+15550100005", "%2015550100005"])
async def test_inventory_filter_takes_digits_with_or_without_plus(client: httpx.AsyncClient, value: str) -> None:
    """filter[phone_number] wants digits but tolerates a leading + (encoded or decoded to a space)."""
    data = (await client.get(f"/phone_numbers?filter[phone_number]={value}")).json()["data"]
    assert [d["phone_number"] for d in data] == ["+15550100005"]


async def test_inventory_filter_matches_partial_digits_only(client: httpx.AsyncClient) -> None:
    """Partial digits match anywhere; fewer than three digits or non-digits match nothing."""
    partial = (await client.get("/phone_numbers?filter[phone_number]=8885550")).json()["meta"]["total_results"]
    assert partial == 2
    for value in ("88", "1555abc"):
        assert (await client.get(f"/phone_numbers?filter[phone_number]={value}")).json()["data"] == []


async def test_inventory_status_filter_and_record(rich_client: httpx.AsyncClient) -> None:
    """filter[status] selects by status and records carry the profile name or UNAVAILABLE."""
    pending = (await rich_client.get("/phone_numbers?filter[status]=port-pending")).json()["data"]
    assert [p["phone_number"] for p in pending] == ["+15550101003"]
    assert pending[0]["messaging_profile_id"] == "UNAVAILABLE"
    assert pending[0]["activated_at"] is None
    main = (await rich_client.get("/phone_numbers?filter[phone_number]=15550101001")).json()["data"][0]
    assert main["messaging_profile_name"] == "Main"
    assert main["messaging_campaign_id"] is not None
    dangling = (await rich_client.get("/phone_numbers?filter[phone_number]=15550101002")).json()["data"][0]
    assert dangling["messaging_profile_id"] is not None and dangling["messaging_profile_name"] is None


async def test_inventory_one_by_numeric_id(client: httpx.AsyncClient, demo_state: SandboxState) -> None:
    """GET /phone_numbers/{id} finds a number by numeric id and 404s otherwise."""
    numeric = demo_state.account.numbers_by_e164["+18885550101"].id
    data = (await client.get(f"/phone_numbers/{numeric}")).json()["data"]
    assert (data["phone_number"], data["phone_number_type"]) == ("+18885550101", "toll_free")
    assert (await client.get("/phone_numbers/42")).status_code == 404


async def test_inventory_default_order_is_newest_first(client: httpx.AsyncClient) -> None:
    """Without sort, numbers come newest first; sort=phone_number orders by number."""
    data = (await client.get("/phone_numbers")).json()["data"]
    stamps = [d["created_at"] for d in data]
    assert stamps == sorted(stamps, reverse=True)
    ordered = [d["phone_number"] for d in (await client.get("/phone_numbers?sort=phone_number")).json()["data"]]
    assert ordered == sorted(ordered)


async def test_a_sandbox_bug_still_answers_a_telnyx_500(
    demo_state: SandboxState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception inside a handler becomes 500 code 10007 rather than a bare text page."""
    from telnyx_doctor.sandbox.api_numbers import NumberRoutes
    from telnyx_doctor.sandbox.app import create_app

    async def broken(self: NumberRoutes, request: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(NumberRoutes, "list_messaging", broken)
    transport = httpx.ASGITransport(app=create_app(demo_state), raise_app_exceptions=False)
    headers = {"Authorization": f"Bearer {demo_state.api_key}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox.test/v2", headers=headers) as http:
        response = await http.get("/phone_numbers/messaging")
    assert response.status_code == 500
    assert response.json()["errors"][0]["code"] == "10007"
