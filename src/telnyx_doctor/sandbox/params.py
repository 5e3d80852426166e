"""The filter and sort parameters each list route honours; any other one is refused with a 400 naming it.

The real API rejects filter fields it does not know (detail records document it); a sandbox that silently
ignored them would answer with every record and let a client believe its filter worked.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.datastructures import QueryParams

from telnyx_doctor.sandbox.responses import ApiProblem, Family, error_response, plain_error

# Route template → the filter/sort keys it applies. Routes absent from the table check their own parameters.
SUPPORTED: dict[str, frozenset[str]] = {
    "/v2/phone_numbers/messaging": frozenset(
        {
            "filter[phone_number]",
            "filter[phone_number][contains]",
            "filter[messaging_profile_id]",
            "filter[type]",
            "sort[phone_number]",
        }
    ),
    "/v2/messaging_phone_numbers": frozenset({"filter[phone_number]", "filter[messaging_profile_id]"}),
    "/v2/phone_numbers": frozenset(
        {
            "filter[phone_number]",
            "filter[status]",
            "filter[number_type][eq]",
            "filter[country_iso_alpha2]",
            "filter[tag]",
            "sort",
        }
    ),
    "/v2/messaging_profiles": frozenset({"filter[name]", "filter[name][eq]", "filter[name][contains]"}),
    "/v2/messaging_profiles/{id}/phone_numbers": frozenset(),
    "/v2/messaging_profiles/{id}/short_codes": frozenset(),
    "/v2/messaging_profiles/{id}/alphanumeric_sender_ids": frozenset(),
    "/v2/short_codes": frozenset({"filter[messaging_profile_id]"}),
    "/v2/alphanumeric_sender_ids": frozenset({"filter[messaging_profile_id]"}),
    "/v2/10dlc/phone_number_campaigns": frozenset(
        {
            "filter[telnyx_campaign_id]",
            "filter[telnyx_brand_id]",
            "filter[tcr_campaign_id]",
            "filter[tcr_brand_id]",
            "sort",
        }
    ),
}


def is_filter(name: str) -> bool:
    """True for `filter…` and `sort…` parameters (paging and the rest are the route's business)."""
    return name.startswith(("filter", "sort"))


def unsupported(params: QueryParams, allowed: Iterable[str]) -> str | None:
    """The first filter or sort parameter of `params` not in `allowed`, else None."""
    known = set(allowed)
    for name in params:
        if is_filter(name) and name not in known:
            return name
    return None


def unsupported_filter(name: str, family: Family, *, meta: bool = True) -> ApiProblem:
    """A 400 naming the parameter the sandbox does not filter by (Telnyx refuses unknown filter fields too)."""
    detail = f"The '{name}' parameter is not a supported filter or sort of this endpoint."
    if not meta:  # detail-records and reporting errors are {code, title, detail} only
        return ApiProblem(plain_error(400, "10015", "Bad Request", detail))
    return ApiProblem(error_response(400, "10015", "Bad Request", detail, family=family, parameter=name))


def check_route_filters(template: str, params: QueryParams, family: Family) -> None:
    """Raise the 400 when a list route in SUPPORTED receives a filter it does not apply."""
    allowed = SUPPORTED.get(template)
    if allowed is None:
        return
    name = unsupported(params, allowed)
    if name is not None:
        raise unsupported_filter(name, family)
