"""The States tables of the evidence checks: every row has situations built from facts, and gives its verdict."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from telnyx_doctor.checkapi import Check, CheckContext, StateDoc
from telnyx_doctor.evidence.codes import CodeClass, by_class
from telnyx_doctor.evidence.models import Attempt, Delivery, DeliveryEvidence, MessageEvidence, MessageRecord
from telnyx_doctor.facts_catalog import RECENT_MESSAGES, WEBHOOK_DELIVERIES
from telnyx_doctor.models import Result, Status
from telnyx_doctor.numbers import parse_target
from telnyx_doctor_checks import telnyx_doctor_register_checks
from telnyx_doctor_checks._evidence_rules import CLASS_RULES, DELIVERY_WARN_SHARE

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)
START = NOW - timedelta(days=7)
CHECKS: dict[str, Check] = {c.id: c for c in telnyx_doctor_register_checks()}
MESSAGES = "messages.recent_failures"
DELIVERIES = "webhook.deliveries"


# --- messages.recent_failures ------------------------------------------------------------------------


def msg(minutes_ago: int, status: str = "delivered", codes: tuple[str, ...] = (), **more: Any) -> MessageRecord:
    """An outbound SMS record `minutes_ago` before NOW, to a masked recipient."""
    values: dict[str, Any] = {
        "id": f"m{minutes_ago}", "direction": "outbound", "status": status, "codes": codes, "message_type": "SMS",
        "created_at": NOW - timedelta(minutes=minutes_ago), "counterpart": "+1312•••0142", **more,
    }  # fmt: skip
    return MessageRecord(**values)


def read_messages(*records: MessageRecord, **more: Any) -> MessageEvidence:
    """Message records read for a 7-day window ending at NOW."""
    return MessageEvidence(state="read", since="7d", window_start=START, records=records, **more)


def failing(code: str, failed: int, delivered: int) -> MessageEvidence:
    """`failed` current failures with `code` (newer than any delivery) among `delivered` delivered messages."""
    bad = [msg(i + 1, "failed", (code,) if code else ()) for i in range(failed)]
    good = [msg(100 + i) for i in range(delivered)]
    return read_messages(*bad, *good)


def class_code(cls: CodeClass) -> str:
    """A catalogue code of the class."""
    return by_class(cls)[0].code


UNREAD_MESSAGES = [
    MessageEvidence(state="disabled", since="7d", reason="evidence is off (--evidence off)"),
    MessageEvidence(state="forbidden", since="7d", reason="the API key may not read these records: 403"),
    MessageEvidence(state="unrecorded", since="7d", reason="the bundle has no evidence"),
]

MESSAGE_CASES: dict[str, list[MessageEvidence]] = {
    "every outbound message of the window delivered": [
        read_messages(msg(5), msg(50)),
        read_messages(msg(5), msg(6, direction="inbound", status="received")),
    ],
    **{
        f"current failures of class `{cls.value}`": [failing(class_code(cls), failed=1, delivered=3)]
        for cls in CLASS_RULES
    },
    "failed records without codes": [
        failing("", failed=1, delivered=3),
        read_messages(msg(5, "gw_timeout"), msg(50), msg(60), source="mdrs", fallback="detail records refused"),
    ],
    "failures older than a later delivered message of the same type, or outside the window": [
        read_messages(msg(5), msg(60, "failed", ("40002",))),
        read_messages(msg(5), msg(8 * 24 * 60, "failed", ("40010",))),
    ],
    "no message recorded in the window": [
        read_messages(),
        read_messages(msg(5, direction="inbound", status="received")),
        read_messages(msg(8 * 24 * 60, "failed", ("40002",))),
    ],
    "`--evidence off`, a key that may not read detail records (401/403), or a replayed bundle recorded without "
    "evidence": UNREAD_MESSAGES,
}


def run_messages(evidence: MessageEvidence) -> Result:
    """messages.recent_failures over one message evidence fact."""
    ctx = CheckContext(target=parse_target("+15550100001"), facts={RECENT_MESSAGES: evidence})
    return CHECKS[MESSAGES](ctx)


def above_share(doc: StateDoc) -> tuple[str, Status] | None:
    """The share and the verdict above it that a row's meaning states ("Above 50% of …: fail"), if any."""
    found = re.search(r"Above (\d+)% of outbound messages: (\w+)", doc.meaning)
    return (found.group(1), Status(found.group(2))) if found else None


