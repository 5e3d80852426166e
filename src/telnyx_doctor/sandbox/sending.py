"""Decide a send like Telnyx: which 40xxx refusal the sender's state earns, or how the message will end."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from telnyx_doctor.sandbox.account import _country_of
from telnyx_doctor.sandbox.codes import REFUSAL_STATUS, title
from telnyx_doctor.sandbox.records import Account, AlphaSender, Number, Profile, ShortCodeRecord
from telnyx_doctor.sandbox.spec_evidence import SendOutcomeSpec

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_SHORT_CODE = re.compile(r"^\d{5,6}$")
_PENDING = {"purchase-pending", "port-pending", "provision-pending", "requirement-info-pending"}

# Which body fields each send route requires (reference §9).
REQUIRED: dict[str, tuple[str, ...]] = {
    "messages": ("to",),
    "long_code": ("from", "to"),
    "short_code": ("from", "to"),
    "number_pool": ("to", "messaging_profile_id"),
    "alphanumeric_sender_id": ("from", "to", "text", "messaging_profile_id"),
}


class Refusal(Exception):
    """A send the API refuses at once: HTTP status, code, detail and the body field at fault."""

    def __init__(self, code: str, detail: str, pointer: str = "/from", status: int | None = None) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.title = title(code)
        self.detail = detail
        self.pointer = pointer
        self.status = status or REFUSAL_STATUS.get(code, 400 if code.startswith("10") else 422)


@dataclass(frozen=True)
class Sender:
    """Who sends: the profile whose URLs get the events, and the number (None for a sender ID or pool miss)."""

    address: str
    profile: Profile
    number: Number | None = None


def _profile(account: Account, profile_id: str | None) -> Profile | None:
    return account.profiles_by_id.get(profile_id) if profile_id else None


def required(kind: str, body: dict[str, Any]) -> None:
    """Refuse with 10004 when a field the route requires is missing."""
    for name in REQUIRED[kind]:
        value = body.get(name)
        if value is None or value == "":
            raise Refusal("10004", f"The '{name}' parameter is required.", f"/{name}", 422)


def destination(to: Any) -> str:
    """The one recipient, or 40310."""
    if not isinstance(to, str) or not (_E164.match(to) or _SHORT_CODE.match(to)):
        raise Refusal("40310", "'to' must be a single valid phone number in +E.164 format or a short code.", "/to")
    return to


def content(body: dict[str, Any]) -> None:
    """Refuse a message with neither text nor media (40316)."""
    if not body.get("text") and not body.get("media_urls"):
        raise Refusal("40316", "Provide 'text' (SMS) or 'media_urls' (MMS).", "/text")


def resolve_sender(kind: str, body: dict[str, Any], account: Account) -> Sender:
    """The sender's profile and number, refusing as Telnyx does when its state cannot send."""
    address = body.get("from")
    profile_id = body.get("messaging_profile_id")
    if kind == "number_pool" or (kind == "messages" and not address and profile_id):
        return _pool_sender(account, profile_id)
    if not isinstance(address, str) or not address:
        raise Refusal("10004", "The 'from' parameter is required.", "/from", 422)
    if kind == "alphanumeric_sender_id" or not (address.startswith("+") or address.isdigit()):
        return _alpha_sender(account, address, profile_id)
    if _SHORT_CODE.match(address):
        return _short_code_sender(account, address)
    if kind == "short_code":
        raise Refusal("40305", f"{address} is not a short code on this account.")
    return _number_sender(account, address, profile_id)


def _pool_sender(account: Account, profile_id: Any) -> Sender:
    profile = _profile(account, profile_id if isinstance(profile_id, str) else None)
    if profile is None:
        raise Refusal("40305", "The messaging profile does not exist on this account.", "/messaging_profile_id")
    if not profile.spec.enabled:
        raise Refusal("40312", "The messaging profile is disabled.", "/messaging_profile_id")
    pool = [n for n in account.numbers if n.profile_id == profile.id and n.spec.status == "active"]
    if profile.spec.number_pool is None or not pool:
        raise Refusal("40321", "Number Pool is not enabled on the profile, or it has no usable number.", "/")
    return Sender(pool[0].phone_number, profile, pool[0])


