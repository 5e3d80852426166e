"""Evidence checks: what Telnyx recorded about the sender's recent messages and its webhook deliveries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from telnyx_doctor.checkapi import check
from telnyx_doctor.evidence.codes import CODES, CodeClass, explain
from telnyx_doctor.evidence.models import Delivery, DeliveryEvidence, MessageEvidence, MessageRecord
from telnyx_doctor.models import Fix, Result, Severity, Status, worst_status
from telnyx_doctor.numbers import Target
from telnyx_doctor_checks import _fixes as fx
from telnyx_doctor_checks._codes import http_answer
from telnyx_doctor_checks._evidence_rules import (
    ALARM_SHARE,
    CLASS_RULES,
    DELIVERY_WARN_SHARE,
    FAILED_STATUSES,
    OK_STATUSES,
    UNCODED,
    ClassRule,
    delivery_states,
    message_states,
)

DOCS_CODES = "https://github.com/telnyx-doctor/telnyx-doctor/blob/main/docs/codes.md"
NO_EVIDENCE = "no_evidence"
# The configuration checks that explain a code: the evidence check names their verdict in this run.
RELATED = tuple(sorted({e.check for e in CODES if e.check and e.cls is not CodeClass.WEBHOOK_DELIVERY}))
_CONFIG_CLASSES = frozenset({CodeClass.SENDER_CONFIGURATION, CodeClass.ACCOUNT, CodeClass.PROVISIONING})


def _stamp(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment is not None else "unknown time"


# Why evidence was not read → the skip's reason (an API error is not a skip: the check errors).
_SKIPPED_BECAUSE = {"disabled": "evidence_off", "forbidden": "evidence_forbidden", "unrecorded": "evidence_unrecorded"}


def _not_read(state: str, reason: str, since: str, what: str) -> Result | None:
    if state == "read":
        return None
    if state == "error":
        return Result.errored(f"could not read {what}: {reason}", details=["the configuration checks are unaffected"])
    verb = "not recorded" if state == "unrecorded" else "not read"
    return Result.skipped(f"{what} {verb}: {reason}", because=_SKIPPED_BECAUSE[state])


def _verdict_status(verdict: str) -> Status:
    return Status(verdict.split(" ", 1)[0])


@dataclass
class _Group:
    code: str
    records: list[MessageRecord] = field(default_factory=list)

    @property
    def newest(self) -> datetime | None:
        return max((r.created_at for r in self.records if r.created_at), default=None)


_Row = TypeVar("_Row")


def _split_history(
    rows: list[_Row],
    kind: Callable[[_Row], str],
    when: Callable[[_Row], datetime | None],
    ok: Callable[[_Row], bool],
    failed: Callable[[_Row], bool],
) -> tuple[list[_Row], list[_Row]]:
    """Current failures, and history: failures older than a later success of the same kind."""
    latest_ok: dict[str, datetime] = {}
    for r in rows:
        at = when(r)
        if ok(r) and at is not None:
            latest_ok[kind(r)] = max(latest_ok.get(kind(r), at), at)
    current: list[_Row] = []
    history: list[_Row] = []
    for r in rows:
        if not failed(r):
            continue
        last_ok, at = latest_ok.get(kind(r)), when(r)
        older = last_ok is not None and at is not None and at < last_ok
        (history if older else current).append(r)
    return current, history


def _message_history(outbound: list[MessageRecord]) -> tuple[list[MessageRecord], list[MessageRecord]]:
    """Failed messages now, and those a later delivered message of the same type has put behind."""
    return _split_history(
        outbound,
        lambda r: r.message_type,
        lambda r: r.created_at,
        lambda r: r.status in OK_STATUSES,
        lambda r: r.status in FAILED_STATUSES,
    )


def _groups(records: Iterable[MessageRecord]) -> list[_Group]:
    found: dict[str, _Group] = {}
    for r in records:
        code = r.codes[0] if r.codes else ""
        found.setdefault(code, _Group(code)).records.append(r)
    return sorted(found.values(), key=lambda g: (-len(g.records), g.code))


def _rule(code: str) -> tuple[CodeClass | None, ClassRule]:
    if not code:
        return None, UNCODED
    entry = explain(code)
    return entry.cls, CLASS_RULES[entry.cls]


def _group_line(group: _Group, related: str) -> str:
    count, when = len(group.records), _stamp(group.newest)
    recipients = sorted({r.counterpart for r in group.records if r.counterpart})[:3]
    to = f"; to {', '.join(recipients)}" if recipients else ""
    if not group.code:
        return f"{count} failed without an error code (status {group.records[0].status}), most recent {when}{to}"
    entry = explain(group.code)
    return (
        f"{group.code} {entry.title} ×{count}, most recent {when}{to}: {entry.cause} {entry.fix} "
        f"{entry.retry_advice}{related}"
    )


def _related(code: str, results: Mapping[str, Result]) -> str:
    entry = explain(code) if code else None
    if entry is None or entry.check is None or entry.cls not in _CONFIG_CLASSES:
        return ""
    found = results.get(entry.check)
    verdict = found.status.value if found is not None else "not run"
    return f" Explained by {entry.check}: {verdict} in this run."


@check(
    "messages.recent_failures",
    title="The sender's recent messages were delivered",
    severity=Severity.ERROR,
    requires=("number.format",),
    after=RELATED,
    cause="Telnyx records every message's final status and error codes: failures no setting shows (spam "
    "blocks, expired queues, opt-outs) are there, and a failure a setting explains ties the two together.",
    evidence="The sender's message detail records of the window (`--since`, default 7 days; outbound by cli, "
    "inbound by cld, newest first, at most 100 of each): status, error codes and times; recipients masked, "
    "never message text. Where detail records refuse the number filter, the MDR report (statuses, no codes).",
    remedy="Per code class: fix the configuration the related check names; slow down, fix content or opt-in "
    "practice for carrier filtering; clean the list of opted-out and invalid recipients.",
    states=message_states(),
)
def recent_failures(recent_messages: MessageEvidence, results: Mapping[str, Result], target: Target) -> Result:
    """The window's outbound messages were delivered; failures grouped by code, judged by class and share."""
    evidence = recent_messages
    since = evidence.since
    not_read = _not_read(evidence.state, evidence.reason, since, "message records")
    if not_read is not None:
        return not_read
    start = evidence.window_start
    window = [r for r in evidence.records if start is None or r.created_at is None or r.created_at >= start]
    outside = len(evidence.records) - len(window)
    outbound = [r for r in window if r.direction == "outbound"]
    inbound = [r for r in window if r.direction == "inbound"]
    notes = _notes(evidence, outside, len(inbound))
    if not outbound:
        received = f" ({len(inbound)} inbound received)" if inbound else ""
        return Result.skipped(
            f"no outbound message recorded in the last {since}{received}: inconclusive, absence is not proof",
            because=NO_EVIDENCE,
            details=notes,
        )
    current, history = _message_history(outbound)
    delivered = sum(1 for r in outbound if r.status in OK_STATUSES)
    facts = {
        "window": since,
        "source": evidence.source,
        "outbound": len(outbound),
        "delivered": delivered,
        "failed": len(current),
        "history": len(history),
        "inbound": len(inbound),
        "codes": dict(Counter(r.codes[0] if r.codes else "none" for r in current)),
        "capped": evidence.capped,
    }
    if history:
        notes.append(
            f"{len(history)} older failure(s) came before later delivered messages: history, not an alarm "
            f"({', '.join(sorted({r.codes[0] for r in history if r.codes}) or {'no code'})})."
        )
    if not current:
        summary = f"{delivered} of {len(outbound)} messages sent in the last {since} delivered"
        if inbound:
            summary += f"; {len(inbound)} inbound received"
        return Result.passed(summary, details=notes, evidence=facts)
    return _judge_failures(current, len(outbound), since, results, notes, facts)


