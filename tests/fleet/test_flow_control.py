"""The client-side rate limiter: a window of requests in flight, halved by a 429, and pauses the API asks for."""

from __future__ import annotations

import asyncio
import time

import pytest

from telnyx_doctor.api.ratelimit import RateLimiter


@pytest.mark.anyio
async def test_the_window_bounds_the_requests_in_flight() -> None:
    """However many requests wait, no more than the window are in flight at once."""
    limiter = RateLimiter(window=3, max_window=3)
    in_flight = peak = 0

    async def request() -> None:
        nonlocal in_flight, peak
        await limiter.acquire()
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.001)
        in_flight -= 1
        limiter.release()
        limiter.observe(200, {})

    await asyncio.gather(*(request() for _ in range(20)))
    assert peak == 3
    assert limiter.in_flight == 0


def test_a_429_halves_the_window_once_per_pause_and_pauses_everyone() -> None:
    """A burst of 429s halves the window once and pauses every request for the Retry-After."""
    limiter = RateLimiter(window=16)
    before = time.monotonic()
    for _ in range(5):
        limiter.observe(429, {"retry-after": "2"})
    assert limiter.window == 8
    assert limiter.paused_until >= before + 2
    assert limiter.throttled == 5


def test_answers_grow_the_window_fast_at_first_and_slowly_after_a_429() -> None:
    """Before any 429 each answer widens the window by one; after one, by one per window of answers."""
    limiter = RateLimiter(window=4, max_window=32)
    for _ in range(4):
        limiter.observe(200, {})
    assert limiter.window == 8
    limiter.observe(429, {"retry-after": "1"})
    assert limiter.window == 4
    for _ in range(4):
        limiter.observe(200, {})
    assert 4.9 < limiter.window < 5.1


def test_a_spent_budget_pauses_until_the_reset() -> None:
    """`x-ratelimit-remaining: 0` pauses everyone for `x-ratelimit-reset` seconds; a budget left does not."""
    limiter = RateLimiter()
    before = time.monotonic()
    limiter.observe(200, {"x-ratelimit-remaining": "3", "x-ratelimit-reset": "5"})
    assert limiter.paused_until < before
    limiter.observe(200, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "5"})
    assert limiter.paused_until >= before + 5


@pytest.mark.anyio
async def test_a_request_cancelled_while_waiting_gives_up_its_place() -> None:
    """A request cancelled in the queue leaves the window to the next one."""
    limiter = RateLimiter(window=1, max_window=1)
    await limiter.acquire()
    waiting = asyncio.ensure_future(limiter.acquire())
    await asyncio.sleep(0)
    waiting.cancel()
    limiter.release()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert limiter.in_flight == 0
    await asyncio.wait_for(limiter.acquire(), 1)
    assert limiter.in_flight == 1
