"""Load scenario files (TOML) and the built-in scenarios; every problem becomes a one-line ConfigError."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from telnyx_doctor.errors import ConfigError
from telnyx_doctor.sandbox.account import ReferenceProblem, build_account
from telnyx_doctor.sandbox.records import Account
from telnyx_doctor.sandbox.spec import ScenarioSpec

_TIP = "the built-in scenario telnyx_doctor/sandbox/scenarios/demo.toml documents every field"


@dataclass(frozen=True)
class Scenario:
    """A validated scenario and where it came from (a path, `builtin:NAME`, or `synthetic(...)`)."""

    spec: ScenarioSpec
    source: str

    @property
    def name(self) -> str:
        """The scenario's name."""
        return self.spec.name or Path(self.source.removeprefix("builtin:")).stem

    @property
    def numbers(self) -> list[str]:
        """The phone numbers on the account, in file order."""
        return [n.phone_number for n in self.spec.numbers]

    def build(self) -> Account:
        """A fresh, mutable account for a server; ConfigError when the scenario refers to nothing."""
        try:
            return build_account(self.spec)
        except ReferenceProblem as exc:
            raise ConfigError(f"{self.source}: {exc}", tip=_TIP) from None


def parse_scenario(data: dict[str, Any], source: str) -> Scenario:
    """Validate decoded TOML (or an equivalent dict); ConfigError names `source` and the bad field."""
    try:
        spec = ScenarioSpec.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{source}: {describe_validation_error(exc, data)}", tip=_TIP) from None
    scenario = Scenario(spec=spec, source=source)
    scenario.build()  # reports dangling references now, not when a server starts
    return scenario


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{file}: no such scenario file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: cannot read the scenario: {exc}") from None
    return parse_scenario_text(text, str(file))


def parse_scenario_text(text: str, source: str) -> Scenario:
    """Validate a scenario given as TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    return parse_scenario(data, source)


def builtin_scenario_names() -> list[str]:
    """Names of the scenarios shipped with the sandbox."""
    folder = resources.files("telnyx_doctor.sandbox").joinpath("scenarios")
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


def load_builtin_scenario(name: str) -> Scenario:
    """A scenario shipped with the sandbox (`demo`, `faults`, …)."""
    if name not in builtin_scenario_names():
        known = ", ".join(builtin_scenario_names())
        raise ConfigError(f"no built-in scenario named {name!r} (built-in: {known})")
    resource = resources.files("telnyx_doctor.sandbox").joinpath("scenarios", f"{name}.toml")
    return parse_scenario_text(resource.read_text(encoding="utf-8"), f"builtin:{name}.toml")


def resolve_scenario(value: Scenario | ScenarioSpec | str | Path | None, *, default: str = "demo") -> Scenario:
    """A scenario from whatever the caller has: a Scenario, a spec, a file path, a built-in name, or None."""
    if value is None:
        return load_builtin_scenario(default)
    if isinstance(value, Scenario):
        return value
    if isinstance(value, ScenarioSpec):
        return Scenario(spec=value, source=value.name or "in-memory")
    path = Path(value)
    if path.exists() or path.suffix == ".toml" or len(path.parts) > 1:
        return load_scenario(path)
    return load_builtin_scenario(str(value))


def demo_numbers(scenario: Scenario | None = None) -> list[str]:
    """The targets `doctor demo` diagnoses, in order: the scenario's numbers (the built-in demo's by default)."""
    return (scenario or load_builtin_scenario("demo")).numbers


def describe_validation_error(exc: ValidationError, data: Any) -> str:
    """One line: the first problem's field path (with the item's name) and message, plus a count of others."""
    errors = exc.errors()
    first = errors[0]
    where = _field_path(first["loc"], data)
    message = _message(first)
    line = f"{where}: {message}" if where else message
    if len(errors) > 1:
        others = len(errors) - 1
        line += f" (and {others} more problem{'s' if others > 1 else ''})"
    return line


def _field_path(loc: tuple[int | str, ...], data: Any) -> str:
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            parts[-1:] = [f"{parts[-1]}[{key}]" if parts else f"[{key}]"]
            node = node[key] if isinstance(node, list) and key < len(node) else None
            label = _label(node)
            if label:
                parts[-1] += f" ({label})"
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts)


def _label(node: Any) -> str | None:
    if not isinstance(node, dict):
        return None
    for key in ("phone_number", "name", "short_code", "tcr_campaign_id", "tcrCampaignId", "route"):
        value = node.get(key)
        if isinstance(value, str):
            return value
    return None


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown field (check its spelling)"
    if kind == "missing":
        return "required field is missing"
    message = str(error["msg"]).removeprefix("Value error, ")
    value = error.get("input")
    if isinstance(value, str | int | float | bool) and kind not in ("value_error", "assertion_error"):
        message += f" (got {value!r})"
    return message
