"""`doctor fix` as a library: diagnose one number, plan the safe fixes, apply them and diagnose again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telnyx_doctor import facts_catalog as fc
from telnyx_doctor.errors import UsageError
from telnyx_doctor.models import Status

if TYPE_CHECKING:
    from telnyx_doctor.api.models import MessagingProfile
    from telnyx_doctor.app.session import Doctor
    from telnyx_doctor.models import Report
    from telnyx_doctor.remedy import Plan


async def aplan_fix(
    doctor: Doctor,
    number: str,
    *,
    profile_id: str | None = None,
    unassign: bool = False,
    force: bool = False,
    allow_disabled: bool = False,
) -> tuple[Plan, Report]:
    """The fix plan for `number` and the diagnosis it was made from; an unknown profile is a UsageError.

    The plan names the target profile (name, enabled, destinations, webhook); without `profile_id`, when the
    number needs a profile, it lists the account's profiles to choose from.
    """
    from telnyx_doctor.numbers import parse_target
    from telnyx_doctor.remedy import plan_fixes

    target = parse_target(number)
    if not target.is_phone_number:
        raise UsageError("doctor fix works on phone numbers", tip="short codes and sender IDs are assigned by Telnyx")
    client = await doctor.client()
    profile = None
    if profile_id:
        profile = await client.get_messaging_profile(profile_id)
        if profile is None:
            known = await list_profiles(doctor)
            choices = "; ".join(f"{p.id} ({p.name or 'unnamed'})" for p in known[:5]) or "none"
            raise UsageError(
                f"messaging profile {profile_id} does not exist on this account",
                tip=f"profiles on this account: {choices}" + (" …" if len(known) > 5 else ""),
            )
    run = await doctor.arun([target], record=True)
    report = run.report()
    needs_profile = any(c.id == "profile.assigned" and c.status is Status.FAIL for c in report.numbers[0].checks)
    candidates = await list_profiles(doctor) if needs_profile and not (profile_id or unassign) else []
    plan = plan_fixes(
        report,
        run.facts(target).get(fc.MESSAGING),
        profile_id=profile_id,
        unassign=unassign,
        force=force,
        profile=profile,
        allow_disabled=allow_disabled,
        candidates=candidates,
    )
    return plan, report


async def list_profiles(doctor: Doctor) -> list[MessagingProfile]:
    """Every messaging profile on the account, enabled ones first."""
    from telnyx_doctor.api.models import MessagingProfile

    client = await doctor.client()
    profiles = [p async for p in client.iter_flat("/messaging_profiles", MessagingProfile)]
    return sorted(profiles, key=lambda p: p.enabled is False)


async def aapply_fix(doctor: Doctor, plan: Plan) -> Report:
    """Make the plan's API calls, then diagnose the number again from a fresh read of the account."""
    client = await doctor.client()
    for action in plan.actions:
        await client.assign_profile(plan.target.value, action.profile_id)
    doctor.forget()
    return await doctor.adiagnose([plan.target])