# --- webhook.deliveries ------------------------------------------------------------------------------

PRIMARY = "https://hooks.example.com/telnyx"
FAILOVER = "https://backup.example.com/telnyx"


def attempt(role: str, delivered: bool, status: int | None, minutes_ago: int) -> Attempt:
    """An attempt to the primary or failover URL."""
    url = PRIMARY if role == "primary" else FAILOVER
    return Attempt(
        role=role, url=url, delivered=delivered, http_status=status,  # type: ignore[arg-type]
        started_at=NOW - timedelta(minutes=minutes_ago),
    )  # fmt: skip


def hook(minutes_ago: int, *tries: Attempt, event: str = "message.finalized") -> Delivery:
    """A delivery of `event`, delivered when one of its attempts was."""
    return Delivery(
        id=f"d{minutes_ago}-{event}", delivered=any(a.delivered for a in tries), event_type=event,
        started_at=NOW - timedelta(minutes=minutes_ago), attempts=tries,
    )  # fmt: skip


def ok(minutes_ago: int, event: str = "message.finalized") -> Delivery:
    """A delivery the primary URL took at once."""
    return hook(minutes_ago, attempt("primary", True, 200, minutes_ago), event=event)


def lost(minutes_ago: int, event: str = "message.finalized", status: int | None = 500) -> Delivery:
    """A delivery that failed on the primary and the failover URL."""
    tries = (attempt("failover", False, status, minutes_ago), attempt("primary", False, status, minutes_ago))
    return hook(minutes_ago, *tries, event=event)


def caught(minutes_ago: int) -> Delivery:
    """A delivery the failover took after the primary failed."""
    return hook(minutes_ago, attempt("failover", True, 200, minutes_ago), attempt("primary", False, 503, minutes_ago))


def read_deliveries(*found: Delivery) -> DeliveryEvidence:
    """Deliveries read for the window, newest first as the fact orders them."""
    ordered = sorted(found, key=lambda d: d.started_at or NOW, reverse=True)
    return DeliveryEvidence(state="read", since="7d", window_start=START, primary=PRIMARY, deliveries=tuple(ordered))


def with_sent_failures(failed: int, total: int) -> DeliveryEvidence:
    """`failed` current failures of message.sent (never delivered since) among `total` deliveries, the newest ok."""
    return read_deliveries(
        *(lost(10 + i, event="message.sent") for i in range(failed)),
        *(ok(1 + i) for i in range(total - failed)),
    )


SHARE = f"{DELIVERY_WARN_SHARE:.0%}"
DELIVERY_CASES: dict[str, list[DeliveryEvidence]] = {
    "every delivery of the window succeeded": [read_deliveries(ok(1), ok(5), ok(9, "message.received"))],
    "the newest delivery failed on every URL": [
        read_deliveries(lost(1), ok(30)),
        read_deliveries(lost(1, status=None), lost(2, status=404)),
    ],
    "the primary URL fails and the failover URL catches the deliveries": [
        read_deliveries(caught(1), caught(5), ok(30)),
        read_deliveries(ok(1), caught(5)),
    ],
    f"more than {SHARE} of the window's deliveries failed": [with_sent_failures(2, 5), with_sent_failures(3, 10)],
    f"recent failures, at most {SHARE} of the window's deliveries, the newest delivered": [
        with_sent_failures(1, 5),
        with_sent_failures(3, 40),
    ],
    "failures older than a later delivered event of the same type": [
        read_deliveries(ok(1), lost(30)),
        read_deliveries(ok(1), lost(30), lost(40), lost(50)),
    ],
    "no delivery recorded in the window": [read_deliveries()],
    "`--evidence off`, a key that may not read deliveries (401/403), or a replayed bundle recorded without evidence": [
        DeliveryEvidence(state="disabled", since="7d", reason="evidence is off (--evidence off)"),
        DeliveryEvidence(state="forbidden", since="7d", reason="the API key may not read these records: 401"),
        DeliveryEvidence(state="unrecorded", since="7d", reason="the bundle has no evidence"),
    ],
}


