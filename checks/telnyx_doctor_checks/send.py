"""`send.test`: proof by a real message (opt-in, `--send-test TO`), its codes explained by the catalogue."""

from __future__ import annotations

from collections.abc import Mapping

from telnyx_doctor.checkapi import Check, StateDoc, check
from telnyx_doctor.evidence.codes import CODES, explain
from telnyx_doctor.evidence.sendtest_models import SendTestOutcome, WebhookEvent
from telnyx_doctor.models import Fix, Result, Severity
from telnyx_doctor.numbers import Target

# The checks whose failure means Telnyx refuses a send (the catalogue's `refuses_send` rows name them): the
# test waits for them, and is not sent when one does not pass (`--force` sends anyway).
BLOCKING: tuple[str, ...] = tuple(sorted({e.check for e in CODES if e.refuses_send and e.check}))
DOCS = "https://github.com/telnyx-doctor/telnyx-doctor/blob/main/docs/sendtest.md"

STATES: tuple[StateDoc, ...] = (
    StateDoc("`delivered`", "pass", "The message reached the handset; its webhooks reached the app."),
    StateDoc(
        "`delivered`, webhooks failed",
        "warn",
        "Delivered, but `message.sent`/`message.finalized` (or TO's `message.received`) did not reach a URL.",
    ),
    StateDoc("`delivery_unconfirmed`", "warn", "Sent; the carrier never confirmed delivery."),
    StateDoc(
        "`delivery_failed`, `sending_failed`, `expired`",
        "fail",
        "Not delivered: each error code explained, with the check that explains it.",
    ),
    StateDoc("refused at send (40xxx)", "fail", "Telnyx refused the POST: the code explained, nothing was sent."),
    StateDoc("no final status in time", "error", "Still queued or sent when --send-timeout (or --deadline) ran out."),
    StateDoc("no `--send-test` given", "skip", "No test message was asked for (and a blocked one is skipped too)."),
)


def _code_lines(codes: list[str], results: Mapping[str, Result]) -> list[str]:
    lines = []
    for code in codes:
        entry = explain(code)
        line = f"{entry.code} {entry.title}: {entry.cause}"
        if entry.check:
            verdict = results.get(entry.check)
            said = f" ({verdict.status.value} in this run)" if verdict is not None else ""
            line += f" Explained by {entry.check}{said}."
        lines.append(line)
        lines.append(f"  fix: {entry.fix}")
    return lines


def _fix(codes: list[str], summary: str) -> Fix:
    steps = [explain(code).fix for code in codes] or ["Read the message record and the details above."]
    return Fix(summary=summary, steps=list(dict.fromkeys(steps)), docs_url=DOCS)


def _webhook_words(event: WebhookEvent) -> str:
    tries = ", ".join(
        f"{a.url} {a.http_status if a.http_status is not None else 'no answer'}"
        + (f" ({', '.join(a.codes)})" if a.codes and not a.delivered else "")
        for a in event.attempts
    )
    where = f"reached the {event.reached} URL" if event.reached else event.status
    return f"{event.event_type}: {where} [{tries or 'no attempt recorded'}]"


def _webhook_problems(outcome: SendTestOutcome) -> list[str]:
    problems = [e.event_type for e in outcome.webhooks if e.status != "delivered"]
    if outcome.webhook_urls and not outcome.webhooks:
        problems.append("no webhook delivery recorded for the message")
    inbound = outcome.inbound
    if inbound is not None:
        if not inbound.record_seen:
            problems.append(f"no inbound record for {outcome.to} yet")
        if not inbound.profile_url:
            problems.append(f"{outcome.to}'s messaging profile has no webhook URL (message.received goes nowhere)")
        elif inbound.received is None or inbound.received.status != "delivered":
            problems.append(f"message.received did not reach {outcome.to}'s app")
    return problems


def _evidence(outcome: SendTestOutcome) -> dict[str, object]:
    return outcome.model_dump(mode="json", exclude_defaults=False)


