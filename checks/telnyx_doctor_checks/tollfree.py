"""Toll-free verification: a US/CA toll-free number messages at full rate only once it is Verified."""

from __future__ import annotations

from typing import Any

from telnyx_doctor.checkapi import Check, StateDoc, check
from telnyx_doctor.facts_catalog import TollFreeVerification
from telnyx_doctor.models import Fix, NumberKind, Result, Severity
from telnyx_doctor.numbers import Target
from telnyx_doctor_checks import _fixes as fx
from telnyx_doctor_checks._codes import shown, telnyx_error, would_fail

_REQUESTS = "/messaging_tollfree/verification/requests"
# TFVerificationStatus values as the API spells them; matched ignoring case and spacing. Meanings are
# inferred from the names and the docs' lifecycle (reference §7); the docs page shows the same table.
VERIFIED = "Verified"
AWAITING: dict[str, str] = {  # still under review, with what is awaited
    "In Progress": "the request is being processed",
    "Waiting For Vendor": "the toll-free verification vendor and carriers are reviewing the request",
    "Waiting For Telnyx": "Telnyx is reviewing the request",
}
CUSTOMER = "Waiting For Customer"
_CUSTOMER_MEANS = "Telnyx needs more information from you"
REJECTED = "Rejected"
_THROUGHPUT = (
    "Until it is verified a toll-free number is heavily filtered: about 0.25 messages a second unverified, "
    "about 1 a second while under review, up to 20 once verified; beyond that, messages expire in queue (40014)."
)


def _key(status: str) -> str:
    return " ".join(status.split()).casefold()


_AWAITING = {_key(status): what for status, what in AWAITING.items()}


def _states() -> tuple[StateDoc, ...]:
    not_verified = f"Sends fail with {telnyx_error('40329')}, or are throttled hard."
    return (
        StateDoc(
            f"`{VERIFIED}`",
            "pass",
            "Approved by the toll-free verification vendor: the number messages at full rate (up to about 20 "
            "a second).",
        ),
        *(
            StateDoc(
                f"`{status}`",
                "fail (pending)",
                f"Under review: {what}. Nothing to do but wait; meanwhile about 1 message a second gets through.",
            )
            for status, what in AWAITING.items()
        ),
        StateDoc(
            f"`{CUSTOMER}`",
            "fail (action needed)",
            f"The review is paused: {_CUSTOMER_MEANS}. Answer with the information `reason` asks for and "
            "resubmit the request.",
        ),
        StateDoc(
            f"`{REJECTED}`",
            "fail (blocked)",
            f"The request was denied; `reason` says why. {not_verified} Fix what it names and resubmit "
            "(resubmissions are unlimited).",
        ),
        StateDoc(
            "none submitted",
            "fail (blocked)",
            f"No verification request lists the number. {not_verified} Submit one; review typically takes days.",
        ),
        StateDoc(
            "any other value (e.g. `Pending`, `Approved`)",
            "fail",
            "Not a TFVerificationStatus value (some docs examples show these): never counted as verified; the "
            "finding shows the raw value.",
        ),
    )


def _request_cmd(verification: TollFreeVerification) -> str:
    return fx.curl("GET", f"{_REQUESTS}/{fx.seg(verification.id)}")


