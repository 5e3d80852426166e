"""The number's delivery health: success and spam ratios against Telnyx's "unhealthy" limits."""

from __future__ import annotations

from telnyx_doctor.api.models import NumberHealth
from telnyx_doctor.checkapi import Check, check
from telnyx_doctor.facts_catalog import MessagingSettings
from telnyx_doctor.models import PHONE_NUMBER_KINDS, Fix, Result, Severity
from telnyx_doctor.numbers import Target
from telnyx_doctor_checks import _fixes as fx
from telnyx_doctor_checks._codes import would_fail

# Telnyx calls a number unhealthy below 25 % delivery success or above 75 % spam (the number-pool
# `skip_unhealthy` definition, reference §3.3); we warn within 10 points of either limit.
MIN_SUCCESS = 0.25
MAX_SPAM = 0.75
WARN_SUCCESS = 0.35  # the limits less a 10-point margin, written out to avoid float drift
WARN_SPAM = 0.65


def _pct(ratio: float) -> str:
    return f"{ratio * 100:.1f} %"


@check(
    "number.health",
    title="The number's delivery health is within Telnyx's limits",
    severity=Severity.WARNING,
    requires=["number.messaging_listed"],
    applies_to=PHONE_NUMBER_KINDS,
    cause="Telnyx tracks each number's delivery success and spam ratios. Below 25 % success or above 75 % "
    "spam the number is unhealthy: number pools skip it and sends can fail with 40315 Unhealthy 'from' "
    "address. Carriers filter such numbers too, so a falling ratio is worth acting on before the limit.",
    evidence="`health` of `GET /v2/phone_numbers/messaging?filter[phone_number]=<+E.164>`: `message_count`, "
    "`success_ratio`, `spam_ratio`, `inbound_outbound_ratio`.",
    remedy="Find the failing messages in the message detail records, then fix their cause: send only to "
    "opted-in recipients, honour STOP, avoid spam-like content and link shorteners, finish 10DLC or "
    "toll-free registration, and slow down.",
)
def number_health(messaging: MessagingSettings, target: Target) -> Result:
    """Success ratio ≥ 25 % and spam ratio ≤ 75 %, with a warning within 10 points of either."""
    health = messaging.health
    if health is None or health.message_count <= 0:
        return Result.passed(
            "no traffic yet: Telnyx has no health figures for this number",
            details=["Health is measured once the number sends; re-run the doctor after some traffic."],
            evidence={"health": health.model_dump() if health else None},
        )
    evidence = {"health": health.model_dump()}
    details = _figures(health)
    if health.success_ratio < MIN_SUCCESS or health.spam_ratio > MAX_SPAM:
        return Result.failed(
            f"{messaging.phone_number} is unhealthy ({_headline(health)}); {would_fail('40315')}",
            fix=_health_fix(target, messaging, "Bring the number's delivery back to health"),
            details=details,
            evidence=evidence,
        )
    if health.success_ratio < WARN_SUCCESS or health.spam_ratio > WARN_SPAM:
        return Result.warned(
            f"{messaging.phone_number} is close to Telnyx's unhealthy limits ({_headline(health)})",
            fix=_health_fix(target, messaging, "Improve delivery before the number becomes unhealthy"),
            details=details,
            evidence=evidence,
        )
    return Result.passed(
        f"{messaging.phone_number} is healthy ({_headline(health)})", details=details, evidence=evidence
    )


def _headline(health: NumberHealth) -> str:
    return f"success {_pct(health.success_ratio)}, spam {_pct(health.spam_ratio)}"


def _figures(health: NumberHealth) -> list[str]:
    return [
        f"delivery success: {_pct(health.success_ratio)} (unhealthy below {_pct(MIN_SUCCESS)})",
        f"spam: {_pct(health.spam_ratio)} (unhealthy above {_pct(MAX_SPAM)})",
        f"inbound/outbound ratio: {health.inbound_outbound_ratio:.2f}",
        f"based on {health.message_count} messages",
    ]


def _health_fix(target: Target, settings: MessagingSettings, summary: str) -> Fix:
    return fx.make_fix(
        summary,
        steps=[
            "Look up recent failed messages in the message detail records (Portal: Reporting → Messaging) "
            "and group them by error code (40002/40003 spam blocks, 40001 unroutable recipients).",
            "Send only to recipients who opted in, honour STOP, and remove spam-like content and public "
            "link shorteners.",
            "Finish 10DLC (US long codes) or toll-free verification, and slow down sending.",
            "Watch the ratios recover with the commands below.",
        ],
        commands=[
            fx.curl("GET", f"/phone_numbers/{fx.seg(settings.id or settings.phone_number)}/messaging"),
            fx.recheck(target, "number.health"),
        ],
        docs_url=fx.docs_error("40315"),
    )


CHECKS: list[Check] = [number_health]
