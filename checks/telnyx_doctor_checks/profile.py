"""Checks of the messaging profile a sender is on: assigned, existing and enabled, allowed destinations."""

from __future__ import annotations

from typing import Any

from telnyx_doctor.api.models import UNAVAILABLE
from telnyx_doctor.checkapi import Check, check
from telnyx_doctor.facts_catalog import ASSIGNMENT, PROFILE, MessagingProfile, ProfileAssignment
from telnyx_doctor.models import Fix, NumberKind, Result, Severity
from telnyx_doctor.numbers import Target
from telnyx_doctor_checks import _fixes as fx
from telnyx_doctor_checks._codes import shown, telnyx_error, would_fail

_PICK_PROFILE = fx.export_var(
    fx.PROFILE_ID_VAR, "the id of the messaging profile this sender should use (the first command lists them)"
)
_SHORT_CODE_ID = fx.ShellVar("SHORT_CODE_ID")
_ALL_DESTINATIONS = "*"


def profile_cmd(profile_id: str) -> str:
    """The read-only call that shows one messaging profile."""
    return fx.curl("GET", f"/messaging_profiles/{fx.seg(profile_id)}")


def assign_number_fix(target: Target, summary: str) -> Fix:
    """Put `target` on a messaging profile (step 2 of the phone-number configuration guide, current endpoint)."""
    if target.kind is NumberKind.SHORT_CODE:
        return _assign_short_code_fix(target, summary)
    if target.kind is NumberKind.ALPHANUMERIC:
        return _assign_sender_id_fix(target, summary)
    return fx.make_fix(
        summary,
        steps=[
            _PICK_PROFILE,
            "Assign the number to it with the PATCH below, or let the doctor do it (`doctor fix`).",
            "Re-run the doctor: the profile's own checks run once the number is on it.",
        ],
        commands=[
            fx.LIST_PROFILES,
            fx.curl(
                "PATCH",
                f"/phone_numbers/{fx.seg(target.value)}/messaging",
                body={"messaging_profile_id": fx.PROFILE_ID_VAR},
            ),
            fx.doctor_fix(target),
        ],
        docs_url=fx.DOCS_NUMBER_CONFIG,
        safe_to_autofix=True,
    )


def _assign_short_code_fix(target: Target, summary: str) -> Fix:
    return fx.make_fix(
        summary,
        steps=[
            _PICK_PROFILE,
            fx.export_var(_SHORT_CODE_ID, f"the `id` of short code {target.value} (the second command lists them)"),
            "Attach the short code to the profile with the PATCH below, then re-run the doctor.",
        ],
        commands=[
            fx.LIST_PROFILES,
            fx.LIST_SHORT_CODES,
            fx.attach_short_code_cmd(_SHORT_CODE_ID),
        ],
        docs_url=fx.DOCS_SHORT_CODE,
    )


def _assign_sender_id_fix(target: Target, summary: str) -> Fix:
    return fx.make_fix(
        summary,
        steps=[
            _PICK_PROFILE,
            f"Create the sender ID {target.value!r} on that profile with the POST below, then re-run the doctor.",
        ],
        commands=[
            fx.LIST_PROFILES,
            fx.create_sender_id_cmd(target.value),
        ],
        docs_url=fx.DOCS_ALPHANUMERIC,
    )


# --- profile.assigned ------------------------------------------------------------------------------


