"""10DLC for US long codes: the number is assigned to a registered campaign."""

from __future__ import annotations

from typing import Any

from telnyx_doctor.checkapi import Check, check
from telnyx_doctor.facts_catalog import PhoneNumberCampaign
from telnyx_doctor.models import NumberKind, Result, Severity
from telnyx_doctor.numbers import Target
from telnyx_doctor_checks import _fixes as fx
from telnyx_doctor_checks import _tendlc_states as st
from telnyx_doctor_checks._codes import shown, would_fail

US_LONG_CODE = frozenset({NumberKind.US_LONG_CODE})
_CAMPAIGN_ID = fx.ShellVar("CAMPAIGN_ID")
_BRAND_ID = fx.ShellVar("BRAND_ID")


def assignment_cmd(target: Target) -> str:
    """The read-only call that shows the number's 10DLC assignment."""
    return fx.curl("GET", f"/10dlc/phone_number_campaigns/{fx.seg(target.value)}")


# --- 10dlc.campaign_assigned -----------------------------------------------------------------------


@check(
    "10dlc.campaign_assigned",
    title="The number is assigned to a 10DLC campaign",
    severity=Severity.ERROR,
    requires=["number.messaging_listed"],
    applies_to=US_LONG_CODE,
    cause="US carriers only carry application (A2P) traffic from a 10-digit long code that is assigned to a "
    "registered 10DLC campaign. Without an assignment, or while it is pending or failed, messages are "
    "filtered or blocked with 40010 Not 10DLC registered.",
    evidence="`GET /v2/10dlc/phone_number_campaigns/{+E.164}`: `assignmentStatus` (ASSIGNED, "
    "PENDING_ASSIGNMENT, FAILED_ASSIGNMENT, PENDING_UNASSIGNMENT, FAILED_UNASSIGNMENT), `campaignId`, "
    "`failureReasons`, and the carrier mapping statuses.",
    remedy="Register a brand and a campaign, then assign the number with `POST /v2/10dlc/phone_number_campaigns` "
    'and `{"phoneNumber": "+1…", "campaignId": "…"}`; allow 24–72 hours for carriers to pick it up.',
    states=st.assignment_states(),
)
def campaign_assigned(tendlc_assignment: PhoneNumberCampaign | None, target: Target) -> Result:
    """`assignmentStatus` is ASSIGNED."""
    if tendlc_assignment is None:
        return _unassigned(target)
    evidence = _assignment_evidence(tendlc_assignment)
    raw = tendlc_assignment.assignment_status
    status = (raw or "").strip().upper()
    if status not in st.ASSIGNMENT:
        return _unknown_assignment(target, tendlc_assignment, evidence)
    if status == st.ASSIGNED:
        return Result.passed(
            f"{target.value} is assigned to campaign {tendlc_assignment.campaign_id}",
            details=_mapping_details(tendlc_assignment),
            evidence=evidence,
        )
    return _ASSIGNMENT_FAILURES[status](target, tendlc_assignment, evidence)


def _assignment_evidence(assignment: PhoneNumberCampaign) -> dict[str, Any]:
    return {
        "assignmentStatus": assignment.assignment_status,
        "campaignId": assignment.campaign_id,
        "telnyxCampaignId": assignment.telnyx_campaign_id,
        "tcrCampaignId": assignment.tcr_campaign_id,
        "failureReasons": assignment.failure_reasons,
    }


def _mapping_details(assignment: PhoneNumberCampaign) -> list[str]:
    details = []
    if assignment.tcr_campaign_id:
        details.append(f"TCR campaign: {assignment.tcr_campaign_id}")
    if assignment.tmobile_number_mapping_status:
        details.append(f"T-Mobile mapping: {assignment.tmobile_number_mapping_status}")
    if assignment.non_tmobile_number_mapping_status:
        details.append(f"other carriers' mapping: {assignment.non_tmobile_number_mapping_status}")
    return details


def reasons(text: str | None) -> list[str]:
    """The failureReasons Telnyx gave, as a details line."""
    return [f"failureReasons: {text}"] if text else ["Telnyx gave no failureReasons."]


def _assign_body(target: Target, campaign_id: str | fx.ShellVar) -> dict[str, object]:
    return {"phoneNumber": target.value, "campaignId": campaign_id}


def _unassigned(target: Target) -> Result:
    return Result.failed(
        f"{target.value} is not assigned to a 10DLC campaign; {would_fail('40010')}",
        fix=fx.make_fix(
            "Register a 10DLC brand and campaign, and assign the number to the campaign",
            steps=[
                "If you have no brand and campaign yet, register them (10DLC quickstart); the campaign must "
                "reach MNO_PROVISIONED before numbers can use it.",
                fx.export_var(_BRAND_ID, "your brand's id (the first command lists brands)"),
                fx.export_var(_CAMPAIGN_ID, "the id of an active campaign of that brand (the second command)"),
                "Assign the number with the POST below; it must already be on a messaging profile.",
                st.PROPAGATION + " Re-run the doctor then.",
            ],
            commands=[
                fx.curl("GET", "/10dlc/brand"),
                fx.curl("GET", "/10dlc/campaign", query={"brandId": _BRAND_ID}),
                fx.curl("POST", "/10dlc/phone_number_campaigns", body=_assign_body(target, _CAMPAIGN_ID)),
                fx.recheck(target, "10dlc.*"),
            ],
            docs_url=fx.DOCS_10DLC_ASSIGNMENT,
        ),
        details=["US long codes without 10DLC registration see carrier filtering and message blocking."],
        evidence={"phone_number": target.value, "assignment": None},
    )


