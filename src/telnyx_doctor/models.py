"""The report's data model: statuses, findings, fixes and the JSON report (schema_version 1)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION: Literal[1] = 1


class Status(enum.StrEnum):
    """What a check decided about one number."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"
    ERROR = "error"


class Severity(enum.StrEnum):
    """How much a failing check matters; metadata for selection and display."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class NumberKind(enum.StrEnum):
    """The kind of sender a target is; decides which checks apply."""

    US_LONG_CODE = "us_long_code"
    TOLL_FREE = "toll_free"
    SHORT_CODE = "short_code"
    LONG_CODE = "long_code"
    ALPHANUMERIC = "alphanumeric"


ALL_KINDS: frozenset[NumberKind] = frozenset(NumberKind)
PHONE_NUMBER_KINDS: frozenset[NumberKind] = frozenset(
    {NumberKind.US_LONG_CODE, NumberKind.TOLL_FREE, NumberKind.LONG_CODE}
)

# Worst first: the order a report's status is computed in (skips never count).
_RANK: dict[Status, int] = {Status.FAIL: 3, Status.ERROR: 2, Status.WARN: 1, Status.PASS: 0}


# The order a diagnosis is read in, cause before consequence, as Telnyx's set-up guide walks it: the sender,
# its messaging profile, the profile's webhook, registration (10DLC, toll-free, short code, sender ID), then
# the evidence of what actually happened. Areas from plugins follow these.
AREA_ORDER: tuple[str, ...] = (
    "number",
    "profile",
    "webhook",
    "10dlc",
    "tollfree",
    "short_code",
    "alphanumeric",
    "messages",
    "send",
)


def area_of(check_id: str) -> str:
    """The part of a check id before its first dot (number, profile, webhook, 10dlc and so on)."""
    return check_id.split(".", 1)[0]


def area_rank(area: str) -> int:
    """Where `area` comes in AREA_ORDER; every other area after all of them."""
    return AREA_ORDER.index(area) if area in AREA_ORDER else len(AREA_ORDER)


def worst_status(statuses: Iterable[Status]) -> Status:
    """The worst status in fail > error > warn > pass order; skips are ignored; none at all is a pass."""
    ranked = [s for s in statuses if s is not Status.SKIP]
    return max(ranked, key=_RANK.__getitem__, default=Status.PASS)


class Fix(BaseModel):
    """How to fix a finding: ordered steps, ready-to-run commands and where to read more."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    summary: str
    steps: list[str] = Field(default_factory=list)
    commands: list[str] = Field(default_factory=list)
    docs_url: str | None = None
    safe_to_autofix: bool = False


class Result(BaseModel):
    """What a check returns for one number; the runner adds the check's metadata around it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: Status
    summary: str
    details: list[str] = Field(default_factory=list)
    evidence: dict[str, Any] = Field(default_factory=dict)
    fix: Fix | None = None
    skipped_because: str | None = None

    @model_validator(mode="after")
    def _fix_where_promised(self) -> Result:
        if self.status in (Status.WARN, Status.FAIL) and self.fix is None:
            raise ValueError(f"a {self.status.value} result must carry a fix")
        if self.status is Status.SKIP and not self.skipped_because:
            raise ValueError("a skip result must say what it was skipped because of")
        return self

    @classmethod
    def passed(
        cls, summary: str, *, details: list[str] | None = None, evidence: dict[str, Any] | None = None
    ) -> Result:
        """A pass."""
        return cls(status=Status.PASS, summary=summary, details=details or [], evidence=evidence or {})

    @classmethod
    def warned(
        cls,
        summary: str,
        fix: Fix,
        *,
        details: list[str] | None = None,
        evidence: dict[str, Any] | None = None,
    ) -> Result:
        """A risk that is not a blocker."""
        return cls(status=Status.WARN, summary=summary, fix=fix, details=details or [], evidence=evidence or {})

    @classmethod
    def failed(
        cls,
        summary: str,
        fix: Fix,
        *,
        details: list[str] | None = None,
        evidence: dict[str, Any] | None = None,
    ) -> Result:
        """A blocker."""
        return cls(status=Status.FAIL, summary=summary, fix=fix, details=details or [], evidence=evidence or {})

    @classmethod
    def skipped(cls, summary: str, because: str, *, details: list[str] | None = None) -> Result:
        """Not evaluated: `because` is a check id or `not_applicable`."""
        return cls(status=Status.SKIP, summary=summary, skipped_because=because, details=details or [])

    @classmethod
    def errored(
        cls, summary: str, *, details: list[str] | None = None, evidence: dict[str, Any] | None = None
    ) -> Result:
        """The check could not decide."""
        return cls(status=Status.ERROR, summary=summary, details=details or [], evidence=evidence or {})


class CheckResult(BaseModel):
    """One check's finding for one number, as it appears in the report."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    severity: Severity
    status: Status
    summary: str
    details: list[str] = Field(default_factory=list)
    evidence: dict[str, Any] = Field(default_factory=dict)
    requires: list[str] = Field(default_factory=list)
    skipped_because: str | None = None
    duration_ms: int = 0
    plugin: str = "builtin"
    fix: Fix | None = None


class NumberReport(BaseModel):
    """Every selected check's finding for one number (or short code, or sender ID)."""

    model_config = ConfigDict(extra="forbid")

    phone_number: str
    kind: NumberKind | None = None
    status: Status
    checks: list[CheckResult] = Field(default_factory=list)


class Summary(BaseModel):
    """Counts of check statuses across all numbers, plus the number of numbers."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)

    numbers: int = 0
    pass_: int = Field(0, alias="pass")
    warn: int = 0
    fail: int = 0
    skip: int = 0
    error: int = 0

    def count(self, status: Status) -> int:
        """How many checks ended with `status`."""
        return {
            Status.PASS: self.pass_,
            Status.WARN: self.warn,
            Status.FAIL: self.fail,
            Status.SKIP: self.skip,
            Status.ERROR: self.error,
        }[status]


class PluginInfo(BaseModel):
    """A plugin that was loaded, or failed to load (then `error` says why)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    version: str | None = None
    checks: list[str] = Field(default_factory=list)
    error: str | None = None


class ToolInfo(BaseModel):
    """Which doctor made the report, with which plugins."""

    model_config = ConfigDict(extra="forbid")

    name: Literal["telnyx-doctor"] = "telnyx-doctor"
    version: str
    plugins: list[PluginInfo] = Field(default_factory=list)
    config: str | None = Field(default=None, description="the config file the run read (null: none)")


class Report(BaseModel):
    """The whole report: one shape for one number or ten thousand."""

    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1] = SCHEMA_VERSION
    tool: ToolInfo
    started_at: str
    duration_ms: int = 0
    status: Status
    exit_code: int = 0
    summary: Summary
    numbers: list[NumberReport] = Field(default_factory=list)


def summarize(numbers: list[NumberReport]) -> Summary:
    """Count check statuses across `numbers`."""
    counts = dict.fromkeys(Status, 0)
    for number in numbers:
        for check in number.checks:
            counts[check.status] += 1
    return Summary(
        numbers=len(numbers),
        pass_=counts[Status.PASS],
        warn=counts[Status.WARN],
        fail=counts[Status.FAIL],
        skip=counts[Status.SKIP],
        error=counts[Status.ERROR],
    )
