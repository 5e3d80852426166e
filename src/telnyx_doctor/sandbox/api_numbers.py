"""Phone-number routes: messaging settings (current and legacy paths, GET and PATCH) and the inventory."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from telnyx_doctor.sandbox import views
from telnyx_doctor.sandbox.ids import now_iso
from telnyx_doctor.sandbox.records import Number
from telnyx_doctor.sandbox.responses import (
    ApiProblem,
    Family,
    error_response,
    flat_list,
    flat_page,
    json_response,
    not_found,
    plus_fixed,
    query_list,
)
from telnyx_doctor.sandbox.state import SandboxState

_TYPES = {"tollfree", "longcode", "shortcode"}
_STATUSES = {
    "purchase-pending", "purchase-failed", "port-pending", "port-failed", "active", "deleted", "emergency-only",
    "ported-out", "port-out-pending", "requirement-info-pending", "requirement-info-under-review",
    "requirement-info-exception", "provision-pending",
}  # fmt: skip
_NUMBER_TYPES = {"local", "national", "toll_free", "mobile", "shared_cost"}
_SORTS = {"purchased_at", "phone_number", "connection_name", "usage_payment_method"}


def _bad_enum(parameter: str, value: str, allowed: set[str], family: Family) -> ApiProblem:
    choices = ", ".join(sorted(allowed))
    return ApiProblem(
        error_response(
            400,
            "10032",
            "Invalid enumerated value",
            f"{value!r} is not a valid value for '{parameter}' (one of: {choices}).",
            family=family,
            parameter=parameter,
        )
    )


class NumberRoutes:
    """Handlers over the numbers in a SandboxState."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state

    def routes(self) -> list[Route]:
        """The routes, most specific first."""
        return [
            Route("/v2/phone_numbers/messaging", self.list_messaging, methods=["GET"]),
            Route("/v2/phone_numbers/{id}/messaging", self.get_messaging, methods=["GET"]),
            Route("/v2/phone_numbers/{id}/messaging", self.patch_messaging, methods=["PATCH"]),
            Route("/v2/phone_numbers", self.list_inventory, methods=["GET"]),
            Route("/v2/phone_numbers/{id}", self.get_inventory, methods=["GET"]),
            Route("/v2/messaging_phone_numbers", self.list_legacy, methods=["GET"]),
            Route("/v2/messaging_phone_numbers/{id}", self.get_legacy, methods=["GET"]),
            Route("/v2/messaging_phone_numbers/{id}", self.patch_legacy, methods=["PATCH"]),
        ]

    # --- lookups ---------------------------------------------------------------------------------

    def _messaging_number(self, raw: str) -> Number:
        key = plus_fixed(raw)
        account = self.state.account
        number = account.number(key) or (account.number("+" + key) if key.isdigit() else None)
        if number is None or not number.spec.messaging:
            raise ApiProblem(not_found("messaging", f"No messaging settings for phone number {key!r}."))
        return number

    def _by_numbers(self, wanted: list[str]) -> list[Number]:
        index = self.state.account.numbers_by_e164
        found = {n.order: n for n in (index.get(w) for w in wanted) if n is not None}
        return [found[order] for order in sorted(found)]

    def _render(self, legacy: bool = False) -> Any:
        account = self.state.account
        return lambda n: views.messaging_settings(n, account, legacy=legacy)

    # --- current messaging settings --------------------------------------------------------------

    async def list_messaging(self, request: Request) -> Response:
        """GET /v2/phone_numbers/messaging."""
        number, size = flat_page(request, "messaging")
        params = request.query_params
        exact = params.get("filter[phone_number]")
        pool = self._by_numbers(query_list(exact)) if exact else self.state.account.numbers
        selected = [n for n in pool if n.spec.messaging]
        contains = params.get("filter[phone_number][contains]")
        if contains:
            needle = plus_fixed(contains)
            selected = [n for n in selected if needle in n.phone_number]
        profile_id = params.get("filter[messaging_profile_id]")
        if profile_id:
            selected = [n for n in selected if n.profile_id == profile_id]
        kind = params.get("filter[type]")
        if kind:
            if kind not in _TYPES:
                raise _bad_enum("filter[type]", kind, _TYPES, "messaging")
            selected = [n for n in selected if n.messaging_type.replace("-", "") == kind]
        order = params.get("sort[phone_number]")
        if order:
            if order not in ("asc", "desc"):
                raise _bad_enum("sort[phone_number]", order, {"asc", "desc"}, "messaging")
            selected = sorted(selected, key=lambda n: n.phone_number, reverse=order == "desc")
        return json_response(flat_list(selected, self._render(), number, size))

    async def get_messaging(self, request: Request) -> Response:
        """GET /v2/phone_numbers/{id}/messaging (numeric id or E.164)."""
        number = self._messaging_number(request.path_params["id"])
        return json_response({"data": self._render()(number)})

    async def patch_messaging(self, request: Request) -> Response:
        """PATCH /v2/phone_numbers/{id}/messaging: `""` unassigns, a UUID assigns, null changes nothing."""
        number = self._messaging_number(request.path_params["id"])
        await self._apply_patch(request, number, null_unassigns=False)
        return json_response({"data": self._render()(number)})

    # --- legacy /v2/messaging_phone_numbers --------------------------------------------------------

    async def list_legacy(self, request: Request) -> Response:
        """GET /v2/messaging_phone_numbers (the 2020 API)."""
        number, size = flat_page(request, "messaging")
        params = request.query_params
        exact = params.get("filter[phone_number]")
        pool = self._by_numbers(query_list(exact)) if exact else self.state.account.numbers
        selected = [n for n in pool if n.spec.messaging]
        profile_id = params.get("filter[messaging_profile_id]")
        if profile_id == "null":
            selected = [n for n in selected if n.profile_id is None]
        elif profile_id:
            selected = [n for n in selected if n.profile_id == profile_id]
        return json_response(flat_list(selected, self._render(legacy=True), number, size))

    async def get_legacy(self, request: Request) -> Response:
        """GET /v2/messaging_phone_numbers/{id} (id = the E.164 number)."""
        number = self._messaging_number(request.path_params["id"])
        return json_response({"data": self._render(legacy=True)(number)})

    async def patch_legacy(self, request: Request) -> Response:
        """PATCH /v2/messaging_phone_numbers/{id}: null or `""` unbinds the number from its profile."""
        number = self._messaging_number(request.path_params["id"])
        await self._apply_patch(request, number, null_unassigns=True)
        return json_response({"data": self._render(legacy=True)(number)})

    async def _apply_patch(self, request: Request, number: Number, *, null_unassigns: bool) -> None:
        body = await _json_object(request)
        changes: dict[str, Any] = {}
        if "messaging_profile_id" in body:
            value = body["messaging_profile_id"]
            if value is None:
                if null_unassigns:
                    changes["profile_id"] = None
            elif not isinstance(value, str):
                raise ApiProblem(_unprocessable("messaging_profile_id must be a string.", "/messaging_profile_id"))
            elif value == "":
                changes["profile_id"] = None
            elif value not in self.state.account.profiles_by_id:
                raise ApiProblem(
                    error_response(
                        422,
                        "10017",
                        "Associated resource does not exist",
                        f"Messaging profile {value!r} does not exist.",
                        pointer="/messaging_profile_id",
                    )
                )
            else:
                changes["profile_id"] = value
        product = body.get("messaging_product")
        if product is not None:
            eligible = number.spec.eligible_messaging_products
            if not isinstance(product, str) or product not in eligible:
                raise ApiProblem(
                    error_response(
                        422,
                        "40324",
                        "Messaging product type change failed",
                        f"messaging_product must be one of {eligible}.",
                        pointer="/messaging_product",
                    )
                )
            changes["messaging_product"] = product
        tags = body.get("tags")
        if tags is not None:
            if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                raise ApiProblem(_unprocessable("tags must be an array of strings.", "/tags"))
            changes["tags"] = list(tags)
        for attribute, value in changes.items():
            setattr(number, attribute, value)
        if changes:
            number.updated_at = now_iso()

    # --- inventory ---------------------------------------------------------------------------------

    async def list_inventory(self, request: Request) -> Response:
        """GET /v2/phone_numbers: `filter[phone_number]` matches digits anywhere in the number."""
        number, size = flat_page(request, "numbers")
        params = request.query_params
        account = self.state.account
        selected: list[Number] = account.numbers
        wanted = params.get("filter[phone_number]")
        if wanted is not None:
            selected = self._digits_match(wanted.strip().lstrip("+").strip())
        status = params.get("filter[status]")
        if status:
            if status not in _STATUSES:
                raise _bad_enum("filter[status]", status, _STATUSES, "numbers")
            selected = [n for n in selected if n.spec.status == status]
        number_type = params.get("filter[number_type][eq]")
        if number_type:
            if number_type not in _NUMBER_TYPES:
                raise _bad_enum("filter[number_type][eq]", number_type, _NUMBER_TYPES, "numbers")
            selected = [n for n in selected if n.phone_number_type == number_type]
        country = params.get("filter[country_iso_alpha2]")
        if country:
            countries = set(country.split(","))
            selected = [n for n in selected if n.country in countries]
        tag = params.get("filter[tag]")
        if tag:
            selected = [n for n in selected if tag in n.tags]
        sort = params.get("sort")
        if sort and sort not in _SORTS:
            raise _bad_enum("sort", sort, _SORTS, "numbers")
        if sort == "phone_number":
            selected = sorted(selected, key=lambda n: n.phone_number)
        elif sort == "connection_name":
            selected = sorted(selected, key=lambda n: n.spec.connection_name or "")
        else:  # purchased_at, and the default (created_at, newest first) sort the same here
            selected = sorted(selected, key=lambda n: (n.created_at, -n.order), reverse=sort is None)
        return json_response(flat_list(selected, lambda n: views.phone_number_detailed(n, account), number, size))

    def _digits_match(self, digits: str) -> list[Number]:
        # The API wants ≥ 3 digits and returns nothing for anything that is not digits.
        if len(digits) < 3 or not digits.isdigit():
            return []
        # Only longer numbers can contain the digits besides an exact match, so a full number is a lookup.
        account = self.state.account
        exact = account.numbers_by_e164.get("+" + digits)
        found = [exact] if exact is not None else []
        for length, group in account.numbers_by_length.items():
            if length > len(digits):
                found.extend(n for n in group if digits in n.digits)
        return sorted(found, key=lambda n: n.order)

    async def get_inventory(self, request: Request) -> Response:
        """GET /v2/phone_numbers/{id} (numeric id)."""
        number = self.state.account.numbers_by_id.get(request.path_params["id"])
        if number is None:
            return not_found("numbers", "The requested resource or URL could not be found.")
        return json_response({"data": views.phone_number_detailed(number, self.state.account)})


def _unprocessable(detail: str, pointer: str) -> JSONResponse:
    return error_response(422, "10015", "Bad Request", detail, pointer=pointer)


async def _json_object(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        raise ApiProblem(error_response(400, "10015", "Bad Request", "The request body is not valid JSON.")) from None
    if not isinstance(body, dict):
        raise ApiProblem(error_response(422, "10015", "Bad Request", "The request body must be a JSON object."))
    return body