def _pending_assignment(target: Target, a: PhoneNumberCampaign, evidence: dict[str, Any]) -> Result:
    return Result.failed(
        f"{target.value}'s assignment to campaign {a.campaign_id} is pending: not usable yet",
        fix=fx.make_fix(
            "Wait for the carriers to pick up the assignment, then re-run the doctor",
            steps=[st.PROPAGATION, "Re-run the doctor later; if it is still pending after 72 hours, contact support."],
            commands=[assignment_cmd(target), fx.recheck(target, "10dlc.campaign_assigned")],
            docs_url=fx.DOCS_10DLC_ASSIGNMENT,
        ),
        details=[st.PROPAGATION, *_mapping_details(a)],
        evidence=evidence,
    )


def _failed_assignment(target: Target, a: PhoneNumberCampaign, evidence: dict[str, Any]) -> Result:
    return Result.failed(
        f"{target.value}'s assignment to campaign {a.campaign_id} failed; {would_fail('40010')}",
        fix=fx.make_fix(
            "Fix the reason the assignment failed and assign the number again",
            steps=[
                "Read failureReasons (in details); common causes are a campaign that is not active yet and a "
                "number that is not on a messaging profile.",
                "Retry the assignment with the PUT below (it replaces the failed one).",
                st.PROPAGATION,
            ],
            commands=[
                assignment_cmd(target),
                fx.curl(
                    "PUT",
                    f"/10dlc/phone_number_campaigns/{fx.seg(target.value)}",
                    body=_assign_body(target, a.campaign_id),
                ),
                fx.recheck(target, "10dlc.*"),
            ],
            docs_url=fx.DOCS_10DLC_TROUBLESHOOTING,
        ),
        details=reasons(a.failure_reasons),
        evidence=evidence,
    )


def _pending_unassignment(target: Target, a: PhoneNumberCampaign, evidence: dict[str, Any]) -> Result:
    return Result.failed(
        f"{target.value} is being removed from campaign {a.campaign_id}; once done, {would_fail('40010')}",
        fix=fx.make_fix(
            "Let the removal finish, then assign the number to the campaign it should use",
            steps=[
                "If the removal was not intended, wait for it to finish and assign the number again (POST below).",
                "To move the number to another campaign, use a PUT on the assignment instead of removing it.",
                st.PROPAGATION,
            ],
            commands=[
                assignment_cmd(target),
                fx.curl("POST", "/10dlc/phone_number_campaigns", body=_assign_body(target, _CAMPAIGN_ID)),
                fx.recheck(target, "10dlc.*"),
            ],
            docs_url=fx.DOCS_10DLC_ASSIGNMENT,
        ),
        details=["An unassignment is in progress at the carriers."],
        evidence=evidence,
    )


def _failed_unassignment(target: Target, a: PhoneNumberCampaign, evidence: dict[str, Any]) -> Result:
    return Result.failed(
        f"removing {target.value} from campaign {a.campaign_id} failed: carriers may hold a stale assignment",
        fix=fx.make_fix(
            "Retry the removal, or ask Telnyx support to clean up the assignment",
            steps=[
                "Read failureReasons (in details).",
                "Retry the removal with the DELETE below, or contact Telnyx support with the number and campaign id.",
                "Then assign the number to the campaign it should use.",
            ],
            commands=[
                assignment_cmd(target),
                fx.curl("DELETE", f"/10dlc/phone_number_campaigns/{fx.seg(target.value)}"),
                fx.recheck(target, "10dlc.*"),
            ],
            docs_url=fx.DOCS_10DLC_TROUBLESHOOTING,
        ),
        details=reasons(a.failure_reasons),
        evidence=evidence,
    )


def _unknown_assignment(target: Target, a: PhoneNumberCampaign, evidence: dict[str, Any]) -> Result:
    return Result.failed(
        f"{target.value}'s 10DLC assignment has status {shown(a.assignment_status)}, which the doctor "
        "does not know; only ASSIGNED can send",
        fix=fx.make_fix(
            "Check the assignment's state in the Portal or ask Telnyx support",
            steps=["Look at the assignment with the command below; only ASSIGNED is ready."],
            commands=[assignment_cmd(target), fx.recheck(target, "10dlc.campaign_assigned")],
            docs_url=fx.DOCS_10DLC_ASSIGNMENT,
        ),
        details=[f"Raw assignmentStatus: {shown(a.assignment_status)}.", *reasons(a.failure_reasons)],
        evidence=evidence,
    )


_ASSIGNMENT_FAILURES = {
    st.PENDING_ASSIGNMENT: _pending_assignment,
    st.FAILED_ASSIGNMENT: _failed_assignment,
    st.PENDING_UNASSIGNMENT: _pending_unassignment,
    st.FAILED_UNASSIGNMENT: _failed_unassignment,
}


CHECKS: list[Check] = [campaign_assigned]
