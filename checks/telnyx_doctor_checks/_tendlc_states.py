"""What each 10DLC assignment and campaign status means, and what happens or must be done next.

Campaign meanings follow Telnyx's 10DLC event-notification docs (reference §6.3); `TELNYX_ACCEPTED`,
`MNO_ACCEPTED` and `MNO_PROVISIONING_FAILED` are not described there and are read from their names.
Carrier ids are TCR network ids; the names come from `GET /v2/10dlc/enum/mno` (reference §6.4).
"""

from __future__ import annotations

from dataclasses import dataclass

ASSIGNED = "ASSIGNED"
PENDING_ASSIGNMENT = "PENDING_ASSIGNMENT"
FAILED_ASSIGNMENT = "FAILED_ASSIGNMENT"
PENDING_UNASSIGNMENT = "PENDING_UNASSIGNMENT"
FAILED_UNASSIGNMENT = "FAILED_UNASSIGNMENT"

READY_CAMPAIGN = "MNO_PROVISIONED"

CARRIERS: dict[str, str] = {"10017": "AT&T", "10035": "T-Mobile", "10038": "Verizon"}
APPROVED = "APPROVED"


def carrier_name(network_id: str) -> str:
    """`AT&T (10017)`, or the bare id for a network the doctor does not know."""
    name = CARRIERS.get(network_id)
    return f"{name} ({network_id})" if name else f"network {network_id}"


# In progress: nothing to do but wait; the value says what is awaited.
CAMPAIGN_PENDING: dict[str, str] = {
    "TCR_PENDING": "submitted and waiting for The Campaign Registry (TCR); next comes Telnyx's compliance "
    "review, then the carriers'",
    "TCR_ACCEPTED": "accepted by TCR and waiting for Telnyx's compliance review (an appeal or an update "
    "also returns a campaign here); next comes the carriers' review",
    "TELNYX_ACCEPTED": "approved by Telnyx's review; next it goes to the carriers (MNOs) for review",
    "MNO_PENDING": "waiting for the carriers (MNOs) to review and provision it",
    "MNO_ACCEPTED": "accepted by the carriers, with provisioning not yet confirmed; next is MNO_PROVISIONED",
}


@dataclass(frozen=True)
class Blocked:
    """A campaign status that will not resolve by waiting: why, and the way out."""

    why: str
    fix: str
    steps: tuple[str, ...]
    appealable: bool = False


CAMPAIGN_BLOCKED: dict[str, Blocked] = {
    "TCR_FAILED": Blocked(
        why="The Campaign Registry rejected the campaign at registration.",
        fix="Correct the campaign and register it again",
        steps=(
            "Read `failureReasons` (in details) and fix what it names: use case, sample messages, opt-in flow, "
            "privacy policy or terms links.",
            "Register a corrected campaign, then assign the number to it.",
        ),
    ),
    "TELNYX_FAILED": Blocked(
        why="Telnyx's compliance review rejected the campaign.",
        fix="Fix what the review rejected and appeal",
        steps=(
            "Read `failureReasons` (in details) and correct the campaign (website, privacy policy, opt-in "
            "evidence, sample messages).",
            "Submit an appeal explaining the changes (POST below); the campaign returns to TCR_ACCEPTED "
            "for manual review.",
        ),
        appealable=True,
    ),
    "MNO_REJECTED": Blocked(
        why="One or more carriers rejected the campaign.",
        fix="Fix what the carriers rejected and appeal",
        steps=(
            "Read `failureReasons` (in details) and the per-carrier status, and correct the campaign.",
            "Submit an appeal explaining the changes (POST below).",
        ),
        appealable=True,
    ),
    "MNO_PROVISIONING_FAILED": Blocked(
        why="The carriers accepted the campaign but provisioning it on their networks failed.",
        fix="Ask Telnyx support to retry the carrier provisioning",
        steps=("Contact Telnyx support with the campaign id and `failureReasons` (in details).",),
    ),
    "TCR_SUSPENDED": Blocked(
        why="The campaign was suspended for a compliance problem; its numbers cannot send.",
        fix="Resolve the compliance problem, then ask for reinstatement",
        steps=(
            "Read `failureReasons` (in details) and any notice from Telnyx about the suspension.",
            "Fix the traffic or content that caused it and contact Telnyx support to reinstate the "
            "campaign, or register a new compliant campaign.",
        ),
    ),
    "TCR_EXPIRED": Blocked(
        why="The campaign expired (it was not renewed) and is no longer active.",
        fix="Register a new campaign and move the number to it",
        steps=(
            "Register a new campaign for the same brand (keep auto-renewal on).",
            "Move the number to the new campaign once it reaches MNO_PROVISIONED.",
        ),
    ),
}
