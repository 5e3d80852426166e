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

T = TypeVar("T")


@dataclass(frozen=True)
class FactSpec:
    """A fact provider: how to establish one named fact about a target."""

    name: str
    fetch: Callable[[FactRequest], Awaitable[Any]]
    type: Any = Any  # the value's type, so recorded facts can be read back
    speculative: bool = True  # may start before the checks needing it are known to run (reads only)
    description: str = ""
    # the value a replayed bundle stands for when it lacks this fact (one recorded before the fact existed);
    # None: a missing fact is an error of the replay
    unrecorded: Callable[[FactRequest], Any] | None = None


@dataclass
class FactEnv:
    """What fact providers may use: the API client, probe settings and run options."""

    client: TelnyxClient | None
    options: CheckOptions
    # the webhook probe's settings (telnyx_doctor.probe.ProbeSettings): only the probe's own providers read them,
    # so the resolver keeps them opaque and depends on nothing above it
    probe: object = None
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
        return await _settled(self.future(target, name))

    def future(self, target: Target, name: str) -> asyncio.Future[Any]:
        """The single-flight future of fact `name` for `target`, started on first use."""
        key = ("fact", target.value, name)
        future = self._tasks.get(key)
        if future is not None:
            return future
        spec = self.specs.get(name)
        if spec is None:
            future = asyncio.get_running_loop().create_future()
            future.set_exception(FactError(name, LookupError(f"no provider registered for fact {name!r}")))
            future.add_done_callback(_consume)
            return future
        return self._start(key, lambda: self._establish(spec, target))

    async def shared(self, key: Hashable, factory: Callable[[], Awaitable[T]]) -> T:
        """Run `factory` once per `key` for the whole run."""
        result: T = await self._once(("shared", key), factory)
        return result

    def prefetch(self, target: Target, names: Iterable[str]) -> None:
        """Start the speculative facts among `names` now, so later checks find them in flight."""
        for name in names:
            spec = self.specs.get(name)
            if spec is not None and spec.speculative:
                self.future(target, name)

    def forget(self, target: Target) -> None:
        """Drop a finished target's own facts (shared resources stay), so a fleet's memory stays flat.

        Speculative facts still in flight are cancelled: no check needs them any more, and left running they
        would ask for facts of the target again after this, fetching them a second time.
        """
        prefix = ("fact", target.value)
        for key in [k for k in self._tasks if isinstance(k, tuple) and k[:2] == prefix]:
            self._tasks.pop(key).cancel()
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
        return await _settled(future if future is not None else self._start(key, factory))

    def _start(self, key: Hashable, factory: Callable[[], Awaitable[Any]]) -> asyncio.Future[Any]:
        future = asyncio.ensure_future(factory())
        future.add_done_callback(_consume)
        self._tasks[key] = future
        return future


async def _settled(future: asyncio.Future[Any]) -> Any:
    """The future's outcome; a settled one is read at once (a fleet asks for settled facts most of the time)."""
    if future.done():
        return future.result()
    # shield: one impatient caller (a check timing out) must not cancel work others share
    return await asyncio.shield(future)


def _consume(future: asyncio.Future[Any]) -> None:
    """Mark a background future's exception as seen; whoever awaits it gets it anyway."""
    if not future.cancelled():
        future.exception()
