"""Telnyx error codes a misconfiguration leads to, so findings name the error a user would actually see."""

from __future__ import annotations

# Titles from the Telnyx error catalog (reference §12, https://developers.telnyx.com/docs/overview/errors).
_TITLES: dict[str, str] = {
    "40010": "Not 10DLC registered",
    "40100": "Number not messaging enabled",
    "40305": "Invalid 'from' address",
    "40306": "Alpha sender not configured",
    "40309": "Invalid destination region",
    "40312": "Messaging profile is disabled",
    "40315": "Unhealthy 'from' address",
    "40320": "Temporarily unusable 'from' address",
    "40325": "Invalid alphanumeric sender ID",
    "40329": "Tollfree number is not verified",
    "40331": "Missing whitelisted destinations",
}


def telnyx_error(code: str) -> str:
    """`40305 Invalid 'from' address`: a code with its catalog title."""
    title = _TITLES.get(code)
    return f"{code} {title}" if title else code


def would_fail(code: str, what: str = "sending") -> str:
    """`sending would fail with 40305 Invalid 'from' address`."""
    return f"{what} would fail with {telnyx_error(code)}"


def shown(value: object) -> str:
    """A raw API value as a person should see it: quoted, or `(absent)` when the API left it out."""
    if value is None:
        return "(absent)"
    return repr(value)
