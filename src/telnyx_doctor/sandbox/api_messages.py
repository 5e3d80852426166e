"""Sending: POST /v2/messages (and its variants), GET /v2/messages/{id}, and each message's life afterwards.

A message is queued, sent after `sending.sent_after` seconds (message.sent), and reaches the final status the
scenario sets after `sending.final_after` more (message.finalized, detail record written); one addressed to
another number of the account then arrives there (message.received to that number's profile URLs).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from telnyx_doctor.sandbox import ids, sending
from telnyx_doctor.sandbox import views_evidence as views
from telnyx_doctor.sandbox.dispatch import deliver
from telnyx_doctor.sandbox.evidence import MDR_OF_FINAL, MessageRecord, new_id
from telnyx_doctor.sandbox.records import Campaign, Profile
from telnyx_doctor.sandbox.responses import ApiProblem, error_response, json_response, not_found
from telnyx_doctor.sandbox.sending import Refusal, Sender
from telnyx_doctor.sandbox.spec_evidence import SendOutcomeSpec
from telnyx_doctor.sandbox.state import SandboxState

_RETRIEVABLE = timedelta(days=10)  # GET /v2/messages/{id} only finds messages this young (reference §B.3)
_GSM_PART = 160


def _refused(refusal: Refusal) -> ApiProblem:
    return ApiProblem(
        error_response(refusal.status, refusal.code, refusal.title, refusal.detail, pointer=refusal.pointer)
    )


class MessageRoutes:
    """Send handlers and the background life of each message."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state

    def routes(self) -> list[Route]:
        """The routes."""
        send = [
            Route(f"/v2/messages/{kind}", self._sender(kind), methods=["POST"])
            for kind in ("long_code", "short_code", "number_pool", "alphanumeric_sender_id")
        ]
        return [
            Route("/v2/messages", self._sender("messages"), methods=["POST"]),
            *send,
            Route("/v2/messages/{id}", self.get_message, methods=["GET"]),
        ]

    def _sender(self, kind: str) -> Any:
        async def handler(request: Request) -> Response:
            return await self.send(request, kind)

        handler.__doc__ = f"POST /v2/messages{'' if kind == 'messages' else '/' + kind}."
        return handler

    async def send(self, request: Request, kind: str) -> Response:
        """Validate like Telnyx, keep the message queued, and start its life in the background."""
        body = await _json_body(request)
        account = self.state.account
        spec = self.state.scenario.spec
        destinations = {d.phone_number: d for d in spec.destinations}
        try:
            sending.required(kind, body)
            to = sending.destination(body.get("to"))
            sending.content(body)
            sender = sending.resolve_sender(kind, body, account)
            sending.registration(sender, account)
            sending.destination_allowed(sender, to)
            result = sending.outcome(sender, to, destinations)
            sending.refuse_by_outcome(result)
        except Refusal as refusal:
            raise _refused(refusal) from None
        record = self._queued(sender, to, body)
        self.state.evidence.add_message(record)
        use_profile = body.get("use_profile_webhooks", True) is not False
        urls = [body.get("webhook_url"), body.get("webhook_failover_url")]
        if use_profile or not any(urls):
            urls += [sender.profile.spec.webhook_url, sender.profile.spec.webhook_failover_url]
        self._spawn(self._life(record, result, [u for u in urls if isinstance(u, str) and u]))
        return json_response({"data": self._view(record)})

    def _queued(self, sender: Sender, to: str, body: dict[str, Any]) -> MessageRecord:
        now = datetime.now(UTC)
        text = str(body.get("text") or "")
        number = sender.number
        campaign = number.assignment.campaign if number and number.assignment else None
        return MessageRecord(
            id=new_id(),
            direction="outbound",
            cli=sender.address,
            cld=to,
            created_at=now,
            to_status="queued",
            mdr_status=None,
            message_type="MMS" if body.get("media_urls") or body.get("type") == "MMS" else "SMS",
            parts=max(1, -(-len(text) // _GSM_PART)),
            text=text,
            profile=sender.profile,
            updated_at=now,
            webhook_url=body.get("webhook_url") or sender.profile.spec.webhook_url,
            webhook_failover_url=body.get("webhook_failover_url") or sender.profile.spec.webhook_failover_url,
            tags=list(number.tags) if number else [],
            tcr_campaign_id=campaign.tcr_campaign_id if isinstance(campaign, Campaign) else None,
            valid_until=now + timedelta(hours=4),
        )

    def _view(self, record: MessageRecord) -> dict[str, Any]:
        return views.message(record, self.state.account.organization_id, self.state.webhook_bases)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self.state.background.add(task)
        task.add_done_callback(self.state.background.discard)

    async def _life(self, record: MessageRecord, result: SendOutcomeSpec, urls: list[str]) -> None:
        state = self.state
        timing = state.scenario.spec.sending
        await state.sleep(timing.sent_after)
        if state.closing:
            return
        evidence = state.evidence
        with evidence.lock:
            record.to_status = "sending"
        sent_ok = result.status not in ("sending_failed", "expired")
        if sent_ok:
            with evidence.lock:
                record.to_status, record.sent_at = "sent", datetime.now(UTC)
                record.valid_until = None
                record.updated_at = record.sent_at
            self._spawn(self._event(record, "message.sent", urls))
        await state.sleep(timing.final_after)
        if state.closing:
            return
        with evidence.lock:
            record.to_status = result.status
            record.errors = list(result.errors) or (["40014"] if result.status == "expired" else [])
            record.completed_at = record.updated_at = datetime.now(UTC)
            record.mdr_status = MDR_OF_FINAL[result.status]
        delivery = await self._event(record, "message.finalized", urls)
        with evidence.lock:
            if delivery is not None:
                record.delivery_status = (
                    "success: webhook succeeded" if delivery.status == "delivered" else "failed: webhook failed"
                )
        if result.status == "delivered":
            await self._arrive(record)

    async def _event(self, record: MessageRecord, event_type: str, urls: list[str]) -> Any:
        with self.state.evidence.lock:
            payload = self._view(record)
        return await deliver(self.state, event_type, ids.now_iso(), payload, urls)

    async def _arrive(self, sent: MessageRecord) -> None:
        """A message to a number of the same account arrives there as inbound."""
        account = self.state.account
        receiver = account.numbers_by_e164.get(sent.cld)
        if receiver is None:
            return
        profile: Profile | None = account.profiles_by_id.get(receiver.profile_id or "")
        now = datetime.now(UTC)
        inbound = MessageRecord(
            id=new_id(),
            direction="inbound",
            cli=sent.cli,
            cld=sent.cld,
            created_at=now,
            to_status="delivered",
            mdr_status="received",
            message_type=sent.message_type,
            parts=sent.parts,
            text=sent.text,
            profile=profile,
            sent_at=now,
            completed_at=now,
            updated_at=now,
            webhook_url=profile.spec.webhook_url if profile else None,
            webhook_failover_url=profile.spec.webhook_failover_url if profile else None,
            tags=list(receiver.tags),
        )
        self.state.evidence.add_message(inbound)
        if profile is None:
            return
        delivery = await self._event(
            inbound, "message.received", [u for u in (inbound.webhook_url, inbound.webhook_failover_url) if u]
        )
        if delivery is not None:
            with self.state.evidence.lock:
                if delivery.status == "delivered":
                    inbound.to_status = "webhook_delivered"
                inbound.delivery_status = (
                    "success: webhook succeeded" if delivery.status == "delivered" else "failed: webhook failed"
                )

    async def get_message(self, request: Request) -> Response:
        """GET /v2/messages/{id} (messages up to 10 days old)."""
        evidence = self.state.evidence
        with evidence.lock:
            record = evidence.messages_by_id.get(request.path_params["id"])
            if record is None or datetime.now(UTC) - record.created_at > _RETRIEVABLE:
                return not_found("messaging", "The requested message could not be found.")
            return json_response({"data": self._view(record)})


async def _json_body(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body() or b"null")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise ApiProblem(error_response(400, "10015", "Bad Request", "The request body must be a JSON object."))
    return body
