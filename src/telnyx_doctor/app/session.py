"""The library's entry: `diagnose`, `adiagnose` and the `Doctor` session sharing one client across runs."""

from __future__ import annotations

import asyncio
import functools
import ssl
from collections.abc import Callable, Coroutine, Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, ParamSpec, Protocol, TypeVar

from telnyx_doctor.evidence.window import DEFAULT_SINCE

if TYPE_CHECKING:
    from telnyx_doctor.api.client import TelnyxClient
    from telnyx_doctor.checkapi import CheckOptions
    from telnyx_doctor.config import Waiver
    from telnyx_doctor.evidence.sendtest_models import SendTest
    from telnyx_doctor.facts import FactResolver
    from telnyx_doctor.models import PluginInfo, Report
    from telnyx_doctor.numbers import Target
    from telnyx_doctor.plugins import Registry
    from telnyx_doctor.probe import ProbeSettings
    from telnyx_doctor.runner import RunState

ProbeMode = Literal["post", "head", "off"]
FailOn = Literal["fail", "warn", "never"]
T = TypeVar("T")
P = ParamSpec("P")

PROBE_TIMEOUT = 5.0  # the verdict needs only Telnyx's 2 s budget; waiting longer only tells "slow" from "silent"
FLEET_THRESHOLD = 10  # above this many targets, list endpoints beat one request per number


class Progress(Protocol):
    """What a run tells about its progress (the CLI draws a bar from it)."""

    def collecting(self) -> None:
        """A fleet's lists are being read."""

    def diagnosing(self, total: int) -> None:
        """`total` numbers are being diagnosed."""

    def advance(self) -> None:
        """One more number finished."""


class Diagnosis:
    """One finished (or interrupted) run: its report, or for a streamed fleet its header and compact results."""

    def __init__(self, state: RunState, targets: list[Target], plugins: list[PluginInfo], fail_on: str) -> None:
        self.state = state
        self.targets = targets
        self.plugins = plugins
        self.fail_on = fail_on
        self.resolver: FactResolver | None = None
        self.settings: dict[str, Any] = {}
        self._report: Report | None = None
        self.secrets: list[str] = []  # the session's key: never written into a bundle

    def __repr__(self) -> str:
        # short on purpose: asyncio formats a task's result on exit, and a fleet's would take seconds
        return f"<Diagnosis of {len(self.targets)} number(s), {len(self.state.finished)} finished>"

    @property
    def streamed(self) -> bool:
        """The per-number results are kept compact, to be written number by number (see `header`)."""
        return self.state.finished.compact

    def report(self) -> Report:
        """The whole report, its exit code set by `fail_on` (built once: its duration is the run's)."""
        from telnyx_doctor.runner import build_report, exit_code_for

        if self._report is None:
            finished = self.state.finished
            report = build_report(self.state, [finished[i] for i in sorted(finished)], self.plugins)
            self._report = report.model_copy(update={"exit_code": exit_code_for(report, self.fail_on)})
        return self._report

    def header(self) -> Report:
        """The report without its numbers (they are in `state.finished`), its exit code set."""
        from telnyx_doctor.runner import exit_code_for_summary, report_header

        header = report_header(self.state, self.plugins)
        return header.model_copy(update={"exit_code": exit_code_for_summary(header.summary, self.fail_on)})

    def facts(self, target: Target) -> dict[str, Any]:
        """The facts established about `target` (kept only when the run was asked to `record`)."""
        if self.resolver is None:
            return {}
        return self.resolver.established().get(target.value, {})

    def bundle(self, secrets: Iterable[str] = ()) -> str:
        """A support bundle of the run (redacted): every fact it used and its report; needs `record=True`."""
        from telnyx_doctor.report.bundle import build_bundle

        if self.resolver is None:
            raise ValueError("bundle() needs a run made with record=True")
        secrets = [*self.secrets, *secrets]
        return build_bundle(self.report(), self.resolver, self.targets, self.settings, secrets=secrets)


