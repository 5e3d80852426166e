"""What each `/v2/phone_numbers` status means for messaging, and what to do about it.

Telnyx publishes the enum but no per-value descriptions (reference §4); the meanings below follow the names:
pending states are "not usable yet" (40320), failed/deleted/ported-out mean the number is not, or no longer,
yours to send from, `port-out-pending` means it is leaving Telnyx, `emergency-only` is a restricted state.
"""

from __future__ import annotations

from dataclasses import dataclass

from telnyx_doctor.checkapi import StateDoc
from telnyx_doctor_checks import _fixes as fx
from telnyx_doctor_checks._codes import telnyx_error

ACTIVE = "active"


@dataclass(frozen=True)
class StatusMeaning:
    """How one inventory status is explained: a headline, why it blocks messaging, and the way out."""

    headline: str
    why: str
    fix: str
    steps: tuple[str, ...]
    code: str | None
    docs_url: str
    pending: bool = False  # not usable *yet*: the number is on its way to `active`
    needs_you: bool = False  # and it waits for something from the account owner

    @property
    def verdict(self) -> str:
        """The verdict on the check's docs page: waiting for you, waiting, or not resolving by waiting."""
        if self.needs_you:
            return "fail (action needed)"
        return "fail (pending)" if self.pending else "fail (blocked)"

    @property
    def plain(self) -> str:
        """What the status means and what to do, in a few sentences."""
        consequence = f" Sends fail with {telnyx_error(self.code)}." if self.code else ""
        return f"The number {self.headline}. {self.why}{consequence} Next: {self.fix[0].lower()}{self.fix[1:]}."


_RECHECK = "Re-run the doctor once the status is `active`."

_PENDING = {
    "purchase-pending": StatusMeaning(
        headline="is still being purchased",
        why="The number order has not completed, so the number cannot carry traffic yet.",
        fix="Wait for the number order to complete",
        steps=(
            "Check the number order in the Portal (Numbers → Number Orders); orders usually complete within "
            "minutes, longer when the country has regulatory requirements.",
            _RECHECK,
        ),
        code="40320",
        docs_url=fx.DOCS_BUY_NUMBER,
        pending=True,
    ),
    "port-pending": StatusMeaning(
        headline="is still being ported in to Telnyx",
        why="A port-in order is open; the number moves to Telnyx at the FOC date. In the US and Canada "
        "messaging can move later than voice, when the losing carrier releases the NNID.",
        fix="Wait for the port-in order to complete",
        steps=(
            "Follow the port-in order in the Portal (Numbers → Port In) and answer any open requirement.",
            _RECHECK,
        ),
        code="40320",
        docs_url=fx.DOCS_PORTING,
        pending=True,
    ),
    "provision-pending": StatusMeaning(
        headline="is still being provisioned",
        why="Telnyx has not finished setting the number up on its network.",
        fix="Wait for provisioning to finish",
        steps=(
            "Wait a few minutes; if the status does not change within a day, contact Telnyx support.",
            _RECHECK,
        ),
        code="40320",
        docs_url=fx.DOCS_BUY_NUMBER,
        pending=True,
    ),
    "requirement-info-pending": StatusMeaning(
        headline="is waiting for regulatory information from you",
        why="The number's country requires documents or details (identity, address) before activation.",
        fix="Provide the number's regulatory requirements",
        steps=(
            "Open the number order in the Portal and fulfil its requirements (Numbers → Regulatory "
            "Requirements); the number stays unusable until they are accepted.",
            _RECHECK,
        ),
        code="40320",
        docs_url=fx.DOCS_BUY_NUMBER,
        pending=True,
        needs_you=True,
    ),
    "requirement-info-under-review": StatusMeaning(
        headline="has regulatory information under review",
        why="Telnyx is reviewing the documents submitted for this number.",
        fix="Wait for Telnyx to review the number's regulatory information",
        steps=("No action is needed unless Telnyx asks for more information.", _RECHECK),
        code="40320",
        docs_url=fx.DOCS_BUY_NUMBER,
        pending=True,
    ),
    "requirement-info-exception": StatusMeaning(
        headline="has regulatory information that was not accepted",
        why="The documents or details submitted for this number need correction before it can activate.",
        fix="Correct and resubmit the number's regulatory information",
        steps=(
            "Open the number order in the Portal, read why the requirement was not accepted, and resubmit.",
            _RECHECK,
        ),
        code="40320",
        docs_url=fx.DOCS_BUY_NUMBER,
        pending=True,
        needs_you=True,
    ),
}