def _notes(evidence: MessageEvidence, outside: int, inbound: int) -> list[str]:
    notes = []
    if evidence.fallback:
        notes.append(f"From the MDR report: {evidence.fallback}.")
    if evidence.capped:
        where = "of the account" if evidence.source == "account" else "per direction"
        notes.append(f"Read the newest {evidence.cap} records {where} (the cap); older ones were not read.")
    if outside:
        notes.append(f"{outside} record(s) outside the window: history, not judged.")
    return notes


def _judge_failures(
    current: list[MessageRecord],
    outbound: int,
    since: str,
    results: Mapping[str, Result],
    notes: list[str],
    facts: dict[str, object],
) -> Result:
    groups = _groups(current)
    by_class: Counter[str] = Counter()
    for g in groups:
        cls, _ = _rule(g.code)
        by_class[cls.value if cls else ""] += len(g.records)
    verdicts: list[Status] = []
    lines: list[str] = []
    rules: list[ClassRule] = []
    for g in groups:
        cls, rule = _rule(g.code)
        share = by_class[cls.value if cls else ""] / outbound
        verdicts.append(_verdict_status(rule.above if share > ALARM_SHARE else rule.below))
        lines.append(_group_line(g, _related(g.code, results)))
        rules.append(rule)
    status = worst_status(verdicts)
    codes = ", ".join(f"{g.code or 'no code'} ×{len(g.records)}" for g in groups)
    summary = f"{len(current)} of {outbound} messages sent in the last {since} failed ({codes})"
    details = [*lines, *notes]
    if status is Status.PASS:
        return Result.passed(summary + ": recipients' problems, not the sender's", details=details, evidence=facts)
    worst = [r for r, v in zip(rules, verdicts, strict=True) if v is status]
    fix = Fix(
        summary=worst[0].fix,
        steps=list(dict.fromkeys(step for r in worst for step in r.steps)),
        docs_url=DOCS_CODES,
    )
    make = Result.failed if status is Status.FAIL else Result.warned
    return make(summary, fix, details=details, evidence=facts)


