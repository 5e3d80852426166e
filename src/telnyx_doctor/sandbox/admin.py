"""The unauthenticated `/_sandbox` routes: request counters, faults and settings over HTTP."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from telnyx_doctor.sandbox.faults import Fault
from telnyx_doctor.sandbox.state import SandboxState

PREFIX = "/_sandbox"
_FAULTS = TypeAdapter(Fault | list[Fault])


class SettingsUpdate(BaseModel):
    """A partial change of RuntimeSettings; `rate_limit: null` removes the limit."""

    model_config = ConfigDict(extra="forbid")

    latency: float | None = Field(None, ge=0)
    rate_limit: float | None = Field(None, gt=0)
    sluggish_delay: float | None = Field(None, ge=0)
    slow_delay: float | None = Field(None, ge=0)


def _problem(detail: str) -> JSONResponse:
    return JSONResponse({"error": detail}, status_code=400)


def create_admin_app(state: SandboxState) -> Starlette:
    """The admin app for `state`."""

    async def requests(request: Request) -> Response:
        return JSONResponse(
            {
                "total": state.requests.total,
                "requests": state.requests.snapshot(),
                "rate_limited": state.rate_limited.total,
                "repeated": {key: n for key, n in state.fetches.snapshot().items() if n > 1},
                "webhooks": state.webhook_requests.snapshot(),
            }
        )

    async def reset_counters(request: Request) -> Response:
        state.reset_counters()
        return await requests(request)

    async def reset_account(request: Request) -> Response:
        state.reset_account()
        return JSONResponse({"numbers": len(state.account.numbers)})

    async def reset(request: Request) -> Response:
        state.reset()
        return JSONResponse({"numbers": len(state.account.numbers), "faults": len(state.faults.statuses())})

    async def faults(request: Request) -> Response:
        if request.method == "DELETE":
            state.faults.clear()
        elif request.method == "POST":
            try:
                parsed = _FAULTS.validate_json(await request.body())
            except ValidationError as exc:
                return _problem(str(exc.errors()[0]["msg"]))
            state.faults.extend(parsed if isinstance(parsed, list) else [parsed])
        listed = [
            {"fault": s.fault.model_dump(exclude_none=True), "hits": s.hits, "remaining": s.remaining}
            for s in state.faults.statuses()
        ]
        return JSONResponse({"faults": listed})

    async def settings(request: Request) -> Response:
        if request.method == "POST":
            try:
                raw: Any = json.loads(await request.body() or b"{}")
                update = SettingsUpdate.model_validate(raw)
            except (ValueError, ValidationError) as exc:
                return _problem(str(exc))
            for name in update.model_fields_set:
                setattr(state.settings, name, getattr(update, name))
        return JSONResponse(asdict(state.settings))

    async def info(request: Request) -> Response:
        return JSONResponse(
            {
                "scenario": state.scenario.name,
                "numbers": state.scenario.numbers,
                "webhook_http_base": state.webhook_bases.http,
                "webhook_https_base": state.webhook_bases.https,
                "webhook_public_key": state.signer.public_key_b64,
            }
        )

    async def not_found(request: Request, exc: Exception) -> Response:
        return JSONResponse({"error": f"no admin route {request.method} {request.url.path}"}, status_code=404)

    return Starlette(
        routes=[
            Route(f"{PREFIX}/requests", requests, methods=["GET"]),
            Route(f"{PREFIX}/reset-counters", reset_counters, methods=["POST"]),
            Route(f"{PREFIX}/reset-account", reset_account, methods=["POST"]),
            Route(f"{PREFIX}/reset", reset, methods=["POST"]),
            Route(f"{PREFIX}/faults", faults, methods=["GET", "POST", "DELETE"]),
            Route(f"{PREFIX}/settings", settings, methods=["GET", "POST"]),
            Route(f"{PREFIX}/info", info, methods=["GET"]),
        ],
        exception_handlers={404: not_found, 405: not_found},
    )
