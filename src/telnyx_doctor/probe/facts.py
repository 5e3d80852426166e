"""Fact providers for the webhook checks: DNS of the profile's webhook host and probes of its URLs.

Each distinct URL is resolved and probed once per run, however many numbers share the profile (a slow first
answer is probed once more, to tell a cold start from steady slowness). Probes are not
speculative: the doctor only contacts an endpoint when a check that needs it is going to run.
"""

from __future__ import annotations

from telnyx_doctor.api.models import MessagingProfile
from telnyx_doctor.facts import FactEnv, FactRequest, FactSpec
from telnyx_doctor.facts_catalog import PROFILE, WEBHOOK_FAILOVER_PROBE, WEBHOOK_PROBE, WEBHOOK_RESOLUTION
from telnyx_doctor.probe import (
    HostResolution,
    ProbeMode,
    ProbeResult,
    ProbeSettings,
    resolve_host,
)
from telnyx_doctor.probe.retry import probe_twice_if_slow


def probe_settings(env: FactEnv) -> ProbeSettings:
    """The run's probe settings; without explicit ones, defaults following the run options."""
    if isinstance(env.probe, ProbeSettings):
        return env.probe
    if env.probe is not None:
        raise TypeError(f"the run's probe settings are a {type(env.probe).__name__}, not ProbeSettings")
    modes: dict[str, ProbeMode] = {"post": "post", "head": "head", "off": "off"}
    mode = modes.get(env.options.probe)
    if mode is None:
        raise ValueError(f"probe mode {env.options.probe!r} is not one of post, head, off")
    return ProbeSettings(mode=mode, allow_private=env.options.allow_private)


async def _profile_url(req: FactRequest, failover: bool) -> str | None:
    profile: MessagingProfile | None = await req.get(PROFILE)
    if profile is None:
        return None
    return profile.configured_webhook(failover=failover)


async def fetch_resolution(req: FactRequest) -> HostResolution | None:
    """Every address of the primary webhook URL's host; None when there is no profile or no URL."""
    url = await _profile_url(req, failover=False)
    if url is None:
        return None
    settings = probe_settings(req.env)
    return await req.shared(("resolve", url), lambda: resolve_host(url, settings))


async def _probe(req: FactRequest, failover: bool) -> ProbeResult | None:
    url = await _profile_url(req, failover=failover)
    settings = probe_settings(req.env)
    if url is None or settings.mode == "off":
        return None
    return await req.shared(("probe", url, settings.method), lambda: probe_twice_if_slow(url, settings))


async def fetch_probe(req: FactRequest) -> ProbeResult | None:
    """The probe of the primary webhook URL; None when there is no URL or probing is off."""
    return await _probe(req, failover=False)


async def fetch_failover_probe(req: FactRequest) -> ProbeResult | None:
    """The probe of the failover webhook URL; None when there is no URL or probing is off."""
    return await _probe(req, failover=True)


PROBE_FACTS: list[FactSpec] = [
    FactSpec(
        name=WEBHOOK_RESOLUTION,
        fetch=fetch_resolution,
        type=HostResolution | None,
        speculative=False,
        description="every A/AAAA address of the primary webhook URL's host, private ones flagged",
    ),
    FactSpec(
        name=WEBHOOK_PROBE,
        fetch=fetch_probe,
        type=ProbeResult | None,
        speculative=False,
        description="a signed test event delivered to the primary webhook URL: DNS, TLS, status, timing",
    ),
    FactSpec(
        name=WEBHOOK_FAILOVER_PROBE,
        fetch=fetch_failover_probe,
        type=ProbeResult | None,
        speculative=False,
        description="a signed test event delivered to the failover webhook URL: DNS, TLS, status, timing",
    ),
]

__all__ = ["PROBE_FACTS", "fetch_failover_probe", "fetch_probe", "fetch_resolution", "probe_settings"]