def _alpha_sender(account: Account, address: str, profile_id: Any) -> Sender:
    profile = _profile(account, profile_id if isinstance(profile_id, str) else None)
    if profile is None:
        raise Refusal("40305", "An alphanumeric sender needs the messaging profile that holds it.", "/from")
    if not profile.spec.enabled:
        raise Refusal("40312", "The messaging profile is disabled.", "/messaging_profile_id")
    senders: list[AlphaSender] = [s for s in account.alpha_senders if s.profile_id == profile.id]
    names = {s.sender_id for s in senders} | ({profile.spec.alpha_sender} if profile.spec.alpha_sender else set())
    if not names:
        raise Refusal("40306", "The messaging profile has no alphanumeric sender ID.")
    if address not in names:
        raise Refusal("40307", f"{address!r} is not the profile's alphanumeric sender ID.")
    return Sender(address, profile)


def _short_code_sender(account: Account, address: str) -> Sender:
    code: ShortCodeRecord | None = next((c for c in account.short_codes if c.short_code == address), None)
    profile = _profile(account, code.profile_id if code else None)
    if code is None or profile is None:
        raise Refusal("40305", f"Short code {address} is not on a messaging profile of this account.")
    if not profile.spec.enabled:
        raise Refusal("40312", "The messaging profile is disabled.")
    return Sender(address, profile)


def _number_sender(account: Account, address: str, profile_id: Any) -> Sender:
    number = account.numbers_by_e164.get(address)
    if number is None:
        raise Refusal("40305", f"{address} is not a number on this account.")
    if number.spec.status in _PENDING:
        raise Refusal("40320", f"{address} is not usable yet (status {number.spec.status}).")
    if number.spec.status != "active" or not number.spec.messaging:
        raise Refusal("40305", f"{address} cannot send messages (status {number.spec.status}).")
    profile = _profile(account, number.profile_id)
    if profile is None:
        raise Refusal("40305", f"{address} is not assigned to a messaging profile.")
    if isinstance(profile_id, str) and profile_id and profile_id != profile.id:
        raise Refusal("40305", f"{address} is not on messaging profile {profile_id}.")
    if not profile.spec.enabled:
        raise Refusal("40312", f"The messaging profile of {address} is disabled.")
    return Sender(address, profile, number)


def registration(sender: Sender, account: Account) -> None:
    """Refuse an unverified toll-free number (40329) and a US long code with no 10DLC campaign (40010)."""
    number = sender.number
    if number is None:
        return
    if number.messaging_type.replace("-", "") == "tollfree":
        requests = account.tollfree_by_number.get(number.phone_number, [])
        if not any(r.spec.verification_status == "Verified" for r in requests):
            raise Refusal("40329", f"Toll-free number {number.phone_number} is not verified.")
        return
    if number.country == "US" and number.messaging_type.replace("-", "") == "longcode":
        assignment = number.assignment
        if assignment is None or assignment.spec.assignment_status != "ASSIGNED":
            raise Refusal("40010", f"{number.phone_number} is not assigned to an active 10DLC campaign.")


def destination_allowed(sender: Sender, to: str) -> None:
    """Refuse destinations outside the profile's whitelisted countries (40309, or 40331 when none)."""
    allowed = sender.profile.spec.whitelisted_destinations
    if not allowed:
        raise Refusal("40331", "The messaging profile has no whitelisted destinations.", "/to")
    if "*" in allowed or _SHORT_CODE.match(to):
        return
    country = _country_of(to)
    if country not in allowed:
        raise Refusal("40309", f"Destination country {country} is not whitelisted on the messaging profile.", "/to")


def outcome(sender: Sender, to: str, destinations: Mapping[str, SendOutcomeSpec]) -> SendOutcomeSpec:
    """How the message ends: the destination's outcome first, then the sender's, else delivered."""
    chosen = destinations.get(to)
    if chosen is None and sender.number is not None:
        chosen = sender.number.spec.send
    return chosen or SendOutcomeSpec()


def refuse_by_outcome(result: SendOutcomeSpec) -> None:
    """A scenario may make a sender or destination refuse sends with a chosen code (40300 STOP, 40315 …)."""
    if result.refuse is not None:
        raise Refusal(result.refuse, title(result.refuse) + ".", "/to" if result.refuse == "40300" else "/from")
