"""10DLC for US long codes: the number's campaign is provisioned with the carriers and active."""

from __future__ import annotations

from typing import Any

from telnyx_doctor.api.models import Campaign
from telnyx_doctor.checkapi import Check, check
from telnyx_doctor.facts_catalog import CampaignFact
from telnyx_doctor.models import Fix, Result, Severity
from telnyx_doctor.numbers import Target
from telnyx_doctor_checks import _fixes as fx
from telnyx_doctor_checks import _tendlc_states as st
from telnyx_doctor_checks._codes import shown, would_fail
from telnyx_doctor_checks.tendlc import US_LONG_CODE, assignment_cmd, reasons


@check(
    "10dlc.campaign_active",
    title="The number's 10DLC campaign is provisioned and active",
    severity=Severity.ERROR,
    requires=["10dlc.campaign_assigned"],
    applies_to=US_LONG_CODE,
    cause="An assignment only helps once its campaign is live at the carriers: `campaignStatus` "
    "MNO_PROVISIONED, `status` ACTIVE and not suspended at T-Mobile. A campaign still in review, "
    "rejected, suspended or expired leaves its numbers unregistered: 40010 Not 10DLC registered.",
    evidence="`GET /v2/10dlc/campaign/{campaignId}` (or `/v2/10dlc/partner_campaigns/{tcrCampaignId}` for "
    "a campaign shared by another CSP): `campaignStatus`, `status`, `isTMobileSuspended`, "
    "`failureReasons`; and `GET /v2/10dlc/campaign/{campaignId}/operationStatus` per carrier (network "
    "ids 10017 AT&T, 10035 T-Mobile, 10038 Verizon, per `GET /v2/10dlc/enum/mno`).",
    remedy="Wait while the campaign is in review; correct and appeal a rejected campaign "
    "(`POST /v2/10dlc/campaign/{id}/appeal`), register a new one for a failed or expired campaign; a "
    "partner campaign is fixed by the CSP that registered it.",
    states=st.campaign_states(),
)
def campaign_active(tendlc_campaign: CampaignFact | None, target: Target) -> Result:
    """The campaign is MNO_PROVISIONED, ACTIVE and not suspended at T-Mobile."""
    if tendlc_campaign is None or tendlc_campaign.campaign is None:
        return _campaign_missing(target, tendlc_campaign)
    campaign = tendlc_campaign.campaign
    evidence = _campaign_evidence(tendlc_campaign, campaign)
    details = _campaign_details(tendlc_campaign)
    raw = campaign.campaign_status
    status = (raw or "").strip().upper()
    if status == st.READY_CAMPAIGN:
        return _provisioned(target, tendlc_campaign, campaign, details, evidence)
    if status in st.CAMPAIGN_PENDING:
        return Result.failed(
            f"campaign {tendlc_campaign.campaign_id} is {status}: {st.CAMPAIGN_PENDING[status]}; not usable yet",
            fix=_wait_fix(target, tendlc_campaign),
            details=details,
            evidence=evidence,
        )
    blocked = st.CAMPAIGN_BLOCKED.get(status)
    if blocked is not None:
        return Result.failed(
            f"campaign {tendlc_campaign.campaign_id} is {status}: {blocked.why} {would_fail('40010', 'Sending')}",
            fix=_blocked_fix(target, tendlc_campaign, blocked),
            details=[*details, *reasons(campaign.failure_reasons)],
            evidence=evidence,
        )
    return Result.failed(
        f"campaign {tendlc_campaign.campaign_id} has campaignStatus {shown(raw)}, which the doctor does not know; "
        "only MNO_PROVISIONED is ready",
        fix=_support_fix(target, tendlc_campaign, "Find out what the campaign's status means"),
        details=[f"Raw campaignStatus: {shown(raw)}.", *details],
        evidence=evidence,
    )


def _campaign_evidence(fact: CampaignFact, campaign: Campaign) -> dict[str, Any]:
    return {
        "campaignId": fact.campaign_id,
        "source": fact.source,
        "campaignStatus": campaign.campaign_status,
        "status": campaign.status,
        "isTMobileSuspended": campaign.is_t_mobile_suspended,
        "failureReasons": campaign.failure_reasons,
        "operationStatus": dict(fact.operation_status),
    }


def _campaign_details(fact: CampaignFact) -> list[str]:
    details: list[str] = []
    if fact.source == "partner":
        details.append(
            "This is a partner campaign: another campaign service provider (CSP) registered it and shared "
            "it with Telnyx, so that CSP manages its registration, appeals and renewals."
        )
    for network_id, state in sorted(fact.operation_status.items()):
        note = "" if state.strip().upper() == st.APPROVED else " (note: this carrier has not approved it)"
        details.append(f"{st.carrier_name(network_id)}: {state}{note}")
    if fact.operation_status:
        details.append("Carrier names for network ids come from GET /v2/10dlc/enum/mno.")
    return details


def _campaign_cmd(fact: CampaignFact) -> str:
    if fact.source == "partner":
        return fx.curl("GET", f"/10dlc/partner_campaigns/{fx.seg(fact.campaign_id)}")
    return fx.curl("GET", f"/10dlc/campaign/{fx.seg(fact.campaign_id)}")


