"""The scenario schema of what Telnyx recorded and how sends end: message records, webhook deliveries, outcomes.

Times are relative to the moment the account is built ("-2h", "-30m", "-7d", "now") or absolute ISO 8601,
so a scenario's evidence always falls inside the doctor's look-back window.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MdrStatus = Literal["gw_timeout", "delivered", "dlr_unconfirmed", "dlr_timeout", "received", "gw_reject", "failed"]
FinalStatus = Literal["delivered", "delivery_failed", "sending_failed", "delivery_unconfirmed", "expired"]
MessagingEvent = Literal["message.received", "message.sent", "message.finalized"]

_RELATIVE = re.compile(r"^-?(\d+(?:\.\d+)?)\s*([smhd])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86_400}
_CODE = re.compile(r"^\d{5}$")


def parse_duration(value: str) -> timedelta:
    """`"90s"`, `"10m"`, `"2h"`, `"7d"` (a leading `-` is allowed and ignored) as a timedelta."""
    match = _RELATIVE.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a duration such as 30s, 10m, 2h or 7d")
    return timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2)])


def check_when(value: str) -> str:
    """Return `value` when it is "now", a relative time ("-2h") or an ISO 8601 instant; else ValueError."""
    text = value.strip()
    if text == "now":
        return value
    if text.startswith("-"):
        parse_duration(text)
        return value
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{value!r} is not a time: use 'now', a relative time such as '-2h', or ISO 8601") from None
    return value


def resolve_when(value: str, now: datetime) -> datetime:
    """The instant `value` names, relative ones counted back from `now`."""
    text = value.strip()
    if text == "now":
        return now
    if text.startswith("-"):
        return now - parse_duration(text)
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _codes(value: list[str]) -> list[str]:
    for code in value:
        if not _CODE.match(code):
            raise ValueError(f"{code!r} is not a five-digit Telnyx error code such as '40002'")
    return value


class _Repeated(_Spec):
    at: str = Field("-1h", description="when (the first of `count`): 'now', '-2h', or ISO 8601")
    count: int = Field(1, ge=1, le=500, description="this many records, `every` apart going back in time")
    every: str = Field("10m", description="the spacing of repeated records")

    @field_validator("at")
    @classmethod
    def _at(cls, value: str) -> str:
        return check_when(value)

    @field_validator("every")
    @classmethod
    def _every(cls, value: str) -> str:
        parse_duration(value)
        return value


class MessageRecordSpec(_Repeated):
    """Message detail records (`/v2/detail_records`, `/v2/reports/mdrs`)."""

    from_: str = Field(alias="from", description="cli: the sender (an account number for outbound)")
    to: str = Field(description="cld: the recipient")
    direction: Literal["outbound", "inbound"] | None = Field(None, description="from the account's numbers")
    status: MdrStatus = "delivered"
    errors: list[str] = Field(default_factory=list, description="Telnyx codes, e.g. ['40002']")
    message_type: Literal["SMS", "MMS"] = "SMS"
    parts: int = Field(1, ge=1, le=10)
    delivery_status: str | None = Field(None, description="the MDR's final webhook status text")

    @field_validator("errors")
    @classmethod
    def _errors(cls, value: list[str]) -> list[str]:
        return _codes(value)


class AttemptSpec(_Spec):
    """One try of a webhook delivery, oldest first in the scenario (the API lists the newest first)."""

    url: str = Field("primary", description="'primary', 'failover', or a URL (sandbox:NAME allowed)")
    status: int | None = Field(None, ge=100, le=599, description="the HTTP status answered; absent: no answer")
    errors: list[int] | None = Field(None, description="75xxx codes; derived from `status` when absent")
    seconds: float = Field(0.2, ge=0, description="how long the attempt took")

    @model_validator(mode="after")
    def _answer(self) -> AttemptSpec:
        if self.status is None and not self.errors:
            raise ValueError("an attempt needs an HTTP `status`, or `errors` (such as [75002]) when nothing answered")
        return self


class WebhookDeliverySpec(_Repeated):
    """Webhook deliveries (`/v2/webhook_deliveries`) of messaging events to a number's profile URLs."""

    number: str = Field(description="the account number the event is about; its profile gives the URLs")
    event_type: MessagingEvent = "message.finalized"
    attempts: list[AttemptSpec] = Field(default_factory=lambda: [AttemptSpec(status=200)], min_length=1)
    legacy_shape: bool = Field(
        False, description="older published shape: errors as objects and headers as 'Name: value' strings"
    )


class SendOutcomeSpec(_Spec):
    """How a message sent through the sandbox ends (per number, or per destination)."""

    status: FinalStatus = "delivered"
    errors: list[str] = Field(default_factory=list)
    refuse: str | None = Field(None, description="refuse the send at once with this 40xxx code")

    @field_validator("errors")
    @classmethod
    def _errors(cls, value: list[str]) -> list[str]:
        return _codes(value)

    @field_validator("refuse")
    @classmethod
    def _refuse(cls, value: str | None) -> str | None:
        return None if value is None else _codes([value])[0]


class DestinationSpec(SendOutcomeSpec):
    """A recipient whose messages end a given way, whoever sends them."""

    phone_number: str


class SendingSpec(_Spec):
    """Timings of the sandbox's message pipeline and webhook delivery (short, so tests are quick)."""

    sent_after: float = Field(0.05, ge=0, description="seconds from queued to sent")
    final_after: float = Field(0.1, ge=0, description="seconds from sent to the final status")
    webhook_timeout: float = Field(2.0, gt=0, description="seconds an endpoint has to answer (Telnyx: 2)")
    tries_per_url: int = Field(3, ge=1, le=10, description="attempts per URL before the failover (Telnyx: 3)")
    retry_delay: float = Field(0.05, ge=0, description="seconds between attempts (doubles each time)")
