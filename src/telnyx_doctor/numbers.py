"""Parse and normalise what the user typed (E.164, short code, alphanumeric sender ID) and classify its kind."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from telnyx_doctor.errors import UsageError
from telnyx_doctor.models import NumberKind

# US toll-free NPAs that need toll-free verification (reference §13).
TOLL_FREE_NPAS = frozenset({"800", "833", "844", "855", "866", "877", "888"})
_SHORT_CODE = re.compile(r"^\d{5,6}$")
# Alphanumeric sender IDs: 1–11 letters, digits or spaces with at least one letter (reference §8).
# To keep `doctor 12ab` a typo rather than a sender ID, a bare ID must start with a letter; one that
# starts with a digit is written `alpha:1800FLOWERS`.
_ALPHA = re.compile(r"^[A-Za-z][A-Za-z0-9 ]{0,10}$")
_ALPHA_PREFIXED = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$")
_PHONEISH = re.compile(r"^[+\d(][\d\s().\-/+]*$")


@dataclass(frozen=True)
class Target:
    """One thing to diagnose: a phone number in E.164, a short code, or an alphanumeric sender ID."""

    raw: str
    value: str
    kind: NumberKind
    region: str | None = None
    notes: tuple[str, ...] = field(default=())
    assumed: str | None = None  # what was assumed to read it (a country code), for the user to confirm

    @property
    def is_phone_number(self) -> bool:
        """True for E.164 numbers (any kind but short codes and sender IDs)."""
        return self.kind in (NumberKind.US_LONG_CODE, NumberKind.TOLL_FREE, NumberKind.LONG_CODE)

    @property
    def digits(self) -> str:
        """The number without its `+`, as `/v2/phone_numbers?filter[phone_number]=` wants it."""
        return self.value.lstrip("+")


def parse_target(raw: str) -> Target:
    """Parse user input into a Target, or raise UsageError saying exactly what is wrong."""
    text = raw.strip()
    if not text:
        raise UsageError("empty number", tip="pass a number in E.164 form, such as +15551234567")
    if text.lower().startswith("alpha:"):
        sender = text[len("alpha:") :].strip()
        if not _ALPHA_PREFIXED.match(sender):
            raise UsageError(
                f"{sender!r} is not a valid alphanumeric sender ID",
                tip="use 1–11 letters, digits or spaces, with at least one letter",
            )
        return Target(raw=raw, value=sender, kind=NumberKind.ALPHANUMERIC)
    if _SHORT_CODE.match(text):
        return Target(raw=raw, value=text, kind=NumberKind.SHORT_CODE, region="US")
    if _PHONEISH.match(text):
        return _parse_phone_number(raw, text)
    if _ALPHA.match(text):
        return Target(raw=raw, value=text, kind=NumberKind.ALPHANUMERIC)
    raise UsageError(
        f"{raw!r} is not a phone number",
        tip="pass a number in E.164 form (+15551234567), a 5–6 digit short code, "
        "or an alphanumeric sender ID (alpha:NAME)",
    )


def _parse_phone_number(raw: str, text: str) -> Target:
    import phonenumbers  # deferred: its metadata is large and only needed here

    assumed = None
    if not text.startswith("+"):
        digits = re.sub(r"\D", "", text)
        if len(digits) == 10:
            text = "+1" + digits  # a bare ten-digit NANP number, as people write US numbers
            why = "ten digits without a country code are read as a North American (+1) number"
        elif len(digits) == 11 and digits.startswith("1"):
            text = "+" + digits
            why = "eleven digits starting with 1 are read as a North American (+1) number"
        else:
            raise UsageError(f"{raw!r} has no country code", tip=_country_code_tip(digits))
        assumed = f"{raw.strip()!r} has no '+': diagnosing {text} ({why}); write E.164 (+…) to be sure"
    try:
        parsed = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException as exc:
        raise UsageError(f"{raw!r} is not a phone number: {_parse_reason(exc)}") from None
    if not phonenumbers.is_possible_number(parsed):
        reason = phonenumbers.is_possible_number_with_reason(parsed)
        raise UsageError(f"{raw!r} is not a possible phone number: {_possibility_reason(reason)}")
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    region = phonenumbers.region_code_for_number(parsed) or _home_region(parsed.country_code or 0)
    notes: list[str] = []
    if e164 != raw.strip():
        notes.append(f"normalised {raw.strip()!r} to {e164}")
    if not phonenumbers.is_valid_number(parsed):
        notes.append("libphonenumber does not list this number range as assigned; checked anyway")
    national = str(parsed.national_number)
    if parsed.country_code == 1 and national[:3] in TOLL_FREE_NPAS:
        kind = NumberKind.TOLL_FREE
        region = region or "US"
    elif parsed.country_code == 1 and region in ("US", "PR", "VI", "GU", "AS", "MP"):
        kind = NumberKind.US_LONG_CODE
    else:
        kind = NumberKind.LONG_CODE
    return Target(raw=raw, value=e164, kind=kind, region=region, notes=tuple(notes), assumed=assumed)


def _country_code_tip(digits: str) -> str:
    """How to write `digits` in E.164: with its own leading digits as the country code when that is valid."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        parsed = None
    possible = phonenumbers.ValidationResult.IS_POSSIBLE  # not IS_POSSIBLE_LOCAL_ONLY: a full number
    if parsed is not None and phonenumbers.is_possible_number_with_reason(parsed) == possible:
        code = parsed.country_code
        return f"if {code} is its country code, write +{digits}; E.164 is + then the country code and the number"
    return "write it in E.164 form: + then the country code and the number, such as +15551234567"


def _home_region(country_code: int) -> str | None:
    import phonenumbers

    region: str = phonenumbers.region_code_for_country_code(country_code)
    return None if region == phonenumbers.UNKNOWN_REGION else region


def _parse_reason(exc: Exception) -> str:
    import phonenumbers

    reasons = {
        phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: "unknown country code",
        phonenumbers.NumberParseException.NOT_A_NUMBER: "not a number",
        phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: "too short",
        phonenumbers.NumberParseException.TOO_SHORT_NSN: "too short",
        phonenumbers.NumberParseException.TOO_LONG: "too long",
    }
    return reasons.get(getattr(exc, "error_type", -1), "not a number")


def _possibility_reason(reason: int) -> str:
    import phonenumbers

    vr = phonenumbers.ValidationResult
    return {
        vr.INVALID_COUNTRY_CODE: "unknown country code",
        vr.TOO_SHORT: "too short for its country",
        vr.TOO_LONG: "too long for its country",
        vr.INVALID_LENGTH: "wrong length for its country",
    }.get(reason, "wrong length for its country")