class Interrupted(KeyboardInterrupt):  # it is a KeyboardInterrupt, carrying what finished
    """Ctrl-C during a synchronous run; `diagnosis` holds the numbers that finished."""

    def __init__(self, diagnosis: Diagnosis) -> None:
        super().__init__("interrupted")
        self.diagnosis = diagnosis


class Doctor:
    """A diagnosis session: one API client, one rate limiter and shared fact caches for many runs.

    Use it as an async context manager (`async with Doctor() as doctor: await doctor.adiagnose(...)`) or
    a plain one (`with Doctor() as doctor: doctor.diagnose(...)`).
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = 10.0,
        ca_bundle: str | None = None,
        probe: ProbeMode = "post",
        allow_private: bool = False,
        fail_on: FailOn = "fail",
        concurrency: int = 16,
        deadline: float | None = None,
        waivers: Iterable[Waiver] = (),
        registry: Registry | None = None,
        rerun_flags: Iterable[tuple[str, str | None]] | None = None,
        skip_reasons: Mapping[str, str] | None = None,
        since: str = DEFAULT_SINCE,
        evidence: bool = True,
    ) -> None:
        from telnyx_doctor.evidence.window import parse_duration

        try:
            parse_duration(since)
        except ValueError as exc:
            from telnyx_doctor.errors import UsageError

            raise UsageError(f"--since: {exc}", tip="for example --since 24h or --since 7d") from None
        self.since = since
        self.evidence = evidence
        self._api_key = api_key  # read (or looked up in the environment) when the first API call is made
        self._base_url = base_url
        self.timeout = timeout
        self.ca_bundle = ca_bundle
        self.probe: ProbeMode = probe
        self.allow_private = allow_private
        self.fail_on: FailOn = fail_on
        self.concurrency = concurrency
        self.deadline = deadline
        self.waivers = tuple(waivers)
        # what suggested doctor commands carry (see CheckOptions); by default the settings that change verdicts
        self.rerun_flags = tuple(
            rerun_flags
            if rerun_flags is not None
            else verdict_flags(ca_bundle, allow_private=allow_private, probe=probe, since=since, evidence=evidence)
        )
        # checks (ids or globs) reported as skipped, with the reason, rather than left out (a config's skip)
        self.skip_reasons = dict(skip_reasons or {})
        self._registry = registry
        self._client: TelnyxClient | None = None
        self._trust: asyncio.Future[ssl.SSLContext] | None = None
        self._resolvers: dict[tuple[str, bool, str, bool, str], FactResolver] = {}
        self._loop_runner: asyncio.Runner | None = None
        self._key_in_use = ""

    @property
    def registry(self) -> Registry:
        """The loaded plugins (built-in checks and any others installed), loaded on first use."""
        if self._registry is None:
            from telnyx_doctor.plugins import load_registry

            self._registry = load_registry()
        return self._registry

    # -- async use ---------------------------------------------------------------------------------

    async def __aenter__(self) -> Doctor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the API client; the session may be used again afterwards (a new client is made)."""
        client, self._client, self._trust = self._client, None, None
        self._resolvers.clear()
        if client is not None:
            await client.aclose()

    def forget(self) -> None:
        """Drop every cached fact, so the next run reads the account afresh (after changing it)."""
        self._resolvers.clear()

    async def adiagnose(
        self,
        numbers: Iterable[str | Target],
        *,
        only: Iterable[str] = (),
        skip: Iterable[str] = (),
        probe: ProbeMode | None = None,
        profile: str | None = None,
        everything: bool = False,
        send_test: SendTest | str | None = None,
    ) -> Report:
        """Diagnose `numbers` (and every number on messaging `profile`, or on the account with `everything`).

        `send_test`: a destination (or a `SendTest`): send one real message from the number and follow it.
        """
        run = await self.arun(
            numbers, only=only, skip=skip, probe=probe, profile=profile, everything=everything, send_test=send_test
        )
        return run.report()

    async def arun(
        self,
        numbers: Iterable[str | Target],
        *,
        only: Iterable[str] = (),
        skip: Iterable[str] = (),
        probe: ProbeMode | None = None,
        profile: str | None = None,
        everything: bool = False,
        stream: bool = False,
        record: bool = False,
        progress: Progress | None = None,
        state: RunState | None = None,
        send_test: SendTest | str | None = None,
    ) -> Diagnosis:
        """Run a diagnosis and keep what the caller needs beyond the report.

        `stream`: keep a fleet's results compact, for writing number by number (`Diagnosis.header`).
        `record`: keep every fact, for `Diagnosis.bundle`. `state` is filled as numbers finish, so a caller
        holding it can report the finished ones if the run is cancelled. `send_test`: send one real test
        message from the (single) number to this destination and follow it (`send.test`); passing it is the
        caller's consent to its cost.
        """
        from telnyx_doctor.app import sendtest
        from telnyx_doctor.runner import RunConfig, RunState, run_numbers, select_checks

        state = state or RunState()
        only, skip = _split(only), _split(skip)
        targets = parse_numbers(numbers)
        if not targets and not (profile or everything):
            from telnyx_doctor.errors import UsageError

            raise UsageError("no number given", tip="name at least one number, a messaging profile or the account")
        from telnyx_doctor.config import skipped_by_config

        request = sendtest.as_request(send_test)
        sendtest.check_targets(targets, request, bool(profile or everything))
        checks = skipped_by_config(select_checks(self.registry.checks, only, skip), self.skip_reasons)
        checks = sendtest.select(checks, self.registry.checks, request, only)
        diagnosis = Diagnosis(state, targets, self.registry.plugins, self.fail_on)
        options, probe_settings = self.options(probe)
        diagnosis.settings = {
            "probe": options.probe,
            "allow_private": self.allow_private,
            "only": only,
            "skip": skip,
            "rerun_flags": [list(pair) for pair in self.rerun_flags],  # so a replay prints the same commands
            "skip_reasons": self.skip_reasons,
            "evidence": options.evidence,
            "since": options.since,
        }
        client = await self._client_for_run()
        diagnosis.secrets = [self._key_in_use]
        client.deadline_at = state.started + self.deadline if self.deadline else None
        # a send test gets facts of its own: a cached outcome would report an old message as this run's
        resolver = self._resolver(client, options, probe_settings, fresh=record or request is not None)
        if request is not None:
            resolver.env.extras[sendtest.EXTRA] = request
        fleet_run = bool(profile or everything) or len(targets) > FLEET_THRESHOLD
        if fleet_run:
            from telnyx_doctor.app import fleet

            if progress is not None:
                progress.collecting()
            targets, resolver.env.extras["bulk"] = await fleet.collect(
                client, targets, profile_id=profile, everything=everything
            )
            diagnosis.targets = targets
            state.finished.compact = stream and not record
        if record:
            diagnosis.resolver = resolver
        if progress is not None:
            progress.diagnosing(len(targets))
            state.on_number = lambda _: progress.advance()
        config = RunConfig(
            targets=targets,
            options=options,
            check_timeout=max(30.0, self.timeout * 4, request.timeout + sendtest.MARGIN if request else 0.0),
            deadline=self.deadline,
            concurrency=self.concurrency,
            keep_facts=record,
            waivers=self.waivers,
        )
        running = asyncio.ensure_future(run_numbers(config, checks, resolver, state))
        try:
            if self._trust is not None:
                await self._trust  # an unreadable CA bundle is a usage error, found while the run starts
            await running
        finally:
            running.cancel()
        if request is not None:
            sendtest.explain_blocked(state.finished)
        return diagnosis

    def options(self, probe: ProbeMode | None = None) -> tuple[CheckOptions, ProbeSettings]:
        """The checks' options and the probe's settings of this session (`probe` overriding its mode)."""
        from telnyx_doctor.checkapi import CheckOptions
        from telnyx_doctor.probe import ProbeSettings

        mode = probe or self.probe
        options = CheckOptions(
            allow_private=self.allow_private,
            probe=mode,
            fail_on=self.fail_on,
            rerun_flags=self.rerun_flags,
            evidence=self.evidence,
            since=self.since,
        )
        settings = ProbeSettings(
            mode=mode,
            timeout=min(self.timeout, PROBE_TIMEOUT),
            allow_private=self.allow_private,
            ca_bundle=self.ca_bundle,
        )
        return options, settings

    async def client(self) -> TelnyxClient:
        """The session's API client (made on first use, with the session's TLS trust)."""
        return await self._client_for_run()

    async def _client_for_run(self) -> TelnyxClient:
        if self._client is None:
            from telnyx_doctor.api.client import TelnyxClient
            from telnyx_doctor.app.access import api_key_from, base_url_from
            from telnyx_doctor.tls import make_ssl_context

            api_key, base_url = api_key_from(self._api_key), base_url_from(self._base_url)
            self._key_in_use = api_key

            # built in a thread: loading the stores takes tens of milliseconds that need not delay the first
            # request to an http:// API, and the probes share it instead of building a second one
            self._trust = asyncio.get_running_loop().run_in_executor(None, make_ssl_context, self.ca_bundle)
            https = base_url.startswith("https:")
            verify = await self._trust if https else ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # http: never TLS
            self._client = TelnyxClient(api_key=api_key, base_url=base_url, timeout=self.timeout, verify=verify)
        return self._client

    def _resolver(
        self, client: TelnyxClient, options: CheckOptions, probe: ProbeSettings, *, fresh: bool
    ) -> FactResolver:
        """The fact cache for these options (a fresh one for a recorded run: a bundle holds what it used)."""
        from telnyx_doctor.facts import FactEnv, FactResolver

        key = (options.probe, options.allow_private, options.fail_on, options.evidence, options.since)
        resolver = None if fresh else self._resolvers.get(key)
        if resolver is None:
            resolver = FactResolver(self.registry.facts, FactEnv(client=client, options=options, probe=probe))
            if self._trust is not None:
                self._trust.add_done_callback(lambda f: _share(f, probe))
            if not fresh:
                self._resolvers[key] = resolver
        return resolver

    # -- synchronous use ---------------------------------------------------------------------------

    def __enter__(self) -> Doctor:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the client and the session's event loop (synchronous use)."""
        if self._loop_runner is not None:
            self._loop_runner.run(self.aclose())
            self._loop_runner.close()
            self._loop_runner = None

    def diagnose(
        self,
        numbers: Iterable[str | Target],
        *,
        only: Iterable[str] = (),
        skip: Iterable[str] = (),
        probe: ProbeMode | None = None,
        profile: str | None = None,
        everything: bool = False,
        send_test: SendTest | str | None = None,
    ) -> Report:
        """`adiagnose`, for code without an event loop."""
        run = self.run(
            numbers, only=only, skip=skip, probe=probe, profile=profile, everything=everything, send_test=send_test
        )
        return run.report()

    def run(
        self,
        numbers: Iterable[str | Target],
        *,
        only: Iterable[str] = (),
        skip: Iterable[str] = (),
        probe: ProbeMode | None = None,
        profile: str | None = None,
        everything: bool = False,
        stream: bool = False,
        record: bool = False,
        progress: Progress | None = None,
        state: RunState | None = None,
        send_test: SendTest | str | None = None,
    ) -> Diagnosis:
        """`arun`, for code without an event loop; Ctrl-C raises `Interrupted` with what finished."""
        from telnyx_doctor.runner import RunState

        state = state or RunState()
        if not isinstance(numbers, str):
            numbers = list(numbers)  # read twice when interrupted: once to run, once to name what was asked
        running = self.arun(
            numbers,
            only=only,
            skip=skip,
            probe=probe,
            profile=profile,
            everything=everything,
            stream=stream,
            record=record,
            progress=progress,
            state=state,
            send_test=send_test,
        )
        try:
            return self.call(running)
        except KeyboardInterrupt:
            partial = Diagnosis(state, parse_numbers(numbers), self.registry.plugins, self.fail_on)
            raise Interrupted(partial) from None

    def call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the session's own event loop (the one its client lives on)."""
        if self._loop_runner is None:
            self._loop_runner = asyncio.Runner()
        return self._loop_runner.run(coroutine)