_GONE = {
    "purchase-failed": StatusMeaning(
        headline="failed to be purchased",
        why="The number order failed, so the number never became yours.",
        fix="Buy another number",
        steps=(
            "Search for an SMS-capable number and order it.",
            "Assign the new number to your messaging profile and run the doctor on it.",
        ),
        code="40305",
        docs_url=fx.DOCS_BUY_NUMBER,
    ),
    "port-failed": StatusMeaning(
        headline="failed to port in to Telnyx",
        why="The port-in order was rejected, so the number is still with its previous carrier.",
        fix="Correct the port-in order and resubmit it",
        steps=(
            "Open the port-in order in the Portal (Numbers → Port In), read the rejection reason "
            "(often a mismatched account number, PIN or address) and resubmit.",
            _RECHECK,
        ),
        code="40305",
        docs_url=fx.DOCS_PORTING,
    ),
    "deleted": StatusMeaning(
        headline="has been deleted from this account",
        why="A deleted number no longer belongs to the account and cannot send or receive.",
        fix="Use a number that is active on the account",
        steps=(
            "Pick another active number, or buy a new one.",
            "Assign it to your messaging profile and run the doctor on it.",
        ),
        code="40305",
        docs_url=fx.DOCS_BUY_NUMBER,
    ),
    "ported-out": StatusMeaning(
        headline="has been ported out to another carrier",
        why="The number now belongs to another carrier; Telnyx can no longer send or receive on it.",
        fix="Use a number that is active on the account",
        steps=(
            "Pick another active number, or buy a new one (or port this one back in).",
            "Assign it to your messaging profile and run the doctor on it.",
        ),
        code="40305",
        docs_url=fx.DOCS_PORTING,
    ),
    "port-out-pending": StatusMeaning(
        headline="is being ported out of Telnyx",
        why="A port-out request is moving the number to another carrier; once it completes, messages on "
        "this number stop for good.",
        fix="Stop the port-out if it is not intended, or move traffic to another number",
        steps=(
            "If you did not request the port-out, contact Telnyx support now to dispute it.",
            "Otherwise move your messaging traffic to another active number before the port completes.",
        ),
        code=None,
        docs_url=fx.DOCS_PORTING,
    ),
    "emergency-only": StatusMeaning(
        headline="is restricted to emergency use",
        why="The number is in a restricted state that does not carry messaging.",
        fix="Ask Telnyx support to lift the restriction",
        steps=(
            "Check the account's balance and compliance notices in the Portal; restrictions often follow "
            "an unpaid balance or a compliance hold.",
            "Contact Telnyx support with the number to restore it to `active`.",
            _RECHECK,
        ),
        code=None,
        docs_url=fx.DOCS_NUMBER_CONFIG,
    ),
}

MEANINGS: dict[str, StatusMeaning] = {**_PENDING, **_GONE}

NOT_FOUND = (
    "The account has no such number: it was typed wrong, the API key belongs to another organization, or "
    f"the number is not yours yet. Sends fail with {telnyx_error('40305')}."
)


def states() -> tuple[StateDoc, ...]:
    """The States table of `number.on_account`, from the same meanings the check reports."""
    return (
        StateDoc(f"`{ACTIVE}`", "pass", "The number is on this account and active: it can carry messages."),
        *(StateDoc(f"`{status}`", meaning.verdict, meaning.plain) for status, meaning in MEANINGS.items()),
        StateDoc("not on the account", "fail (blocked)", NOT_FOUND),
        StateDoc(
            "any other value",
            "fail",
            "A status the doctor does not know: never counted as ready; the finding shows the raw value.",
        ),
    )
