from __future__ import annotations

import httpx
import pytest

from telnyx_doctor.sandbox import SandboxState

pytestmark = pytest.mark.anyio

TF = "/messaging_tollfree/verification/requests"


@pytest.mark.parametrize(("query", "missing"), [("", "page"), ("page=1", "page_size"), ("page_size=5", "page")])
async def test_page_and_page_size_are_required(client: httpx.AsyncClient, query: str, missing: str) -> None:
    """Without page and page_size the list answers 422 code 10004 naming the parameter."""
    response = await client.get(f"{TF}?{query}")
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert (error["code"], error["source"]["parameter"]) == ("10004", missing)


async def test_list_shape_and_phone_number_filter(client: httpx.AsyncClient) -> None:
    """The list is {records, total_records}; phone_number selects requests naming that number."""
    body = (await client.get(f"{TF}?page=1&page_size=10")).json()
    assert set(body) == {"records", "total_records"} and body["total_records"] == 2
    for value in ("%2B18885550100", "+18885550100"):
        records = (await client.get(f"{TF}?page=1&page_size=10&phone_number={value}")).json()["records"]
        assert [(r["verificationStatus"], r["phoneNumbers"]) for r in records] == [
            ("Rejected", [{"phoneNumber": "+18885550100"}])
        ]
        assert "proof of consent" in records[0]["reason"]


async def test_status_filter_and_unknown_status(client: httpx.AsyncClient) -> None:
    """status filters by verification status; a value outside the enum is 422."""
    verified = (await client.get(f"{TF}?page=1&page_size=10&status=Verified")).json()["records"]
    assert [r["phoneNumbers"][0]["phoneNumber"] for r in verified] == ["+18885550101"]
    assert (await client.get(f"{TF}?page=1&page_size=10&status=Approved")).status_code == 422


async def test_newest_first_and_page_size_clamped(rich_client: httpx.AsyncClient) -> None:
    """Requests come newest first and a huge page_size is clamped, not refused."""
    body = (await rich_client.get(f"{TF}?page=1&page_size=100000&phone_number=%2B18005550101")).json()
    assert [r["verificationStatus"] for r in body["records"]] == ["Waiting For Customer", "Rejected"]
    second = (await rich_client.get(f"{TF}?page=2&page_size=1&phone_number=%2B18005550101")).json()
    assert [r["verificationStatus"] for r in second["records"]] == ["Rejected"]
    assert second["total_records"] == 2


async def test_get_one_and_its_history(client: httpx.AsyncClient, demo_state: SandboxState) -> None:
    """A request is fetched by id; its history lists statuses newest first and needs page[number]/page[size]."""
    request_id = demo_state.account.tollfree_by_number["+18885550100"][0].id
    one = (await client.get(f"{TF}/{request_id}")).json()
    assert (one["id"], one["verificationStatus"]) == (request_id, "Rejected")
    history = (await client.get(f"{TF}/{request_id}/status_history?page[number]=1&page[size]=10")).json()
    assert [r["verificationStatus"] for r in history["records"]] == ["Rejected", "Waiting For Vendor"]
    assert history["total_records"] == 2
    assert history["records"][0]["updatedAt"] > history["records"][1]["updatedAt"]
    assert (await client.get(f"{TF}/{request_id}/status_history")).status_code == 422
    assert (await client.get(f"{TF}/00000000-0000-4000-8000-000000000000")).status_code == 404
