"""Plan the safe remediations from a diagnosis (assign or unassign a messaging profile) and show the API calls."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field

from telnyx_doctor.api.models import MessagingSettings
from telnyx_doctor.models import Report, Status
from telnyx_doctor.numbers import Target, parse_target

API = "https://api.telnyx.com/v2"


@dataclass(frozen=True)
class Action:
    """One API call the fix would make."""

    description: str
    profile_id: str  # "" unassigns

    def curl(self, number: str) -> str:
        """The same call as a ready-to-run curl against the real API."""
        body = json.dumps({"messaging_profile_id": self.profile_id})
        return (
            f'curl -X PATCH "{API}/phone_numbers/{number}/messaging" -H "Authorization: Bearer $TELNYX_API_KEY" '
            f'-H "Content-Type: application/json" -d {shlex.quote(body)}'
        )


@dataclass
class Plan:
    """What `doctor fix` would do, and what it leaves to a person."""

    target: Target
    actions: list[Action] = field(default_factory=list)
    manual: list[str] = field(default_factory=list)
    refusal: str | None = None

    def render(self) -> str:
        """The plan as text: calls first, then the manual steps."""
        lines = [f"Fix plan for {self.target.value}:"]
        if not self.actions:
            lines.append("  nothing that can be fixed automatically")
        for i, action in enumerate(self.actions, 1):
            lines += [f"  {i}. {action.description}", f"     {action.curl(self.target.value)}"]
        if self.manual:
            lines.append("Needs a person (not attempted):")
            lines += [f"  - {step}" for step in self.manual]
        return "\n".join(lines) + "\n"


def plan_fixes(
    report: Report, settings: MessagingSettings | None, *, profile_id: str | None, unassign: bool, force: bool
) -> Plan:
    """Decide the safe actions from a diagnosis; refuse a reassignment without `force`."""
    number = report.numbers[0]
    target = parse_target(number.phone_number)
    plan = Plan(target=target)
    by_id = {c.id: c for c in number.checks}
    current = settings.messaging_profile_id if settings else None
    assigned = by_id.get("profile.assigned")
    if unassign:
        if current:
            plan.actions.append(Action(f"Unassign {target.value} from messaging profile {current}", ""))
    elif profile_id:
        if current == profile_id:
            pass
        elif current and not force:
            plan.refusal = (
                f"{target.value} is already on messaging profile {current}; pass --force-reassign to move it "
                f"to {profile_id}"
            )
        elif settings is None:
            plan.manual.append(f"{target.value} has no messaging settings: it cannot be assigned to a profile yet")
        else:
            what = "Move" if current else "Assign"
            plan.actions.append(Action(f"{what} {target.value} to messaging profile {profile_id}", profile_id))
    elif assigned is not None and assigned.status is Status.FAIL:
        plan.manual.append("profile.assigned: pass --profile-id ID to assign the number to a messaging profile")
    for check in number.checks:
        if check.status in (Status.FAIL, Status.WARN) and check.id != "profile.assigned" and check.fix:
            if check.fix.safe_to_autofix and plan.actions:
                continue
            plan.manual.append(f"{check.id}: {check.fix.summary}")
    return plan
