"""`doctor fix`: plan the safe remediations from a diagnosis, show the exact API calls, apply, re-check."""

from __future__ import annotations

import argparse
import asyncio
import json
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from telnyx_doctor import facts_catalog as fc
from telnyx_doctor.api.models import MessagingSettings
from telnyx_doctor.errors import UsageError
from telnyx_doctor.models import Report, Status
from telnyx_doctor.numbers import Target, parse_target

if TYPE_CHECKING:
    import ssl

    from telnyx_doctor.api.client import TelnyxClient
    from telnyx_doctor.cli.main import Console
    from telnyx_doctor.plugins import Registry

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


def fix_command(
    full: argparse.Namespace,
    args: argparse.Namespace,
    registry: Registry,
    console: Console,
    *,
    api_key: str,
    base_url: str,
    confirm: Callable[[str], bool],
) -> int:
    """Diagnose, plan, confirm, apply and re-check one number; exit by the final state."""
    from telnyx_doctor.cli.main import emit
    from telnyx_doctor.tls import make_ssl_context

    target = parse_target(args.number)
    if not target.is_phone_number:
        raise UsageError("doctor fix works on phone numbers", tip="short codes and sender IDs are assigned by Telnyx")
    # one trust for the API and the probes, in both diagnoses: building it takes tens of milliseconds
    access = _Access(api_key, base_url, make_ssl_context(full.ca_bundle))
    plan, before = asyncio.run(_diagnose_and_plan(full, args, target, registry, access))
    if plan.refusal:
        raise UsageError(plan.refusal)
    console.streams.stdout.write(plan.render())
    if not plan.actions or args.dry_run:
        if args.dry_run and plan.actions:
            console.info("dry run: nothing was changed")
        return emit(full, before, console)
    if not args.yes and not confirm("Apply these changes?"):
        console.info("nothing was changed")
        return emit(full, before, console)
    after = asyncio.run(_apply_and_recheck(full, plan, target, registry, access))
    console.info(f"applied {len(plan.actions)} change(s); re-ran the checks")
    return emit(full, after, console)


async def _diagnose_and_plan(
    full: argparse.Namespace,
    args: argparse.Namespace,
    target: Target,
    registry: Registry,
    access: _Access,
) -> tuple[Plan, Report]:
    async with _client(full, access) as client:
        if args.profile_id:
            profile = await client.get_messaging_profile(args.profile_id)
            if profile is None:
                raise UsageError(f"messaging profile {args.profile_id} does not exist on this account")
        report, settings = await _diagnose(full, target, registry, client, access.trust)
    plan = plan_fixes(report, settings, profile_id=args.profile_id, unassign=args.unassign, force=args.force_reassign)
    return plan, report


async def _apply_and_recheck(
    full: argparse.Namespace, plan: Plan, target: Target, registry: Registry, access: _Access
) -> Report:
    async with _client(full, access) as client:
        for action in plan.actions:
            await client.assign_profile(target.value, action.profile_id)
        report, _ = await _diagnose(full, target, registry, client, access.trust)
    return report


class _Access(NamedTuple):
    """How `doctor fix` reaches the API: the key, the base URL and the TLS trust, which the probes share."""

    api_key: str
    base_url: str
    trust: ssl.SSLContext


def _client(full: argparse.Namespace, access: _Access) -> TelnyxClient:
    from telnyx_doctor.api.client import TelnyxClient

    return TelnyxClient(api_key=access.api_key, base_url=access.base_url, timeout=full.timeout, verify=access.trust)


async def _diagnose(
    full: argparse.Namespace, target: Target, registry: Registry, client: TelnyxClient, trust: ssl.SSLContext
) -> tuple[Report, MessagingSettings | None]:
    from telnyx_doctor.cli.main import run_options
    from telnyx_doctor.facts import FactEnv, FactResolver
    from telnyx_doctor.runner import RunConfig, run, select_checks

    options, probe = run_options(full)
    probe.share_trust(trust)
    resolver = FactResolver(registry.facts, FactEnv(client=client, options=options, probe=probe))
    checks = select_checks(registry.checks)
    config = RunConfig(targets=[target], options=options, keep_facts=True)
    report = await run(config, checks, resolver, registry.plugins)
    settings = resolver.established().get(target.value, {}).get(fc.MESSAGING)
    return report, settings
