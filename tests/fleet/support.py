"""Shared pieces of the fleet tests: reading a JSON report by number, and what the sandbox served."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from telnyx_doctor.sandbox import SandboxServer

SCHEMA: dict[str, Any] = json.loads((Path(__file__).parents[2] / "docs" / "report.schema.json").read_text())
_VALIDATOR = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)


def valid_report(out: str, sample: int = 5) -> dict[str, Any]:
    """The JSON report, validated against the published schema (its first `sample` numbers: one shape)."""
    report: dict[str, Any] = json.loads(out)
    _VALIDATOR.validate({**report, "numbers": report["numbers"][:sample]})
    return report


def by_number(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The numbers of a report, by phone number."""
    return {n["phone_number"]: n for n in report["numbers"]}


def statuses(report: dict[str, Any]) -> set[str]:
    """Every check status in a report."""
    return {c["status"] for n in report["numbers"] for c in n["checks"]}


def served(server: SandboxServer) -> int:
    """API requests the sandbox answered with the resource (not a 429 of its rate limit, not a fault)."""
    return server.state.fetches.total


def fetched_twice(server: SandboxServer) -> dict[str, int]:
    """Resources (method, path and query) the sandbox served more than once."""
    return {key: count for key, count in server.state.fetches.snapshot().items() if count > 1}


def account_numbers(server: SandboxServer) -> set[str]:
    """Every phone number on the sandbox's account."""
    return {n.phone_number for n in server.state.account.numbers}