def _share(future: asyncio.Future[ssl.SSLContext], probe: ProbeSettings) -> None:
    if not future.cancelled() and future.exception() is None:
        probe.share_trust(future.result())


def parse_numbers(numbers: Iterable[str | Target]) -> list[Target]:
    """Parsed targets, duplicates dropped; an invalid number is a UsageError."""
    from telnyx_doctor.numbers import parse_target

    if isinstance(numbers, str):
        numbers = [numbers]
    targets: list[Target] = []
    seen: set[str] = set()
    for item in numbers:
        target = parse_target(item) if isinstance(item, str) else item
        if target.value not in seen:
            seen.add(target.value)
            targets.append(target)
    return targets


def _split(values: Iterable[str]) -> list[str]:
    if isinstance(values, str):
        values = [values]
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


async def adiagnose(
    numbers: Iterable[str | Target],
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    only: Iterable[str] = (),
    skip: Iterable[str] = (),
    probe: ProbeMode = "post",
    allow_private: bool = False,
    ca_bundle: str | None = None,
    timeout: float = 10.0,
    fail_on: FailOn = "fail",
    profile: str | None = None,
    everything: bool = False,
    send_test: SendTest | str | None = None,
    since: str = DEFAULT_SINCE,
    evidence: bool = True,
) -> Report:
    """Diagnose `numbers` once and return the report (the pydantic model the JSON format serialises).

    The key and base URL default to TELNYX_API_KEY and TELNYX_API_BASE_URL. `send_test` (a destination, or
    a `SendTest` with text, timeout and force) sends one real message: passing it is the consent to its cost.
    `since` is the window of the evidence read (message records, webhook deliveries: `24h`, `7d`);
    `evidence=False` reads none.
    """
    doctor = Doctor(
        api_key=api_key,
        base_url=base_url,
        probe=probe,
        allow_private=allow_private,
        ca_bundle=ca_bundle,
        timeout=timeout,
        fail_on=fail_on,
        since=since,
        evidence=evidence,
    )
    async with doctor:
        return await doctor.adiagnose(
            numbers, only=only, skip=skip, profile=profile, everything=everything, send_test=send_test
        )


