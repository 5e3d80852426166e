"""What each 10DLC assignment, campaign and brand status means, and what happens or must be done next.

Campaign meanings follow Telnyx's 10DLC event-notification docs (reference §6.3); `TELNYX_ACCEPTED`,
`MNO_ACCEPTED` and `MNO_PROVISIONING_FAILED` are not described there and are read from their names.
Brand identity meanings follow the 10DLC troubleshooting and brand-registration docs (reference §6.5).
Carrier ids are TCR network ids; the names come from `GET /v2/10dlc/enum/mno` (reference §6.4).
The checks decide with these tables and their docs pages show them, so the two cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from telnyx_doctor.checkapi import StateDoc
from telnyx_doctor_checks._codes import telnyx_error

ASSIGNED = "ASSIGNED"
PENDING_ASSIGNMENT = "PENDING_ASSIGNMENT"
FAILED_ASSIGNMENT = "FAILED_ASSIGNMENT"
PENDING_UNASSIGNMENT = "PENDING_UNASSIGNMENT"
FAILED_UNASSIGNMENT = "FAILED_UNASSIGNMENT"

READY_CAMPAIGN = "MNO_PROVISIONED"
ACTIVE_CAMPAIGN = "ACTIVE"  # the campaign's separate `status` field
PROPAGATION = "Carrier propagation of an assignment usually takes 24–72 hours."
_UNREGISTERED = f"Sends fail with {telnyx_error('40010')}."
_UNKNOWN = "A value the doctor does not know: never counted as ready; the finding shows the raw value."


@dataclass(frozen=True)
class Meaning:
    """A verdict on one status value and what it means, in plain words."""

    verdict: str
    text: str


# Every assignmentStatus the check knows; anything else is reported raw, as unknown.
ASSIGNMENT: dict[str, Meaning] = {
    ASSIGNED: Meaning(
        "pass",
        "The number is assigned to the campaign, so carriers take its traffic as registered (once the "
        "campaign itself is live: see 10dlc.campaign_active).",
    ),
    PENDING_ASSIGNMENT: Meaning(
        "fail (pending)",
        f"The assignment is requested and the carriers have not picked it up yet. {PROPAGATION} Nothing to "
        "do but wait and re-run.",
    ),
    FAILED_ASSIGNMENT: Meaning(
        "fail (blocked)",
        "The assignment failed, most often because the campaign is not active yet or the number is not on a "
        f"messaging profile; `failureReasons` says why. Fix that and assign the number again. {_UNREGISTERED}",
    ),
    PENDING_UNASSIGNMENT: Meaning(
        "fail (blocked)",
        "The number is being removed from its campaign; once that completes it is unregistered. "
        f"{_UNREGISTERED} Assign it again if the removal was not intended.",
    ),
    FAILED_UNASSIGNMENT: Meaning(
        "fail (blocked)",
        "Removing the number from its campaign failed, so carriers may hold a stale assignment. Retry the "
        "removal or ask Telnyx support to clean it up, then assign the number where it belongs.",
    ),
}
NO_ASSIGNMENT = (
    "The number is assigned to no 10DLC campaign, so carriers filter or block its traffic. "
    f"{_UNREGISTERED} Register a brand and a campaign, and assign the number to the campaign."
)


def assignment_states() -> tuple[StateDoc, ...]:
    """The States table of `10dlc.campaign_assigned`."""
    return (
        *(StateDoc(f"`{status}`", meaning.verdict, meaning.text) for status, meaning in ASSIGNMENT.items()),
        StateDoc("no assignment", "fail (blocked)", NO_ASSIGNMENT),
        StateDoc("any other value, or none", "fail", _UNKNOWN),
    )


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


def campaign_states() -> tuple[StateDoc, ...]:
    """The States table of `10dlc.campaign_active`: every campaignStatus, then the `status` and T-Mobile notes."""
    ready = f"`{READY_CAMPAIGN}`"
    return (
        StateDoc(
            f"{ready}, `status` `{ACTIVE_CAMPAIGN}`",
            "pass",
            "Provisioned with the carriers and active: the only state in which the campaign's numbers can send.",
        ),
        *(
            StateDoc(f"`{status}`", "fail (pending)", f"{_sentence(what)} Nothing to do but wait; not usable yet.")
            for status, what in CAMPAIGN_PENDING.items()
        ),
        *(
            StateDoc(f"`{status}`", "fail (blocked)", f"{blocked.why} {_UNREGISTERED} Next: {_next(blocked.fix)}")
            for status, blocked in CAMPAIGN_BLOCKED.items()
        ),
        StateDoc(
            f"{ready}, `isTMobileSuspended` true",
            "fail (blocked)",
            "T-Mobile suspended the campaign: messages to T-Mobile subscribers are blocked until the suspension "
            "is resolved with Telnyx support (or the CSP that shared the campaign).",
        ),
        StateDoc(
            f"{ready}, another `status` (`EXPIRED`, `SUSPENDED`)",
            "fail (blocked)",
            f"The campaign is no longer active. {_UNREGISTERED} Renew or reinstate it, or move the number to "
            "an active campaign.",
        ),
        StateDoc(
            f"{ready}, no `status` (a Telnyx campaign)",
            "warn",
            "Provisioned, but Telnyx does not say whether the campaign is ACTIVE; look again later.",
        ),
        StateDoc(
            f"{ready}, no `status` (a partner campaign)",
            "pass",
            "Campaigns shared by another campaign service provider (CSP) carry no `status`; provisioned is ready.",
        ),
        StateDoc(
            "campaign not found",
            "fail (blocked)",
            "The assignment names a campaign this account cannot see (a partner campaign is visible only while "
            f"its CSP shares it with Telnyx). {_UNREGISTERED}",
        ),
        StateDoc("any other `campaignStatus`", "fail", _UNKNOWN),
    )


def _sentence(text: str) -> str:
    """`text` with a capital letter and a full stop."""
    text = text.strip()
    return f"{text[0].upper()}{text[1:]}{'' if text.endswith('.') else '.'}"


def _next(fix: str) -> str:
    """A fix summary continuing a sentence: `Correct the campaign` → `correct the campaign.`."""
    return f"{fix[0].lower()}{fix[1:]}."


# --- brands ----------------------------------------------------------------------------------------

BRAND_REGISTERED = "OK"
BRAND_PENDING = "REGISTRATION_PENDING"
BRAND_FAILED = "REGISTRATION_FAILED"
# identityStatus values that make a registered brand ready.
IDENTITY_VERIFIED: dict[str, str] = {
    "VERIFIED": "The Campaign Registry (TCR) confirmed the brand's identity against official records.",
    "VETTED_VERIFIED": "The brand's identity is confirmed and it passed external vetting, whose score sets "
    "its throughput.",
}
IDENTITY_SELF_DECLARED = "SELF_DECLARED"
IDENTITY_UNVERIFIED = "UNVERIFIED"
SOLE_PROPRIETOR_LIMITS = (
    "Sole-proprietor brands are not independently verified and get the lowest throughput "
    "(T-Mobile: 1,000 messages a day; AT&T: 15 SMS a minute)."
)


def brand_states() -> tuple[StateDoc, ...]:
    """The States table of `10dlc.brand_verified`: brand `status` × `identityStatus`."""

    def registered(identity: str) -> str:
        return f"status `{BRAND_REGISTERED}`, identityStatus `{identity}`"

    return (
        *(StateDoc(registered(value), "pass", meaning) for value, meaning in IDENTITY_VERIFIED.items()),
        StateDoc(
            registered(IDENTITY_SELF_DECLARED),
            "pass (noted)",
            f"A sole-proprietor brand: it may send, and the finding notes its limits. {SOLE_PROPRIETOR_LIMITS}",
        ),
        StateDoc(
            registered(IDENTITY_UNVERIFIED),
            "fail (blocked)",
            "TCR could not match the brand to official records (legal name, EIN, address), so its campaigns "
            f"count as unregistered. {_UNREGISTERED} Correct the fields the brand feedback names and ask for "
            "re-vetting.",
        ),
        StateDoc(
            f"status `{BRAND_PENDING}` (any identityStatus)",
            "fail (pending)",
            "TCR is still registering the brand, usually within minutes to a few days; not usable yet.",
        ),
        StateDoc(
            f"status `{BRAND_FAILED}` (any identityStatus)",
            "fail (blocked)",
            f"TCR rejected the brand's registration. {_UNREGISTERED} Correct the brand as its feedback says "
            "and resubmit it.",
        ),
        StateDoc(
            "brand not found", "fail (blocked)", f"The campaign's brand is not visible to this account. {_UNREGISTERED}"
        ),
        StateDoc("any other `status` or `identityStatus`", "fail", _UNKNOWN),
    )
