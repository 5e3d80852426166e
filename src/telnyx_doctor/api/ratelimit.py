"""A client-side rate limiter shared by all requests of a run: it honours 429s and x-ratelimit headers.

Two controls work together. What the API says is obeyed: a 429's Retry-After, or `x-ratelimit-remaining: 0`
until `x-ratelimit-reset`, pauses every request of the run. And the number of requests in flight adapts the
way TCP's congestion window does: it starts small, grows by one per answer until the first 429, then halves on
a 429 and grows by one per window of answers, and never exceeds the budget `x-ratelimit-remaining` says is
left. Without the second, the requests queued behind a pause would all leave together when it ends, and most
of them would be answered 429 again (a retry storm).
"""

from __future__ import annotations

import asyncio
import collections
import email.utils
import time
from collections.abc import Mapping

START_WINDOW = 6.0  # requests in flight before the API has answered anything: one number asks 5 at once
MAX_WINDOW = 32  # the client's connection pool


class RateLimiter:
    """Spaces requests to a rate, bounds those in flight, and pauses everyone when the API says so."""

    def __init__(
        self, rate: float | None = None, *, window: float = START_WINDOW, max_window: int = MAX_WINDOW
    ) -> None:
        self.rate = rate  # requests per second; None = only what the API tells us
        self.window = max(1.0, min(window, max_window))
        self.max_window = max_window
        self.in_flight = 0
        self.waits = 0  # how often a request had to wait (a pause, the pace or the window)
        self.throttled = 0  # 429 answers seen
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._slow_start = True
        self._last_cut = 0.0
        self._queue: collections.deque[asyncio.Future[None]] = collections.deque()

    @property
    def paused_until(self) -> float:
        """time.monotonic() before which no request goes (0 when not paused)."""
        return self._paused_until

    async def acquire(self) -> None:
        """Wait for a place in the window, then for any pause or pace; every acquire needs one release()."""
        if self.in_flight < int(self.window) and not self._queue:
            self.in_flight += 1
        else:
            self.waits += 1
            place = asyncio.get_running_loop().create_future()
            self._queue.append(place)
            try:
                await place  # release() hands the place over, in_flight already counted
            except asyncio.CancelledError:
                if place.done() and not place.cancelled():
                    self.release()
                raise
        try:
            await self._wait_turn()
        except asyncio.CancelledError:
            self.release()
            raise

    async def _wait_turn(self) -> None:
        while True:
            now = time.monotonic()
            start = max(now, self._paused_until, self._next_slot if self.rate else 0.0)
            if start <= now:
                break
            self.waits += 1
            await asyncio.sleep(start - now)
        if self.rate:
            self._next_slot = max(self._next_slot, now) + 1.0 / self.rate

    def release(self) -> None:
        """A request is no longer in flight: hand its place to the next waiting one."""
        self.in_flight = max(0, self.in_flight - 1)
        self._hand_over()

    def observe(self, status: int, headers: Mapping[str, str]) -> None:
        """Learn from an answer: a 429 halves the window and pauses everyone, so does an exhausted budget."""
        now = time.monotonic()
        pause = None
        if status == 429:
            self.throttled += 1
            pause = retry_after_seconds(headers) or 1.0
            if now >= self._last_cut:  # one cut per pause, however many answers of the burst say 429
                self.window = max(1.0, self.window / 2)
                self._slow_start = False
                self._last_cut = now + pause
        else:
            growth = 1.0 if self._slow_start else 1.0 / self.window
            self.window = min(float(self.max_window), self.window + growth)
            remaining = _count(headers.get("x-ratelimit-remaining"))
            if remaining is not None:
                # More in flight than the budget left would only collect 429s (and their pauses).
                self.window = max(1.0, min(self.window, float(remaining)))
            if remaining == 0:
                pause = _reset_seconds(headers.get("x-ratelimit-reset"))
        if pause:
            self._paused_until = max(self._paused_until, now + pause)
        self._hand_over()

    def _hand_over(self) -> None:
        while self._queue and self.in_flight < int(self.window):
            place = self._queue.popleft()
            if not place.done():
                self.in_flight += 1
                place.set_result(None)


def _count(raw: str | None) -> int | None:
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


def _reset_seconds(raw: str | None) -> float | None:
    """`x-ratelimit-reset` is documented both as seconds-until-reset and as a Unix time; accept either."""
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    if value > 1_000_000_000:  # a Unix timestamp
        value -= time.time()
    return value if 0 < value <= 60 else None


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """`retry-after-ms`, then `retry-after` (seconds or an HTTP date), honoured when 0 < value ≤ 60 s."""
    raw_ms = headers.get("retry-after-ms")
    value: float | None = None
    if raw_ms:
        try:
            value = float(raw_ms) / 1000
        except ValueError:
            value = None
    raw = headers.get("retry-after")
    if value is None and raw:
        try:
            value = float(raw)
        except ValueError:
            parsed = email.utils.parsedate_to_datetime(raw) if raw else None
            value = parsed.timestamp() - time.time() if parsed is not None else None
    if value is not None and 0 < value <= 60:
        return value
    return None
