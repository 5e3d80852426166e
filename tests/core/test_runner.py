"""Tests for the runner: gating on prerequisites, applicability, isolation of broken checks, order, deadline."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from telnyx_doctor.checkapi import Check, CheckContext, CheckOptions, check
from telnyx_doctor.errors import AuthenticationError, ServerError, TelnyxErrorItem, UsageError
from telnyx_doctor.facts import FactEnv, FactRequest, FactResolver, FactSpec
from telnyx_doctor.models import PHONE_NUMBER_KINDS, Fix, Result, Status
from telnyx_doctor.numbers import parse_target
from telnyx_doctor.runner import RunConfig, exit_code_for, order_checks, run, select_checks

FIX = Fix(summary="do the thing")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def make_resolver(values: dict[str, Any], calls: list[str] | None = None, delay: float = 0.0) -> FactResolver:
    """Fact providers answering from `values`; an exception value is raised."""

    def spec(name: str) -> FactSpec:
        async def fetch(req: FactRequest) -> Any:
            if calls is not None:
                calls.append(name)
            if delay:
                await asyncio.sleep(delay)
            value = values[name]
            if isinstance(value, BaseException):
                raise value
            return value

        return FactSpec(name, fetch)

    return FactResolver({n: spec(n) for n in values}, FactEnv(client=None, options=CheckOptions()))


def returning(result: Result) -> Callable[[CheckContext], Result]:
    return lambda ctx: result


def mk(cid: str, result: Result, requires: tuple[str, ...] = (), facts: tuple[str, ...] = (), **kw: Any) -> Check:
    return check(cid, title=cid, requires=requires, facts=facts, cause="c", evidence="e", remedy="r", **kw)(
        returning(result)
    )


async def run_one(checks: list[Check], resolver: FactResolver, number: str = "+15551234567", **kw: Any) -> Any:
    config = RunConfig(targets=[parse_target(number)], **kw)
    report = await run(config, order_checks(checks), resolver)
    return {c.id: c for c in report.numbers[0].checks}, report


@pytest.mark.anyio
async def test_a_failed_prerequisite_skips_its_dependents_with_the_reason() -> None:
    """A check whose prerequisite failed is skipped, naming the prerequisite."""
    checks = [
        mk("a.first", Result.failed("broken", FIX)),
        mk("a.second", Result.passed("fine"), requires=("a.first",)),
        mk("a.third", Result.passed("fine"), requires=("a.second",)),
    ]
    results, _ = await run_one(checks, make_resolver({}))
    assert results["a.second"].status is Status.SKIP
    assert results["a.second"].skipped_because == "a.first"
    assert results["a.second"].summary == "skipped: a.first failed"
    assert results["a.third"].skipped_because == "a.second"


@pytest.mark.anyio
async def test_a_warning_prerequisite_lets_dependents_run() -> None:
    """A warn is a risk, not a blocker: dependents still run."""
    checks = [mk("a.first", Result.warned("risky", FIX)), mk("a.second", Result.passed("ok"), requires=("a.first",))]
    results, _ = await run_one(checks, make_resolver({}))
    assert results["a.second"].status is Status.PASS


@pytest.mark.anyio
async def test_not_applicable_checks_skip_and_do_not_block() -> None:
    """A check for other kinds is skipped as not applicable, and does not gate its dependents."""
    checks = [
        mk("a.tollfree", Result.failed("no", FIX), applies_to={parse_target("+18885550100").kind}),
        mk("a.after", Result.passed("ok"), requires=("a.tollfree",)),
    ]
    results, _ = await run_one(checks, make_resolver({}))
    assert results["a.tollfree"].skipped_because == "not_applicable"
    assert "not applicable to a US long code" in results["a.tollfree"].summary
    assert results["a.after"].status is Status.PASS


@pytest.mark.anyio
async def test_a_raising_check_becomes_an_error_result_naming_it() -> None:
    """An exception in a check is an error result naming the check and plugin, and the others still run."""

    def boom(ctx: CheckContext) -> Result:
        raise ZeroDivisionError("nope")

    broken = check("a.broken", title="t", cause="c", evidence="e", remedy="r")(boom)
    checks = [broken, mk("a.fine", Result.passed("ok"))]
    results, report = await run_one(checks, make_resolver({}))
    assert results["a.broken"].status is Status.ERROR
    assert "a.broken" in results["a.broken"].summary and "ZeroDivisionError" in results["a.broken"].summary
    assert results["a.fine"].status is Status.PASS
    assert exit_code_for(report, "fail") == 3


@pytest.mark.anyio
async def test_a_check_returning_garbage_or_breaking_the_fix_promise_is_an_error() -> None:
    """A check that returns a non-Result, or a fail without a fix, becomes an error result."""
    garbage = check("a.garbage", title="t")(lambda ctx: "fine")  # type: ignore[arg-type,return-value]

    def no_fix(ctx: CheckContext) -> Result:
        return Result(status=Status.FAIL, summary="bad")

    nofix = check("a.nofix", title="t")(no_fix)
    results, _ = await run_one([garbage, nofix], make_resolver({}))
    assert results["a.garbage"].status is Status.ERROR and "not a Result" in results["a.garbage"].summary
    assert results["a.nofix"].status is Status.ERROR and "fix" in results["a.nofix"].summary


@pytest.mark.anyio
async def test_a_fact_error_becomes_an_error_result_with_the_endpoint_and_telnyx_code() -> None:
    """A fact the API could not give becomes an error result carrying the endpoint and Telnyx error code."""
    failure = ServerError(
        "GET /v2/messaging_profiles/x answered 503",
        endpoint="GET /v2/messaging_profiles/x",
        status_code=503,
        errors=(TelnyxErrorItem("10007", "Unexpected error"),),
    )
    checks = [mk("a.needs", Result.passed("ok"), facts=("profile",))]
    results, report = await run_one(checks, make_resolver({"profile": failure}))
    entry = results["a.needs"]
    assert entry.status is Status.ERROR
    assert entry.evidence["endpoint"] == "GET /v2/messaging_profiles/x"
    assert entry.evidence["telnyx_codes"] == ["10007"]
    assert exit_code_for(report, "fail") == 3


@pytest.mark.anyio
async def test_each_fact_is_fetched_once_however_many_checks_read_it() -> None:
    """Facts are single-flight: three checks reading one fact cause one fetch."""
    calls: list[str] = []
    checks = [mk(f"a.c{i}", Result.passed("ok"), facts=("profile",)) for i in range(3)]
    await run_one(checks, make_resolver({"profile": {"id": "p"}}, calls, delay=0.01))
    assert calls == ["profile"]


@pytest.mark.anyio
async def test_authentication_errors_abort_the_run() -> None:
    """A rejected key aborts the whole run instead of becoming per-check errors."""
    checks = [mk("a.needs", Result.passed("ok"), facts=("profile",))]
    with pytest.raises(AuthenticationError):
        await run_one(checks, make_resolver({"profile": AuthenticationError("the API key was rejected")}))


@pytest.mark.anyio
async def test_the_deadline_reports_unfinished_checks_as_errors() -> None:
    """Checks still waiting at the deadline become error results and the report is still produced."""
    checks = [mk("a.slow", Result.passed("ok"), facts=("slow",)), mk("a.quick", Result.passed("ok"))]
    results, _ = await run_one(checks, make_resolver({"slow": 1}, delay=5), deadline=0.2)
    assert results["a.quick"].status is Status.PASS
    assert results["a.slow"].status is Status.ERROR and "deadline" in results["a.slow"].summary


def test_order_is_dependency_order_then_id() -> None:
    """Checks are ordered by dependencies, ties broken by id."""
    checks = [
        mk("b.two", Result.passed("x"), requires=("a.one",)),
        mk("z.first", Result.passed("x")),
        mk("a.one", Result.passed("x")),
        mk("a.zero", Result.passed("x"), requires=("z.first",)),
    ]
    assert [c.id for c in order_checks(checks)] == ["a.one", "b.two", "z.first", "a.zero"]


def test_only_pulls_in_prerequisites_and_skip_drops_dependents() -> None:
    """--only selects a check with what it requires; --skip drops a check with what requires it."""
    checks = {
        c.id: c
        for c in [
            mk("a.one", Result.passed("x")),
            mk("a.two", Result.passed("x"), requires=("a.one",)),
            mk("b.three", Result.passed("x"), requires=("a.two",)),
            mk("c.other", Result.passed("x")),
        ]
    }
    assert [c.id for c in select_checks(checks, only=["a.two"])] == ["a.one", "a.two"]
    assert [c.id for c in select_checks(checks, skip=["a.t*"])] == ["a.one", "c.other"]
    with pytest.raises(UsageError):
        select_checks(checks, only=["nope.*"])


@pytest.mark.parametrize(
    ("statuses", "fail_on", "code"),
    [
        ([Status.PASS, Status.SKIP], "fail", 0),
        ([Status.WARN], "fail", 0),
        ([Status.WARN], "warn", 1),
        ([Status.FAIL, Status.ERROR], "fail", 1),
        ([Status.ERROR, Status.WARN], "fail", 3),
        ([Status.FAIL], "never", 0),
        ([Status.FAIL, Status.ERROR], "never", 3),
    ],
)
@pytest.mark.anyio
async def test_exit_codes_follow_the_contract(statuses: list[Status], fail_on: str, code: int) -> None:
    """Exit codes: 1 beats 3 beats 0, and --fail-on decides what counts as a failure."""
    results = {
        Status.PASS: Result.passed("ok"),
        Status.WARN: Result.warned("w", FIX),
        Status.FAIL: Result.failed("f", FIX),
        Status.ERROR: Result.errored("e"),
        Status.SKIP: Result.skipped("s", because="not_applicable"),
    }
    checks = [mk(f"a.c{i}", results[s], applies_to=PHONE_NUMBER_KINDS) for i, s in enumerate(statuses)]
    _, report = await run_one(checks, make_resolver({}))
    assert exit_code_for(report, fail_on) == code


def test_order_reads_cause_first_area_by_area() -> None:
    """Areas follow the set-up guide (number, profile, webhook, registration, evidence) and on_account leads."""
    checks = [
        mk("messages.recent_failures", Result.passed("x"), requires=("number.format",)),
        mk("10dlc.campaign_assigned", Result.passed("x"), requires=("number.messaging_listed",)),
        mk("webhook.configured", Result.passed("x"), requires=("profile.assigned",)),
        mk("profile.assigned", Result.passed("x"), requires=("number.messaging_listed",)),
        mk("number.messaging_listed", Result.passed("x"), requires=("number.format",)),
        mk("number.on_account", Result.passed("x"), requires=("number.format",)),
        mk("alphanumeric.registered", Result.passed("x"), requires=("number.format",)),
        mk("number.format", Result.passed("x")),
    ]
    assert [c.id for c in order_checks(checks)] == [
        "number.format",
        "number.on_account",
        "number.messaging_listed",
        "profile.assigned",
        "webhook.configured",
        "10dlc.campaign_assigned",
        "alphanumeric.registered",
        "messages.recent_failures",
    ]


def test_order_still_puts_a_prerequisite_before_an_earlier_area() -> None:
    """A check whose prerequisite lives in a later area still runs (and is listed) after that prerequisite."""
    checks = [
        mk("number.needs_profile", Result.passed("x"), requires=("profile.assigned",)),
        mk("profile.assigned", Result.passed("x")),
        mk("number.format", Result.passed("x")),
    ]
    assert [c.id for c in order_checks(checks)] == ["number.format", "profile.assigned", "number.needs_profile"]
