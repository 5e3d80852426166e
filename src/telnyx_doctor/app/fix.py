"""`doctor fix` as a library: diagnose one number, plan the safe fixes, apply them and diagnose again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telnyx_doctor import facts_catalog as fc
from telnyx_doctor.errors import UsageError

if TYPE_CHECKING:
    from telnyx_doctor.app.session import Doctor
    from telnyx_doctor.models import Report
    from telnyx_doctor.remedy import Plan


async def aplan_fix(
    doctor: Doctor, number: str, *, profile_id: str | None = None, unassign: bool = False, force: bool = False
) -> tuple[Plan, Report]:
    """The fix plan for `number` and the diagnosis it was made from; an unknown profile is a UsageError."""
    from telnyx_doctor.numbers import parse_target
    from telnyx_doctor.remedy import plan_fixes

    target = parse_target(number)
    if not target.is_phone_number:
        raise UsageError("doctor fix works on phone numbers", tip="short codes and sender IDs are assigned by Telnyx")
    if profile_id:
        client = await doctor.client()
        if await client.get_messaging_profile(profile_id) is None:
            raise UsageError(f"messaging profile {profile_id} does not exist on this account")
    run = await doctor.arun([target], record=True)
    report = run.report()
    plan = plan_fixes(
        report, run.facts(target).get(fc.MESSAGING), profile_id=profile_id, unassign=unassign, force=force
    )
    return plan, report


async def aapply_fix(doctor: Doctor, plan: Plan) -> Report:
    """Make the plan's API calls, then diagnose the number again from a fresh read of the account."""
    client = await doctor.client()
    for action in plan.actions:
        await client.assign_profile(plan.target.value, action.profile_id)
    doctor.forget()
    return await doctor.adiagnose([plan.target])
