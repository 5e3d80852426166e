"""Project configuration: defaults, check selection and waivers from telnyx-doctor.toml or pyproject.toml."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from telnyx_doctor.errors import ConfigError
from telnyx_doctor.models import CheckResult, Result, Status

if TYPE_CHECKING:
    from telnyx_doctor.checkapi import Check

CONFIG_FILE = "telnyx-doctor.toml"


class Waiver(BaseModel):
    """A known, accepted finding: skip `check` for numbers matching `numbers` until `expires`."""

    model_config = ConfigDict(extra="forbid")

    check: str
    numbers: str = "*"
    reason: str
    expires: date

    def matches(self, check_id: str, number: str) -> bool:
        """True when this waiver covers `check_id` on `number` (globs allowed in both)."""
        return fnmatch.fnmatchcase(check_id, self.check) and fnmatch.fnmatchcase(number, self.numbers)


class Settings(BaseModel):
    """What a config file may set: defaults of CLI flags, and waivers."""

    model_config = ConfigDict(extra="forbid")

    # The same values the flags accept: set_defaults() bypasses argparse's own checks.
    format: Literal["text", "json", "junit", "markdown", "github"] | None = None
    color: Literal["auto", "always", "never"] | None = None
    fail_on: Literal["fail", "warn", "never"] | None = Field(None, alias="fail-on")
    probe: Literal["post", "head", "off"] | None = None
    allow_private: bool | None = Field(None, alias="allow-private")
    timeout: float | None = Field(None, gt=0, allow_inf_nan=False)
    deadline: float | None = Field(None, gt=0, allow_inf_nan=False)
    concurrency: int | None = Field(None, ge=1)
    since: str | None = Field(None, pattern=r"^\s*\d+\s*[mhdw]\s*$")
    evidence: Literal["on", "off"] | None = None
    only: list[str] = Field(default_factory=list)
    skip: list[str] = Field(default_factory=list)
    base_url: str | None = Field(None, alias="base-url")
    ca_bundle: str | None = Field(None, alias="ca-bundle")
    waivers: list[Waiver] = Field(default_factory=list)

    def defaults(self) -> dict[str, Any]:
        """Defaults of CLI flags this file sets (flags given on the command line still win).

        Its `skip` list is not among them: a check the file skips is still listed, as skipped because of
        the file (see `skip_reasons`), so a config never changes results silently.
        """
        values = self.model_dump(exclude={"waivers", "only", "skip"}, exclude_none=True)
        if self.only:
            values["only"] = [",".join(self.only)]
        return values

    def skip_reasons(self, source: str) -> dict[str, str]:
        """Each `skip` pattern of the file, with the reason its checks are reported as skipped."""
        return {pattern: f"skipped by {source} (skip = {pattern!r})" for pattern in self.skip}


def skipped_by_config(checks: list[Check], reasons: Mapping[str, str]) -> list[Check]:
    """The selected checks, those matching a config `skip` pattern replaced by a skip saying why.

    Checks requiring them are skipped as usual, for want of their prerequisite; nothing matched is run.
    """
    if not reasons:
        return checks
    from dataclasses import replace

    def skipped(reason: str) -> Callable[[], Result]:
        return lambda: Result(status=Status.SKIP, summary=reason, skipped_because="config")

    out = []
    for check in checks:
        reason = next((r for pattern, r in reasons.items() if fnmatch.fnmatchcase(check.id, pattern)), None)
        out.append(check if reason is None else replace(check, func=skipped(reason), facts=(), params=()))
    return out


def find_config(start: Path | None = None) -> Path | None:
    """telnyx-doctor.toml, else a pyproject.toml with [tool.telnyx-doctor], in the working directory."""
    here = start or Path()  # relative: the report and errors name it as the user sees it
    own = here / CONFIG_FILE
    if own.is_file():
        return own
    pyproject = here / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
            return None
        if "telnyx-doctor" in data.get("tool", {}):
            return pyproject
    return None


def load_settings(path: Path) -> Settings:
    """Read and validate a config file; errors name the file and the field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("telnyx-doctor", {})
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        where = f"[tool.telnyx-doctor] in {path}" if path.name == "pyproject.toml" else str(path)
        raise ConfigError(plain_error(exc.errors()[0], where)) from None


def plain_error(error: Any, where: str) -> str:
    """One validation error in words: the key, the file, what is expected, and a did-you-mean."""
    import difflib

    loc = [str(part) for part in error["loc"]]
    key = "".join(f"[{part}]" if part.isdigit() else f".{part}" for part in loc).lstrip(".")
    parent: type[BaseModel] = Waiver if loc[:1] == ["waivers"] else Settings
    if error["type"] == "extra_forbidden":
        keys = [field.alias or name for name, field in parent.model_fields.items()]
        close = difflib.get_close_matches(loc[-1], keys, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else f"; the keys are {', '.join(keys)}"
        return f"unknown key {loc[-1]!r} in {where}{hint}"
    if error["type"] == "missing":
        return f"{key} is missing in {where}"
    if error["type"] == "literal_error":
        allowed = re.findall(r"'([^']*)'", error["msg"])
        close = difflib.get_close_matches(str(error.get("input")), allowed, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"{key} = {error.get('input')!r} in {where}: expected one of {', '.join(allowed)}{hint}"
    message = str(error["msg"])
    return f"{key} = {error.get('input')!r} in {where}: {message[:1].lower()}{message[1:]}"


def apply_waivers(entry: CheckResult, number: str, waivers: list[Waiver], today: date) -> CheckResult:
    """A waived non-passing finding becomes a skip with its reason; an expired waiver says it has expired."""
    if entry.status in (Status.PASS, Status.SKIP):
        return entry
    for waiver in waivers:
        if not waiver.matches(entry.id, number):
            continue
        if waiver.expires < today:
            note = f"a waiver for this finding expired on {waiver.expires.isoformat()} ({waiver.reason})"
            return entry.model_copy(update={"details": [*entry.details, note]})
        return entry.model_copy(
            update={
                "status": Status.SKIP,
                "summary": f"waived until {waiver.expires.isoformat()}: {waiver.reason} (was {entry.status.value}: "
                f"{entry.summary})",
                "skipped_because": "waived",
                "fix": None,
            }
        )
    return entry
