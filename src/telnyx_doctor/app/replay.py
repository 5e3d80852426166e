"""Replay a support bundle: re-evaluate its recorded facts offline (no key, no network) into the same report."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from telnyx_doctor.models import Report
    from telnyx_doctor.plugins import Registry


def replay(
    path: str, registry: Registry, *, only: Iterable[str] = (), skip: Iterable[str] = (), fail_on: str = "fail"
) -> Report:
    """The report of the bundle at `path`, re-decided with the same checks and settings it was recorded with."""
    from telnyx_doctor.checkapi import CheckOptions
    from telnyx_doctor.facts import FactEnv
    from telnyx_doctor.report.bundle import bundle_targets, read_bundle, replay_resolver, restore_timings
    from telnyx_doctor.runner import RunConfig, RunState, exit_code_for, run, select_checks

    data = read_bundle(path)
    settings = data.get("settings", {})
    options = CheckOptions(
        allow_private=bool(settings.get("allow_private", False)),
        probe=str(settings.get("probe", "post")),
        fail_on=fail_on,
        rerun_flags=tuple(
            (str(flag), None if value is None else str(value)) for flag, value in settings.get("rerun_flags", [])
        ),
    )
    only = _split([*settings.get("only", []), *only])
    skip = _split([*settings.get("skip", []), *skip])
    from telnyx_doctor.config import skipped_by_config

    checks = skipped_by_config(select_checks(registry.checks, only, skip), settings.get("skip_reasons", {}))
    # a recorded send test is re-decided from its recorded outcome; a bundle without one never had it
    if not any("send.test" in facts for facts in data.get("facts", {}).values()):
        checks = [c for c in checks if c.id != "send.test"]
    resolver = replay_resolver(data, registry.facts, FactEnv(client=None, options=options))
    config = RunConfig(targets=bundle_targets(data), options=options, keep_facts=True)
    report = asyncio.run(run(config, checks, resolver, registry.plugins, RunState()))
    report = restore_timings(report, data.get("report"))
    return report.model_copy(update={"exit_code": exit_code_for(report, fail_on)})


def _split(values: Iterable[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]
