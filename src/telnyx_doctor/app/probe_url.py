"""Probe one webhook URL with the webhook checks, before or without wiring it to a messaging profile."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from telnyx_doctor.app.session import Doctor
    from telnyx_doctor.models import Report

PROBE_CHECKS = ("webhook.url_valid", "webhook.reachable", "webhook.signature_enforced")


async def aprobe_url(doctor: Doctor, url: str) -> Report:
    """The report of the webhook checks against `url`, as if a messaging profile delivered to it; no API calls."""
    from telnyx_doctor import facts_catalog as fc
    from telnyx_doctor.api.models import MessagingProfile
    from telnyx_doctor.facts import FactEnv, FactRequest, FactResolver, FactSpec
    from telnyx_doctor.models import NumberKind
    from telnyx_doctor.numbers import Target
    from telnyx_doctor.runner import RunConfig, exit_code_for, run, select_checks

    profile = MessagingProfile(id="probe", enabled=True, webhook_url=url, webhook_api_version="2")

    async def the_profile(req: FactRequest) -> MessagingProfile:
        return profile

    registry = doctor.registry
    facts = dict(registry.facts)
    facts[fc.PROFILE] = FactSpec(fc.PROFILE, the_profile, MessagingProfile)
    options, probe = doctor.options()
    resolver = FactResolver(facts, FactEnv(client=None, options=options, probe=probe))
    checks = [c for c in select_checks(registry.checks, PROBE_CHECKS) if c.id in PROBE_CHECKS]
    target = Target(raw=url, value=url, kind=NumberKind.US_LONG_CODE)
    report = await run(RunConfig(targets=[target], options=options), checks, resolver, registry.plugins)
    numbers = [n.model_copy(update={"kind": None}) for n in report.numbers]
    report = report.model_copy(update={"numbers": numbers})
    return report.model_copy(update={"exit_code": exit_code_for(report, doctor.fail_on)})
