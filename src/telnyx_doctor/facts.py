"""The memoized, single-flight fact resolver: each fact is established once per run, concurrently."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from telnyx_doctor.errors import AuthenticationError, DoctorError, FactError

if TYPE_CHECKING:
    from telnyx_doctor.api.client import TelnyxClient
    from telnyx_doctor.checkapi import CheckOptions
    from telnyx_doctor.numbers import Target
    from telnyx_doctor.probe import ProbeSettings

T = TypeVar("T")


@dataclass(frozen=True)
class FactSpec:
    """A fact provider: how to establish one named fact about a target."""

    name: str
    fetch: Callable[[FactRequest], Awaitable[Any]]
    type: Any = Any  # the value's type, so recorded facts can be read back
    speculative: bool = True  # may start before the checks needing it are known to run (reads only)
    description: str = ""


@dataclass
class FactEnv:
    """What fact providers may use: the API client, probe settings and run options."""

    client: TelnyxClient | None
    options: CheckOptions
    probe: ProbeSettings | None = None
    extras: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FactRequest:
    """Handed to a provider: the target, the environment, and access to other facts."""

    target: Target
    env: FactEnv
    resolver: FactResolver

    @property
    def client(self) -> TelnyxClient:
        """The API client; absent when replaying a bundle."""
        if self.env.client is None:
            raise FactError("the Telnyx API", RuntimeError("no API client in this run"))
        return self.env.client

    async def get(self, name: str) -> Any:
        """Another fact about the same target."""
        return await self.resolver.get(self.target, name)

    async def shared(self, key: Hashable, factory: Callable[[], Awaitable[T]]) -> T:
        """A value shared by every target in the run (a profile by id, a campaign…), fetched once."""
        return await self.resolver.shared(key, factory)


class FactResolver:
    """Resolves facts lazily, once each (errors too), sharing in-flight work between callers."""

    def __init__(self, specs: Mapping[str, FactSpec], env: FactEnv) -> None:
        self.specs = dict(specs)
        self.env = env
        self._tasks: dict[Hashable, asyncio.Future[Any]] = {}
        self._values: dict[str, dict[str, Any]] = {}

    async def get(self, target: Target, name: str) -> Any:
        """The value of fact `name` for `target`; FactError when it cannot be established."""
        spec = self.specs.get(name)
        if spec is None:
            raise FactError(name, LookupError(f"no provider registered for fact {name!r}"))
        return await self._once(("fact", target.value, name), lambda: self._establish(spec, target))

    async def shared(self, key: Hashable, factory: Callable[[], Awaitable[T]]) -> T:
        """Run `factory` once per `key` for the whole run."""
        result: T = await self._once(("shared", key), factory)
        return result

    def prefetch(self, target: Target, names: Iterable[str]) -> None:
        """Start the speculative facts among `names` now, so later checks find them in flight."""
        for name in names:
            spec = self.specs.get(name)
            if spec is not None and spec.speculative:
                future = asyncio.ensure_future(self.get(target, name))
                future.add_done_callback(_consume)

    def forget(self, target: Target) -> None:
        """Drop a finished target's own facts (shared resources stay), so a fleet's memory stays flat."""
        prefix = ("fact", target.value)
        for key in [k for k in self._tasks if isinstance(k, tuple) and k[:2] == prefix]:
            del self._tasks[key]
        self._values.pop(target.value, None)

    def established(self) -> dict[str, dict[str, Any]]:
        """Every fact value established so far, by target then fact name (for bundles)."""
        return {target: dict(values) for target, values in self._values.items()}

    async def _establish(self, spec: FactSpec, target: Target) -> Any:
        try:
            value = await spec.fetch(FactRequest(target=target, env=self.env, resolver=self))
        except (AuthenticationError, FactError, asyncio.CancelledError):
            raise
        except DoctorError as exc:
            raise FactError(spec.name, exc) from exc
        except Exception as exc:  # a provider bug must become an error result, not a crash
            raise FactError(spec.name, exc) from exc
        self._values.setdefault(target.value, {})[spec.name] = value
        return value

    async def _once(self, key: Hashable, factory: Callable[[], Awaitable[Any]]) -> Any:
        future = self._tasks.get(key)
        if future is None:
            future = asyncio.ensure_future(factory())
            future.add_done_callback(_consume)
            self._tasks[key] = future
        # shield: one impatient caller (a check timing out) must not cancel work others share
        return await asyncio.shield(future)


def _consume(future: asyncio.Future[Any]) -> None:
    """Mark a background future's exception as seen; whoever awaits it gets it anyway."""
    if not future.cancelled():
        future.exception()
