"""JSON answers, Telnyx error bodies, query-string decoding and the three pagination schemes."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse

from telnyx_doctor.sandbox.views import error_item

T = TypeVar("T")
Family = Literal["messaging", "numbers", "10dlc", "tollfree"]

MAX_PAGE_SIZE = 250
TOLLFREE_MAX_PAGE_SIZE = 100  # the API clamps larger page_size values silently (reference §2)


class ApiProblem(Exception):
    """Raised by a handler to answer with an error; the app turns it into its response."""

    def __init__(self, response: JSONResponse) -> None:
        super().__init__(response.status_code)
        self.response = response


def family_of(path: str) -> Family:
    """Which API family a path belongs to; it decides the shape of error bodies."""
    if path.startswith("/v2/10dlc"):
        return "10dlc"
    if path.startswith("/v2/messaging_tollfree"):
        return "tollfree"
    if path.startswith("/v2/phone_numbers") and "/messaging" not in path:
        return "numbers"
    return "messaging"


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    """A JSON answer."""
    return JSONResponse(body, status_code=status, headers=headers)


def error_response(
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    *,
    family: Family = "messaging",
    parameter: str | None = None,
    pointer: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """`{"errors": [{code, title, detail, source?, meta?}]}` in the family's flavour."""
    item = error_item(code, title, detail, parameter=parameter, pointer=pointer, meta=family != "10dlc")
    return JSONResponse({"errors": [item]}, status_code=status, headers=headers)


def plain_error(status: int, code: str, title: str, detail: str) -> JSONResponse:
    """`{"errors": [{code, title, detail}]}`: the error shape of detail records and reports."""
    return JSONResponse({"errors": [{"code": code, "title": title, "detail": detail}]}, status_code=status)


def not_simulated(method: str, path: str, family: Family = "messaging") -> JSONResponse:
    """501: a real Telnyx operation (or method) the sandbox does not simulate, said plainly rather than 404."""
    detail = f"The sandbox does not simulate {method} {path}; the real Telnyx API may serve it."
    return error_response(501, "10007", "Not simulated", detail, family=family)


def not_found(family: Family, what: str) -> JSONResponse:
    """404 code 10005."""
    return error_response(404, "10005", "Resource not found", what, family=family)


def validation_422(field: str, message: str, kind: str, where: str = "query") -> JSONResponse:
    """The FastAPI-style 422 some 10DLC operations document (`HTTPValidationError`)."""
    return JSONResponse({"detail": [{"loc": [where, field], "msg": message, "type": kind}]}, status_code=422)


def plus_fixed(value: str) -> str:
    """Undo form decoding of an unencoded `+`: a leading space before digits was a `+` (reference §1)."""
    stripped = value.strip()
    if value.startswith(" ") and stripped[:1].isdigit():
        return "+" + stripped
    return stripped


def query_list(value: str) -> list[str]:
    """A comma-separated filter value, each item `+`-fixed."""
    return [plus_fixed(item) for item in value.split(",") if item.strip()]


def _int_param(request: Request, name: str, default: int | None, family: Family) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ApiProblem(
            error_response(400, "10015", "Bad Request", f"'{name}' must be an integer.", family=family, parameter=name)
        ) from None


def flat_page(request: Request, family: Family) -> tuple[int, int]:
    """`page[number]` (≥ 1, default 1) and `page[size]` (1–250, default 20), or a 400 error."""
    number = _int_param(request, "page[number]", 1, family) or 0
    size = _int_param(request, "page[size]", 20, family) or 0
    if number < 1:
        raise ApiProblem(
            error_response(
                400,
                "10015",
                "Bad Request",
                "'page[number]' must be greater than or equal to 1.",
                family=family,
                parameter="page[number]",
            )
        )
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise ApiProblem(
            error_response(
                400,
                "10015",
                "Bad Request",
                f"'page[size]' must be between 1 and {MAX_PAGE_SIZE}.",
                family=family,
                parameter="page[size]",
            )
        )
    return number, size


def flat_list(items: Sequence[T], render: Callable[[T], dict[str, Any]], number: int, size: int) -> dict[str, Any]:
    """A family-A list body: `data` plus `meta` with the four pagination keys."""
    start = (number - 1) * size
    return {
        "data": [render(item) for item in items[start : start + size]],
        "meta": {
            "page_number": number,
            "page_size": size,
            "total_pages": math.ceil(len(items) / size),
            "total_results": len(items),
        },
    }


def tendlc_page(request: Request, default_size: int, max_size: int = 500) -> tuple[int, int]:
    """`page` (≥ 1) and `recordsPerPage` (1–max) of 10DLC lists, or a FastAPI-style 422."""
    values: dict[str, int] = {}
    for name, default in (("page", 1), ("recordsPerPage", default_size)):
        raw = request.query_params.get(name)
        try:
            values[name] = default if raw is None or raw == "" else int(raw)
        except ValueError:
            raise ApiProblem(validation_422(name, "value is not a valid integer", "type_error.integer")) from None
    if values["page"] < 1:
        raise ApiProblem(validation_422("page", "ensure this value is greater than 0", "value_error.number"))
    if not 1 <= values["recordsPerPage"] <= max_size:
        raise ApiProblem(
            validation_422("recordsPerPage", f"ensure this value is between 1 and {max_size}", "value_error.number")
        )
    return values["page"], values["recordsPerPage"]


def tendlc_list(items: Sequence[T], render: Callable[[T], dict[str, Any]], page: int, per_page: int) -> dict[str, Any]:
    """A 10DLC list body: `records`, `page`, `totalRecords`."""
    start = (page - 1) * per_page
    return {
        "records": [render(item) for item in items[start : start + per_page]],
        "page": page,
        "totalRecords": len(items),
    }


def required_int(request: Request, name: str, family: Family, *, clamp: int | None = None) -> int:
    """A required integer parameter ≥ 1 (toll-free paging); a 422 Telnyx error when missing or invalid."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        raise ApiProblem(
            error_response(
                422,
                "10004",
                "Missing required parameter",
                f"The '{name}' parameter is required.",
                family=family,
                parameter=name,
            )
        )
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ApiProblem(
            error_response(
                422,
                "10015",
                "Bad Request",
                f"'{name}' must be an integer greater than or equal to 1.",
                family=family,
                parameter=name,
            )
        )
    return min(value, clamp) if clamp is not None else value