@check(
    "profile.assigned",
    title="The sender is on a messaging profile",
    severity=Severity.ERROR,
    requires=["number.messaging_listed", "short_code.provisioned", "alphanumeric.registered"],
    cause="Every sender needs a messaging profile: it holds the webhook URLs, the allowed destinations and "
    "the on/off switch. A number without one cannot send (40305 Invalid 'from' address, \"number not "
    'associated with messaging profile") and its inbound messages produce no webhooks.',
    evidence="`messaging_profile_id` of the number's messaging settings (`GET /v2/phone_numbers/messaging"
    "?filter[phone_number]=<+E.164>`), of the short code (`GET /v2/short_codes`) or of the alphanumeric "
    "sender ID (`GET /v2/alphanumeric_sender_ids`). The literal `UNAVAILABLE` means Telnyx could not load "
    "the profile details and is not an id.",
    remedy="Assign the number to a profile: `PATCH /v2/phone_numbers/{+E.164}/messaging` with "
    '`{"messaging_profile_id": "<profile id>"}` (or `doctor fix NUMBER --profile-id ID`).',
)
def profile_assigned(assignment: ProfileAssignment, target: Target) -> Result:
    """The sender has a `messaging_profile_id`."""
    evidence = {"messaging_profile_id": assignment.profile_id, "source": assignment.source}
    if assignment.profile_id == UNAVAILABLE:
        return Result.errored(
            "Telnyx reported the messaging profile as 'UNAVAILABLE': its details could not be loaded",
            details=["This is a temporary Telnyx-side condition, not a profile id; re-run the doctor later."],
            evidence=evidence,
        )
    if not assignment.profile_id:
        return Result.failed(
            f"{target.value} is not on a messaging profile; {would_fail('40305')}",
            fix=assign_number_fix(target, "Assign the sender to a messaging profile"),
            details=["Without a profile the sender cannot send, and inbound messages produce no webhooks."],
            evidence=evidence,
        )
    return Result.passed(
        f"{target.value} is on messaging profile {assignment.profile_id}",
        details=[f"read from: {assignment.source.replace('_', ' ')}"],
        evidence=evidence,
    )


# --- profile.enabled -------------------------------------------------------------------------------


@check(
    "profile.enabled",
    title="The messaging profile exists and is enabled",
    severity=Severity.ERROR,
    requires=["profile.assigned"],
    facts=[ASSIGNMENT, PROFILE],
    cause="A profile id that resolves to nothing (deleted, or owned by another organization) leaves the "
    "sender on a profile that does not exist: sends fail with 40305 Invalid 'from' address. A profile "
    "that exists but is disabled rejects every send with 40312 Messaging profile is disabled.",
    evidence="`GET /v2/messaging_profiles/{id}` for the sender's `messaging_profile_id`: whether it "
    "exists, and its `enabled` flag.",
    remedy="Re-assign the sender to an existing profile of this organization, or enable the profile with "
    '`PATCH /v2/messaging_profiles/{id}` and `{"enabled": true}`.',
)
def profile_enabled(assignment: ProfileAssignment, profile: MessagingProfile | None, target: Target) -> Result:
    """The assigned profile resolves, and `enabled` is true."""
    if profile is None:
        return _dangling(target, assignment.profile_id)
    evidence = {"profile_id": profile.id, "name": profile.name, "enabled": profile.enabled}
    if profile.enabled is False:
        return _disabled(target, profile, evidence)
    if profile.enabled is None:
        return _enabled_unknown(target, profile, evidence)
    return Result.passed(f"messaging profile {_label(profile)} is enabled", evidence=evidence)


def _label(profile: MessagingProfile) -> str:
    return f"{profile.name!r} ({profile.id})" if profile.name else profile.id


def _dangling(target: Target, profile_id: str | None) -> Result:
    if not profile_id:
        return Result.errored("the sender has no profile id to look up", evidence={"profile_id": None})
    return Result.failed(
        f"messaging profile {profile_id} does not exist or belongs to another organization "
        f"(a dangling profile id); {would_fail('40305')}",
        fix=assign_number_fix(target, "Move the sender to a messaging profile that exists"),
        details=[
            f"`GET /v2/messaging_profiles/{profile_id}` found no profile: it was deleted, or it belongs to "
            "another organization than the API key's.",
        ],
        evidence={"profile_id": profile_id, "found": False},
    )


def _disabled(target: Target, profile: MessagingProfile, evidence: dict[str, Any]) -> Result:
    return Result.failed(
        f"messaging profile {_label(profile)} is disabled; {would_fail('40312')}",
        fix=fx.make_fix(
            "Enable the messaging profile",
            steps=[
                "Enable the profile with the PATCH below (Portal: Messaging → the profile → Enabled).",
                "If it was disabled on purpose, move the sender to another profile instead.",
            ],
            commands=[
                fx.patch_profile_cmd(profile.id, {"enabled": True}),
                fx.recheck(target, "profile.enabled"),
            ],
            docs_url=fx.DOCS_PROFILES,
        ),
        evidence=evidence,
    )


