"""Evidence routes: /v2/detail_records, /v2/webhook_deliveries[/{id}] and /v2/reports/mdrs, with their filters."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from telnyx_doctor.sandbox import views_evidence as views
from telnyx_doctor.sandbox.evidence import DeliveryRecord, MessageRecord
from telnyx_doctor.sandbox.params import unsupported_filter
from telnyx_doctor.sandbox.responses import (
    ApiProblem,
    error_response,
    flat_list,
    json_response,
    not_found,
    plain_error,
)
from telnyx_doctor.sandbox.state import SandboxState

RECORD_TYPES = frozenset(
    {
        "ai-voice-assistant", "amd", "call-control", "conference", "conference-participant", "embedding", "fax",
        "inference", "inference-speech-to-text", "media_storage", "media-streaming", "messaging",
        "noise-suppression", "recording", "sip-trunking", "siprec-client", "stt", "tts", "verify", "webrtc",
        "wireless",
    }
)  # fmt: skip
DETAIL_MAX_PAGE = 50
DELIVERY_MAX_PAGE = 250
_TIME_FIELDS = ("created_at", "sent_at", "completed_at", "updated_at")
_TEXT_FIELDS: dict[str, Callable[[MessageRecord], str]] = {
    "uuid": lambda r: r.id,
    "cli": lambda r: r.cli,
    "cld": lambda r: r.cld,
    "direction": lambda r: r.direction,
    "status": lambda r: r.mdr_status or "",
    "message_type": lambda r: r.message_type,
    "profile_id": lambda r: r.profile.id if r.profile else "",
    "profile_name": lambda r: r.profile.name if r.profile else "",
}
_TEXT_OPS = {"eq", "contains", "starts_with", "ends_with"}
_TIME_OPS = {"eq", "gte", "gt", "lte", "lt"}
_FILTER = re.compile(r"^filter\[([a-z_]+)\](?:\[([a-z_]+)\])?$")
_LAST_N_DAYS = re.compile(r"^last_(\d+)_days$")


def _detail_error(detail: str) -> ApiProblem:
    return ApiProblem(plain_error(400, "10015", "Bad Request", detail))


def _instant(value: str) -> datetime | None:
    text = value.strip().replace("Z", "+00:00").replace(" ", "+")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = datetime.combine(date.fromisoformat(text), datetime.min.time())
        except ValueError:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _compare(op: str, left: datetime, right: datetime) -> bool:
    return {
        "eq": left == right,
        "gte": left >= right,
        "gt": left > right,
        "lte": left <= right,
        "lt": left < right,
    }[op]


def _text_match(op: str, value: str, wanted: str) -> bool:
    if op == "contains":
        return wanted in value
    if op == "starts_with":
        return value.startswith(wanted)
    if op == "ends_with":
        return value.endswith(wanted)
    return value == wanted


def _date_range(name: str, now: datetime) -> tuple[datetime, datetime]:
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    day = timedelta(days=1)
    first_of_month = midnight.replace(day=1)
    match = _LAST_N_DAYS.match(name)
    if match:
        return midnight - day * int(match.group(1)), now + day
    week_start = midnight - day * midnight.weekday()
    ranges = {
        "today": (midnight, midnight + day),
        "yesterday": (midnight - day, midnight),
        "tomorrow": (midnight + day, midnight + 2 * day),
        "this_week": (week_start, week_start + 7 * day),
        "last_week": (week_start - 7 * day, week_start),
        "next_week": (week_start + 7 * day, week_start + 14 * day),
        "this_month": (first_of_month, (first_of_month + 32 * day).replace(day=1)),
        "last_month": ((first_of_month - day).replace(day=1), first_of_month),
        "next_month": ((first_of_month + 32 * day).replace(day=1), (first_of_month + 64 * day).replace(day=1)),
    }
    if name not in ranges:
        raise _detail_error(f"'{name}' is not a valid filter[date_range].")
    return ranges[name]


def _page(request: Request, maximum: int, problem: Callable[[str, str], ApiProblem]) -> tuple[int, int]:
    values = {}
    for name, default in (("page[number]", 1), ("page[size]", 20)):
        raw = request.query_params.get(name)
        try:
            values[name] = default if raw in (None, "") else int(raw or "")
        except ValueError:
            raise problem(name, f"'{name}' must be an integer.") from None
    if values["page[number]"] < 1:
        raise problem("page[number]", "'page[number]' must be greater than or equal to 1.")
    if not 1 <= values["page[size]"] <= maximum:
        raise problem("page[size]", f"'page[size]' must be between 1 and {maximum}.")
    return values["page[number]"], values["page[size]"]


class EvidenceRoutes:
    """Handlers over the evidence of a SandboxState."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state

    def routes(self) -> list[Route]:
        """The routes."""
        return [
            Route("/v2/detail_records", self.detail_records, methods=["GET"]),
            Route("/v2/webhook_deliveries", self.list_deliveries, methods=["GET"]),
            Route("/v2/webhook_deliveries/{id}", self.get_delivery, methods=["GET"]),
            Route("/v2/reports/mdrs", self.mdrs, methods=["GET"]),
        ]

    def _final_messages(self) -> list[MessageRecord]:
        # Queued and sending messages are not in detail records until they are final (reference §B.1).
        return [m for m in self.state.evidence.snapshot_messages() if m.mdr_status is not None]

    # --- detail records ---------------------------------------------------------------------------

    async def detail_records(self, request: Request) -> Response:
        """GET /v2/detail_records (messaging records; other record types exist but hold nothing here)."""
        params = request.query_params
        record_type = params.get("filter[record_type]")
        if not record_type:
            raise _detail_error("filter[record_type] must be specified.")
        if record_type not in RECORD_TYPES:
            raise _detail_error(f"No matching record type was found matching given record type {record_type}")
        number, size = _page(request, DETAIL_MAX_PAGE, lambda _n, detail: _detail_error(detail))
        keep: list[Callable[[MessageRecord], bool]] = []
        for name, value in params.multi_items():
            if name in ("filter[record_type]", "page[number]", "page[size]", "sort"):
                continue
            keep.append(self._detail_filter(name, value))
        records = self._final_messages() if record_type == "messaging" else []
        records = [r for r in records if all(test(r) for test in keep)]
        records = self._sorted(records, params.getlist("sort"))
        org = self.state.account.organization_id
        bases = self.state.webhook_bases
        return json_response(flat_list(records, lambda r: views.detail_record(r, org, bases), number, size))

    def _detail_filter(self, name: str, value: str) -> Callable[[MessageRecord], bool]:
        if name == "filter[date_range]":
            start, end = _date_range(value, datetime.now(UTC))
            return lambda r: start <= r.created_at < end
        match = _FILTER.match(name)
        if match is None:
            raise unsupported_filter(name, "messaging", meta=False)
        field, op = match.group(1), match.group(2) or "eq"
        if field in _TIME_FIELDS:
            if op not in _TIME_OPS:
                raise _detail_error(f"'{op}' is not an operator of filter[{field}].")
            moment = _instant(value)
            if moment is None:
                raise _detail_error(f"'{value}' is not a date or date-time for {name}.")
            return lambda r: (getattr(r, field) is not None) and _compare(op, getattr(r, field), moment)
        if field in _TEXT_FIELDS:
            if op not in _TEXT_OPS:
                raise _detail_error(f"'{op}' is not an operator of filter[{field}].")
            read = _TEXT_FIELDS[field]
            wanted = value.replace(" ", "+") if field in ("cli", "cld") else value  # an unencoded `+`
            return lambda r: _text_match(op, read(r), wanted)
        raise _detail_error(
            f"filter[{field}] is not a field of messaging detail records (this sandbox filters by "
            f"{', '.join([*_TEXT_FIELDS, *_TIME_FIELDS])} and date_range)."
        )

    def _sorted(self, records: list[MessageRecord], sorts: list[str]) -> list[MessageRecord]:
        if not sorts:
            return records  # no documented default order: the order records were made, oldest scenario first
        for spec in reversed(sorts):
            field = spec.lstrip("-")
            if field not in _TIME_FIELDS:
                raise _detail_error(f"'{spec}' is not a valid sort for messaging records (use created_at).")
            records = sorted(
                records,
                key=lambda r, f=field: getattr(r, f) or r.created_at,  # type: ignore[misc]
                reverse=spec.startswith("-"),
            )
        return records

    # --- webhook deliveries -----------------------------------------------------------------------

    def _delivery_problem(self, name: str, detail: str) -> ApiProblem:
        return ApiProblem(error_response(422, "10015", "Bad Request", detail, parameter=name))

    async def list_deliveries(self, request: Request) -> Response:
        """GET /v2/webhook_deliveries (newest first; the API documents no order and no sort)."""
        number, size = _page(request, DELIVERY_MAX_PAGE, self._delivery_problem)
        org = self.state.account.organization_id
        bases = self.state.webhook_bases
        keep: list[Callable[[DeliveryRecord, dict[str, Any]], bool]] = []
        for name, value in request.query_params.multi_items():
            if name in ("page[number]", "page[size]"):
                continue
            keep.append(self._delivery_filter(name, value))
        with self.state.evidence.lock:
            records = self.state.evidence.snapshot_deliveries()
            rendered = [(r, views.webhook_delivery(r, org, bases)) for r in records]
        selected = [body for record, body in rendered if all(test(record, body) for test in keep)]
        selected.sort(key=lambda body: body["started_at"], reverse=True)
        return json_response(flat_list(selected, lambda body: body, number, size))

    def _delivery_filter(self, name: str, value: str) -> Callable[[DeliveryRecord, dict[str, Any]], bool]:
        if name == "filter[status][eq]":
            if value not in ("delivered", "failed"):
                raise self._delivery_problem(name, f"'{value}' is not one of: delivered, failed.")
            return lambda r, _b: r.status == value
        if name == "filter[event_type]":
            wanted = {v.strip() for v in value.split(",") if v.strip()}
            return lambda r, _b: r.event_type in wanted
        if name in ("filter[webhook][contains]", "filter[attempts][contains]"):
            part = "webhook" if "webhook" in name else "attempts"
            needle = value.replace(" ", "+") if value.startswith(" ") else value
            return lambda _r, body: needle in json.dumps(body[part], ensure_ascii=False)
        for edge in ("started_at", "finished_at"):
            for op in ("gte", "lte"):
                if name == f"filter[{edge}][{op}]":
                    moment = _instant(value)
                    if moment is None:
                        raise self._delivery_problem(name, f"'{value}' is not an ISO 8601 date-time.")
                    return lambda r, _b, e=edge, o=op, m=moment: _compare(o, getattr(r, e), m)  # type: ignore[misc]
        raise unsupported_filter(name, "messaging")

    async def get_delivery(self, request: Request) -> Response:
        """GET /v2/webhook_deliveries/{id}: by the delivery id (the event id is accepted as well)."""
        wanted = request.path_params["id"].lower()
        evidence = self.state.evidence
        with evidence.lock:
            record = evidence.deliveries_by_id.get(wanted) or next(
                (d for d in evidence.deliveries if d.event_id == wanted), None
            )
            if record is None:
                return not_found("messaging", "WebhookDelivery not found")
            body = views.webhook_delivery(record, self.state.account.organization_id, self.state.webhook_bases)
        return json_response({"data": body})

    # --- MDR report ---------------------------------------------------------------------------------

    async def mdrs(self, request: Request) -> Response:
        """GET /v2/reports/mdrs: statuses without error codes; every row on one page (no paging documented)."""
        params = request.query_params
        records = self._final_messages()
        for name, value in params.multi_items():
            records = [r for r in records if self._mdr_test(name, value)(r)]
        records.sort(key=lambda r: r.created_at, reverse=True)
        size = max(1, len(records))
        return json_response(flat_list(records, views.mdr_row, 1, size))

    def _mdr_test(self, name: str, value: str) -> Callable[[MessageRecord], bool]:
        fixed = value.replace(" ", "+") if value.startswith(" ") else value
        if name in ("start_date", "end_date"):
            moment = _instant(value)
            if moment is None:
                raise ApiProblem(plain_error(400, "10015", "Bad Request", f"'{value}' is not a date for {name}."))
            if name == "start_date":
                return lambda r: r.created_at >= moment
            return lambda r: r.created_at <= moment
        tests: dict[str, Callable[[MessageRecord], bool]] = {
            "id": lambda r: r.id == fixed,
            "cli": lambda r: r.cli == fixed,
            "cld": lambda r: r.cld == fixed,
            "direction": lambda r: r.direction.upper() == fixed.upper(),
            "status": lambda r: (r.mdr_status or "").upper() == fixed.upper(),
            "message_type": lambda r: r.message_type == fixed.upper(),
            "profile": lambda r: r.profile is not None and fixed in (r.profile.id, r.profile.name),
        }
        if name not in tests:
            raise unsupported_filter(name, "messaging", meta=False)
        return tests[name]
