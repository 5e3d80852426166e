"""The sandbox's API as one ASGI app: /v2 behind counting, latency, rate limit, faults and bearer auth."""

from __future__ import annotations

import hmac
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Route
from starlette.types import Message, Receive, Scope, Send

from telnyx_doctor.sandbox.admin import PREFIX as ADMIN_PREFIX
from telnyx_doctor.sandbox.admin import create_admin_app
from telnyx_doctor.sandbox.api_10dlc import TenDlcRoutes
from telnyx_doctor.sandbox.api_evidence import EvidenceRoutes
from telnyx_doctor.sandbox.api_messages import MessageRoutes
from telnyx_doctor.sandbox.api_numbers import NumberRoutes
from telnyx_doctor.sandbox.api_profiles import ProfileRoutes
from telnyx_doctor.sandbox.api_tollfree import TollFreeRoutes
from telnyx_doctor.sandbox.fault_actions import RAW_SEND, apply_fault, send_error
from telnyx_doctor.sandbox.params import check_route_filters
from telnyx_doctor.sandbox.responses import ApiProblem, error_response, family_of, not_found, not_simulated
from telnyx_doctor.sandbox.state import RateDecision, SandboxState

_MISSING_KEY = "The required authentication headers were either invalid or not included in the request."
_WRONG_KEY = "Could not understand the provided credentials."


def api_routes(state: SandboxState) -> list[BaseRoute]:
    """Every /v2 route the sandbox serves."""
    routes: list[Route] = []
    for group in (NumberRoutes, ProfileRoutes, TenDlcRoutes, TollFreeRoutes, EvidenceRoutes, MessageRoutes):
        routes.extend(group(state).routes())
    return list(routes)


class SandboxApp:
    """Routes `/_sandbox` to the admin app and `/v2` through the request pipeline; anything else is a 404."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state
        self.api = Starlette(
            routes=api_routes(state),
            exception_handlers={
                ApiProblem: _problem,
                404: _unknown_route,
                405: _unsupported_method,
                Exception: _internal_error,
            },
        )
        self.admin = create_admin_app(state)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI entry point."""
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        if path.startswith(ADMIN_PREFIX + "/"):
            await self.admin(scope, receive, send)
        elif path == "/v2" or path.startswith("/v2/"):
            await self._v2({**scope, RAW_SEND: send}, receive, send)
        else:
            await not_found("messaging", "The requested resource or URL could not be found.")(scope, receive, send)

    def template(self, scope: Scope) -> str:
        """The route template a request matches (`/v2/phone_numbers/{id}/messaging`), else its raw path."""
        partial: str | None = None
        for route in self.api.routes:
            match, _ = route.matches(scope)
            if match is Match.FULL and isinstance(route, Route):
                return route.path
            if match is Match.PARTIAL and partial is None and isinstance(route, Route):
                partial = route.path
        return partial or str(scope["path"])

    async def _v2(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = self.state
        method: str = scope["method"]
        path: str = scope["path"]
        family = family_of(path)
        template = self.template(scope)
        state.requests.hit(f"{method} {template}")
        settings = state.settings
        if settings.latency > 0:
            await state.sleep(settings.latency)
        if settings.rate_limit is not None:
            decision = state.rate_limiter.check(settings.rate_limit)
            send = _with_rate_headers(send, decision)
            if not decision.allowed:
                state.rate_limited.hit(f"{method} {template}")
                await send_error(send, 429, family, retry_after=decision.retry_after)
                return
        query = unquote(scope.get("query_string", b"").decode("latin-1"))
        fault = state.faults.take(method, path, template, query)
        if fault is not None:
            await apply_fault(fault, state, self._authorized, scope, receive, send, family)
            return
        state.fetches.hit(f"{method} {path}?{query}" if query else f"{method} {path}")
        await self._authorized(scope, receive, send)

    async def _authorized(self, scope: Scope, receive: Receive, send: Send) -> None:
        header = dict(scope.get("headers", [])).get(b"authorization", b"").decode("latin-1")
        scheme, _, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            problem = _MISSING_KEY
        elif not hmac.compare_digest(key.strip().encode(), self.state.api_key.encode()):
            problem = _WRONG_KEY
        else:
            await self._routed(scope, receive, send)
            return
        family = family_of(scope["path"])
        response = error_response(401, "10009", "Authentication failed", problem, family=family)
        response.headers["www-authenticate"] = "Bearer"
        await response(scope, receive, send)

    async def _routed(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Refuse filters a list route does not apply, rather than answer as if they had matched everything.
        if scope["method"] == "GET":
            try:
                check_route_filters(self.template(scope), Request(scope).query_params, family_of(scope["path"]))
            except ApiProblem as problem:
                await problem.response(scope, receive, send)
                return
        await self.api(scope, receive, send)


# First path segments of Telnyx API areas the sandbox serves in part: anything else under them is a real
# operation it does not simulate (501), not an unknown URL (404).
KNOWN_AREAS = frozenset(
    {
        "phone_numbers", "messaging_phone_numbers", "messaging_profiles", "short_codes", "alphanumeric_sender_ids",
        "10dlc", "messaging_tollfree", "messages", "detail_records", "webhook_deliveries", "reports",
    }
)  # fmt: skip


def _known_area(path: str) -> bool:
    parts = path.split("/")
    return len(parts) > 2 and parts[1] == "v2" and parts[2] in KNOWN_AREAS


async def _internal_error(request: Request, exc: Exception) -> Response:
    # A bug in the sandbox still answers like Telnyx would; Starlette re-raises it so the server logs it.
    return error_response(500, "10007", "Unexpected error", f"The sandbox failed: {type(exc).__name__}.")


def _with_rate_headers(send: Send, decision: RateDecision) -> Send:
    extra = [
        (b"x-ratelimit-limit", f"{decision.limit:g}".encode()),
        (b"x-ratelimit-remaining", str(decision.remaining).encode()),
        (b"x-ratelimit-reset", str(decision.reset).encode()),
    ]

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return wrapped


async def _problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiProblem)
    return exc.response


async def _unknown_route(request: Request, exc: Exception) -> Response:
    path = request.url.path
    if _known_area(path):
        return not_simulated(request.method, path, family_of(path))
    return not_found(family_of(path), "The requested resource or URL could not be found.")


async def _unsupported_method(request: Request, exc: Exception) -> Response:
    # The path exists (GET answers it); the method is a real operation the sandbox leaves out.
    return not_simulated(request.method, request.url.path, family_of(request.url.path))


def create_app(state: SandboxState | None = None) -> SandboxApp:
    """The sandbox API app over `state` (an empty account when None)."""
    return SandboxApp(state or SandboxState())
