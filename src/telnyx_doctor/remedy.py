"""Plan the safe remediations from a diagnosis (assign or unassign a messaging profile) and show the API calls."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field

from telnyx_doctor.api.models import MessagingProfile, MessagingSettings
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
    profile: MessagingProfile | None = None  # the profile the number would go to
    candidates: list[MessagingProfile] = field(default_factory=list)  # profiles to choose from

    def render(self) -> str:
        """The plan as text: the target profile, the calls, the manual steps, then the profiles to choose from."""
        lines = [f"Fix plan for {self.target.value}:"]
        if self.profile is not None:
            lines.append(f"  Target profile: {describe_profile(self.profile)}")
        if not self.actions:
            lines.append("  nothing that can be fixed automatically")
        for i, action in enumerate(self.actions, 1):
            lines += [f"  {i}. {action.description}", f"     {action.curl(self.target.value)}"]
        if self.manual:
            lines.append("Needs a person (not attempted):")
            lines += [f"  - {step}" for step in self.manual]
        if self.candidates:
            lines.append("Messaging profiles on this account (choose one with --profile-id ID):")
            lines += [f"  {p.id}  {describe_profile(p, with_id=False)}" for p in self.candidates]
        return "\n".join(lines) + "\n"


def _name(profile: MessagingProfile) -> str:
    return repr(profile.name) if profile.name else "(unnamed)"


def describe_profile(profile: MessagingProfile, *, with_id: bool = True) -> str:
    """`'Acme Production' (id) · enabled · destinations: US, CA · webhook: https://…`, on one line."""
    name = _name(profile)
    state = "enabled" if profile.enabled else "enabled: unknown" if profile.enabled is None else "DISABLED"
    destinations = ", ".join(profile.whitelisted_destinations or []) or "none"
    webhook = profile.configured_webhook() or "none"
    head = f"{name} ({profile.id})" if with_id else name
    return f"{head} · {state} · destinations: {destinations} · webhook: {webhook}"


def plan_fixes(
    report: Report,
    settings: MessagingSettings | None,
    *,
    profile_id: str | None,
    unassign: bool,
    force: bool,
    profile: MessagingProfile | None = None,
    allow_disabled: bool = False,
    candidates: list[MessagingProfile] | None = None,
) -> Plan:
    """Decide the safe actions from a diagnosis.

    Refuse a reassignment without `force`, and assigning to a disabled `profile` (the one `profile_id` names)
    without `allow_disabled`: a number on a disabled profile cannot send either. `candidates` are listed
    when the number needs a profile and none was named.
    """
    number = report.numbers[0]
    target = parse_target(number.phone_number)
    plan = Plan(target=target, profile=profile)
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
        elif profile is not None and profile.enabled is False and not allow_disabled:
            plan.refusal = (
                f"messaging profile {_name(profile)} ({profile.id}) is disabled: numbers on it cannot send "
                f"(40312); enable it first, or pass --force to assign {target.value} to it anyway"
            )
        elif settings is None:
            plan.manual.append(f"{target.value} has no messaging settings: it cannot be assigned to a profile yet")
        else:
            what = "Move" if current else "Assign"
            plan.actions.append(Action(f"{what} {target.value} to messaging profile {profile_id}", profile_id))
    elif assigned is not None and assigned.status is Status.FAIL:
        plan.manual.append("profile.assigned: pass --profile-id ID to assign the number to a messaging profile")
        plan.candidates = list(candidates or [])
    for check in number.checks:
        if check.status in (Status.FAIL, Status.WARN) and check.id != "profile.assigned" and check.fix:
            if check.fix.safe_to_autofix and plan.actions:
                continue
            plan.manual.append(f"{check.id}: {check.fix.summary}")
    return plan