@check(
    "tollfree.verified",
    title="The toll-free number is verified for messaging",
    severity=Severity.ERROR,
    requires=["number.messaging_listed"],
    applies_to=frozenset({NumberKind.TOLL_FREE}),
    cause="US and Canadian carriers require toll-free numbers to be verified before they carry application "
    "traffic. Unverified numbers are throttled and filtered, and sends fail with 40329 Tollfree number is "
    "not verified. Verification goes through review and can be rejected, or stall waiting for more "
    "information from you.",
    evidence="The most recently updated request listing the number in `GET "
    "/v2/messaging_tollfree/verification/requests?phone_number=<+E.164>&page=1&page_size=20`: "
    "`verificationStatus` (Verified, Rejected, Waiting For Vendor, Waiting For Customer, Waiting For "
    "Telnyx, In Progress) and `reason`.",
    remedy="Submit a verification request (`POST /v2/messaging_tollfree/verification/requests`); answer "
    "any request for information; after a rejection, fix what `reason` says and resubmit with "
    "`PATCH /v2/messaging_tollfree/verification/requests/{id}`.",
    states=_states(),
)
def tollfree_verified(tollfree_verification: TollFreeVerification | None, target: Target) -> Result:
    """The latest verification request's `verificationStatus` is Verified."""
    if tollfree_verification is None:
        return _not_submitted(target)
    raw = tollfree_verification.verification_status
    key = _key(raw)
    evidence = {"id": tollfree_verification.id, "verificationStatus": raw, "reason": tollfree_verification.reason}
    if key == _key(VERIFIED):
        return Result.passed(f"{target.value} is verified for toll-free messaging", evidence=evidence)
    if key in _AWAITING:
        return Result.failed(
            f"toll-free verification is {raw!r}: {_AWAITING[key]}; not verified yet",
            fix=_wait_fix(target, tollfree_verification),
            details=[_THROUGHPUT],
            evidence=evidence,
        )
    if key == _key(CUSTOMER):
        return Result.failed(
            f"toll-free verification is {raw!r}: {_CUSTOMER_MEANS}",
            fix=_resubmit_fix(target, tollfree_verification, "Provide the information the review asks for"),
            details=_reason_lines(tollfree_verification),
            evidence=evidence,
        )
    if key == _key(REJECTED):
        return Result.failed(
            f"toll-free verification was rejected; {would_fail('40329')}",
            fix=_resubmit_fix(target, tollfree_verification, "Fix what the rejection names and resubmit"),
            details=_reason_lines(tollfree_verification),
            evidence=evidence,
        )
    return _unknown(target, tollfree_verification, evidence)


def _reason_lines(verification: TollFreeVerification) -> list[str]:
    reason = f"reason: {verification.reason}" if verification.reason else "Telnyx gave no reason."
    return [reason, _THROUGHPUT]


def _not_submitted(target: Target) -> Result:
    return Result.failed(
        f"{target.value} has no toll-free verification request; {would_fail('40329')}",
        fix=fx.make_fix(
            "Submit a toll-free verification request for the number",
            steps=[
                "Write tollfree-verification.json: business name, address and contact, website, "
                "businessRegistrationNumber/Type/Country (required since 2026-02-17), use case and summary, "
                "sample message content, opt-in workflow with image URLs, message volume, and "
                f'"phoneNumbers": [{{"phoneNumber": "{target.value}"}}].',
                "Submit it with the POST below; review typically takes days.",
                "Re-run the doctor to follow the status.",
            ],
            commands=[
                fx.curl("POST", _REQUESTS, body_file="tollfree-verification.json"),
                fx.recheck(target, "tollfree.verified"),
            ],
            docs_url=fx.DOCS_TOLL_FREE,
        ),
        details=[_THROUGHPUT],
        evidence={"phone_number": target.value, "verification": None},
    )


def _wait_fix(target: Target, verification: TollFreeVerification) -> Fix:
    return fx.make_fix(
        "Wait for the review to finish, then re-run the doctor",
        steps=[
            "No action is needed while the request is under review; keep volumes low meanwhile.",
            "Re-run the doctor to follow the status; set the request's webhookUrl to be told of changes.",
        ],
        commands=[_request_cmd(verification), fx.recheck(target, "tollfree.verified")],
        docs_url=fx.DOCS_TOLL_FREE,
    )


def _resubmit_fix(target: Target, verification: TollFreeVerification, summary: str) -> Fix:
    return fx.make_fix(
        summary,
        steps=[
            "Read `reason` (in details and from the first command).",
            "Put the corrected request in tollfree-verification.json and resubmit it with the PATCH below "
            "(resubmissions are unlimited).",
            "Re-run the doctor to follow the status.",
        ],
        commands=[
            _request_cmd(verification),
            fx.curl("PATCH", f"{_REQUESTS}/{fx.seg(verification.id)}", body_file="tollfree-verification.json"),
            fx.recheck(target, "tollfree.verified"),
        ],
        docs_url=fx.DOCS_TOLL_FREE,
    )


def _unknown(target: Target, verification: TollFreeVerification, evidence: dict[str, Any]) -> Result:
    raw = verification.verification_status
    return Result.failed(
        f"toll-free verification status {shown(raw)} is not one the doctor knows; only 'Verified' counts "
        f"(else {telnyx_error('40329')})",
        fix=fx.make_fix(
            "Check the request's status in the Portal or ask Telnyx support",
            steps=["Look at the request with the command below; only Verified is ready."],
            commands=[_request_cmd(verification), fx.recheck(target, "tollfree.verified")],
            docs_url=fx.DOCS_TOLL_FREE,
        ),
        details=[f"Raw verificationStatus: {shown(raw)}.", *_reason_lines(verification)],
        evidence=evidence,
    )


CHECKS: list[Check] = [tollfree_verified]