def _enabled_unknown(target: Target, profile: MessagingProfile, evidence: dict[str, Any]) -> Result:
    return Result.warned(
        f"messaging profile {_label(profile)} does not say whether it is enabled",
        fix=fx.make_fix(
            "Confirm the profile is enabled",
            steps=[
                "Look at the profile with the first command; `enabled` should be true.",
                "If it is not, enable it with the second command.",
            ],
            commands=[profile_cmd(profile.id), fx.patch_profile_cmd(profile.id, {"enabled": True})],
            docs_url=fx.DOCS_PROFILES,
        ),
        details=[
            "The profile came back without an `enabled` field. Profiles are enabled unless someone "
            f"disabled them, but a disabled one fails every send with {telnyx_error('40312')}."
        ],
        evidence=evidence,
    )


# --- profile.destinations --------------------------------------------------------------------------


@check(
    "profile.destinations",
    title="The profile allows the number's home country",
    severity=Severity.ERROR,
    requires=["profile.enabled"],
    cause="A messaging profile only sends to the countries in `whitelisted_destinations` (`*` allows all). "
    "An empty list fails every send with 40331 Missing whitelisted destinations; a destination country "
    "not listed fails with 40309 Invalid destination region. The doctor checks the number's home "
    "country, the destination most senders need.",
    evidence="`whitelisted_destinations` of `GET /v2/messaging_profiles/{id}`, compared with the home "
    "region of the number (from its E.164 country code).",
    remedy="Add the countries you send to (or `*`) with `PATCH /v2/messaging_profiles/{id}` and "
    '`{"whitelisted_destinations": [...]}`.',
)
def profile_destinations(profile: MessagingProfile, target: Target) -> Result:
    """`whitelisted_destinations` is non-empty and covers the target's home country."""
    allowed = [code.strip().upper() for code in profile.whitelisted_destinations or [] if code.strip()]
    region = target.region
    evidence = {"whitelisted_destinations": profile.whitelisted_destinations, "home_region": region}
    if not allowed:
        return _no_destinations(target, profile, evidence)
    if _ALL_DESTINATIONS in allowed:
        return Result.passed(f"profile {_label(profile)} may send to every country", evidence=evidence)
    listing = "allowed destinations: " + ", ".join(allowed)
    if region is None:
        return Result.passed(
            f"profile {_label(profile)} may send to {len(allowed)} countries",
            details=[listing, "This sender has no home country to compare; check your destinations are listed."],
            evidence=evidence,
        )
    if region.upper() not in allowed:
        return _home_missing(target, profile, allowed, region, evidence)
    return Result.passed(
        f"profile {_label(profile)} allows {region}",
        details=[listing, "Add every other country you send to; others fail with 40309."],
        evidence=evidence,
    )


def _destinations_fix(target: Target, profile: MessagingProfile, wanted: list[object], summary: str) -> Fix:
    return fx.make_fix(
        summary,
        steps=[
            'Add the countries you send to (ISO 3166 alpha-2 codes, or "*" for all) with the PATCH below; '
            "it replaces the whole list, so keep the countries already allowed.",
            "Re-run the doctor.",
        ],
        commands=[
            fx.patch_profile_cmd(profile.id, {"whitelisted_destinations": wanted}),
            fx.recheck(target, "profile.destinations"),
        ],
        docs_url=fx.DOCS_PROFILES,
    )


def _no_destinations(target: Target, profile: MessagingProfile, evidence: dict[str, Any]) -> Result:
    wanted: list[object] = [target.region] if target.region else [fx.ShellVar("DESTINATION_COUNTRY")]
    return Result.failed(
        f"profile {_label(profile)} allows no destinations; {would_fail('40331')}",
        fix=_destinations_fix(target, profile, wanted, "List the countries the profile may send to"),
        details=[f"`whitelisted_destinations` is {shown(profile.whitelisted_destinations)}."],
        evidence=evidence,
    )


def _home_missing(
    target: Target, profile: MessagingProfile, allowed: list[str], region: str, evidence: dict[str, Any]
) -> Result:
    wanted: list[object] = [*allowed, region.upper()]
    return Result.failed(
        f"profile {_label(profile)} does not allow {region}, the number's home country; "
        f"{would_fail('40309', f'sending to {region}')}",
        fix=_destinations_fix(target, profile, wanted, f"Allow {region} on the messaging profile"),
        details=["allowed destinations: " + ", ".join(allowed)],
        evidence=evidence,
    )


CHECKS: list[Check] = [profile_assigned, profile_enabled, profile_destinations]
