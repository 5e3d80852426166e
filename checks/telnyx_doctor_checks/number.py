"""Checks about the number itself: its format and kind, its inventory status, its messaging settings."""

from __future__ import annotations

from typing import Any

from telnyx_doctor.checkapi import Check, check
from telnyx_doctor.facts_catalog import MessagingSettings, PhoneNumberRecord
from telnyx_doctor.models import PHONE_NUMBER_KINDS, Fix, NumberKind, Result, Severity
from telnyx_doctor.numbers import Target
from telnyx_doctor_checks import _fixes as fx
from telnyx_doctor_checks._codes import shown, telnyx_error, would_fail
from telnyx_doctor_checks._number_status import ACTIVE, MEANINGS, StatusMeaning, states

# The "messaging enablement by number type" table of Telnyx's phone-number configuration guide.
_READINESS: dict[NumberKind, str] = {
    NumberKind.US_LONG_CODE: "US long code: ready to message after 10DLC brand and campaign registration "
    "and the number's assignment to the campaign",
    NumberKind.TOLL_FREE: "US/CA toll-free: ready to message after toll-free verification",
    NumberKind.SHORT_CODE: "short code: ready to message after carrier provisioning",
    NumberKind.LONG_CODE: "long code outside the US: typically ready at once; check the country's rules",
    NumberKind.ALPHANUMERIC: "alphanumeric sender ID: ready after registration; one-way, and not towards "
    "the US, Canada or Puerto Rico",
}


def messaging_settings_cmd(target: Target) -> str:
    """The read-only call that lists the number's messaging settings."""
    return fx.curl("GET", "/phone_numbers/messaging", query={"filter[phone_number]": target.value})


def inventory_cmd(target: Target) -> str:
    """The read-only call that finds the number in the account's inventory."""
    return fx.curl("GET", "/phone_numbers", query={"filter[phone_number]": target.digits})


# --- number.format ---------------------------------------------------------------------------------


_KIND_PHRASE = {
    NumberKind.US_LONG_CODE: "a US long code",
    NumberKind.TOLL_FREE: "a toll-free number",
    NumberKind.SHORT_CODE: "a short code",
    NumberKind.LONG_CODE: "a long code",
    NumberKind.ALPHANUMERIC: "an alphanumeric sender ID",
}


@check(
    "number.format",
    title="The input is a valid number, short code or sender ID",
    severity=Severity.ERROR,
    cause="Every Telnyx API call and every send request names the sender in E.164 form (or as a 5–6 digit "
    "short code, or a 1–11 character alphanumeric sender ID). A number written another way matches "
    "nothing (10016 Phone number must be in +E.164 format), and its kind decides which registration it "
    "needs: 10DLC for US long codes, verification for toll-free, provisioning for short codes.",
    evidence="Reads only what was typed: the raw input, its E.164 normalisation (libphonenumber), the kind "
    "derived from it (US toll-free NPAs 800/833/844/855/866/877/888) and the home region. No API call.",
    remedy="Pass the number in E.164 form with its country code (+15551234567), a short code (12345), or "
    "an alphanumeric sender ID (alpha:MyBrand).",
)
def number_format(target: Target) -> Result:
    """The target was parsed; report its normalised form, kind and region."""
    target = target
    region = f" ({target.region})" if target.region else ""
    details = [*target.notes, _READINESS[target.kind]]
    return Result.passed(
        f"{target.value} is {_KIND_PHRASE[target.kind]}{region}",
        details=details,
        evidence={
            "raw": target.raw,
            "normalised": target.value,
            "kind": target.kind.value,
            "region": target.region,
        },
    )


# --- number.on_account -----------------------------------------------------------------------------


@check(
    "number.on_account",
    title="The number is on this account and active",
    severity=Severity.ERROR,
    requires=["number.format"],
    applies_to=PHONE_NUMBER_KINDS,
    cause="Only a number the account owns, in status `active`, can message. A number that is not on the "
    "account (or belongs to another organization than the API key) fails every send with 40305 Invalid "
    "'from' address; one still being purchased, ported or reviewed fails with 40320 Temporarily unusable "
    "'from' address; a failed, deleted or ported-out number is not usable at all.",
    evidence="`GET /v2/phone_numbers?filter[phone_number]=<digits>`: the record's `id` and `status` "
    "(purchase-pending, purchase-failed, port-pending, port-failed, active, deleted, emergency-only, "
    "ported-out, port-out-pending, requirement-info-pending, requirement-info-under-review, "
    "requirement-info-exception, provision-pending).",
    remedy="Check the number was typed right and the API key belongs to the organization that owns it; "
    "wait out a pending purchase, port or review; replace a number that failed, was deleted or ported out.",
    states=states(),
)
def number_on_account(phone_number: PhoneNumberRecord | None, target: Target) -> Result:
    """The number is in the account's inventory with status `active`."""
    if phone_number is None:
        return _not_on_account(target)
    evidence = {
        "id": phone_number.id,
        "status": phone_number.status,
        "phone_number_type": phone_number.phone_number_type,
    }
    status = phone_number.status.strip().lower()
    if status == ACTIVE:
        return Result.passed(f"{phone_number.phone_number} is active on this account", evidence=evidence)
    meaning = MEANINGS.get(status)
    if meaning is None:
        return _unknown_status(target, phone_number, evidence)
    return _status_failure(target, phone_number, meaning, evidence)


