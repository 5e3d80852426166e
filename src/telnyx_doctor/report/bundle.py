"""Support bundles: record every fact a run used (redacted) and replay them offline into the same report."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from telnyx_doctor._version import __version__
from telnyx_doctor.errors import ConfigError, FactError
from telnyx_doctor.facts import FactEnv, FactRequest, FactResolver, FactSpec
from telnyx_doctor.models import NumberKind, Report
from telnyx_doctor.numbers import Target
from telnyx_doctor.redact import Redactor

BUNDLE_VERSION = 1
_URL_USERINFO = re.compile(r"(?<=://)[^/@\s\"]+@")
_URL = re.compile(r"https?://[^\s\"\\<>]+")


def build_bundle(
    report: Report, resolver: FactResolver, targets: list[Target], settings: dict[str, Any], secrets: list[str]
) -> str:
    """The bundle's JSON text: version, time with timezone, support ids, targets, facts and the report."""
    facts: dict[str, dict[str, Any]] = {}
    for target, values in resolver.established().items():
        facts[target] = {name: _dump(resolver.specs.get(name), value) for name, value in sorted(values.items())}
    now = datetime.now().astimezone()
    document = {
        "bundle_version": BUNDLE_VERSION,
        "tool": {"name": "telnyx-doctor", "version": __version__},
        "created_at": now.isoformat(timespec="seconds"),
        "timezone": now.tzname(),
        "settings": settings,
        "support": _support_ids(report, facts),
        "targets": [_target_json(t) for t in targets],
        "facts": facts,
        "report": report.model_dump(mode="json", by_alias=True),
    }
    text = json.dumps(document, indent=2, sort_keys=False)
    text = _URL_USERINFO.sub("[redacted]@", text)
    text = redact_url_queries(text)
    return Redactor(secrets)(text) + "\n"


def redact_url_queries(text: str) -> str:
    """Replace every URL query value with `redacted-N`, the same N for the same value.

    Webhook URLs often carry a token in their query. Numbering the values, instead of blanking them, keeps
    what the checks compare (is the failover URL the primary one?) the same when the bundle is replayed.
    """
    numbers: dict[str, str] = {}

    def value_for(raw: str) -> str:
        if raw in ("", "***") or raw.startswith("redacted-"):
            return raw
        return numbers.setdefault(raw, f"redacted-{len(numbers) + 1}")

    def redact(match: re.Match[str]) -> str:
        url = match.group(0)
        base, sep, rest = url.partition("?")
        if not sep:
            return url
        query, hash_sep, fragment = rest.partition("#")
        pairs = []
        for pair in query.split("&"):
            key, eq, raw = pair.partition("=")
            pairs.append(f"{key}{eq}{value_for(raw)}" if eq else pair)
        return f"{base}?{'&'.join(pairs)}{hash_sep}{fragment}"

    return _URL.sub(redact, text)


def write_bundle(path: str, text: str) -> None:
    """Write the bundle, or say clearly why not."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write --record {path!r}: {exc.strerror or exc}") from None


def read_bundle(path: str) -> dict[str, Any]:
    """Read and check a bundle; an unknown version is refused with a clear message."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read --replay {path!r}: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError):
        raise ConfigError(f"--replay {path!r} is not a telnyx-doctor bundle (not JSON)") from None
    if not isinstance(data, dict) or "bundle_version" not in data or "facts" not in data:
        raise ConfigError(f"--replay {path!r} is not a telnyx-doctor bundle")
    version = data["bundle_version"]
    if version != BUNDLE_VERSION:
        raise ConfigError(
            f"--replay {path!r} has bundle version {version!r}; this doctor reads version {BUNDLE_VERSION}",
            tip=f"replay it with the telnyx-doctor version that recorded it ({data.get('tool', {}).get('version')})",
        )
    return data


def replay_resolver(data: dict[str, Any], specs: dict[str, FactSpec], env: FactEnv) -> FactResolver:
    """A resolver answering only from the bundle's recorded facts: no key, no network."""
    recorded: dict[str, dict[str, Any]] = data.get("facts", {})

    def replaying(spec: FactSpec) -> FactSpec:
        async def fetch(req: FactRequest) -> Any:
            values = recorded.get(req.target.value, {})
            if spec.name not in values:
                if spec.unrecorded is not None:
                    return spec.unrecorded(req)
                raise FactError(spec.name, LookupError("not recorded in the bundle"))
            return TypeAdapter(spec.type).validate_python(values[spec.name])

        return FactSpec(spec.name, fetch, spec.type, speculative=False, description=spec.description)

    return FactResolver({name: replaying(spec) for name, spec in specs.items()}, env)


def bundle_targets(data: dict[str, Any]) -> list[Target]:
    """The targets a bundle was recorded for."""
    targets = []
    for item in data.get("targets", []):
        kind = NumberKind(item["kind"])
        targets.append(
            Target(
                raw=item["raw"],
                value=item["value"],
                kind=kind,
                region=item.get("region"),
                notes=tuple(item.get("notes", [])),
            )
        )
    return targets


def restore_timings(report: Report, recorded: Any) -> Report:
    """Carry the recorded run's start time and durations over: the replay re-decides, it does not re-time."""
    if not isinstance(recorded, dict):
        return report
    durations = {
        (n.get("phone_number"), c.get("id")): c.get("duration_ms", 0)
        for n in recorded.get("numbers", [])
        for c in n.get("checks", [])
    }
    numbers = []
    for number in report.numbers:
        checks = [
            c.model_copy(update={"duration_ms": durations.get((number.phone_number, c.id), c.duration_ms)})
            for c in number.checks
        ]
        numbers.append(number.model_copy(update={"checks": checks}))
    return report.model_copy(
        update={
            "numbers": numbers,
            "started_at": recorded.get("started_at", report.started_at),
            "duration_ms": recorded.get("duration_ms", report.duration_ms),
        }
    )


def _dump(spec: FactSpec | None, value: Any) -> Any:
    adapter: TypeAdapter[Any] = TypeAdapter(spec.type if spec is not None else Any)
    return adapter.dump_python(value, mode="json", by_alias=True)


def _target_json(target: Target) -> dict[str, Any]:
    return {
        "raw": target.raw,
        "value": target.value,
        "kind": target.kind.value,
        "region": target.region,
        "notes": list(target.notes),
    }


def _support_ids(report: Report, facts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The ids Telnyx support asks for: numbers, profile ids, campaign and brand ids, message ids where known."""
    profiles: set[str] = set()
    campaigns: set[str] = set()
    brands: set[str] = set()
    for values in facts.values():
        assignment = values.get("assignment") or {}
        if isinstance(assignment, dict) and assignment.get("profile_id"):
            profiles.add(str(assignment["profile_id"]))
        tendlc = values.get("10dlc.assignment") or {}
        if isinstance(tendlc, dict) and tendlc.get("campaignId"):
            campaigns.add(str(tendlc["campaignId"]))
        brand = values.get("10dlc.brand") or {}
        if isinstance(brand, dict) and brand.get("brand_id"):
            brands.add(str(brand["brand_id"]))
    return {
        "numbers": [n.phone_number for n in report.numbers],
        "messaging_profile_ids": sorted(profiles),
        "campaign_ids": sorted(campaigns),
        "brand_ids": sorted(brands),
        "message_ids": [],
    }
