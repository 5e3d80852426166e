"""Checks of the profile's webhook settings that need no network: a URL is set, in API version 2."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from telnyx_doctor.checkapi import Check, StateDoc, check
from telnyx_doctor.facts_catalog import MessagingProfile
from telnyx_doctor.models import Fix, Result, Severity
from telnyx_doctor.numbers import Target
from telnyx_doctor_checks import _fixes as fx
from telnyx_doctor_checks._codes import shown

_WEBHOOK_URL = fx.ShellVar("WEBHOOK_URL")
_CURRENT_VERSION = "2"
# Both are formats Telnyx still delivers; neither is the v2 envelope its messaging docs describe.
_LEGACY_VERSIONS = {
    "1": "API version 1, the legacy webhook format",
    "2010-04-01": "the legacy '2010-04-01' webhook format",
}
_V2_ONLY = (
    "Telnyx's messaging docs describe the v2 format only: the `data`/`meta` envelope with "
    "`data.event_type` (message.received, message.sent, message.finalized), the 2-second answer budget, "
    "and the Ed25519 signature headers (telnyx-signature-ed25519, telnyx-timestamp) that verification "
    "code checks. A handler written from those docs will not understand deliveries in another format."
)


def redact_url(url: str) -> str:
    """The URL without credentials or query values, which often carry secrets."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    if parts.username or parts.password:
        netloc = f"***@{netloc}"
    query = "&".join(f"{pair.split('=', 1)[0]}=***" for pair in parts.query.split("&") if pair)
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


# --- webhook.configured ----------------------------------------------------------------------------


@check(
    "webhook.configured",
    title="The profile has a webhook URL",
    severity=Severity.ERROR,
    requires=["profile.enabled"],
    cause="Inbound messages and delivery receipts reach an application only as webhooks to the messaging "
    "profile's `webhook_url` (a send request may name its own URL for its receipts; inbound messages "
    "have no such override). Without a URL, replies are never seen and delivery failures go unnoticed: "
    'Telnyx\'s troubleshooting entry "Inbound messages not triggering webhooks".',
    evidence="`webhook_url` and `webhook_failover_url` of `GET /v2/messaging_profiles/{id}` (shown with "
    "credentials and query values redacted).",
    remedy="Set the profile's `webhook_url` to a public HTTPS endpoint that answers 200 within 2 seconds, "
    'with `PATCH /v2/messaging_profiles/{id}` and `{"webhook_url": "https://…"}`.',
)
def webhook_configured(profile: MessagingProfile, target: Target) -> Result:
    """The profile's `webhook_url` is set."""
    url = profile.configured_webhook()
    failover = profile.configured_webhook(failover=True)
    evidence = {
        "webhook_url": redact_url(url) if url else None,
        "webhook_failover_url": redact_url(failover) if failover else None,
    }
    if not url:
        return _no_webhook(target, profile, evidence)
    details = [f"failover URL: {redact_url(failover)}" if failover else "failover URL: not set"]
    return Result.passed(f"webhooks go to {redact_url(url)}", details=details, evidence=evidence)


def _no_webhook(target: Target, profile: MessagingProfile, evidence: dict[str, Any]) -> Result:
    return Result.failed(
        f"messaging profile {profile.id} has no webhook URL: inbound messages and delivery receipts "
        "produce no webhooks",
        fix=fx.make_fix(
            "Set a webhook URL on the messaging profile",
            steps=[
                fx.export_var(_WEBHOOK_URL, "your endpoint, a public HTTPS URL that answers 200 within 2 s"),
                "Set it on the profile with the PATCH below (for local development, expose your app "
                "through a tunnel such as ngrok).",
                "Re-run the doctor: it then probes the endpoint the way Telnyx would call it.",
            ],
            commands=[
                fx.patch_profile_cmd(
                    profile.id, {"webhook_url": _WEBHOOK_URL, "webhook_api_version": _CURRENT_VERSION}
                ),
                fx.recheck(target, "webhook.*"),
            ],
            docs_url=fx.DOCS_WEBHOOKS,
        ),
        details=["Messages still send; their results and any replies are only visible in message records."],
        evidence=evidence,
    )


