"""The sandbox words its error codes with the catalogue, so a simulated error reads as the checks explain it."""

from __future__ import annotations

from telnyx_doctor.evidence.codes import CODES
from telnyx_doctor.sandbox.codes import title
from telnyx_doctor.sandbox.sending import Refusal


def test_every_code_has_the_catalogue_title() -> None:
    """Each catalogued code, as a string or an int, gets exactly the catalogue's title."""
    wrong = {e.code: title(e.code) for e in CODES if title(e.code) != e.title or title(int(e.code)) != e.title}
    assert not wrong


def test_a_refusal_carries_the_catalogue_title_and_keeps_its_status() -> None:
    """A refused send's title is the catalogue's; the HTTP status decisions stay the sandbox's own."""
    assert Refusal("40306", "no alpha sender").title == "Alpha sender not configured"
    statuses = [Refusal(code, "x").status for code in ("40300", "40306", "10016")]
    assert statuses == [409, 422, 400]


def test_an_unlisted_code_gets_a_generic_title() -> None:
    """A code the catalogue does not list is a generic messaging error, not an invented title."""
    assert title("49999") == "Messaging error"