def _status_cmds(fact: CampaignFact) -> list[str]:
    """The campaign, and for Telnyx's own campaigns its per-carrier operation status."""
    if fact.source == "partner":
        return [_campaign_cmd(fact)]
    return [_campaign_cmd(fact), fx.curl("GET", f"/10dlc/campaign/{fx.seg(fact.campaign_id)}/operationStatus")]


def _provisioned(
    target: Target, fact: CampaignFact, campaign: Campaign, details: list[str], evidence: dict[str, Any]
) -> Result:
    if campaign.is_t_mobile_suspended is True:
        return Result.failed(
            f"campaign {fact.campaign_id} is suspended at T-Mobile: messages to T-Mobile subscribers are blocked",
            fix=_support_fix(target, fact, "Resolve the T-Mobile suspension"),
            details=details,
            evidence=evidence,
        )
    status = (campaign.status or "").strip().upper()
    if status == st.ACTIVE_CAMPAIGN or (campaign.status is None and fact.source == "partner"):
        return Result.passed(
            f"campaign {fact.campaign_id} is provisioned with the carriers", details=details, evidence=evidence
        )
    if campaign.status is None:
        return Result.warned(
            f"campaign {fact.campaign_id} is provisioned but Telnyx does not say whether it is ACTIVE",
            fix=_wait_fix(target, fact),
            details=details,
            evidence=evidence,
        )
    return Result.failed(
        f"campaign {fact.campaign_id} is provisioned but its status is {shown(campaign.status)}, not ACTIVE; "
        f"{would_fail('40010')}",
        fix=_support_fix(target, fact, "Renew or reinstate the campaign, or move the number to an active one"),
        details=details,
        evidence=evidence,
    )


def _campaign_missing(target: Target, fact: CampaignFact | None) -> Result:
    campaign_id = fact.campaign_id if fact else None
    where = " (a partner campaign shared by another CSP)" if fact and fact.source == "partner" else ""
    commands = [assignment_cmd(target)]
    if fact is not None:
        commands.append(_campaign_cmd(fact))
    commands.append(fx.recheck(target, "10dlc.*"))
    return Result.failed(
        f"the number's campaign {campaign_id or '(none)'}{where} could not be found; {would_fail('40010')}",
        fix=fx.make_fix(
            "Assign the number to a campaign this account can see",
            steps=[
                "Check the assignment's campaign id; a partner campaign is only visible while its CSP "
                "shares it with Telnyx — ask that CSP.",
                "Otherwise assign the number to an active campaign of your own brand.",
            ],
            commands=commands,
            docs_url=fx.DOCS_10DLC_ASSIGNMENT,
        ),
        evidence={"campaignId": campaign_id, "source": fact.source if fact else None, "found": False},
    )


def _wait_fix(target: Target, fact: CampaignFact) -> Fix:
    return fx.make_fix(
        "Wait for the campaign review to finish, then re-run the doctor",
        steps=[
            "Campaign review goes TCR → Telnyx → carriers; carrier provisioning takes from hours (T-Mobile) "
            "to 1–3 days (AT&T, Verizon).",
            "Configure the campaign's webhookURL to be told of each status change.",
            "Re-run the doctor once the campaign reaches MNO_PROVISIONED.",
        ],
        commands=[*_status_cmds(fact), fx.recheck(target, "10dlc.*")],
        docs_url=fx.DOCS_10DLC_CAMPAIGN,
    )


def _blocked_fix(target: Target, fact: CampaignFact, blocked: st.Blocked) -> Fix:
    if fact.source == "partner":
        return _partner_fix(target, fact, blocked.fix)
    commands = _status_cmds(fact)
    if blocked.appealable:
        commands.append(
            fx.curl(
                "POST",
                f"/10dlc/campaign/{fx.seg(fact.campaign_id)}/appeal",
                body={"appeal_reason": fx.ShellVar("APPEAL_REASON")},
            )
        )
    commands.append(fx.recheck(target, "10dlc.*"))
    steps = [*blocked.steps]
    if blocked.appealable:
        reason = fx.export_var(fx.ShellVar("APPEAL_REASON"), "what you changed and why the campaign complies")
        steps.insert(len(steps) - 1, reason)
    return fx.make_fix(blocked.fix, steps=steps, commands=commands, docs_url=fx.DOCS_10DLC_TROUBLESHOOTING)


def _partner_fix(target: Target, fact: CampaignFact, summary: str) -> Fix:
    return fx.make_fix(
        f"{summary} (through the CSP that registered the campaign)",
        steps=[
            "This campaign was registered by another campaign service provider and shared with Telnyx; "
            "only that CSP can correct, appeal or renew it.",
            "Contact the CSP with the campaign id, or assign the number to a campaign of your own.",
        ],
        commands=[_campaign_cmd(fact), fx.recheck(target, "10dlc.*")],
        docs_url=fx.DOCS_10DLC_TROUBLESHOOTING,
    )


def _support_fix(target: Target, fact: CampaignFact, summary: str) -> Fix:
    if fact.source == "partner":
        return _partner_fix(target, fact, summary)
    return fx.make_fix(
        summary,
        steps=[
            "Read the campaign's state and failureReasons with the commands below.",
            "Contact Telnyx support with the campaign id to resolve it, or register a new campaign and "
            "move the number to it.",
        ],
        commands=[*_status_cmds(fact), fx.recheck(target, "10dlc.*")],
        docs_url=fx.DOCS_10DLC_TROUBLESHOOTING,
    )


CHECKS: list[Check] = [campaign_active]
