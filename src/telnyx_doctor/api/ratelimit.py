"""A client-side rate limiter shared by all requests of a run: it honours 429s and x-ratelimit headers."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping


class RateLimiter:
    """Spaces requests to a rate, and pauses everyone when the API says the budget is spent."""

    def __init__(self, rate: float | None = None) -> None:
        self.rate = rate  # requests per second; None = only what the API tells us
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._lock = asyncio.Lock()
        self.waits = 0

    async def acquire(self) -> None:
        """Wait until this request may go."""
        async with self._lock:
            now = time.monotonic()
            start = max(now, self._paused_until, self._next_slot)
            if self.rate:
                self._next_slot = start + 1.0 / self.rate
        delay = start - time.monotonic()
        if delay > 0:
            self.waits += 1
            await asyncio.sleep(delay)

    def observe(self, status: int, headers: Mapping[str, str]) -> None:
        """Learn from a response: a 429's Retry-After, or an exhausted x-ratelimit budget, pauses everyone."""
        from telnyx_doctor.api.client import retry_after_seconds

        pause = None
        if status == 429:
            pause = retry_after_seconds(headers) or 1.0
        elif headers.get("x-ratelimit-remaining") == "0":
            pause = _reset_seconds(headers.get("x-ratelimit-reset"))
        if pause:
            self._paused_until = max(self._paused_until, time.monotonic() + pause)


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