def run_deliveries(evidence: DeliveryEvidence) -> Result:
    """webhook.deliveries over one deliveries fact."""
    ctx = CheckContext(target=parse_target("+15550100001"), facts={WEBHOOK_DELIVERIES: evidence})
    return CHECKS[DELIVERIES](ctx)


# --- the table tests ---------------------------------------------------------------------------------

CASES: dict[str, dict[str, list[Any]]] = {MESSAGES: MESSAGE_CASES, DELIVERIES: DELIVERY_CASES}
RUN = {MESSAGES: run_messages, DELIVERIES: run_deliveries}


def rows() -> Iterator[tuple[str, StateDoc]]:
    """Every (check id, States row) of the two evidence checks."""
    for check_id in CASES:
        for doc in CHECKS[check_id].states:
            yield check_id, doc


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_every_row_is_exercised_here(check_id: str) -> None:
    """This file has situations for each row of the check's States table, and for no row it lacks."""
    documented = [doc.value for doc in CHECKS[check_id].states]
    assert len(documented) == len(set(documented)), "two rows share a value"
    assert set(documented) == set(CASES[check_id])


@pytest.mark.parametrize(("check_id", "doc"), list(rows()), ids=[f"{c}:{d.value}" for c, d in rows()])
def test_the_row_verdict_is_what_the_check_returns(check_id: str, doc: StateDoc) -> None:
    """Run over each situation a row describes, the check gives the row's status, and a noted pass says why."""
    assert CASES[check_id][doc.value], f"no situation for the row {doc.value!r}"
    for case in CASES[check_id][doc.value]:
        result = RUN[check_id](case)
        assert result.status is doc.status, (doc, result.summary, result.details)
        if doc.qualifier == "noted":
            assert result.details, result


@pytest.mark.parametrize("doc", [d for d in CHECKS[MESSAGES].states if above_share(d)], ids=lambda d: d.value)
def test_a_class_above_its_share_gives_the_verdict_the_row_states(doc: StateDoc) -> None:
    """Where a row says "Above 50% of outbound messages: X", three failures in four give X."""
    stated = above_share(doc)
    assert stated is not None and stated[0] == "50"
    code = re.search(r"class `(\w+)`", doc.value)
    evidence = failing(class_code(CodeClass(code.group(1))) if code else "", failed=3, delivered=1)
    assert run_messages(evidence).status is stated[1]


def test_every_code_class_has_a_row() -> None:
    """Each class of the catalogue has its own row in the messages table."""
    shown = " ".join(doc.value for doc in CHECKS[MESSAGES].states)
    assert all(f"`{cls.value}`" in shown for cls in CodeClass)


def test_a_few_recent_delivery_failures_are_counted_not_called_history() -> None:
    """3 of 40 recent failures pass, said as recent failures under the threshold, not as history."""
    result = run_deliveries(with_sent_failures(3, 40))
    assert result.status is Status.PASS
    assert result.details[0] == f"3 of 40 recent deliveries failed (under the {SHARE} threshold)."
    assert not any("history" in line for line in result.details)


def test_older_delivery_failures_alone_are_history() -> None:
    """Failures older than a later success of the same event are history, and only those."""
    result = run_deliveries(read_deliveries(ok(1), lost(30), lost(40)))
    assert result.status is Status.PASS
    assert any(line.startswith("2 earlier failure(s)") and "history" in line for line in result.details)
    assert not any("recent deliveries failed" in line for line in result.details)


def test_recent_and_older_delivery_failures_are_told_apart() -> None:
    """One recent message.sent failure and two older finalized ones: one counted as recent, two as history."""
    found = read_deliveries(*(ok(1 + i) for i in range(10)), lost(5, event="message.sent"), lost(30), lost(40))
    result = run_deliveries(found)
    assert result.status is Status.PASS
    assert "1 of 13 recent deliveries failed" in result.details[0]
    assert any(line.startswith("2 earlier failure(s)") for line in result.details)
