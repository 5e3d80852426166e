"""The built-in checks, registered through the `telnyx_doctor` entry point exactly like a third-party plugin."""

from __future__ import annotations

from telnyx_doctor.checkapi import Check
from telnyx_doctor.hookspecs import hookimpl


@hookimpl
def telnyx_doctor_register_checks() -> list[Check]:
    """Every built-in check, in no particular order (the runner orders them)."""
    from telnyx_doctor_checks import evidence, health, number, profile, registration, send, webhook, webhook_probe

    return [
        *number.CHECKS,
        *profile.CHECKS,
        *webhook.CHECKS,
        *webhook_probe.CHECKS,
        *registration.CHECKS,
        *health.CHECKS,
        *evidence.CHECKS,
        *send.CHECKS,
    ]
