"""Telnyx error codes a misconfiguration leads to, so findings name the error a user would actually see."""

from __future__ import annotations

from telnyx_doctor.evidence.codes import lookup


def telnyx_error(code: str) -> str:
    """`40305 Invalid 'from' address`: a code with its title from the error-code catalogue."""
    entry = lookup(code)
    return f"{code} {entry.title}" if entry else code


def would_fail(code: str, what: str = "sending") -> str:
    """`sending would fail with 40305 Invalid 'from' address`."""
    return f"{what} would fail with {telnyx_error(code)}"


def shown(value: object) -> str:
    """A raw API value as a person should see it: quoted, or `(absent)` when the API left it out."""
    if value is None:
        return "(absent)"
    return repr(value)


def http_answer(status: int | None) -> str:
    """What an endpoint answered a delivery or probe: `HTTP 500`, or `no answer`."""
    return f"HTTP {status}" if status is not None else "no answer"
