"""10DLC routes: number assignments, campaigns (own and partner), brands and enums; no envelope, camelCase."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, get_args

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from telnyx_doctor.sandbox import views
from telnyx_doctor.sandbox.records import CARRIERS, Assignment, Brand, Campaign
from telnyx_doctor.sandbox.responses import (
    ApiProblem,
    json_response,
    not_found,
    plus_fixed,
    tendlc_list,
    tendlc_page,
    validation_422,
)
from telnyx_doctor.sandbox.spec import CampaignStatus, IdentityStatus
from telnyx_doctor.sandbox.state import SandboxState

T = TypeVar("T")

_ENUMS: dict[str, list[Any]] = {
    "mno": [
        {"networkId": int(network), "displayName": name, "osrBitmaskIndex": index}
        for index, (network, name) in enumerate(CARRIERS.items())
    ],
    "campaignStatus": list(get_args(CampaignStatus)),
    "brandIdentityStatus": list(get_args(IdentityStatus)),
    "brandStatus": ["OK", "REGISTRATION_PENDING", "REGISTRATION_FAILED"],
    "operationStatus": ["APPROVED", "REJECTED", "REVIEW", "SUSPENDED"],
    "entityType": ["PRIVATE_PROFIT", "PUBLIC_PROFIT", "NON_PROFIT", "GOVERNMENT", "SOLE_PROPRIETOR"],
    "brandRelationship": ["BASIC_ACCOUNT", "SMALL_ACCOUNT", "MEDIUM_ACCOUNT", "LARGE_ACCOUNT", "KEY_ACCOUNT"],
    "altBusinessIdType": ["NONE", "DUNS", "GIIN", "LEI"],
    "vettingStatus": ["PENDING", "UNSCORE", "ACTIVE", "FAILED", "EXPIRED"],
    "vettingClass": ["STANDARD", "POLITICAL"],
    "usecase": ["2FA", "ACCOUNT_NOTIFICATION", "CUSTOMER_CARE", "MARKETING", "MIXED", "LOW_VOLUME"],
    "vertical": ["TECHNOLOGY", "RETAIL", "HEALTHCARE", "FINANCIAL", "PROFESSIONAL", "REAL_ESTATE"],
    "stockExchange": ["NONE", "NASDAQ", "NYSE", "AMEX", "TSX", "LON"],
}


def _filtered(items: list[T], params: QueryParams, filters: dict[str, Callable[[T], object]]) -> list[T]:
    """Keep the items whose value equals every filter given in the query (an empty one filters nothing)."""
    for name, value_of in filters.items():
        wanted = params.get(name)
        if wanted:
            items = [item for item in items if value_of(item) == wanted]
    return items


def _sorted(items: list[Any], sort: str | None, default: str, keys: dict[str, Any]) -> list[Any]:
    """Apply a `[-]field` sort; unknown fields answer a FastAPI-style 422."""
    spec = sort or default
    field = spec.lstrip("-")
    if field not in keys:
        raise ApiProblem(
            validation_422("sort", f"value is not a valid enumeration member: {spec!r}", "type_error.enum")
        )
    return sorted(items, key=keys[field], reverse=spec.startswith("-"))


class TenDlcRoutes:
    """Handlers over the 10DLC records in a SandboxState."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state

    def routes(self) -> list[Route]:
        """The routes."""
        prefix = "/v2/10dlc"
        return [
            Route(f"{prefix}/phone_number_campaigns", self.list_assignments, methods=["GET"]),
            Route(f"{prefix}/phone_number_campaigns/{{phoneNumber}}", self.get_assignment, methods=["GET"]),
            Route(f"{prefix}/campaign", self.list_campaigns, methods=["GET"]),
            Route(f"{prefix}/campaign/{{campaignId}}", self.get_campaign, methods=["GET"]),
            Route(f"{prefix}/campaign/{{campaignId}}/operationStatus", self.operation_status, methods=["GET"]),
            Route(f"{prefix}/campaign/{{campaignId}}/mnoMetadata", self.mno_metadata, methods=["GET"]),
            Route(f"{prefix}/campaign/{{campaignId}}/sharing", self.sharing, methods=["GET"]),
            Route(f"{prefix}/partner_campaigns", self.list_partner_campaigns, methods=["GET"]),
            Route(f"{prefix}/partner_campaigns/{{campaignId}}", self.get_partner_campaign, methods=["GET"]),
            Route(f"{prefix}/brand", self.list_brands, methods=["GET"]),
            Route(f"{prefix}/brand/feedback/{{brandId}}", self.brand_feedback, methods=["GET"]),
            Route(f"{prefix}/brand/{{brandId}}", self.get_brand, methods=["GET"]),
            Route(f"{prefix}/enum/{{endpoint}}", self.get_enum, methods=["GET"]),
        ]

    # --- assignments ---------------------------------------------------------------------------------

    async def list_assignments(self, request: Request) -> Response:
        """GET /v2/10dlc/phone_number_campaigns."""
        page, per_page = tendlc_page(request, 20)
        params = request.query_params
        selected = self.state.account.assignments()
        filters: dict[str, Callable[[Assignment], object]] = {
            "filter[telnyx_campaign_id]": lambda a: isinstance(a.campaign, Campaign) and a.campaign.campaign_id,
            "filter[telnyx_brand_id]": lambda a: isinstance(a.campaign, Campaign) and a.campaign.brand.brand_id,
            "filter[tcr_campaign_id]": lambda a: a.campaign.tcr_campaign_id,
            "filter[tcr_brand_id]": lambda a: views.phone_number_campaign(a)["tcrBrandId"],
        }
        selected = _sorted(
            _filtered(selected, params, filters),
            params.get("sort"),
            "-createdAt",
            {
                "createdAt": lambda a: a.created_at,
                "phoneNumber": lambda a: a.phone_number,
                "assignmentStatus": lambda a: a.spec.assignment_status,
            },
        )
        return json_response(tendlc_list(selected, views.phone_number_campaign, page, per_page))

    async def get_assignment(self, request: Request) -> Response:
        """GET /v2/10dlc/phone_number_campaigns/{phoneNumber}; 404 when the number has no assignment."""
        key = plus_fixed(request.path_params["phoneNumber"])
        number = self.state.account.numbers_by_e164.get(key if key.startswith("+") else "+" + key)
        assignment: Assignment | None = number.assignment if number is not None else None
        if assignment is None:
            return not_found("10dlc", f"No 10DLC campaign assignment for phone number {key!r}.")
        return json_response(views.phone_number_campaign(assignment))

    # --- campaigns -------------------------------------------------------------------------------------

    def _campaign(self, request: Request) -> Campaign:
        campaign = self.state.account.campaigns_by_id.get(request.path_params["campaignId"])
        if campaign is None:
            raise ApiProblem(not_found("10dlc", "The requested campaign could not be found."))
        return campaign

    async def list_campaigns(self, request: Request) -> Response:
        """GET /v2/10dlc/campaign?brandId=… (brandId is required)."""
        brand_id = request.query_params.get("brandId")
        if not brand_id:
            return validation_422("brandId", "field required", "value_error.missing")
        page, per_page = tendlc_page(request, 10)
        selected = [c for c in self.state.account.campaigns if c.brand.brand_id == brand_id]
        selected = _sorted(
            selected,
            request.query_params.get("sort"),
            "-createdAt",
            {
                "createdAt": lambda c: c.created_at,
                "campaignId": lambda c: c.campaign_id,
                "tcrCampaignId": lambda c: c.tcr_campaign_id,
                "status": lambda c: c.spec.status,
                "assignedPhoneNumbersCount": lambda c: c.assigned_count,
            },
        )
        bases = self.state.webhook_bases
        return json_response(
            tendlc_list(selected, lambda c: views.campaign_csp(c, bases, with_count=True), page, per_page)
        )

    async def get_campaign(self, request: Request) -> Response:
        """GET /v2/10dlc/campaign/{campaignId}."""
        return json_response(views.campaign_csp(self._campaign(request), self.state.webhook_bases))

    async def operation_status(self, request: Request) -> Response:
        """GET /v2/10dlc/campaign/{campaignId}/operationStatus: carrier network id → status."""
        return json_response(dict(self._campaign(request).operation_status))

    async def mno_metadata(self, request: Request) -> Response:
        """GET /v2/10dlc/campaign/{campaignId}/mnoMetadata."""
        self._campaign(request)
        return json_response(views.mno_metadata())

    async def sharing(self, request: Request) -> Response:
        """GET /v2/10dlc/campaign/{campaignId}/sharing."""
        return json_response(views.sharing(self._campaign(request).spec.sharing))

    async def list_partner_campaigns(self, request: Request) -> Response:
        """GET /v2/10dlc/partner_campaigns."""
        page, per_page = tendlc_page(request, 10)
        selected = _sorted(
            list(self.state.account.partner_campaigns),
            request.query_params.get("sort"),
            "-createdAt",
            {"createdAt": lambda c: c.created_at, "tcrCampaignId": lambda c: c.tcr_campaign_id},
        )
        return json_response(tendlc_list(selected, views.downstream_campaign, page, per_page))

    async def get_partner_campaign(self, request: Request) -> Response:
        """GET /v2/10dlc/partner_campaigns/{campaignId} (the TCR campaign id)."""
        campaign = self.state.account.partner_by_tcr_id.get(request.path_params["campaignId"])
        if campaign is None:
            return not_found("10dlc", "The requested partner campaign could not be found.")
        return json_response(views.downstream_campaign(campaign))

    # --- brands ----------------------------------------------------------------------------------------

    def _brand(self, request: Request) -> Brand:
        brand = self.state.account.brands_by_id.get(request.path_params["brandId"])
        if brand is None:
            raise ApiProblem(not_found("10dlc", "The requested brand could not be found."))
        return brand

    def _campaign_count(self, brand: Brand) -> int:
        return sum(1 for c in self.state.account.campaigns if c.brand is brand)

    async def list_brands(self, request: Request) -> Response:
        """GET /v2/10dlc/brand."""
        page, per_page = tendlc_page(request, 10)
        params = request.query_params
        selected = list(self.state.account.brands)
        filters: dict[str, Callable[[Brand], object]] = {
            "displayName": lambda b: b.display_name,
            "entityType": lambda b: b.spec.entity_type,
            "country": lambda b: b.spec.country,
            "brandId": lambda b: b.brand_id,
            "tcrBrandId": lambda b: b.tcr_brand_id,
        }
        selected = _sorted(
            _filtered(selected, params, filters),
            params.get("sort"),
            "-createdAt",
            {
                "createdAt": lambda b: b.created_at,
                "brandId": lambda b: b.brand_id,
                "displayName": lambda b: b.display_name,
                "identityStatus": lambda b: b.spec.identity_status,
                "status": lambda b: b.spec.status,
                "tcrBrandId": lambda b: b.tcr_brand_id,
                "assignedCampaignsCount": self._campaign_count,
            },
        )
        return json_response(
            tendlc_list(selected, lambda b: views.brand_basic(b, self._campaign_count(b)), page, per_page)
        )

    async def get_brand(self, request: Request) -> Response:
        """GET /v2/10dlc/brand/{brandId}."""
        brand = self._brand(request)
        return json_response(views.brand(brand, self.state.webhook_bases, self._campaign_count(brand)))

    async def brand_feedback(self, request: Request) -> Response:
        """GET /v2/10dlc/brand/feedback/{brandId}."""
        brand = self._brand(request)
        return json_response({"brandId": brand.brand_id, "category": [dict(c) for c in brand.feedback]})

    async def get_enum(self, request: Request) -> Response:
        """GET /v2/10dlc/enum/{endpoint}."""
        values = _ENUMS.get(request.path_params["endpoint"])
        if values is None:
            return not_found("10dlc", f"No enum named {request.path_params['endpoint']!r}.")
        return json_response(values)
