from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import jsonschema
import pytest

from telnyx_doctor.sandbox import Fault, SandboxState

from .conftest import api_client
from .openapi import OpenApi, openapi_or_skip

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def openapi() -> OpenApi:
    return openapi_or_skip()


@dataclass(frozen=True)
class Case:
    """One request, the spec path/method it exercises, and the status the sandbox must answer."""

    name: str
    spec_path: str
    url: Callable[[SandboxState], str]
    status: int
    method: str = "GET"
    body: dict[str, Any] | None = None
    legacy: bool = False
    key: str | None = None  # "" sends no key, "wrong" a wrong one


def _profile(state: SandboxState, name: str = "Main") -> str:
    return next(p.id for p in state.account.profiles if p.name == name)


def _number_id(state: SandboxState, e164: str = "+15550101001") -> str:
    return state.account.numbers_by_e164[e164].id


def _campaign(state: SandboxState, name: str = "Rich Care") -> str:
    return next(c.campaign_id for c in state.account.campaigns if c.spec.name == name)


def _brand(state: SandboxState, name: str = "Rich Brand") -> str:
    return next(b.brand_id for b in state.account.brands if b.spec.name == name)


def _tollfree(state: SandboxState) -> str:
    return state.account.tollfree[0].id


MSG = "/phone_numbers/messaging"
MSG_ONE = "/phone_numbers/{id}/messaging"
TF = "/messaging_tollfree/verification/requests"
UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000"

