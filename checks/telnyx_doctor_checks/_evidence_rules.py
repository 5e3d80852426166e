"""Decision tables of the evidence checks: each message status, code class and delivery outcome → verdict.

The checks decide with these tables and the generated docs pages show them, so the two cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from telnyx_doctor.checkapi import StateDoc
from telnyx_doctor.evidence.codes import CodeClass

ALARM_SHARE = 0.5  # a class of failures above this share of the window's outbound messages is a failure
DELIVERY_WARN_SHARE = 0.2  # failed deliveries above this share of the window's deliveries is a warning

# Final statuses of a message detail record (reference §B.2): what each means for the sender.
FAILED_STATUSES = frozenset({"failed", "gw_reject", "gw_timeout", "dlr_timeout"})
OK_STATUSES = frozenset({"delivered", "received"})
STATUS_MEANING: dict[str, str] = {
    "delivered": "the carrier confirmed delivery",
    "received": "an inbound message reached the number",
    "failed": "not delivered: the error codes say why",
    "gw_reject": "the gateway rejected it",
    "gw_timeout": "no response from the gateway",
    "dlr_timeout": "no delivery receipt from the carrier",
    "dlr_unconfirmed": "sent, delivery not confirmed by the carrier",
}


@dataclass(frozen=True)
class ClassRule:
    """How current failures of one code class are judged, and what to do about them."""

    below: str  # verdict while the class is at most ALARM_SHARE of outbound traffic
    above: str  # verdict above it
    label: str
    fix: str
    steps: tuple[str, ...]


_CONFIG_STEPS = ("Fix the configuration the related check names, then send a test message.",)
CLASS_RULES: dict[CodeClass, ClassRule] = {
    CodeClass.SENDER_CONFIGURATION: ClassRule(
        "fail", "fail", "sender configuration", "Fix the sender's configuration.", _CONFIG_STEPS
    ),
    CodeClass.ACCOUNT: ClassRule("fail", "fail", "account", "Fix the account's standing.", _CONFIG_STEPS),
    CodeClass.PROVISIONING: ClassRule(
        "fail", "fail", "provisioning", "Finish enabling messaging on the number.", _CONFIG_STEPS
    ),
    CodeClass.CARRIER_SPAM: ClassRule(
        "warn",
        "fail",
        "carrier / spam filtering",
        "Change what carriers see as spam: content, rate and opt-in practice.",
        (
            "Send only to recipients who opted in, and honour STOP at once.",
            "Avoid URL shorteners, repeated identical texts and bursts; identify the sender in the message.",
            "Check the number's 10DLC campaign describes this traffic; a permanent block (40003) needs a new "
            "number or an appeal with proof of opt-in.",
        ),
    ),
    CodeClass.CONTENT: ClassRule(
        "warn",
        "fail",
        "content",
        "Fix the message content.",
        ("Keep SMS within the segment limit, send media as MMS, and avoid prohibited content.",),
    ),
    CodeClass.RATE_QUEUE: ClassRule(
        "warn",
        "fail",
        "rate / queue",
        "Send within the sender's throughput.",
        (
            "Spread sends below the number's rate limit (10DLC campaign throughput, toll-free 20 MPS).",
            "Queued messages expire after 4 h: send less at once, or use more senders (a number pool).",
        ),
    ),
    CodeClass.RECIPIENT: ClassRule(
        "pass (noted)",
        "warn",
        "recipient",
        "Clean the recipient list.",
        ("Remove opted-out (40300), landline (40001) and invalid (40012) recipients from the list.",),
    ),
    CodeClass.TEMPORARY: ClassRule(
        "pass (noted)",
        "warn",
        "temporary",
        "Retry with backoff; contact Telnyx support if it persists.",
        ("Retry with exponential backoff; check status.telnyx.com.",),
    ),
    CodeClass.REQUEST: ClassRule(
        "pass (noted)", "warn", "request", "Fix the send request.", ("Check the request's parameters.",)
    ),
    CodeClass.WEBHOOK_DELIVERY: ClassRule(
        "pass (noted)", "warn", "webhook", "See webhook.deliveries.", ("Run `doctor NUMBER --only 'webhook.*'`.",)
    ),
}
# A failed record without codes (the MDR report carries none) is judged like a temporary failure.
UNCODED = ClassRule(
    "warn",
    "fail",
    "no code recorded",
    "Find why the messages failed.",
    ("Look the messages up in the portal's message detail records, or re-run when detail records can be read.",),
)


def message_states() -> tuple[StateDoc, ...]:
    """The States table of `messages.recent_failures`."""
    share = f"{ALARM_SHARE:.0%}"
    rows = [
        StateDoc("every outbound message of the window delivered", "pass", "The evidence confirms sending works."),
        *(
            StateDoc(
                f"current failures of class `{cls.value}`",
                rule.below,
                f"{rule.label.capitalize()}: {rule.fix}"
                + (f" Above {share} of outbound messages: {rule.above}." if rule.below != rule.above else ""),
            )
            for cls, rule in CLASS_RULES.items()
        ),
        StateDoc(
            "failed records without codes",
            UNCODED.below,
            f"Failures the record does not explain (the MDR report has no codes). Above {share} of outbound "
            f"messages: {UNCODED.above}.",
        ),
        StateDoc(
            "failures older than a later delivered message of the same type, or outside the window",
            "pass (noted)",
            "History: mentioned, never an alarm.",
        ),
        StateDoc("no message recorded in the window", "skip", "Inconclusive: absence is not proof."),
        StateDoc(
            "`--evidence off`, a key that may not read detail records (401/403), or a replayed bundle recorded "
            "without evidence",
            "skip",
            "Not read, or not recorded: no verdict from evidence.",
        ),
    ]
    return tuple(rows)


def delivery_states() -> tuple[StateDoc, ...]:
    """The States table of `webhook.deliveries`."""
    share = f"{DELIVERY_WARN_SHARE:.0%}"
    return (
        StateDoc("every delivery of the window succeeded", "pass", "Telnyx's own record confirms the endpoint works."),
        StateDoc(
            "the newest delivery failed on every URL",
            "fail",
            "Telnyx cannot deliver now: events are being lost.",
        ),
        StateDoc(
            "the primary URL fails and the failover URL catches the deliveries",
            "warn",
            "Events arrive, late and only because of the failover.",
        ),
        StateDoc(f"more than {share} of the window's deliveries failed", "warn", "Some events were lost."),
        StateDoc(
            f"recent failures, at most {share} of the window's deliveries, the newest delivered",
            "pass (noted)",
            "A few events were lost: counted in the details, under the threshold.",
        ),
        StateDoc(
            "failures older than a later delivered event of the same type",
            "pass (noted)",
            "History: mentioned, never an alarm.",
        ),
        StateDoc(
            "no delivery recorded in the window",
            "skip",
            "Inconclusive: Telnyx does not document that every messaging webhook is recorded (absence is not proof).",
        ),
        StateDoc(
            "`--evidence off`, a key that may not read deliveries (401/403), or a replayed bundle recorded "
            "without evidence",
            "skip",
            "Not read, or not recorded: no verdict from evidence.",
        ),
    )
