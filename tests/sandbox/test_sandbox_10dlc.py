from __future__ import annotations

import httpx
import pytest

from telnyx_doctor.sandbox import SandboxState

pytestmark = pytest.mark.anyio


def _campaign(state: SandboxState, name: str) -> str:
    return next(c.campaign_id for c in state.account.campaigns if c.spec.name == name)


def _brand(state: SandboxState, name: str) -> str:
    return next(b.brand_id for b in state.account.brands if b.spec.name == name)


@pytest.mark.parametrize("key", ["+15550100006", "%2B15550100006", "15550100006"])
async def test_assignment_is_unenveloped_camel_case(client: httpx.AsyncClient, key: str) -> None:
    """GET …/phone_number_campaigns/{phoneNumber} answers the bare camelCase object, whatever the + form."""
    body = (await client.get(f"/10dlc/phone_number_campaigns/{key}")).json()
    assert "data" not in body
    assert (body["phoneNumber"], body["assignmentStatus"]) == ("+15550100006", "PENDING_ASSIGNMENT")
    assert body["campaignId"] == body["telnyxCampaignId"]
    assert body["tmobileNumberMappingStatus"] == "PENDING"


async def test_number_without_assignment_is_404_without_meta(client: httpx.AsyncClient) -> None:
    """A number with no 10DLC assignment (or not on the account) answers 404 with a 10DLC error body."""
    for number in ("+18885550100", "+15559999999"):
        response = await client.get(f"/10dlc/phone_number_campaigns/{number}")
        assert response.status_code == 404
        error = response.json()["errors"][0]
        assert error["code"] == "10005" and "meta" not in error


async def test_partner_assignment_names_the_tcr_campaign(rich_client: httpx.AsyncClient) -> None:
    """A number on a shared campaign has campaignId = tcrCampaignId and empty Telnyx ids."""
    body = (await rich_client.get("/10dlc/phone_number_campaigns/+15550101003")).json()
    assert (body["campaignId"], body["tcrCampaignId"]) == ("CPARTNR", "CPARTNR")
    assert (body["brandId"], body["telnyxCampaignId"], body["tcrBrandId"]) == ("", "", "BPARTNR")
    failed = (await rich_client.get("/10dlc/phone_number_campaigns/+15550101002")).json()
    assert (failed["assignmentStatus"], failed["failureReasons"]) == ("FAILED_ASSIGNMENT", "Number not on a profile")


async def test_assignment_list_pages_and_filters(client: httpx.AsyncClient, demo_state: SandboxState) -> None:
    """The list is {records, page, totalRecords}, paged by page/recordsPerPage and filtered by campaign."""
    body = (await client.get("/10dlc/phone_number_campaigns?recordsPerPage=4&page=2")).json()
    assert (body["page"], body["totalRecords"], len(body["records"])) == (2, 11, 4)
    campaign = _campaign(demo_state, "Acme Customer Care")
    filtered = (await client.get(f"/10dlc/phone_number_campaigns?filter[telnyx_campaign_id]={campaign}")).json()
    assert filtered["totalRecords"] == 11
    none = (await client.get("/10dlc/phone_number_campaigns?filter[tcr_campaign_id]=CNOPE")).json()
    assert none == {"records": [], "page": 1, "totalRecords": 0}
    ordered = (await client.get("/10dlc/phone_number_campaigns?sort=phoneNumber")).json()["records"]
    assert [r["phoneNumber"] for r in ordered] == sorted(r["phoneNumber"] for r in ordered)


