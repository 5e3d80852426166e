"""What a send test is asked to do (`SendTest`) and what it found (`SendTestOutcome`, a fact a bundle can hold)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# to[].status values after which a message changes no more (reference §messages, "Message statuses")
FINAL_STATUSES = frozenset({"delivered", "delivery_failed", "sending_failed", "delivery_unconfirmed", "expired"})
DEFAULT_TIMEOUT = 60.0


@dataclass(frozen=True)
class SendTest:
    """One real test message to send: the caller has already agreed to its cost.

    `to` is the destination (E.164); `text` replaces the default text (the run id is appended either way, so
    the message and its webhooks can be found); `timeout` bounds how long it is followed; `force` sends even
    when a configuration check says Telnyx would refuse it; `progress` hears one line per status change.
    """

    to: str
    text: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    force: bool = False
    progress: Callable[[str], None] | None = None


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class WebhookAttempt(_Frozen):
    """One POST of an event: which URL (primary, failover or another), what the app answered, the codes."""

    url: Literal["primary", "failover", "other"]
    delivered: bool
    http_status: int | None = None  # None: nothing answered
    codes: list[str] = Field(default_factory=list)


class WebhookEvent(_Frozen):
    """One event (`message.sent`, `message.finalized`, `message.received`) as Telnyx recorded delivering it."""

    event_type: str
    status: Literal["delivered", "failed", "pending"]
    attempts: list[WebhookAttempt] = Field(default_factory=list)

    @property
    def reached(self) -> str | None:
        """The URL that took it (`primary`, `failover`…), or None."""
        return next((a.url for a in self.attempts if a.delivered), None)


class InboundProof(_Frozen):
    """When TO is a number of the same account: whether the message arrived there and reached its app."""

    record_seen: bool  # an inbound detail record for TO from the sender after the send
    profile_url: bool  # TO's messaging profile has a webhook URL
    received: WebhookEvent | None = None  # its message.received delivery


class SendTestOutcome(_Frozen):
    """What happened to the test message: refused at once, followed to a final status, or not in time."""

    to: str  # masked
    run_id: str
    state: Literal["refused", "final", "timeout", "error"]
    forced: bool = False
    message_id: str | None = None
    status: str | None = None  # the last to[].status seen
    statuses: list[str] = Field(default_factory=list)  # every to[].status seen, in order
    codes: list[str] = Field(default_factory=list)  # the refusal's codes, or the message's errors
    http_status: int | None = None  # of a refused or failed POST
    detail: str = ""  # what the API said (refusal detail, or the error)
    seconds: float | None = None  # from the POST to the final status (or to giving up)
    webhooks: list[WebhookEvent] = Field(default_factory=list)
    webhook_urls: int = 0  # how many URLs the message's events go to (primary, failover)
    inbound: InboundProof | None = None