# --- webhook.deliveries ------------------------------------------------------------------------------


def _current_failed(deliveries: list[Delivery]) -> tuple[list[Delivery], list[Delivery]]:
    """Failed deliveries now, and those a later delivered event of the same type has put behind."""
    return _split_history(
        deliveries, lambda d: d.event_type, lambda d: d.started_at, lambda d: d.delivered, lambda d: not d.delivered
    )


def attempt_groups(deliveries: Iterable[Delivery]) -> list[str]:
    """Failed attempts grouped by URL role and code, with each code's meaning."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for d in deliveries:
        for a in d.attempts:
            if not a.delivered:
                counts[(a.role, a.code, http_answer(a.http_status))] += 1
    lines = []
    for (role, code, answer), n in sorted(counts.items(), key=lambda kv: (kv[0][0] != "primary", -kv[1])):
        lines.append(f"{role} URL: {n} failed attempt(s), {answer} ({code} {explain(code).title})")
    return lines


def _caught_by_failover(d: Delivery) -> bool:
    return (
        d.delivered
        and any(a.role == "primary" and not a.delivered for a in d.attempts)
        and any(a.role == "failover" and a.delivered for a in d.attempts)
    )


_DELIVERY_FIX = Fix(
    summary="Make the webhook endpoint answer Telnyx's deliveries with 200 within 2 s.",
    steps=[
        "Read the endpoint's logs at the times of the failed attempts (the codes say what Telnyx saw).",
        "Run `doctor NUMBER --only 'webhook.*'` to probe the URLs the way Telnyx delivers.",
    ],
    docs_url=fx.DOCS_WEBHOOKS,
)


@check(
    "webhook.deliveries",
    title="Telnyx's recent webhook deliveries succeeded",
    severity=Severity.ERROR,
    requires=("webhook.configured",),
    cause="Telnyx records each webhook it sends and each attempt's answer: an endpoint can pass a probe and "
    "still fail real events, or be down for hours while the failover catches the traffic.",
    evidence="Telnyx's webhook deliveries to the profile's primary and failover URLs in the window "
    "(`--since`): delivered/failed, each attempt's URL, HTTP status and 75xxx code; never the event payload.",
    remedy="Answer every delivery with 200 within 2 s on the primary URL; keep the failover as a fallback.",
    states=delivery_states(),
)
def deliveries(webhook_deliveries: DeliveryEvidence) -> Result:
    """Telnyx's own recent deliveries to the webhook URLs succeeded (none recorded is inconclusive)."""
    evidence = webhook_deliveries
    since = evidence.since
    not_read = _not_read(evidence.state, evidence.reason, since, "webhook deliveries")
    if not_read is not None:
        return not_read
    found = list(evidence.deliveries)
    if not found:
        return Result.skipped(
            f"no delivery recorded to the webhook URLs in the last {since}: inconclusive, absence is not proof",
            because=NO_EVIDENCE,
        )
    delivered = sum(1 for d in found if d.delivered)
    current, history = _current_failed(found)
    facts = {
        "window": since,
        "deliveries": len(found),
        "delivered": delivered,
        "failed": len(found) - delivered,
        "current_failures": len(current),
        "capped": evidence.capped,
    }
    lines = attempt_groups(found)
    if evidence.capped:
        lines.append(f"Read the newest {evidence.cap} deliveries (the cap); older ones were not read.")
    counts = f"{delivered} of {len(found)} deliveries to the profile's webhook URLs in the last {since} succeeded"
    newest = found[0]
    if not newest.delivered:
        return Result.failed(
            f"the newest deliveries failed on every URL: {counts}",
            _DELIVERY_FIX,
            details=[f"The newest, {newest.event_type} at {_stamp(newest.started_at)}, was lost.", *lines],
            evidence=facts,
        )
    caught = [d for d in found[:10] if _caught_by_failover(d)]
    if caught:
        return Result.warned(
            f"the primary URL fails and the failover catches the deliveries ({len(caught)} of the newest "
            f"{min(10, len(found))}); {counts}",
            _DELIVERY_FIX,
            details=lines,
            evidence=facts,
        )
    if len(current) > DELIVERY_WARN_SHARE * len(found):
        return Result.warned(
            f"{len(current)} deliveries failed: {counts}", _DELIVERY_FIX, details=lines, evidence=facts
        )
    if current:  # recent losses under the threshold: counted as what they are, not as history
        share = f"{DELIVERY_WARN_SHARE:.0%}"
        lines.insert(0, f"{len(current)} of {len(found)} recent deliveries failed (under the {share} threshold).")
    if history:
        lines.append(
            f"{len(history)} earlier failure(s) before later successful deliveries of the same event: history."
        )
    return Result.passed(counts, details=lines, evidence=facts)


CHECKS = [recent_failures, deliveries]
