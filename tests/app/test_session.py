"""The library API itself: Doctor sessions share what they read, diagnose() equals the CLI's JSON, errors are typed."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import RunCli
from telnyx_doctor import Doctor, Status, adiagnose, diagnose
from telnyx_doctor.errors import AuthenticationError, UsageError
from telnyx_doctor.sandbox import SandboxServer

HEALTHY = "+15550100001"  # on "Acme Production" with the 10DLC campaign
PENDING = "+15550100006"  # the same profile and campaign, its assignment pending
DISABLED_PROFILE = "+15550100003"  # on "Acme Legacy Marketing", disabled
PROFILE_PATH = "/v2/messaging_profiles/"
CLOCKS = {"started_at", "timings"}
MILLISECONDS = re.compile(r"\b\d+(?:\.\d+)? ms\b")


def trust(server: SandboxServer) -> dict[str, Any]:
    """Options reaching `server` and its loopback TLS webhooks."""
    return {
        "api_key": server.api_key,
        "base_url": server.base_url,
        "allow_private": True,
        "ca_bundle": str(server.ca_file),
    }


def fetches(server: SandboxServer, fragment: str) -> dict[str, int]:
    """The resources the sandbox served whose key contains `fragment`, with their counts."""
    return {key: n for key, n in server.state.fetches.snapshot().items() if fragment in key}


def without_timings(value: Any) -> Any:
    """A JSON report with its clocks taken out: start time, every `*_ms` field, probe timings, "in 21 ms"."""
    if isinstance(value, dict):
        return {k: without_timings(v) for k, v in value.items() if k not in CLOCKS and not k.endswith("_ms")}
    if isinstance(value, list):
        return [without_timings(v) for v in value]
    if isinstance(value, str):
        return MILLISECONDS.sub("N ms", value)
    return value


@pytest.fixture(autouse=True)
def builtin_checks_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The API loads the built-in checks only, as the CLI tests do."""
    monkeypatch.setenv("TELNYX_DOCTOR_PLUGINS", "")
    yield


def test_a_session_reads_a_shared_profile_once_across_two_calls(fresh_sandbox: SandboxServer) -> None:
    """Two calls about numbers on one profile, through one Doctor, fetch that profile and campaign once."""
    fresh_sandbox.state.reset_counters()
    with Doctor(**trust(fresh_sandbox)) as doctor:
        first = doctor.diagnose(HEALTHY)
        second = doctor.diagnose(PENDING)
    assert (first.status, second.status) == (Status.PASS, Status.FAIL)
    profiles = fetches(fresh_sandbox, PROFILE_PATH)
    assert len(profiles) == 1 and set(profiles.values()) == {1}
    assert set(fetches(fresh_sandbox, "/10dlc/campaign/").values()) == {1}
    assert fetches(fresh_sandbox, PENDING), "the second number itself was read"


def test_separate_calls_without_a_session_read_the_profile_again(fresh_sandbox: SandboxServer) -> None:
    """diagnose() keeps nothing between calls: the shared profile is fetched by each (the session is what saves it)."""
    fresh_sandbox.state.reset_counters()
    diagnose(HEALTHY, **trust(fresh_sandbox))
    diagnose(PENDING, **trust(fresh_sandbox))
    assert list(fetches(fresh_sandbox, PROFILE_PATH).values()) == [2]


def test_diagnose_returns_the_report_the_cli_prints_as_json(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """For the same numbers, diagnose() and `doctor --format json` agree on everything but the clocks."""
    numbers = [HEALTHY, "+15550100003", "+15550100007"]
    cli = run_cli(*numbers, "--format", "json", server=sandbox)
    report = diagnose(numbers, **trust(sandbox))
    assert cli.code == report.exit_code == 1
    assert without_timings(report.model_dump(mode="json")) == without_timings(json.loads(cli.out))


def test_a_rejected_key_raises_authentication_error(sandbox: SandboxServer) -> None:
    """A key the API rejects is an AuthenticationError naming the rejection, not a report of error results."""
    options = {**trust(sandbox), "api_key": "KEYnot0the0sandbox0key"}
    with pytest.raises(AuthenticationError, match="rejected"):
        diagnose(HEALTHY, **options)


def test_a_missing_key_raises_authentication_error(sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """No key given and none in the environment: AuthenticationError, before any request."""
    monkeypatch.delenv("TELNYX_API_KEY", raising=False)
    sandbox.state.reset_counters()
    with pytest.raises(AuthenticationError, match="no API key"):
        diagnose(HEALTHY, base_url=sandbox.base_url)


def test_a_malformed_number_raises_usage_error(sandbox: SandboxServer) -> None:
    """A number that is neither E.164, a short code nor a sender ID is a UsageError with a tip."""
    with pytest.raises(UsageError) as raised:
        diagnose("not a number", **trust(sandbox))
    assert raised.value.tip


def test_forget_after_a_change_reads_the_account_afresh(fresh_sandbox: SandboxServer) -> None:
    """A session keeps the profile it read, so a change shows only after forget(), which refetches it."""
    profile = next(p for p in fresh_sandbox.state.account.profiles if p.name == "Acme Legacy Marketing")
    with Doctor(**trust(fresh_sandbox)) as doctor:
        before = doctor.diagnose(DISABLED_PROFILE, only=["profile.*"])
        profile.spec = profile.spec.model_copy(update={"enabled": True})  # enabled in the portal meanwhile
        fresh_sandbox.state.reset_counters()
        cached = doctor.diagnose(DISABLED_PROFILE, only=["profile.*"])
        assert not fetches(fresh_sandbox, PROFILE_PATH), "the profile came from the session's cache"
        doctor.forget()
        after = doctor.diagnose(DISABLED_PROFILE, only=["profile.*"])
    enabled = [[c.status for c in r.numbers[0].checks if c.id == "profile.enabled"] for r in (before, cached, after)]
    assert enabled == [[Status.FAIL], [Status.FAIL], [Status.PASS]]
    assert list(fetches(fresh_sandbox, PROFILE_PATH + profile.id).values()) == [1]


@pytest.mark.anyio
async def test_an_async_session_matches_the_function(sandbox: SandboxServer) -> None:
    """`async with Doctor()` and adiagnose() give the same statuses for the same numbers."""
    numbers = [HEALTHY, "+15550100004"]
    async with Doctor(**trust(sandbox)) as doctor:
        from_session = await doctor.adiagnose(numbers)
    once = await adiagnose(numbers, **trust(sandbox))
    assert [n.status for n in from_session.numbers] == [n.status for n in once.numbers] == [Status.PASS, Status.FAIL]


def test_a_closed_sync_session_can_be_used_again(sandbox: SandboxServer) -> None:
    """After `with Doctor()` closes its client and loop, the same object diagnoses again with a new client."""
    doctor = Doctor(**trust(sandbox))
    with doctor:
        first = doctor.diagnose(HEALTHY)
    with doctor:
        second = doctor.diagnose(HEALTHY)
    assert first.status == second.status == Status.PASS