CASES = [
    Case("messaging list", MSG, lambda s: "/phone_numbers/messaging?page[size]=3", 200),
    Case("messaging list filtered", MSG, lambda s: "/phone_numbers/messaging?filter[phone_number]=%2B15550101002", 200),
    Case("messaging list by type", MSG, lambda s: "/phone_numbers/messaging?filter[type]=tollfree", 200),
    Case("messaging list page too big", MSG, lambda s: "/phone_numbers/messaging?page[size]=251", 400),
    Case("messaging list bad type", MSG, lambda s: "/phone_numbers/messaging?filter[type]=toll_free", 400),
    Case("messaging list no key", MSG, lambda s: "/phone_numbers/messaging", 401, key=""),
    Case("messaging one by id", MSG_ONE, lambda s: f"/phone_numbers/{_number_id(s)}/messaging", 200),
    Case("messaging one by e164", MSG_ONE, lambda s: "/phone_numbers/+18005550101/messaging", 200),
    Case("messaging one unknown", MSG_ONE, lambda s: "/phone_numbers/+15559999999/messaging", 404),
    Case(
        "messaging patch assign",
        MSG_ONE,
        lambda s: "/phone_numbers/+15550101002/messaging",
        200,
        "PATCH",
        {"messaging_profile_id": "11111111-2222-4333-8444-555555555555"},
    ),
    Case(
        "messaging patch unknown profile",
        MSG_ONE,
        lambda s: "/phone_numbers/+15550101002/messaging",
        422,
        "PATCH",
        {"messaging_profile_id": UNKNOWN_UUID},
    ),
    Case("inventory list", "/phone_numbers", lambda s: "/phone_numbers", 200),
    Case("inventory digits", "/phone_numbers", lambda s: "/phone_numbers?filter[phone_number]=15550101003", 200),
    Case("inventory bad status", "/phone_numbers", lambda s: "/phone_numbers?filter[status]=gone", 400),
    Case("inventory wrong key", "/phone_numbers", lambda s: "/phone_numbers", 401, key="wrong"),
    Case("inventory one", "/phone_numbers/{id}", lambda s: f"/phone_numbers/{_number_id(s, '+447700900123')}", 200),
    Case("inventory one unknown", "/phone_numbers/{id}", lambda s: "/phone_numbers/1234", 404),
    Case("profiles", "/messaging_profiles", lambda s: "/messaging_profiles", 200),
    Case("profile", "/messaging_profiles/{id}", lambda s: f"/messaging_profiles/{_profile(s)}", 200),
    Case("profile unknown", "/messaging_profiles/{id}", lambda s: f"/messaging_profiles/{UNKNOWN_UUID}", 404),
    Case(
        "profile numbers",
        "/messaging_profiles/{id}/phone_numbers",
        lambda s: f"/messaging_profiles/{_profile(s)}/phone_numbers",
        200,
    ),
    Case(
        "profile short codes",
        "/messaging_profiles/{id}/short_codes",
        lambda s: f"/messaging_profiles/{_profile(s)}/short_codes",
        200,
    ),
    Case(
        "profile senders",
        "/messaging_profiles/{id}/alphanumeric_sender_ids",
        lambda s: f"/messaging_profiles/{_profile(s)}/alphanumeric_sender_ids",
        200,
    ),
    Case(
        "profile senders unknown",
        "/messaging_profiles/{id}/alphanumeric_sender_ids",
        lambda s: f"/messaging_profiles/{UNKNOWN_UUID}/alphanumeric_sender_ids",
        404,
    ),
    Case(
        "profile senders no key",
        "/messaging_profiles/{id}/alphanumeric_sender_ids",
        lambda s: f"/messaging_profiles/{_profile(s)}/alphanumeric_sender_ids",
        401,
        key="",
    ),
    Case("assignments", "/10dlc/phone_number_campaigns", lambda s: "/10dlc/phone_number_campaigns", 200),
    Case(
        "assignment",
        "/10dlc/phone_number_campaigns/{phoneNumber}",
        lambda s: "/10dlc/phone_number_campaigns/+15550101001",
        200,
    ),
    Case(
        "assignment failed",
        "/10dlc/phone_number_campaigns/{phoneNumber}",
        lambda s: "/10dlc/phone_number_campaigns/+15550101002",
        200,
    ),
    Case(
        "assignment partner",
        "/10dlc/phone_number_campaigns/{phoneNumber}",
        lambda s: "/10dlc/phone_number_campaigns/%2B15550101003",
        200,
    ),
    Case(
        "assignment none",
        "/10dlc/phone_number_campaigns/{phoneNumber}",
        lambda s: "/10dlc/phone_number_campaigns/+18005550101",
        404,
    ),
    Case(
        "assignment no key",
        "/10dlc/phone_number_campaigns/{phoneNumber}",
        lambda s: "/10dlc/phone_number_campaigns/+15550101001",
        401,
        key="",
    ),
    Case("campaigns", "/10dlc/campaign", lambda s: f"/10dlc/campaign?brandId={_brand(s)}", 200),
    Case("campaigns no brand", "/10dlc/campaign", lambda s: "/10dlc/campaign", 422),
    Case("campaign", "/10dlc/campaign/{campaignId}", lambda s: f"/10dlc/campaign/{_campaign(s)}", 200),
    Case(
        "campaign rejected",
        "/10dlc/campaign/{campaignId}",
        lambda s: f"/10dlc/campaign/{_campaign(s, 'Rich Rejected')}",
        200,
    ),
    Case("campaign unknown", "/10dlc/campaign/{campaignId}", lambda s: f"/10dlc/campaign/{UNKNOWN_UUID}", 404),
    Case(
        "operation status",
        "/10dlc/campaign/{campaignId}/operationStatus",
        lambda s: f"/10dlc/campaign/{_campaign(s)}/operationStatus",
        200,
    ),
    Case(
        "mno metadata",
        "/10dlc/campaign/{campaignId}/mnoMetadata",
        lambda s: f"/10dlc/campaign/{_campaign(s)}/mnoMetadata",
        200,
    ),
    Case("sharing", "/10dlc/campaign/{campaignId}/sharing", lambda s: f"/10dlc/campaign/{_campaign(s)}/sharing", 200),
    Case("partner campaigns", "/10dlc/partner_campaigns", lambda s: "/10dlc/partner_campaigns", 200),
    Case(
        "partner campaign",
        "/10dlc/partner_campaigns/{campaignId}",
        lambda s: "/10dlc/partner_campaigns/CPARTNR",
        200,
    ),
    Case(
        "partner campaign unknown",
        "/10dlc/partner_campaigns/{campaignId}",
        lambda s: "/10dlc/partner_campaigns/CNOPE00",
        404,
    ),
    Case("brands", "/10dlc/brand", lambda s: "/10dlc/brand", 200),
    Case("brand", "/10dlc/brand/{brandId}", lambda s: f"/10dlc/brand/{_brand(s)}", 200),
    Case("brand failed", "/10dlc/brand/{brandId}", lambda s: f"/10dlc/brand/{_brand(s, 'Failed Brand')}", 200),
    Case("brand unknown", "/10dlc/brand/{brandId}", lambda s: f"/10dlc/brand/{UNKNOWN_UUID}", 404),
    Case(
        "brand feedback",
        "/10dlc/brand/feedback/{brandId}",
        lambda s: f"/10dlc/brand/feedback/{_brand(s, 'Failed Brand')}",
        200,
    ),
    Case("enum mno", "/10dlc/enum/{endpoint}", lambda s: "/10dlc/enum/mno", 200),
    Case("enum statuses", "/10dlc/enum/{endpoint}", lambda s: "/10dlc/enum/campaignStatus", 200),
    Case("enum unknown", "/10dlc/enum/{endpoint}", lambda s: "/10dlc/enum/nope", 404),
    Case("tollfree list", TF, lambda s: f"{TF}?page=1&page_size=10", 200),
    Case("tollfree by number", TF, lambda s: f"{TF}?page=1&page_size=10&phone_number=%2B18005550101", 200),
    Case("tollfree no paging", TF, lambda s: f"{TF}?phone_number=%2B18005550101", 422),
    Case("tollfree bad status", TF, lambda s: f"{TF}?page=1&page_size=10&status=Approved", 422),
    Case("tollfree one", f"{TF}/{{id}}", lambda s: f"{TF}/{_tollfree(s)}", 200),
    Case("tollfree one unknown", f"{TF}/{{id}}", lambda s: f"{TF}/{UNKNOWN_UUID}", 404),
    Case(
        "tollfree history",
        f"{TF}/{{id}}/status_history",
        lambda s: f"{TF}/{_tollfree(s)}/status_history?page[number]=1&page[size]=10",
        200,
    ),
    Case(
        "tollfree history no paging",
        f"{TF}/{{id}}/status_history",
        lambda s: f"{TF}/{_tollfree(s)}/status_history",
        422,
    ),
    Case("short codes", "/short_codes", lambda s: "/short_codes", 200),
    Case("short codes unassigned", "/short_codes", lambda s: "/short_codes?filter[messaging_profile_id]=null", 200),
    Case("short code", "/short_codes/{id}", lambda s: f"/short_codes/{s.account.short_codes[0].id}", 200),
    Case("short code unknown", "/short_codes/{id}", lambda s: f"/short_codes/{UNKNOWN_UUID}", 404),
    Case("senders", "/alphanumeric_sender_ids", lambda s: "/alphanumeric_sender_ids", 200),
    Case("senders no key", "/alphanumeric_sender_ids", lambda s: "/alphanumeric_sender_ids", 401, key=""),
    Case(
        "sender",
        "/alphanumeric_sender_ids/{id}",
        lambda s: f"/alphanumeric_sender_ids/{s.account.alpha_senders[0].id}",
        200,
    ),
    Case("sender unknown", "/alphanumeric_sender_ids/{id}", lambda s: f"/alphanumeric_sender_ids/{UNKNOWN_UUID}", 404),
    Case(
        "sender no key",
        "/alphanumeric_sender_ids/{id}",
        lambda s: f"/alphanumeric_sender_ids/{UNKNOWN_UUID}",
        401,
        key="",
    ),
    Case("legacy list", "/messaging_phone_numbers", lambda s: "/messaging_phone_numbers", 200, legacy=True),
    Case(
        "legacy unassigned",
        "/messaging_phone_numbers",
        lambda s: "/messaging_phone_numbers?filter[messaging_profile_id]=null",
        200,
        legacy=True,
    ),
    Case(
        "legacy one",
        "/messaging_phone_numbers/{id}",
        lambda s: "/messaging_phone_numbers/+18005550101",
        200,
        legacy=True,
    ),
    Case(
        "legacy one unknown",
        "/messaging_phone_numbers/{id}",
        lambda s: "/messaging_phone_numbers/+15559999999",
        404,
        legacy=True,
    ),
    Case(
        "legacy patch unbind",
        "/messaging_phone_numbers/{id}",
        lambda s: "/messaging_phone_numbers/+15550101001",
        200,
        "PATCH",
        {"messaging_profile_id": None},
        legacy=True,
    ),
]