@check(
    "send.test",
    title="A real test message reaches a final state, and its webhooks reach the app",
    severity=Severity.ERROR,
    requires=BLOCKING,
    cause="Settings, a probe and past records say a number should work; a message proves it. Opt-in with "
    "`--send-test TO`: it costs one message, so it asks first (or needs `--yes`), and it is not sent when a "
    "configuration check already shows Telnyx would refuse it.",
    evidence="`POST /v2/messages` (from the number to TO), `GET /v2/messages/{id}` until `to[].status` is final, "
    "`GET /v2/webhook_deliveries?filter[webhook][contains]=<message id>`; when TO is on the same account, its "
    "inbound detail record and `message.received` delivery.",
    remedy="Fix what the error codes point at (each is tied to the check that explains it), then send again.",
    states=STATES,
)
def send_test(send_test: SendTestOutcome | None, target: Target, results: Mapping[str, Result]) -> Result:
    """Delivered passes; a refusal or a failed delivery fails with its codes explained; no final status errs."""
    if send_test is None:
        return Result.skipped("no test message was asked for (--send-test TO)", because="not_applicable")
    outcome, evidence = send_test, _evidence(send_test)
    forced = " (sent with --force)" if outcome.forced else ""
    if outcome.state == "refused":
        first = explain(outcome.codes[0]) if outcome.codes else None
        refusal = f"{first.code} {first.title}" if first else f"HTTP {outcome.http_status}"
        return Result.failed(
            f"Telnyx refused to send from {target.value} to {outcome.to}{forced}: {refusal}",
            fix=_fix(outcome.codes, "Fix what makes Telnyx refuse the send, then test again"),
            details=[f"HTTP {outcome.http_status}: {outcome.detail}", *_code_lines(outcome.codes, results)],
            evidence=evidence,
        )
    if outcome.state == "error":
        return Result.errored(f"the test message could not be sent: {outcome.detail}", evidence=evidence)
    if outcome.state == "timeout":
        where = f"still '{outcome.status}'" if outcome.status else "with no status"
        return Result.errored(
            f"no final status after {outcome.seconds:g} s: the message to {outcome.to} was {where}",
            details=[
                f"statuses seen: {' → '.join(outcome.statuses) or 'none'}; message {outcome.message_id}",
                "raise --send-timeout (or --deadline), or look the message up later: "
                f"GET /v2/messages/{outcome.message_id}",
            ],
            evidence=evidence,
        )
    hooks = [_webhook_words(e) for e in outcome.webhooks]
    if outcome.inbound is not None and outcome.inbound.received is not None:
        hooks.append(f"at {outcome.to}: " + _webhook_words(outcome.inbound.received))
    took = f"in {outcome.seconds:g} s" if outcome.seconds is not None else ""
    if outcome.status == "delivered":
        problems = _webhook_problems(outcome)
        if problems:
            return Result.warned(
                f"delivered to {outcome.to} {took}{forced}, but its webhooks did not get through: "
                + "; ".join(problems),
                fix=Fix(
                    summary="Make the webhook URLs answer Telnyx's signed POSTs with a 2xx within 2 s",
                    steps=[explain(c).fix for e in outcome.webhooks for a in e.attempts for c in a.codes][:1]
                    or ["Run `doctor NUMBER --only 'webhook.*'` to see why the URLs do not answer."],
                    commands=[f"doctor {target.value} --only 'webhook.*'"],
                    docs_url=DOCS,
                ),
                details=hooks,
                evidence=evidence,
            )
        inbound = " and arrived on its inbound side" if outcome.inbound is not None else ""
        reached = [e.event_type for e in outcome.webhooks if e.reached is not None]
        webhooks = f"; its webhooks reached the app ({', '.join(reached)})" if reached else ""
        return Result.passed(
            f"delivered to {outcome.to} {took}{inbound}{webhooks}{forced}", details=hooks, evidence=evidence
        )
    if outcome.status == "delivery_unconfirmed":
        return Result.warned(
            f"sent to {outcome.to}, but the carrier never confirmed delivery{forced}",
            fix=Fix(
                summary="Ask the recipient whether it arrived; unconfirmed is common for some carriers",
                steps=["Check with the recipient; if messages to this carrier often stay unconfirmed, ask Telnyx."],
                docs_url=DOCS,
            ),
            details=hooks,
            evidence=evidence,
        )
    codes = outcome.codes
    return Result.failed(
        f"the test message was not delivered: {outcome.status}"
        + (f" with {', '.join(codes)} {explain(codes[0]).title}" if codes else "")
        + forced,
        fix=_fix(codes, "Fix what the error codes point at, then test again"),
        details=[*_code_lines(codes, results), *hooks],
        evidence=evidence,
    )


CHECKS: list[Check] = [send_test]
