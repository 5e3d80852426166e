"""Shared pieces of the hardening tests: demo numbers, report and stderr checks, loopback helpers."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import jsonschema

HEALTHY = "+15550100001"
NO_PROFILE = "+15550100002"
HEALTHY_TOLL_FREE = "+18885550101"
SCHEMA: dict[str, Any] = json.loads((Path(__file__).parents[2] / "docs" / "report.schema.json").read_text())
# Built once: jsonschema.validate() re-checks the schema itself on every call, which dominates a fast test.
_VALIDATOR = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)


def assert_no_traceback(*texts: str) -> None:
    """Nothing the doctor wrote is a Python traceback."""
    for text in texts:
        assert "Traceback (most recent call last)" not in text, text


def valid_report(out: str) -> dict[str, Any]:
    """The JSON report on stdout, validated against the published schema."""
    report: dict[str, Any] = json.loads(out)
    _VALIDATOR.validate(report)
    return report


def checks_of(report: dict[str, Any], number: str | None = None) -> dict[str, dict[str, Any]]:
    """The checks of one number (the first when not named) by id."""
    entry = next(n for n in report["numbers"] if number is None or n["phone_number"] == number)
    return {c["id"]: c for c in entry["checks"]}


def assert_one_error_line(err: str, *fragments: str) -> str:
    """stderr is one `error:` line (with the fragments in it), optionally followed by one `tip:` line."""
    assert_no_traceback(err)
    lines = err.splitlines()
    assert lines and lines[0].startswith("error: "), err
    assert len(lines) == 1 or (len(lines) == 2 and lines[1].startswith("tip: ")), err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, err)
    return lines[0]


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
