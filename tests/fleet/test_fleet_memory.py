"""What a fleet run keeps: no facts of finished numbers (unless recording), and numbers in compact form."""

from __future__ import annotations

from typing import Any

import pytest

from telnyx_doctor.checkapi import CheckContext, CheckOptions, check
from telnyx_doctor.facts import FactEnv, FactRequest, FactResolver, FactSpec
from telnyx_doctor.models import Fix, NumberReport, Result, summarize
from telnyx_doctor.numbers import parse_target
from telnyx_doctor.runner import FinishedNumbers, RunConfig, RunState, order_checks, run

TARGETS = [parse_target(f"+1555010{i:04d}") for i in range(40)]


def resolver() -> FactResolver:
    """A per-number fact and a shared one, answered without I/O."""

    async def own(req: FactRequest) -> str:
        return req.target.value

    async def shared(req: FactRequest) -> str:
        return await req.shared(("profile", "p1"), _shared_value)

    specs = {"own": FactSpec("own", own), "shared": FactSpec("shared", shared)}
    return FactResolver(specs, FactEnv(client=None, options=CheckOptions()))


async def _shared_value() -> str:
    return "p1"


def reader(ctx: CheckContext) -> Result:
    """Passes even numbers, fails odd ones."""
    if int(ctx.target.value[-1]) % 2:
        return Result.failed("odd", Fix(summary="make it even"))
    return Result.passed("even")


CHECKS = order_checks([check("a.reads", title="reads", facts=("own", "shared"))(reader)])


@pytest.mark.anyio
@pytest.mark.parametrize("keep", [False, True])
async def test_a_finished_numbers_facts_are_dropped_unless_recording(keep: bool) -> None:
    """After each number the resolver forgets its facts; a recording run (for a bundle) keeps them all."""
    facts = resolver()
    report = await run(RunConfig(targets=TARGETS, keep_facts=keep, concurrency=4), CHECKS, facts)
    assert len(report.numbers) == len(TARGETS)
    kept = facts.established()
    assert len(kept) == (len(TARGETS) if keep else 0)
    assert await facts.shared(("profile", "p1"), _shared_value) == "p1"  # shared values stay


@pytest.mark.anyio
async def test_compact_numbers_read_back_and_count_as_the_originals() -> None:
    """Compact storage gives back equal reports, the same JSON, and the summary summarize() gives."""
    state = RunState(finished=FinishedNumbers(compact=True))
    plain = await run(RunConfig(targets=TARGETS, concurrency=4), CHECKS, resolver())
    compact_report = await run(RunConfig(targets=TARGETS, concurrency=4), CHECKS, resolver(), state=state)
    assert state.finished.summary() == summarize(plain.numbers) == compact_report.summary
    assert state.finished.status() == plain.status
    for index, number in enumerate(plain.numbers):
        stored: NumberReport = state.finished[index]
        assert _without_timing(stored) == _without_timing(number)
        assert state.finished.json_of(index) == stored.model_dump_json(by_alias=True, indent=2)


def _without_timing(number: NumberReport) -> Any:
    return [c.model_copy(update={"duration_ms": 0}) for c in number.checks]
