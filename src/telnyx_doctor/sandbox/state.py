"""The sandbox's live state: the account, run-time settings, faults, rate limiter and request counters."""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from telnyx_doctor.sandbox.evidence import Evidence, build_evidence
from telnyx_doctor.sandbox.faults import FaultRegistry
from telnyx_doctor.sandbox.records import Account
from telnyx_doctor.sandbox.scenario import Scenario, resolve_scenario
from telnyx_doctor.sandbox.signing import WebhookSigner
from telnyx_doctor.sandbox.spec import ScenarioSpec
from telnyx_doctor.sandbox.webhook_urls import WebhookBases

_SLEEP_STEP = 0.05  # how often long waits look at `closing`, so a stopping server never waits on them


@dataclass
class RuntimeSettings:
    """What can be changed while the sandbox runs (from Python or POST /_sandbox/settings)."""

    latency: float = 0.0  # seconds added to every /v2 request
    rate_limit: float | None = None  # requests per second; None: unlimited
    sluggish_delay: float = 1.3
    slow_delay: float = 2.5


class RequestCounter:
    """Requests served, keyed `METHOD /path/{template}`; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}

    def hit(self, key: str) -> None:
        """Count one request."""
        with self._lock:
            self._counts[key] = self._counts.get(key, 0) + 1

    def get(self, key: str) -> int:
        """How many requests `key` has seen (`GET /v2/phone_numbers/{id}/messaging`)."""
        with self._lock:
            return self._counts.get(key, 0)

    def snapshot(self) -> dict[str, int]:
        """All counts, sorted by key."""
        with self._lock:
            return dict(sorted(self._counts.items()))

    @property
    def total(self) -> int:
        """Requests counted since the last reset."""
        with self._lock:
            return sum(self._counts.values())

    def reset(self) -> None:
        """Start counting from zero."""
        with self._lock:
            self._counts = {}


@dataclass(frozen=True)
class WebhookDelivery:
    """One request a webhook endpoint received: method, path, and its headers (names in lower case)."""

    method: str
    path: str
    headers: dict[str, str]


class WebhookLog:
    """The latest requests the webhook endpoints received, so tests can see what a probe sent; thread-safe."""

    def __init__(self, limit: int = 1000) -> None:
        self._lock = threading.Lock()
        self._entries: deque[WebhookDelivery] = deque(maxlen=limit)

    def add(self, delivery: WebhookDelivery) -> None:
        """Keep one request (the oldest is dropped past the limit)."""
        with self._lock:
            self._entries.append(delivery)

    def snapshot(self) -> list[WebhookDelivery]:
        """The kept requests, oldest first."""
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        """Forget every kept request."""
        with self._lock:
            self._entries.clear()


@dataclass(frozen=True)
class RateDecision:
    """Whether a request is within the limit, and the x-ratelimit-* and Retry-After values to report."""

    allowed: bool
    limit: float
    remaining: int
    reset: int  # seconds until the allowance is full again
    retry_after: int  # seconds until one more request is allowed


class RateLimiter:
    """A token bucket: `rate` requests per second, bursts up to max(1, rate); `clock` is injectable."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._rate: float | None = None
        self._tokens = 0.0
        self._stamp = 0.0

    def check(self, rate: float) -> RateDecision:
        """Count a request against `rate` per second."""
        with self._lock:
            now = self.clock()
            capacity = max(1.0, rate)
            if self._rate != rate:
                self._rate, self._tokens = rate, capacity
            else:
                self._tokens = min(capacity, self._tokens + (now - self._stamp) * rate)
            self._stamp = now
            allowed = self._tokens >= 1
            if allowed:
                self._tokens -= 1
            retry_after = 0 if self._tokens >= 1 else max(1, math.ceil((1 - self._tokens) / rate))
            reset = max(1, math.ceil((capacity - self._tokens) / rate))
            return RateDecision(allowed, rate, math.floor(self._tokens), reset, retry_after)


class SandboxState:
    """Everything the API and webhook apps share; tests read and change it from their own thread.

    `scenario` is anything resolve_scenario takes (None: an empty account); `clock` drives the rate limiter.
    """

    def __init__(
        self,
        scenario: Scenario | ScenarioSpec | str | Path | None = None,
        *,
        signer: WebhookSigner | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.scenario = resolve_scenario(scenario) if scenario is not None else _empty()
        self.account: Account = self.scenario.build()
        self.evidence: Evidence = build_evidence(self.scenario.spec, self.account)
        self.settings = self._scenario_settings()
        self.faults = FaultRegistry()
        self.faults.extend(list(self.scenario.spec.faults))
        self.requests = RequestCounter()
        self.rate_limited = RequestCounter()  # the requests (also in `requests`) answered 429 by the rate limit
        self.fetches = RequestCounter()  # by path?query, those neither rate-limited nor faulted: resources read
        self.webhook_requests = RequestCounter()
        self.webhook_log = WebhookLog()
        self.rate_limiter = RateLimiter(clock)
        self.signer = signer or WebhookSigner.generate()
        self.webhook_bases = WebhookBases()
        self.ca_file: Path | None = None  # the TLS webhook server's CA, which outgoing webhooks trust too
        self.background: set[asyncio.Task[None]] = set()  # messages moving through their statuses
        self.closing = False

    def _scenario_settings(self) -> RuntimeSettings:
        sandbox = self.scenario.spec.sandbox
        return RuntimeSettings(
            latency=sandbox.latency,
            rate_limit=sandbox.rate_limit,
            sluggish_delay=sandbox.sluggish_delay,
            slow_delay=sandbox.slow_delay,
        )

    @property
    def api_key(self) -> str:
        """The key every /v2 request must bear."""
        return self.account.api_key

    def reset_counters(self) -> None:
        """Zero the API and webhook request counters, and forget the logged webhook requests."""
        self.requests.reset()
        self.rate_limited.reset()
        self.fetches.reset()
        self.webhook_requests.reset()
        self.webhook_log.clear()

    def reset_account(self) -> None:
        """Undo every PATCH and forget sent messages: rebuild the account and its records from the scenario."""
        self.account = self.scenario.build()
        self.evidence = build_evidence(self.scenario.spec, self.account)

    def reset(self) -> None:
        """Back to the scenario as loaded: account, settings and faults; counters and rate limit at zero."""
        self.reset_account()
        self.settings = self._scenario_settings()
        self.faults.clear()
        self.faults.extend(list(self.scenario.spec.faults))
        self.reset_counters()
        self.rate_limiter = RateLimiter(self.rate_limiter.clock)

    async def sleep(self, seconds: float) -> None:
        """Wait `seconds`, or less if the sandbox starts closing."""
        deadline = time.monotonic() + seconds
        while not self.closing:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            await asyncio.sleep(min(left, _SLEEP_STEP))

    async def wait_closing(self) -> None:
        """Wait until the sandbox starts closing."""
        while not self.closing:
            await asyncio.sleep(_SLEEP_STEP)


def _empty() -> Scenario:
    return Scenario(spec=ScenarioSpec(name="empty"), source="empty")
