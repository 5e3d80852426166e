"""The evidence checks' rules over facts (no network), and the defensive parsing of evidence payloads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from telnyx_doctor.evidence.models import Attempt, Delivery, DeliveryEvidence, MessageEvidence, MessageRecord
from telnyx_doctor.evidence.payloads import DeliveryPayload
from telnyx_doctor.evidence.privacy import mask_number
from telnyx_doctor.evidence.window import parse_duration
from telnyx_doctor.models import Result, Status
from telnyx_doctor.numbers import parse_target
from telnyx_doctor_checks.evidence import deliveries, recent_failures

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)
TARGET = parse_target("+15550100001")


def msg(minutes_ago: int, status: str = "delivered", codes: tuple[str, ...] = ()) -> MessageRecord:
    """An outbound SMS record `minutes_ago` before NOW."""
    return MessageRecord(
        id=f"m{minutes_ago}", direction="outbound", status=status, codes=codes, message_type="SMS",
        created_at=NOW - timedelta(minutes=minutes_ago), counterpart="+1312•••0142",
    )  # fmt: skip


def messages(*records: MessageRecord) -> MessageEvidence:
    """Read evidence of a 7-day window ending at NOW."""
    return MessageEvidence(state="read", since="7d", window_start=NOW - timedelta(days=7), records=records)


def test_failures_older_than_a_later_delivery_are_history() -> None:
    """Spam failures followed by a delivered message of the same type pass, mentioned as history."""
    result = recent_failures.func(messages(msg(10), msg(60, "failed", ("40002",))), {}, TARGET)
    assert result.status is Status.PASS
    assert any("history" in line for line in result.details)


def test_carrier_failures_warn_below_the_share_and_fail_above_it() -> None:
    """One spam failure in four is a warn; three in four is a fail."""
    few = [msg(5, "failed", ("40002",)), msg(50), msg(60), msg(70)]
    many = [msg(5, "failed", ("40002",)), msg(6, "failed", ("40002",)), msg(7, "failed", ("40002",)), msg(70)]
    assert recent_failures.func(messages(*few), {}, TARGET).status is Status.WARN
    assert recent_failures.func(messages(*many), {}, TARGET).status is Status.FAIL


def test_a_sender_configuration_code_fails_naming_the_related_check_and_its_verdict() -> None:
    """40010 fails and says what 10dlc.campaign_assigned concluded in this run."""
    related = {"10dlc.campaign_assigned": Result.skipped("x", because="not_applicable")}
    result = recent_failures.func(messages(msg(5, "failed", ("40010",)), msg(50)), related, TARGET)
    assert result.status is Status.FAIL
    assert any("Explained by 10dlc.campaign_assigned: skip in this run" in line for line in result.details)


def test_recipient_opt_outs_are_a_note_unless_most_of_the_traffic() -> None:
    """A STOP opt-out among deliveries passes (noted); opt-outs as most of the traffic warn."""
    note = recent_failures.func(messages(msg(5, "failed", ("40300",)), msg(50), msg(60)), {}, TARGET)
    most = recent_failures.func(messages(msg(5, "failed", ("40300",)), msg(6, "failed", ("40300",))), {}, TARGET)
    assert note.status is Status.PASS and "40300" in " ".join(note.details)
    assert most.status is Status.WARN


def test_no_records_is_inconclusive() -> None:
    """No message in the window skips, saying absence is not proof."""
    result = recent_failures.func(messages(), {}, TARGET)
    assert result.status is Status.SKIP and "absence is not proof" in result.summary


def attempt(role: str, delivered: bool, status: int | None, minutes_ago: int) -> Attempt:
    """An attempt to the primary or failover URL."""
    return Attempt(
        role=role, url=f"https://{role}.example/hook", delivered=delivered, http_status=status,  # type: ignore[arg-type]
        started_at=NOW - timedelta(minutes=minutes_ago),
    )  # fmt: skip


def delivered_by_failover(minutes_ago: int) -> Delivery:
    """A delivery whose primary attempts failed and the failover's succeeded."""
    tries = (attempt("failover", True, 200, minutes_ago), attempt("primary", False, 503, minutes_ago))
    return Delivery(id=str(minutes_ago), delivered=True, event_type="message.finalized",
                    started_at=NOW - timedelta(minutes=minutes_ago), attempts=tries)  # fmt: skip


def test_a_failover_catching_the_primarys_failures_warns() -> None:
    """Deliveries that reach the failover after the primary failed are a warn naming both."""
    found = DeliveryEvidence(state="read", since="7d", deliveries=(delivered_by_failover(5), delivered_by_failover(9)))
    result = deliveries.func(found)
    assert result.status is Status.WARN and "failover catches" in result.summary
    assert any("primary URL: 2 failed attempt(s), HTTP 503 (75599" in line for line in result.details)


def test_both_error_shapes_and_header_forms_parse() -> None:
    """Errors as ints or objects, headers as pairs or strings, and the `reponse` typo all parse."""
    body = {
        "id": "d1", "status": "failed", "webhook": {"event_type": "message.received", "payload": {"text": "hi"}},
        "attempts": [
            {"status": "failed", "errors": [75002], "http": {"request": {"url": "u", "headers": [["A", "b"]]}}},
            {"status": "failed", "errors": [{"code": "75500", "title": "x"}],
             "http": {"request": {"url": "u", "headers": ["Accept: */*"]}, "reponse": {"status": 500}}},
        ],
    }  # fmt: skip
    parsed = DeliveryPayload.model_validate(body)
    assert [a.errors for a in parsed.attempts] == [("75002",), ("75500",)]
    assert parsed.attempts[0].http.request.headers == (("A", "b"),)
    assert parsed.attempts[1].http.request.headers == (("Accept", "*/*"),)
    assert parsed.attempts[1].http.response is not None and parsed.attempts[1].http.response.status == 500
    assert "payload" not in parsed.model_dump_json() and "hi" not in parsed.model_dump_json()


def test_masking_and_windows() -> None:
    """Numbers keep their first five and last four characters; windows parse in m/h/d/w."""
    assert mask_number("+13125551042") == "+1312•••1042"
    assert parse_duration("24h") == timedelta(hours=24) and parse_duration("7d") == timedelta(days=7)