def _not_on_account(target: Target) -> Result:
    return Result.failed(
        f"{target.value} is not on this account; {would_fail('40305')}",
        fix=fx.make_fix(
            "Use a number this account owns, with an API key of the organization that owns it",
            steps=[
                f"Check the number was typed right: {target.value}.",
                "Check TELNYX_API_KEY belongs to the organization (or sub-account) that owns the number; "
                "a key only sees its own organization's numbers.",
                "If the number is not yours yet, buy it or port it in, then re-run the doctor.",
            ],
            commands=[inventory_cmd(target), fx.curl("GET", "/phone_numbers", query={"page[size]": "250"})],
            docs_url=fx.DOCS_NUMBER_CONFIG,
        ),
        details=["`GET /v2/phone_numbers?filter[phone_number]=…` returned no record for this number."],
        evidence={"phone_number": target.value, "found": False},
    )


def _status_failure(
    target: Target, record: PhoneNumberRecord, meaning: StatusMeaning, evidence: dict[str, Any]
) -> Result:
    state = ": not usable yet" if meaning.pending else ""
    consequence = f"; {would_fail(meaning.code)}" if meaning.code else ""
    return Result.failed(
        f"{record.phone_number} {meaning.headline} (status {record.status!r}){state}{consequence}",
        fix=fx.make_fix(
            meaning.fix,
            steps=meaning.steps,
            commands=[_record_cmd(record), fx.recheck(target, "number.on_account")],
            docs_url=meaning.docs_url,
        ),
        details=[meaning.why],
        evidence=evidence,
    )


def _unknown_status(target: Target, record: PhoneNumberRecord, evidence: dict[str, Any]) -> Result:
    return Result.failed(
        f"{record.phone_number} has status {shown(record.status)}, which the doctor does not know; "
        "only 'active' can message",
        fix=fx.make_fix(
            "Find out what the status means before relying on the number",
            steps=[
                "Look the number up in the Portal or with the command below.",
                "Ask Telnyx support what the status means if the Portal does not explain it.",
            ],
            commands=[_record_cmd(record), fx.recheck(target, "number.on_account")],
            docs_url=fx.DOCS_NUMBER_CONFIG,
        ),
        details=[f"Raw status: {shown(record.status)}."],
        evidence=evidence,
    )


def _record_cmd(record: PhoneNumberRecord) -> str:
    return fx.curl("GET", f"/phone_numbers/{fx.seg(record.id)}")


# --- number.messaging_listed -----------------------------------------------------------------------


@check(
    "number.messaging_listed",
    title="The number has messaging settings",
    severity=Severity.ERROR,
    requires=["number.format"],
    applies_to=PHONE_NUMBER_KINDS,
    cause="Telnyx lists every number that can message in its messaging settings. A number missing there "
    "has no messaging capability, is still provisioning, or is on another account; it cannot be assigned "
    "to a messaging profile, and sends from it fail with 40305 Invalid 'from' address or 40100 Number not "
    "messaging enabled.",
    evidence="`GET /v2/phone_numbers/messaging?filter[phone_number]=<+E.164>` (legacy "
    "`/v2/messaging_phone_numbers/{number}` only when that list route itself is missing): whether a "
    "record exists, its `type`, `messaging_product`, `eligible_messaging_products`.",
    remedy="Make sure the number supports SMS (order one with the SMS feature), wait a few minutes after "
    "purchase, and check the API key's organization owns the number.",
)
def number_messaging_listed(messaging: MessagingSettings | None, target: Target) -> Result:
    """The number appears in `/v2/phone_numbers/messaging`."""
    if messaging is None:
        return _not_listed(target)
    details = [f"messaging product: {messaging.messaging_product or '(not set)'}"]
    if messaging.eligible_messaging_products:
        details.append("eligible products: " + ", ".join(messaging.eligible_messaging_products))
    details += _type_mismatch(target, messaging)
    return Result.passed(
        f"{messaging.phone_number} has messaging settings (type {messaging.number_type or 'not reported'})",
        details=details,
        evidence={
            "id": messaging.id,
            "type": messaging.type,
            "messaging_product": messaging.messaging_product,
            "messaging_profile_id": messaging.messaging_profile_id,
        },
    )


def _type_mismatch(target: Target, settings: MessagingSettings) -> list[str]:
    expected = {NumberKind.TOLL_FREE: "toll_free"}.get(target.kind, "long_code")
    actual = settings.number_type
    if actual is None or actual == expected:
        return []
    return [f"Telnyx lists the number as {settings.type!r}, not {expected!r} as its prefix suggests."]


