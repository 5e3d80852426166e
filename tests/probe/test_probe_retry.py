"""A slow first answer is probed once more: a fast second one is a cold start, a slow one steady slowness."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from telnyx_doctor.api.models import MessagingProfile
from telnyx_doctor.facts_catalog import WEBHOOK_PROBE
from telnyx_doctor.probe import ProbeResult, ProbeSettings
from telnyx_doctor.probe.retry import is_cold_start, probe_twice_if_slow

from .endpoints import LoopbackServer, Reply
from .test_probe_facts import FIRST, SECOND, resolver

pytestmark = pytest.mark.anyio

Loopback = Callable[..., LoopbackServer]
# A short warn_after keeps these tests quick; the rule is the same at Telnyx's 1 s.
WARN_AFTER = 0.2
SLOW = 0.5


def settings() -> ProbeSettings:
    return ProbeSettings(allow_private=True, timeout=5.0, warn_after=WARN_AFTER)


async def test_a_fast_answer_is_probed_once(loopback: Loopback) -> None:
    """An answer within warn_after needs no second look."""
    async with loopback() as server:
        result = await probe_twice_if_slow(server.url(), settings())
    assert len(server.requests) == 1
    assert result.first_answer_ms is None and result.retry_answer_ms is None


async def test_a_slow_then_fast_answer_is_a_cold_start(loopback: Loopback) -> None:
    """The second, warm probe is kept, carrying the first answer's time; both are the same signed POST."""
    async with loopback(Reply(delays=(SLOW, 0.0))) as server:
        result = await probe_twice_if_slow(server.url(), settings())
    assert len(server.requests) == 2
    assert [r.method for r in server.requests] == ["POST", "POST"]
    assert all("telnyx-signature-ed25519" in r.headers for r in server.requests)
    assert result.first_answer_ms is not None and result.first_answer_ms >= SLOW * 1000
    assert not result.slow and result.retry_answer_ms is None


async def test_a_slow_answer_twice_is_steady_slowness(loopback: Loopback) -> None:
    """When the second answer is slow too, the first result is kept as it was, with the second's time noted."""
    async with loopback(Reply(delay=SLOW)) as server:
        result = await probe_twice_if_slow(server.url(), settings())
    assert len(server.requests) == 2
    assert result.slow and result.first_answer_ms is None
    assert result.retry_answer_ms is not None and result.retry_answer_ms >= SLOW * 1000


def _answer(status: int | None, ms: float, slow: bool, **fields: object) -> ProbeResult:
    url = "http://127.0.0.1/hook"
    return ProbeResult(url=url, method="POST", status_code=status, answer_ms=ms, slow=slow, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "second",
    [
        _answer(500, 20.0, False),
        _answer(None, 20.0, False, error_kind="refused", error="could not connect"),
        _answer(200, 1500.0, True),
    ],
    ids=["other status", "no answer", "slow again"],
)
def test_only_a_fast_same_answer_makes_a_cold_start(second: ProbeResult) -> None:
    """A second probe that answers differently, not at all, or slowly again is no cold start."""
    first = _answer(200, 1400.0, True)
    assert not is_cold_start(first, second)
    assert is_cold_start(first, _answer(200, 20.0, False))


async def test_a_shared_url_is_probed_at_most_twice_per_run(loopback: Loopback) -> None:
    """Two numbers on one profile with a cold-starting URL share one probe and its one retry."""
    async with loopback(Reply(delays=(SLOW, 0.0))) as server:
        facts = resolver(MessagingProfile(id="p", webhook_url=server.url()), settings())
        first = await facts.get(FIRST, WEBHOOK_PROBE)
        second = await facts.get(SECOND, WEBHOOK_PROBE)
    assert first is second and first.first_answer_ms is not None
    assert len(server.requests) == 2
