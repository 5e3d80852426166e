"""The webhook fact providers: once per URL per run, probe modes, no URL means no fact."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from telnyx_doctor.api.models import MessagingProfile
from telnyx_doctor.checkapi import CheckOptions
from telnyx_doctor.facts import FactEnv, FactRequest, FactResolver, FactSpec
from telnyx_doctor.facts_catalog import PROFILE, WEBHOOK_FAILOVER_PROBE, WEBHOOK_PROBE, WEBHOOK_RESOLUTION
from telnyx_doctor.numbers import parse_target
from telnyx_doctor.probe import ProbeSettings
from telnyx_doctor.probe.facts import PROBE_FACTS, probe_settings

from .endpoints import LoopbackServer

pytestmark = pytest.mark.anyio

Loopback = Callable[..., LoopbackServer]
FIRST = parse_target("+15551234567")
SECOND = parse_target("+15557654321")


def resolver(profile: MessagingProfile | None, probe: ProbeSettings | None = None) -> FactResolver:
    async def fetch_profile(_req: FactRequest) -> MessagingProfile | None:
        return profile

    specs = {spec.name: spec for spec in PROBE_FACTS}
    specs[PROFILE] = FactSpec(name=PROFILE, fetch=fetch_profile)
    env = FactEnv(client=None, options=CheckOptions(allow_private=True), probe=probe)
    return FactResolver(specs, env)


def local(**overrides: object) -> ProbeSettings:
    values: dict[str, object] = {"allow_private": True, "timeout": 2.0}
    values.update(overrides)
    return ProbeSettings(**values)  # type: ignore[arg-type]


def test_the_probe_facts_are_declared_and_not_speculative() -> None:
    """The three webhook facts are provided, and none may start before a check needs it."""
    assert {spec.name for spec in PROBE_FACTS} == {WEBHOOK_RESOLUTION, WEBHOOK_PROBE, WEBHOOK_FAILOVER_PROBE}
    assert not any(spec.speculative for spec in PROBE_FACTS)


async def test_a_profile_without_urls_gives_no_resolution_and_no_probes() -> None:
    """No profile, or a profile without webhook URLs, makes every webhook fact None."""
    for profile in (None, MessagingProfile(id="p", webhook_url="  ")):
        facts = resolver(profile, local())
        for name in (WEBHOOK_RESOLUTION, WEBHOOK_PROBE, WEBHOOK_FAILOVER_PROBE):
            assert await facts.get(FIRST, name) is None


async def test_each_url_is_probed_once_per_run_across_numbers(loopback: Loopback) -> None:
    """Two numbers on one profile share one probe of its URL."""
    async with loopback() as server:
        facts = resolver(MessagingProfile(id="p", webhook_url=server.url()), local())
        first = await facts.get(FIRST, WEBHOOK_PROBE)
        second = await facts.get(SECOND, WEBHOOK_PROBE)
    assert first is second and first.status_code == 200
    assert len(server.requests) == 1


async def test_the_resolution_fact_describes_the_primary_host(loopback: Loopback) -> None:
    """webhook.resolution resolves the primary URL's host."""
    async with loopback() as server:
        facts = resolver(MessagingProfile(id="p", webhook_url=server.url(host="localhost")), local())
        resolution = await facts.get(FIRST, WEBHOOK_RESOLUTION)
    assert resolution.host == "localhost" and resolution.port == server.port and resolution.addresses
    assert server.connections == 0


async def test_the_failover_probe_targets_the_failover_url(loopback: Loopback) -> None:
    """webhook.failover_probe probes webhook_failover_url, not the primary."""
    async with loopback() as primary, loopback() as backup:
        profile = MessagingProfile(id="p", webhook_url=primary.url(), webhook_failover_url=backup.url("/backup"))
        result = await resolver(profile, local()).get(FIRST, WEBHOOK_FAILOVER_PROBE)
    assert result.url == backup.url("/backup")
    assert len(backup.requests) == 1 and primary.requests == []


async def test_probe_mode_off_contacts_nothing(loopback: Loopback) -> None:
    """With probing off the probe facts are None and the endpoint sees no connection."""
    async with loopback() as server:
        profile = MessagingProfile(id="p", webhook_url=server.url(), webhook_failover_url=server.url("/b"))
        facts = resolver(profile, local(mode="off"))
        assert await facts.get(FIRST, WEBHOOK_PROBE) is None
        assert await facts.get(FIRST, WEBHOOK_FAILOVER_PROBE) is None
    assert server.connections == 0


async def test_head_mode_probes_with_head(loopback: Loopback) -> None:
    """With --probe head the shared probe is a HEAD request."""
    async with loopback() as server:
        result = await resolver(MessagingProfile(id="p", webhook_url=server.url()), local(mode="head")).get(
            FIRST, WEBHOOK_PROBE
        )
    assert result.method == "HEAD" and server.requests[0].method == "HEAD"


def test_settings_follow_the_run_options_when_none_are_given() -> None:
    """Without explicit probe settings, the mode and allow_private come from the run options."""
    env = FactEnv(client=None, options=CheckOptions(allow_private=True, probe="head"))
    settings = probe_settings(env)
    assert settings.mode == "head" and settings.allow_private
    explicit = ProbeSettings(mode="off")
    assert probe_settings(FactEnv(client=None, options=CheckOptions(), probe=explicit)) is explicit