def _without_loop(coroutine: Callable[P, Coroutine[Any, Any, T]], name: str, doc: str) -> Callable[P, T]:
    """`coroutine` as a plain function that runs it on a new event loop, with the same arguments."""

    @functools.wraps(coroutine)
    def blocking(*args: P.args, **kwargs: P.kwargs) -> T:
        return asyncio.run(coroutine(*args, **kwargs))

    blocking.__name__ = blocking.__qualname__ = name
    blocking.__doc__ = doc
    return blocking


# the same arguments as adiagnose, which documents them once
diagnose = _without_loop(adiagnose, "diagnose", "`adiagnose` for code without an event loop.")


def verdict_flags(
    ca_bundle: str | None, *, allow_private: bool, probe: ProbeMode, since: str = DEFAULT_SINCE, evidence: bool = True
) -> tuple[tuple[str, str | None], ...]:
    """The flags a printed `doctor …` command needs to judge webhooks as this session does (never a key)."""
    flags: list[tuple[str, str | None]] = []
    if ca_bundle:
        flags.append(("--ca-bundle", ca_bundle))
    if probe != "post":
        flags.append(("--probe", probe))
    if since != DEFAULT_SINCE:
        flags.append(("--since", since))
    if not evidence:
        flags.append(("--evidence", "off"))
    if allow_private:
        flags.append(("--allow-private", None))
    return tuple(flags)