async def _call(state: SandboxState, case: Case) -> httpx.Response:
    key = {"": "", "wrong": "KEYnot_the_right_one", None: None}[case.key]
    async with api_client(state, key=key) as http:
        return await http.request(case.method, case.url(state), json=case.body)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_response_matches_the_documented_schema(openapi: OpenApi, rich_state: SandboxState, case: Case) -> None:
    """Each endpoint answers with the documented status and a body that validates against the spec."""
    response = await _call(rich_state, case)
    assert response.status_code == case.status, response.text
    assert response.headers["content-type"].startswith("application/json")
    openapi.validate(case.method, case.spec_path, case.status, response.json(), legacy=case.legacy)


FAULTED = [
    ("/phone_numbers/messaging", "/v2/phone_numbers/messaging", 503),
    ("/phone_numbers", "/v2/phone_numbers", 500),
    ("/10dlc/phone_number_campaigns/{phoneNumber}", "/v2/10dlc/phone_number_campaigns/*", 502),
    (TF, "/v2/messaging_tollfree/*", 429),
]


@pytest.mark.parametrize(("spec_path", "route", "status"), FAULTED)
async def test_injected_errors_use_the_family_error_envelope(
    openapi: OpenApi, rich_state: SandboxState, spec_path: str, route: str, status: int
) -> None:
    """Injected 5xx and 429 answers carry the error body of the route's API family."""
    kind = "rate_limit" if status == 429 else "status"
    rich_state.faults.add(Fault(kind=kind, route=route, status=None if status == 429 else status, retry_after=2))
    url = spec_path.replace("{phoneNumber}", "+15550101001") + ("?page=1&page_size=5" if spec_path == TF else "")
    async with api_client(rich_state) as http:
        response = await http.get(url)
    assert response.status_code == status
    openapi.validate("GET", spec_path, status, response.json())


async def test_every_documented_get_operation_is_exercised(openapi: OpenApi) -> None:
    """The case table covers every operation of the subset the sandbox serves (messages excluded)."""
    documented = {
        (method.upper(), path)
        for path, operations in openapi.documents["current"]["paths"].items()
        for method in operations
        if method in ("get", "patch") and not path.startswith("/messages")
    }
    covered = {(c.method, c.spec_path) for c in CASES if not c.legacy}
    assert documented - covered == set()


async def test_strict_validation_rejects_a_misspelt_field(openapi: OpenApi) -> None:
    """The validator used above fails on a field the spec does not declare, so the checks have teeth."""
    body = {"records": [], "page": 1, "totalRecords": 0, "totalRecord": 0}
    with pytest.raises(jsonschema.ValidationError):
        openapi.validate("GET", "/10dlc/phone_number_campaigns", 200, body)
