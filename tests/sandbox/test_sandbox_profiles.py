from __future__ import annotations

import httpx
import pytest

from telnyx_doctor.sandbox import SandboxState

pytestmark = pytest.mark.anyio


def _profile_id(state: SandboxState, name: str) -> str:
    return next(p.id for p in state.account.profiles if p.name == name)


async def test_profiles_list_and_name_filters(client: httpx.AsyncClient) -> None:
    """The list has every profile; filter[name][eq] and filter[name][contains] narrow it."""
    body = (await client.get("/messaging_profiles")).json()
    assert body["meta"]["total_results"] == 9
    exact = (await client.get("/messaging_profiles?filter[name][eq]=Acme%20Staging")).json()["data"]
    assert [p["name"] for p in exact] == ["Acme Staging"]
    contains = (await client.get("/messaging_profiles?filter[name][contains]=acme%20s")).json()["data"]
    assert {p["name"] for p in contains} == {"Acme Staging", "Acme Support Desk"}


async def test_profile_fields_and_resolved_webhook_urls(
    rich_client: httpx.AsyncClient, rich_state: SandboxState
) -> None:
    """A profile carries its settings, with sandbox: URLs resolved against the webhook servers' bases."""
    main = (await rich_client.get(f"/messaging_profiles/{_profile_id(rich_state, 'Main')}")).json()["data"]
    assert main["record_type"] == "messaging_profile"
    assert main["webhook_url"] == f"{rich_state.webhook_bases.https}/verifying"
    assert main["webhook_failover_url"] == f"{rich_state.webhook_bases.http}/healthy"
    assert main["whitelisted_destinations"] == ["US", "CA", "GB"]
    assert main["number_pool_settings"]["toll_free_weight"] == 5
    assert main["url_shortener_settings"]["domain"] == "acct.fyi"
    assert (main["alpha_sender"], main["daily_spend_limit"]) == ("Rich Co", "250.50")
    old = (await rich_client.get(f"/messaging_profiles/{_profile_id(rich_state, 'Old API')}")).json()["data"]
    assert (old["webhook_url"], old["webhook_api_version"]) == ("https://hooks.example.com/telnyx", "1")


async def test_unknown_profile_is_404(client: httpx.AsyncClient) -> None:
    """An id that matches no profile answers 404 code 10005, also on its sub-resources."""
    for suffix in ("", "/phone_numbers", "/short_codes", "/alphanumeric_sender_ids"):
        response = await client.get(f"/messaging_profiles/00000000-0000-4000-8000-000000000000{suffix}")
        assert response.status_code == 404
        assert response.json()["errors"][0]["code"] == "10005"


async def test_profile_phone_numbers_lists_its_messaging_numbers(
    client: httpx.AsyncClient, demo_state: SandboxState
) -> None:
    """/messaging_profiles/{id}/phone_numbers lists the numbers on the profile as messaging settings."""
    toll_free = _profile_id(demo_state, "Acme Toll-Free")
    data = (await client.get(f"/messaging_profiles/{toll_free}/phone_numbers")).json()["data"]
    assert [d["phone_number"] for d in data] == ["+18885550100", "+18885550101"]
    assert {d["record_type"] for d in data} == {"messaging_settings"}


async def test_short_codes_and_sender_ids_by_profile(rich_client: httpx.AsyncClient, rich_state: SandboxState) -> None:
    """Short codes and alphanumeric sender IDs are listed per profile and on their own routes."""
    main = _profile_id(rich_state, "Main")
    codes = (await rich_client.get(f"/messaging_profiles/{main}/short_codes")).json()["data"]
    assert [c["short_code"] for c in codes] == ["55510"]
    unassigned = (await rich_client.get("/short_codes?filter[messaging_profile_id]=null")).json()["data"]
    assert [(c["short_code"], c["messaging_profile_id"]) for c in unassigned] == [("555110", None)]
    by_profile = (await rich_client.get(f"/short_codes?filter[messaging_profile_id]={main}")).json()["data"]
    assert [c["short_code"] for c in by_profile] == ["55510"]
    one = (await rich_client.get(f"/short_codes/{codes[0]['id']}")).json()["data"]
    assert one["record_type"] == "short_code"
    senders = (await rich_client.get(f"/messaging_profiles/{main}/alphanumeric_sender_ids")).json()["data"]
    assert [(s["alphanumeric_sender_id"], s["us_long_code_fallback"]) for s in senders] == [("RichCo", "+15550101001")]
    listed = (await rich_client.get(f"/alphanumeric_sender_ids?filter[messaging_profile_id]={main}")).json()
    assert listed["meta"]["total_results"] == 1
    sender = (await rich_client.get(f"/alphanumeric_sender_ids/{senders[0]['id']}")).json()["data"]
    assert sender["organization_id"] == rich_state.account.organization_id
