"""Short codes and alphanumeric sender IDs: on the account, provisioned, and attached to a profile."""

from __future__ import annotations

from telnyx_doctor.checkapi import Check, check
from telnyx_doctor.facts_catalog import AlphanumericSenderId, ShortCode
from telnyx_doctor.models import Fix, NumberKind, Result, Severity
from telnyx_doctor.numbers import Target
from telnyx_doctor_checks import _fixes as fx
from telnyx_doctor_checks._codes import telnyx_error, would_fail

_PICK_PROFILE = fx.export_var(
    fx.PROFILE_ID_VAR, "the id of the messaging profile to use (the command listing profiles shows them)"
)
_ONE_WAY = "Alphanumeric sender IDs are one-way: recipients cannot reply to them."
_NO_NANP = "They cannot send to the United States, Canada or Puerto Rico."


# --- short_code.provisioned ------------------------------------------------------------------------


@check(
    "short_code.provisioned",
    title="The short code is provisioned on the account, on a messaging profile",
    severity=Severity.ERROR,
    requires=["number.format"],
    applies_to=frozenset({NumberKind.SHORT_CODE}),
    cause="A short code exists on the account only once the carriers approved and provisioned it, which "
    "takes weeks (8–12 per Telnyx's short-code guide). Until then, and while it is not attached to a "
    "messaging profile, sends from it fail with 40305 Invalid 'from' address.",
    evidence="`GET /v2/short_codes`: the record whose `short_code` matches, and its `messaging_profile_id`.",
    remedy="Wait for provisioning (or order the short code through Telnyx), then attach it to a profile "
    'with `PATCH /v2/short_codes/{id}` and `{"messaging_profile_id": "<profile id>"}`.',
)
def short_code_provisioned(short_code: ShortCode | None, target: Target) -> Result:
    """The short code is on the account and has a `messaging_profile_id`."""
    target = target
    if short_code is None:
        return _short_code_missing(target)
    evidence = {
        "id": short_code.id,
        "short_code": short_code.short_code,
        "messaging_profile_id": short_code.messaging_profile_id,
    }
    if not short_code.messaging_profile_id:
        return Result.failed(
            f"short code {target.value} is not on a messaging profile; {would_fail('40305')}",
            fix=_attach_short_code_fix(target, short_code),
            evidence=evidence,
        )
    return Result.passed(
        f"short code {target.value} is provisioned, on profile {short_code.messaging_profile_id}", evidence=evidence
    )


def _short_code_missing(target: Target) -> Result:
    return Result.failed(
        f"short code {target.value} is not on this account; {would_fail('40305')}",
        fix=fx.make_fix(
            "Get the short code provisioned on this account",
            steps=[
                "Check the short code was typed right and that the API key's organization owns it.",
                "If you applied for it, it is still being provisioned: carrier approval takes weeks "
                "(8–12 per Telnyx's guide). Ask Telnyx support for its status.",
                "If you have not applied yet, request one through Telnyx support.",
            ],
            commands=[
                fx.LIST_SHORT_CODES,
                fx.recheck(target, "short_code.provisioned"),
            ],
            docs_url=fx.DOCS_SHORT_CODE,
        ),
        evidence={"short_code": target.value, "found": False},
    )


def _attach_short_code_fix(target: Target, code: ShortCode) -> Fix:
    short_code_id = code.id or code.short_code or target.value
    return fx.make_fix(
        "Attach the short code to a messaging profile",
        steps=[_PICK_PROFILE, "Attach the short code with the PATCH below, then re-run the doctor."],
        commands=[
            fx.LIST_PROFILES,
            fx.attach_short_code_cmd(short_code_id),
            fx.recheck(target, "short_code.provisioned", "profile.*"),
        ],
        docs_url=fx.DOCS_SHORT_CODE,
    )


# --- alphanumeric.registered -----------------------------------------------------------------------


@check(
    "alphanumeric.registered",
    title="The alphanumeric sender ID is registered on a messaging profile",
    severity=Severity.ERROR,
    requires=["number.format"],
    applies_to=frozenset({NumberKind.ALPHANUMERIC}),
    cause="An alphanumeric sender ID must be created on a messaging profile before use; sending with one "
    "that is not fails with 40306 Alpha sender not configured, and a malformed one with 40325 Invalid "
    "alphanumeric sender ID. Sender IDs are one-way and cannot send to the US, Canada or Puerto Rico.",
    evidence="`GET /v2/alphanumeric_sender_ids`: the record whose `alphanumeric_sender_id` matches, its "
    "`messaging_profile_id` and `us_long_code_fallback`.",
    remedy="Create the sender ID on a profile with `POST /v2/alphanumeric_sender_ids` and "
    '`{"alphanumeric_sender_id": "…", "messaging_profile_id": "…"}` (a Level-2 verified account is needed).',
)
def alphanumeric_registered(alphanumeric: AlphanumericSenderId | None, target: Target) -> Result:
    """The sender ID exists and names a `messaging_profile_id`."""
    target = target
    if alphanumeric is None:
        return Result.failed(
            f"sender ID {target.value!r} is not registered on this account; {would_fail('40306')}",
            fix=_create_sender_fix(target, "Create the sender ID on a messaging profile"),
            details=[f"A sender ID in the wrong format is refused with {telnyx_error('40325')}.", _ONE_WAY, _NO_NANP],
            evidence={"alphanumeric_sender_id": target.value, "found": False},
        )
    evidence = {
        "id": alphanumeric.id,
        "alphanumeric_sender_id": alphanumeric.alphanumeric_sender_id,
        "messaging_profile_id": alphanumeric.messaging_profile_id,
        "us_long_code_fallback": alphanumeric.us_long_code_fallback,
    }
    if not alphanumeric.messaging_profile_id:
        return Result.failed(
            f"sender ID {target.value!r} is not on a messaging profile; {would_fail('40306')}",
            fix=_create_sender_fix(target, "Create the sender ID on the messaging profile you send with"),
            details=[_ONE_WAY, _NO_NANP],
            evidence=evidence,
        )
    return Result.passed(
        f"sender ID {target.value!r} is registered on profile {alphanumeric.messaging_profile_id}",
        details=[_ONE_WAY, _NO_NANP, _fallback_line(alphanumeric)],
        evidence=evidence,
    )


def _fallback_line(sender: AlphanumericSenderId) -> str:
    if sender.us_long_code_fallback:
        return f"US destinations are sent from the fallback long code {sender.us_long_code_fallback}."
    return "No us_long_code_fallback is set: messages to US numbers from this sender are refused."


def _create_sender_fix(target: Target, summary: str) -> Fix:
    return fx.make_fix(
        summary,
        steps=[
            _PICK_PROFILE,
            "Create the sender ID on it with the POST below (1–11 letters, digits or spaces, at least one "
            "letter; the account must be Level-2 verified).",
            "Re-run the doctor.",
        ],
        commands=[
            fx.LIST_PROFILES,
            fx.create_sender_id_cmd(target.value),
            fx.recheck(target, "alphanumeric.registered", "profile.*"),
        ],
        docs_url=fx.DOCS_ALPHANUMERIC,
    )


CHECKS: list[Check] = [short_code_provisioned, alphanumeric_registered]
