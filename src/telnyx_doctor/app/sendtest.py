"""How a run includes the send test: selected only when asked for, gated by its prerequisites unless forced."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from telnyx_doctor.errors import UsageError
from telnyx_doctor.evidence.sendtest import EXTRA
from telnyx_doctor.evidence.sendtest_models import SendTest

if TYPE_CHECKING:
    from telnyx_doctor.checkapi import Check
    from telnyx_doctor.numbers import Target
    from telnyx_doctor.runner import FinishedNumbers

__all__ = ["CHECK_ID", "EXTRA", "MARGIN", "as_request", "check_targets", "explain_blocked", "select"]

CHECK_ID = "send.test"
MARGIN = 30.0  # the check's own timeout exceeds the send timeout by this much: reading webhooks takes a while


def as_request(send_test: SendTest | str | None) -> SendTest | None:
    """A SendTest from what the caller passed (a destination number is enough); a bad one is a UsageError."""
    if send_test is None:
        return None
    request = SendTest(to=send_test) if isinstance(send_test, str) else send_test
    from telnyx_doctor.numbers import parse_target

    try:
        target = parse_target(request.to)
    except UsageError as exc:
        raise UsageError(f"--send-test {request.to!r}: {exc}", tip="give the destination as +E.164") from None
    if target.kind.value == "alphanumeric":
        raise UsageError(f"--send-test {request.to!r} is not a phone number", tip="give the destination as +E.164")
    if request.timeout <= 0:
        raise UsageError("--send-timeout must be a positive number of seconds")
    return replace(request, to=target.value)


def check_targets(targets: list[Target], request: SendTest | None, fleet: bool) -> None:
    """A send test is for one number: a fleet would send one message per number."""
    if request is not None and (fleet or len(targets) != 1):
        raise UsageError(
            "--send-test sends from exactly one number", tip="name one number (no --profile, --all or list)"
        )


def select(
    chosen: list[Check], every: Mapping[str, Check], request: SendTest | None, only: Iterable[str]
) -> list[Check]:
    """The run's checks with send.test in them only when a send test was asked for.

    Asked for, it is kept even when --only/--skip left it out (its missing prerequisites then do not gate it:
    the caller chose not to run them); `force` lets it send whatever its prerequisites say.
    """
    from telnyx_doctor.runner import order_checks, select_checks

    rest = [c for c in chosen if c.id != CHECK_ID]
    check = every.get(CHECK_ID)
    if request is None or check is None:
        return rest
    if list(only) and not any(c.id == CHECK_ID for c in chosen):
        # --only given without send.test: add it with its prerequisites, as `--only send.test` would
        extra = select_checks(every, only=[CHECK_ID])
        rest += [c for c in extra if c.id != CHECK_ID and c.id not in {r.id for r in rest}]
    if request.force:
        check = replace(check, requires=())
    return order_checks([*rest, check])


def explain_blocked(finished: FinishedNumbers) -> None:
    """Say why a send test was not sent: the blocking check, the code Telnyx would refuse it with, --force."""
    from telnyx_doctor.evidence.codes import refusing_codes
    from telnyx_doctor.models import Status

    verbs = {Status.FAIL: "failed", Status.ERROR: "could not be checked"}
    for index in list(finished):
        number = finished[index]
        checks = list(number.checks)
        for i, entry in enumerate(checks):
            if entry.id != CHECK_ID or entry.status is not Status.SKIP or entry.skipped_because == "not_applicable":
                continue
            # the runner names the first prerequisite that did not pass; the root cause is one that failed
            roots = [c for c in checks if c.id in entry.requires and c.status in verbs]
            blocker = roots[0].id if roots else str(entry.skipped_because)
            verb = verbs[roots[0].status] if roots else "did not pass"
            codes = ", ".join(f"{e.code} {e.title}" for e in refusing_codes(blocker)[:2])
            refusal = f", so Telnyx would refuse it ({codes})" if codes else ""
            summary = f"not sent: {blocker} {verb}{refusal}; --force sends anyway"
            checks[i] = entry.model_copy(update={"summary": summary, "skipped_because": blocker})
            finished[index] = number.model_copy(update={"checks": checks})
