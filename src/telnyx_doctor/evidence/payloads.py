"""Pydantic models of the evidence payloads, parsed once at the API boundary and defensively.

The reference (telnyx-evidence.md §A.2, §C.8) warns of drift: `errors` come as ints (`[75499]`), strings
(`["40002"]`) or objects (`{"code": "75499", …}`); headers as `[name, value]` pairs or `"Name: value"`
strings; one published example even spells `response` as `reponse`. Every form is accepted here, so
nothing downstream sees raw dicts or has to care.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from telnyx_doctor.evidence.codes import normalise


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


def error_codes(value: Any) -> tuple[str, ...]:
    """Codes from a list of ints, strings or `{code: …}` objects; unreadable items are dropped."""
    items = value if isinstance(value, list) else [] if value is None else [value]
    return tuple(code for code in (normalise(item) for item in items) if code is not None)


def header_pairs(value: Any) -> tuple[tuple[str, str], ...]:
    """Headers from `[["Name", "value"]]` pairs or `["Name: value"]` strings."""
    pairs: list[tuple[str, str]] = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, (list, tuple)) and len(item) == 2:
            pairs.append((str(item[0]), str(item[1])))
        elif isinstance(item, str) and ":" in item:
            name, _, rest = item.partition(":")
            pairs.append((name.strip(), rest.strip()))
    return tuple(pairs)


class DetailRecordPayload(_Loose):
    """A messaging `MessageDetailRecord` (reference §B.2); only the fields the evidence uses."""

    uuid: str = ""
    direction: str = ""
    status: str = ""
    errors: tuple[str, ...] = ()
    cli: str = ""
    cld: str = ""
    message_type: str = ""
    created_at: str | None = None
    delivery_status_webhook_url: str | None = None
    delivery_status_failover_url: str | None = None

    @field_validator("errors", mode="before")
    @classmethod
    def _codes(cls, value: Any) -> tuple[str, ...]:
        return error_codes(value)

    @field_validator("direction", "status", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> str:
        return str(value or "").lower()


class MdrRowPayload(DetailRecordPayload):
    """A `/v2/reports/mdrs` row: statuses in upper case, `id` instead of `uuid`, no error codes (§B.4)."""

    id: str = ""


class _Request(_Loose):
    url: str = ""
    headers: tuple[tuple[str, str], ...] = ()

    @field_validator("headers", mode="before")
    @classmethod
    def _headers(cls, value: Any) -> tuple[tuple[str, str], ...]:
        return header_pairs(value)


class _Response(_Loose):
    status: int | None = None
    headers: tuple[tuple[str, str], ...] = ()

    @field_validator("headers", mode="before")
    @classmethod
    def _headers(cls, value: Any) -> tuple[tuple[str, str], ...]:
        return header_pairs(value)

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> int | None:
        try:
            return int(value)
        except (TypeError, ValueError):
            return None


class _Http(_Loose):
    request: _Request = Field(default_factory=_Request)
    response: _Response | None = None

    @model_validator(mode="before")
    @classmethod
    def _typo(cls, value: Any) -> Any:
        # one published example spells it `reponse` (reference §A.2)
        if isinstance(value, dict) and "response" not in value and "reponse" in value:
            return {**value, "response": value["reponse"]}
        return value


class AttemptPayload(_Loose):
    """One delivery attempt: its URL, outcome, HTTP answer and 75xxx codes."""

    status: str = ""
    started_at: str | None = None
    errors: tuple[str, ...] = ()
    http: _Http = Field(default_factory=_Http)

    @field_validator("errors", mode="before")
    @classmethod
    def _codes(cls, value: Any) -> tuple[str, ...]:
        return error_codes(value)

    @field_validator("http", mode="before")
    @classmethod
    def _http(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else {}


class _Event(_Loose):
    event_type: str = ""


class DeliveryPayload(_Loose):
    """A `webhook_delivery` (reference §A.2); the event payload (numbers, message text) is never kept."""

    id: str = ""
    status: str = ""
    started_at: str | None = None
    webhook: _Event = Field(default_factory=_Event)
    attempts: tuple[AttemptPayload, ...] = ()

    @field_validator("webhook", mode="before")
    @classmethod
    def _event(cls, value: Any) -> Any:
        return {"event_type": value.get("event_type", "")} if isinstance(value, dict) else {}

    @field_validator("attempts", mode="before")
    @classmethod
    def _attempts(cls, value: Any) -> Any:
        return [a for a in value if isinstance(a, dict)] if isinstance(value, list) else []


class _Recipient(_Loose):
    status: str | None = None

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> str | None:
        return str(value) if value else None


class MessagePayload(_Loose):
    """A message (`POST /v2/messages`, `GET /v2/messages/{id}`): its id, per-recipient status, errors, URLs."""

    id: str = ""
    to: tuple[_Recipient, ...] = ()
    errors: tuple[str, ...] = ()
    webhook_url: str | None = None
    webhook_failover_url: str | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, value: Any) -> str:
        return str(value or "")

    @field_validator("errors", mode="before")
    @classmethod
    def _codes(cls, value: Any) -> tuple[str, ...]:
        return error_codes(value)

    @field_validator("to", mode="before")
    @classmethod
    def _to(cls, value: Any) -> Any:
        return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []

    @field_validator("webhook_url", "webhook_failover_url", mode="before")
    @classmethod
    def _url(cls, value: Any) -> str | None:
        return value if isinstance(value, str) and value else None

    @property
    def status(self) -> str | None:
        """The first recipient's `to[].status`, or None before one is known."""
        return self.to[0].status if self.to else None
