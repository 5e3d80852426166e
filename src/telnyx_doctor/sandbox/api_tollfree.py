"""Toll-free verification routes: `{records, total_records}` lists with required paging, camelCase records."""

from __future__ import annotations

from datetime import datetime
from typing import get_args

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from telnyx_doctor.sandbox import views
from telnyx_doctor.sandbox.records import TollFreeRequest
from telnyx_doctor.sandbox.responses import (
    TOLLFREE_MAX_PAGE_SIZE,
    ApiProblem,
    error_response,
    json_response,
    not_found,
    plus_fixed,
    required_int,
)
from telnyx_doctor.sandbox.spec import TollFreeStatus
from telnyx_doctor.sandbox.state import SandboxState

_STATUSES = set(get_args(TollFreeStatus))
_PREFIX = "/v2/messaging_tollfree/verification/requests"


def _instant(request: Request, name: str) -> datetime | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw.replace(" ", "+"))
    except ValueError:
        raise ApiProblem(
            error_response(
                422,
                "10015",
                "Bad Request",
                f"'{name}' must be an ISO 8601 date-time.",
                family="tollfree",
                parameter=name,
            )
        ) from None


class TollFreeRoutes:
    """Handlers over the toll-free verification requests in a SandboxState."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state

    def routes(self) -> list[Route]:
        """The routes."""
        return [
            Route(_PREFIX, self.list_requests, methods=["GET"]),
            Route(f"{_PREFIX}/{{id}}", self.get_request, methods=["GET"]),
            Route(f"{_PREFIX}/{{id}}/status_history", self.status_history, methods=["GET"]),
        ]

    def _request(self, request: Request) -> TollFreeRequest:
        found = self.state.account.tollfree_by_id.get(request.path_params["id"])
        if found is None:
            raise ApiProblem(not_found("tollfree", "The requested verification request could not be found."))
        return found

    async def list_requests(self, request: Request) -> Response:
        """GET …/requests?page=&page_size= (both required), filtered by phone_number, status, business_name, dates."""
        page = required_int(request, "page", "tollfree")
        size = required_int(request, "page_size", "tollfree", clamp=TOLLFREE_MAX_PAGE_SIZE)
        params = request.query_params
        account = self.state.account
        number = params.get("phone_number")
        selected = account.tollfree_by_number.get(plus_fixed(number), []) if number else account.tollfree
        status = params.get("status")
        if status:
            if status not in _STATUSES:
                raise ApiProblem(
                    error_response(
                        422,
                        "10032",
                        "Invalid enumerated value",
                        f"{status!r} is not a verification status.",
                        family="tollfree",
                        parameter="status",
                    )
                )
            selected = [r for r in selected if r.spec.verification_status == status]
        name = params.get("business_name")
        if name:
            selected = [r for r in selected if name.lower() in r.spec.business_name.lower()]
        start, end = _instant(request, "date_start"), _instant(request, "date_end")
        if start or end:
            selected = [r for r in selected if _within(r.created_at, start, end)]
        selected = sorted(selected, key=lambda r: r.created_at, reverse=True)
        first = (page - 1) * size
        return json_response(
            {
                "records": [views.tollfree_request(r) for r in selected[first : first + size]],
                "total_records": len(selected),
            }
        )

    async def get_request(self, request: Request) -> Response:
        """GET …/requests/{id}."""
        return json_response(views.tollfree_request(self._request(request)))

    async def status_history(self, request: Request) -> Response:
        """GET …/requests/{id}/status_history?page[number]=&page[size]= (both required), newest first."""
        found = self._request(request)
        page = required_int(request, "page[number]", "tollfree")
        size = required_int(request, "page[size]", "tollfree", clamp=TOLLFREE_MAX_PAGE_SIZE)
        first = (page - 1) * size
        records = [
            {k: v for k, v in entry.items() if v is not None or k == "reason"}
            for entry in found.history[first : first + size]
        ]
        return json_response({"records": records, "total_records": len(found.history)})


def _within(created_at: str, start: datetime | None, end: datetime | None) -> bool:
    moment = datetime.fromisoformat(created_at)
    if start is not None and moment < _aware(start, moment):
        return False
    return end is None or moment <= _aware(end, moment)


def _aware(value: datetime, like: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=like.tzinfo)
