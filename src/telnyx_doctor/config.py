"""Project configuration: defaults, check selection and waivers from telnyx-doctor.toml or pyproject.toml."""

from __future__ import annotations

import fnmatch
import tomllib
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from telnyx_doctor.errors import ConfigError
from telnyx_doctor.models import CheckResult, Status

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
        """Defaults of CLI flags this file sets (flags given on the command line still win)."""
        values = self.model_dump(exclude={"waivers", "only", "skip"}, exclude_none=True)
        if self.only:
            values["only"] = [",".join(self.only)]
        if self.skip:
            values["skip"] = [",".join(self.skip)]
        return values


def find_config(start: Path | None = None) -> Path | None:
    """telnyx-doctor.toml, else a pyproject.toml with [tool.telnyx-doctor], in the working directory."""
    here = start or Path.cwd()
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
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"{path}: {where}: {first['msg']}") from None


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
