"""Fault injection rules: which requests they hit, how many times, and how they spoil a JSON body."""

from __future__ import annotations

import fnmatch
import re
import threading
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

FaultKind = Literal[
    "status",  # an error status (default 500) with a Telnyx error body
    "rate_limit",  # 429 code 10011, with Retry-After when `retry_after` is set
    "malformed_json",  # 200 application/json whose body is not JSON
    "html",  # a text/html page (status 200 unless `status` says otherwise)
    "truncated",  # the real answer, cut off half-way; the connection is closed
    "wrong_types",  # the real answer with fields of the wrong JSON type
    "missing_fields",  # the real answer without its key fields
    "unknown_enum",  # the real answer with enum fields set to values no client knows
    "empty",  # 200 with an empty body
    "hang",  # never answers (until the client gives up or the sandbox stops)
    "drop",  # closes the connection without answering
    "delay",  # answers normally after `seconds`
]

BODY_KINDS = frozenset({"wrong_types", "missing_fields", "unknown_enum"})

# Fields removed by `missing_fields` when the fault names none: what identifies and decides each object.
KEY_FIELDS = frozenset(
    {
        "id",
        "phone_number",
        "phoneNumber",
        "record_type",
        "messaging_profile_id",
        "status",
        "enabled",
        "features",
        "campaignId",
        "brandId",
        "tcrCampaignId",
        "tcrBrandId",
        "assignmentStatus",
        "campaignStatus",
        "identityStatus",
        "verificationStatus",
        "webhook_url",
    }
)
# Envelope keys that `missing_fields` also drops (pagination), so list readers see a broken shape too.
ENVELOPE_FIELDS = frozenset({"meta", "page", "totalRecords", "total_records"})
ENUM_FIELDS = frozenset(
    {
        "record_type",
        "type",
        "status",
        "phone_number_type",
        "webhook_api_version",
        "assignmentStatus",
        "campaignStatus",
        "submissionStatus",
        "identityStatus",
        "entityType",
        "brandRelationship",
        "verificationStatus",
    }
)


class Fault(BaseModel):
    """One fault rule, from a scenario's `[[faults]]` or added at run time (`state.faults.add(Fault(...))`).

    `drop`, `truncated` and `hang` act on the socket, so they need a SandboxServer; in-process
    (httpx.ASGITransport) a drop raises ConnectionDropped and a hang waits until the state closes.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: FaultKind
    route: str = Field("*", description="glob over the path or the route template; `re:` starts a regex")
    method: str | None = Field(None, description="only this HTTP method; any when absent")
    query: str | None = Field(None, description="only when the decoded query string contains this")
    times: int | None = Field(None, ge=1, description="only the first N matching requests; all when absent")
    status: int | None = Field(None, ge=100, le=599)
    retry_after: int | None = Field(None, ge=0, description="seconds for a Retry-After header")
    seconds: float | None = Field(None, ge=0, description="the wait of a `delay` fault")
    fields: list[str] | None = Field(None, description="fields a body fault touches; sensible ones if absent")
    code: str | None = Field(None, description="the Telnyx error code of a `status` fault")
    detail: str | None = None

    @model_validator(mode="after")
    def _coherent(self) -> Fault:
        if self.route.startswith("re:"):
            try:
                re.compile(self.route[3:])
            except re.error as exc:
                raise ValueError(f"route regex {self.route[3:]!r} does not compile: {exc}") from None
        if self.kind == "status" and self.status is not None and self.status < 400:
            raise ValueError("a status fault needs an error status (400-599)")
        if self.kind == "delay" and self.seconds is None:
            raise ValueError("a delay fault needs `seconds`")
        if self.retry_after is not None and self.kind not in ("status", "rate_limit"):
            raise ValueError("retry_after applies to status and rate_limit faults only")
        return self

    def matches(self, method: str, path: str, template: str, query: str) -> bool:
        """Whether this rule applies to a request."""
        if self.method is not None and self.method.upper() != method.upper():
            return False
        if self.query is not None and self.query not in query:
            return False
        if self.route.startswith("re:"):
            pattern = re.compile(self.route[3:])
            return bool(pattern.search(path) or pattern.search(template))
        return fnmatch.fnmatchcase(path, self.route) or fnmatch.fnmatchcase(template, self.route)


@dataclass
class FaultStatus:
    """A registered fault with how often it fired and how many firings it has left (None: unlimited)."""

    fault: Fault
    hits: int = 0
    remaining: int | None = None


class FaultRegistry:
    """The faults in force; safe to change from the test thread while the server thread reads it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[FaultStatus] = []

    def add(self, fault: Fault) -> Fault:
        """Put `fault` in force after the ones already registered."""
        with self._lock:
            self._entries.append(FaultStatus(fault=fault, remaining=fault.times))
        return fault

    def extend(self, faults: list[Fault]) -> None:
        """Register several faults in order."""
        for fault in faults:
            self.add(fault)

    def remove(self, fault: Fault) -> None:
        """Withdraw one fault (every registration of it)."""
        with self._lock:
            self._entries = [e for e in self._entries if e.fault is not fault]

    def clear(self) -> None:
        """Withdraw every fault."""
        with self._lock:
            self._entries = []

    def statuses(self) -> list[FaultStatus]:
        """A snapshot of the registered faults and their counters."""
        with self._lock:
            return [FaultStatus(e.fault, e.hits, e.remaining) for e in self._entries]

    def take(self, method: str, path: str, template: str, query: str) -> Fault | None:
        """The first live fault matching the request, counting the firing; None when none applies."""
        with self._lock:
            for entry in self._entries:
                if entry.remaining == 0 or not entry.fault.matches(method, path, template, query):
                    continue
                entry.hits += 1
                if entry.remaining is not None:
                    entry.remaining -= 1
                return entry.fault
        return None


def _main_objects(body: Any) -> list[dict[str, Any]]:
    """The resource objects inside a body: `data` (one or a list), `records`, or the body itself."""
    if not isinstance(body, dict):
        return []
    inner = body.get("data", body.get("records", body))
    if isinstance(inner, list):
        return [item for item in inner if isinstance(item, dict)]
    return [inner] if isinstance(inner, dict) else []


def _wrong_type(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return 12345
    if isinstance(value, list):
        return "[]"
    if isinstance(value, dict):
        return ["unexpected"]
    return {"unexpected": True}  # null becomes an object


def _unknown_value(value: Any) -> Any:
    # Keep the casing style of the field's real values, so only the value itself is new.
    if not isinstance(value, str) or value.isupper():
        return "SANDBOX_UNKNOWN"
    if value[:1].isupper():
        return "Sandbox Unknown"
    return "sandbox-unknown"


def spoil_body(kind: str, body: Any, fields: list[str] | None) -> Any:
    """Apply a body fault (`wrong_types`, `missing_fields`, `unknown_enum`) to a decoded JSON body."""
    objects = _main_objects(body)
    if kind == "missing_fields" and isinstance(body, dict) and fields is None:
        for key in ENVELOPE_FIELDS:
            body.pop(key, None)
    for obj in objects:
        if kind == "wrong_types":
            for key in fields if fields is not None else list(obj):
                if key in obj:
                    obj[key] = _wrong_type(obj[key])
        elif kind == "missing_fields":
            for key in fields if fields is not None else KEY_FIELDS:
                obj.pop(key, None)
        elif kind == "unknown_enum":
            for key in fields if fields is not None else ENUM_FIELDS:
                if key in obj:
                    obj[key] = _unknown_value(obj[key])
    return body