# --- webhook.api_version ---------------------------------------------------------------------------


def _version_states() -> tuple[StateDoc, ...]:
    return (
        StateDoc(
            f"`{_CURRENT_VERSION}`",
            "pass",
            "The v2 format Telnyx's messaging docs describe: the `data`/`meta` envelope, the 2-second answer "
            "budget and Ed25519 signatures.",
        ),
        *(
            StateDoc(
                f"`{version}`",
                "warn",
                f"Webhooks arrive in {legacy}. A handler written from the current (v2) docs mis-parses or "
                "rejects them; switch the profile once the handler reads v2.",
            )
            for version, legacy in _LEGACY_VERSIONS.items()
        ),
        StateDoc("absent", "warn", 'The profile does not say which format it uses; set it to "2" explicitly.'),
        StateDoc(
            "any other value",
            "fail",
            'Not a version Telnyx documents ("1", "2", "2010-04-01"); the finding shows the raw value.',
        ),
    )


@check(
    "webhook.api_version",
    title="The profile sends webhooks in API version 2",
    severity=Severity.WARNING,
    requires=["webhook.configured"],
    cause="A messaging profile delivers webhooks in the format of its `webhook_api_version`: `2`, or the "
    "legacy `1` and `2010-04-01` formats. Telnyx documents the v2 envelope, its 2-second answer budget "
    "and its Ed25519 signatures; an application built from the current docs mis-parses or rejects "
    "deliveries in a legacy format, so inbound messages and receipts are silently lost.",
    evidence="`webhook_api_version` of `GET /v2/messaging_profiles/{id}`.",
    remedy='Move the handler to the v2 format and set `{"webhook_api_version": "2"}` with '
    "`PATCH /v2/messaging_profiles/{id}`.",
    states=_version_states(),
)
def webhook_api_version(profile: MessagingProfile, target: Target) -> Result:
    """`webhook_api_version` is "2"."""
    version = profile.webhook_api_version
    evidence = {"webhook_api_version": version}
    if version is not None and version.strip() == _CURRENT_VERSION:
        return Result.passed("webhooks use API version 2", evidence=evidence)
    if version is None:
        return Result.warned(
            "the profile does not say which webhook API version it uses",
            fix=_version_fix(target, profile),
            details=['`webhook_api_version` is absent; set it to "2" explicitly.', _V2_ONLY],
            evidence=evidence,
        )
    legacy = _LEGACY_VERSIONS.get(version.strip())
    if legacy is not None:
        return Result.warned(
            f"webhooks use {legacy}, not version 2",
            fix=_version_fix(target, profile),
            details=[_V2_ONLY, "Switch only once your handler reads v2, or deliveries will fail there."],
            evidence=evidence,
        )
    return Result.failed(
        f"webhooks use an unknown API version {shown(version)}",
        fix=_version_fix(target, profile),
        details=[f'Raw `webhook_api_version`: {shown(version)}; Telnyx documents "1", "2" and "2010-04-01".'],
        evidence=evidence,
    )


def _version_fix(target: Target, profile: MessagingProfile) -> Fix:
    return fx.make_fix(
        "Use webhook API version 2",
        steps=[
            "Make sure your webhook handler reads the v2 envelope (data.event_type, data.payload, meta) and "
            "verifies the Ed25519 signature.",
            "Set the profile's webhook API version to 2 with the PATCH below.",
        ],
        commands=[
            fx.patch_profile_cmd(profile.id, {"webhook_api_version": _CURRENT_VERSION}),
            fx.recheck(target, "webhook.api_version"),
        ],
        docs_url=fx.DOCS_WEBHOOKS,
    )


CHECKS: list[Check] = [webhook_configured, webhook_api_version]
