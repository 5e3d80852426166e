"""The evidence facts as the checks read them: masked, compact, JSON-serialisable (bundles record them)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

# read: the records were read; disabled: --evidence off (or no API); forbidden: the key may not read them
# (401/403 on these routes); error: the API failed on them (the configuration checks go on); unrecorded: a
# replayed bundle holds no evidence (it was recorded before the doctor read any)
EvidenceState = Literal["read", "disabled", "forbidden", "error", "unrecorded"]


class _Fact(BaseModel):
    model_config = ConfigDict(frozen=True)


class MessageRecord(_Fact):
    """One message Telnyx recorded: direction, final status, error codes; the other party masked."""

    id: str
    direction: str  # outbound | inbound
    status: str  # delivered, received, failed, gw_reject, gw_timeout, dlr_timeout, dlr_unconfirmed
    codes: tuple[str, ...] = ()
    message_type: str = ""
    created_at: datetime | None = None
    counterpart: str = ""  # the recipient (outbound) or sender (inbound), masked


class MessageEvidence(_Fact):
    """The sender's messages in the window, newest first, as far as the cap allowed."""

    state: EvidenceState
    since: str  # the window, as given: 7d
    window_start: datetime | None = None
    reason: str = ""  # why not read, or what the API answered
    source: Literal["detail_records", "mdrs", "account"] = "detail_records"
    fallback: str = ""  # why the MDR report was read instead (it has statuses, no codes)
    records: tuple[MessageRecord, ...] = ()
    cap: int = 0  # the most records read per direction
    capped: bool = False  # the cap was reached: older records were not read
    webhook_urls: tuple[str, ...] = ()  # the URLs Telnyx used for the newest outbound message's webhooks


class Attempt(_Fact):
    """One delivery attempt: which of the profile's URLs, delivered or not, the HTTP status, 75xxx codes."""

    role: Literal["primary", "failover", "other"]
    url: str
    delivered: bool
    http_status: int | None = None
    codes: tuple[str, ...] = ()
    started_at: datetime | None = None

    @property
    def code(self) -> str:
        """The attempt's 75xxx code: the recorded one, else the one its HTTP status stands for (§A.6)."""
        if self.codes:
            return self.codes[0]
        status = self.http_status
        if status is None:
            return "75002"  # no answer at all: Telnyx could not connect
        exact = {200: "", 400: "75400", 404: "75404", 500: "75500"}
        if status in exact:
            return exact[status]
        return {2: "75299", 3: "75300", 4: "75499", 5: "75599"}.get(status // 100, "75000")


class Delivery(_Fact):
    """One webhook Telnyx delivered (or gave up on), with its attempts, most recent first."""

    id: str
    delivered: bool
    event_type: str = ""
    started_at: datetime | None = None
    attempts: tuple[Attempt, ...] = ()


class DeliveryEvidence(_Fact):
    """Telnyx's deliveries to the profile's webhook URLs in the window, newest first."""

    state: EvidenceState
    since: str
    window_start: datetime | None = None
    reason: str = ""
    primary: str | None = None
    failover: str | None = None
    deliveries: tuple[Delivery, ...] = ()
    cap: int = 0
    capped: bool = False