@pytest.mark.parametrize("query", ["recordsPerPage=501", "page=0", "page=x", "sort=bogus"])
async def test_bad_tenDLC_paging_is_a_fastapi_422(client: httpx.AsyncClient, query: str) -> None:
    """Out-of-range paging or an unknown sort answers 422 with a {"detail": [...]} body."""
    response = await client.get(f"/10dlc/phone_number_campaigns?{query}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "query"


async def test_campaign_list_needs_a_brand(client: httpx.AsyncClient, demo_state: SandboxState) -> None:
    """GET /10dlc/campaign requires brandId and lists that brand's campaigns with assigned counts."""
    missing = await client.get("/10dlc/campaign")
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"] == ["query", "brandId"]
    body = (await client.get(f"/10dlc/campaign?brandId={_brand(demo_state, 'Acme Corp')}")).json()
    assert body["totalRecords"] == 1
    assert body["records"][0]["assignedPhoneNumbersCount"] == 11


async def test_campaign_and_its_sub_resources(rich_client: httpx.AsyncClient, rich_state: SandboxState) -> None:
    """A campaign, its operation status, MNO metadata and sharing chain come from the scenario."""
    care = _campaign(rich_state, "Rich Care")
    campaign = (await rich_client.get(f"/10dlc/campaign/{care}")).json()
    assert (campaign["campaignStatus"], campaign["status"], campaign["isTMobileSuspended"]) == (
        "MNO_PROVISIONED",
        "ACTIVE",
        False,
    )
    assert campaign["webhookURL"] == f"{rich_state.webhook_bases.https}/healthy"
    operation = (await rich_client.get(f"/10dlc/campaign/{care}/operationStatus")).json()
    assert operation == {"10017": "APPROVED", "10035": "APPROVED", "10038": "APPROVED"}
    rejected = _campaign(rich_state, "Rich Rejected")
    assert (await rich_client.get(f"/10dlc/campaign/{rejected}/operationStatus")).json() == {
        "10017": "REJECTED",
        "10035": "REVIEW",
    }
    metadata = (await rich_client.get(f"/10dlc/campaign/{care}/mnoMetadata")).json()
    assert metadata["10035"]["mno"] == "T-Mobile"
    sharing = (await rich_client.get(f"/10dlc/campaign/{care}/sharing")).json()
    assert sharing == {"sharedByMe": {"downstreamCnpId": "SINCH", "sharingStatus": "ACCEPTED"}}
    assert (await rich_client.get(f"/10dlc/campaign/{rejected}/sharing")).json() == {}


async def test_partner_campaigns(rich_client: httpx.AsyncClient) -> None:
    """Shared campaigns are listed and fetched by TCR id."""
    listed = (await rich_client.get("/10dlc/partner_campaigns")).json()
    assert [r["tcrCampaignId"] for r in listed["records"]] == ["CPARTNR"]
    one = (await rich_client.get("/10dlc/partner_campaigns/CPARTNR")).json()
    assert (one["tcrBrandId"], one["assignedPhoneNumbersCount"]) == ("BPARTNR", 1)


async def test_brands_and_feedback(rich_client: httpx.AsyncClient, rich_state: SandboxState) -> None:
    """Brands list with the API's `assignedCampaingsCount` spelling; a failed brand explains itself."""
    listed = (await rich_client.get("/10dlc/brand?sort=displayName")).json()
    assert [r["displayName"] for r in listed["records"]] == ["Failed Brand", "Rich Brand"]
    assert {r["assignedCampaingsCount"] for r in listed["records"]} == {1}
    failed_id = _brand(rich_state, "Failed Brand")
    brand = (await rich_client.get(f"/10dlc/brand/{failed_id}")).json()
    assert (brand["status"], brand["identityStatus"], brand["assignedCampaignsCount"]) == (
        "REGISTRATION_FAILED",
        "UNVERIFIED",
        1,
    )
    assert brand["firstName"] and "ein" not in brand
    feedback = (await rich_client.get(f"/10dlc/brand/feedback/{failed_id}")).json()
    assert feedback["brandId"] == failed_id
    assert [c["id"] for c in feedback["category"]] == ["TAX_ID"]
    ok = (await rich_client.get(f"/10dlc/brand/feedback/{_brand(rich_state, 'Rich Brand')}")).json()
    assert ok["category"] == []
    only = (await rich_client.get("/10dlc/brand?entityType=SOLE_PROPRIETOR")).json()
    assert only["totalRecords"] == 1


async def test_enums(client: httpx.AsyncClient) -> None:
    """/10dlc/enum/{endpoint} lists values; an unknown endpoint is 404."""
    mno = (await client.get("/10dlc/enum/mno")).json()
    assert {m["networkId"] for m in mno} == {10017, 10035, 10038}
    assert "MNO_PROVISIONED" in (await client.get("/10dlc/enum/campaignStatus")).json()
    assert (await client.get("/10dlc/enum/nope")).status_code == 404