def _not_listed(target: Target) -> Result:
    return Result.failed(
        f"{target.value} has no messaging settings: it cannot be put on a messaging profile; {would_fail('40305')}",
        fix=fx.make_fix(
            "Make the number messaging-capable, or use one that is",
            steps=[
                "Check the number supports SMS: not every number does. Look for `sms` in its features "
                "in the Portal (Numbers → My Numbers) or order a number with the SMS feature.",
                "If you bought it minutes ago, wait for provisioning to finish and re-run the doctor.",
                "Check TELNYX_API_KEY belongs to the organization that owns the number.",
            ],
            commands=[
                messaging_settings_cmd(target),
                inventory_cmd(target),
                fx.recheck(target, "number.messaging_listed"),
            ],
            docs_url=fx.DOCS_NUMBER_CONFIG,
        ),
        details=[
            "Telnyx's troubleshooting guide names three causes for a number missing from the messaging "
            "numbers list: no messaging capability, provisioning not finished, another account."
        ],
        evidence={"phone_number": target.value, "listed": False},
    )


# --- number.sms_capable ----------------------------------------------------------------------------


@check(
    "number.sms_capable",
    title="The number's features allow SMS",
    severity=Severity.ERROR,
    requires=["number.messaging_listed"],
    applies_to=PHONE_NUMBER_KINDS,
    cause="A number's messaging settings carry a feature set per channel; `features.sms` null means SMS is "
    "not available on the number, and sends fail with 40100 Number not messaging enabled. "
    "`domestic_two_way` false means it cannot exchange messages with numbers of its own country. MMS is "
    "reported for information: `features.mms` null only rules out MMS.",
    evidence="`features.sms` and `features.mms` (`domestic_two_way`, `international_inbound`, "
    "`international_outbound`) of `GET /v2/phone_numbers/messaging?filter[phone_number]=<+E.164>`.",
    remedy="Ask Telnyx support to enable messaging on the number, or replace it with a number ordered with "
    "the SMS feature.",
)
def number_sms_capable(messaging: MessagingSettings, target: Target) -> Result:
    """`features.sms` is present; report the SMS and MMS flags."""
    features = messaging.features
    sms = features.sms if features else None
    mms = features.mms if features else None
    evidence = {
        "sms": sms.model_dump() if sms else None,
        "mms": mms.model_dump() if mms else None,
    }
    if sms is None:
        return _no_sms(target, messaging, evidence)
    details = [
        f"SMS: domestic two-way {_yes(sms.domestic_two_way)}, international inbound "
        f"{_yes(sms.international_inbound)}, international outbound {_yes(sms.international_outbound)}",
        "MMS: available" if mms else "MMS: not available on this number (SMS is unaffected)",
    ]
    if not sms.domestic_two_way:
        return _no_domestic(target, messaging, details, evidence)
    return Result.passed(f"{messaging.phone_number} can send and receive SMS", details=details, evidence=evidence)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _settings_cmd(settings: MessagingSettings) -> str:
    return fx.curl("GET", f"/phone_numbers/{fx.seg(settings.id or settings.phone_number)}/messaging")


def _support_fix(target: Target, settings: MessagingSettings, summary: str, first_step: str) -> Fix:
    return fx.make_fix(
        summary,
        steps=[
            first_step,
            "If messaging cannot be enabled on it, buy a number with the SMS feature (see the second "
            "command) and move your traffic there.",
        ],
        commands=[
            _settings_cmd(settings),
            fx.curl(
                "GET",
                "/available_phone_numbers",
                query={"filter[features][]": "sms", "filter[country_code]": target.region or "US"},
            ),
            fx.recheck(target, "number.sms_capable"),
        ],
        docs_url=fx.DOCS_NUMBER_CONFIG,
    )


def _no_sms(target: Target, settings: MessagingSettings, evidence: dict[str, Any]) -> Result:
    return Result.failed(
        f"{settings.phone_number} has no SMS feature; {would_fail('40100')}",
        fix=_support_fix(
            target,
            settings,
            "Enable SMS on the number, or use a number that has it",
            "Ask Telnyx support to enable messaging on the number (hosted or ported numbers may be pending "
            "with another provider).",
        ),
        details=[f"`features.sms` is null; error {telnyx_error('40100')} applies."],
        evidence=evidence,
    )


def _no_domestic(target: Target, settings: MessagingSettings, details: list[str], evidence: dict[str, Any]) -> Result:
    return Result.warned(
        f"{settings.phone_number} has SMS but not domestic two-way messaging",
        fix=_support_fix(
            target,
            settings,
            "Get domestic two-way SMS enabled, or use a number that has it",
            "Ask Telnyx support why `domestic_two_way` is off for this number and whether it can be enabled.",
        ),
        details=[*details, "Messages to and from numbers in its own country may not be carried."],
        evidence=evidence,
    )


CHECKS: list[Check] = [number_format, number_on_account, number_messaging_listed, number_sms_capable]
