"""The webhook endpoints the sandbox serves for scenarios to point profiles at (`sandbox:NAME`)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from telnyx_doctor.sandbox.state import SandboxState, WebhookDelivery
from telnyx_doctor.sandbox.webhook_urls import ENDPOINTS

_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
_OK = {"received": True}


def create_webhook_app(state: SandboxState) -> Starlette:
    """One app for the plain and the TLS webhook servers; `/<name>[/anything]` picks the endpoint."""

    async def endpoint(request: Request) -> Response:
        name = request.path_params["name"]
        state.webhook_requests.hit(f"{request.method} /{name}")
        _log(state, request)
        body = await request.body()
        if name not in ENDPOINTS:
            return PlainTextResponse("no such webhook endpoint", status_code=404)
        if name in ("healthy", "forged-ok"):
            return JSONResponse(_OK)
        if name == "sluggish":
            await state.sleep(state.settings.sluggish_delay)
            return JSONResponse(_OK)
        if name == "slow":
            await state.sleep(state.settings.slow_delay)
            return JSONResponse(_OK)
        if name == "error":
            return PlainTextResponse("internal error", status_code=500)
        if name == "missing":
            return PlainTextResponse("not found", status_code=404)
        if name == "method":
            if request.method == "POST":
                return PlainTextResponse("method not allowed", status_code=405, headers={"allow": "GET, HEAD"})
            return JSONResponse(_OK)
        if name == "redirect":
            return RedirectResponse(str(request.url.replace(path="/healthy", query="")), status_code=301)
        problem = state.signer.verify(request.headers, body)  # "verifying", "verifying-500"
        if problem is not None and name == "verifying-500":
            # The app's verification raised and nothing caught it: the framework answers 500.
            return PlainTextResponse("Internal Server Error", status_code=500)
        if problem is not None:
            return JSONResponse({"error": problem}, status_code=401)
        return JSONResponse(_OK)

    async def unknown(request: Request, exc: Exception) -> Response:
        state.webhook_requests.hit(f"{request.method} {request.url.path}")
        _log(state, request)
        return PlainTextResponse("no such webhook endpoint", status_code=404)

    return Starlette(
        routes=[
            Route("/{name}", endpoint, methods=_METHODS),
            Route("/{name}/{rest:path}", endpoint, methods=_METHODS),
        ],
        exception_handlers={404: unknown},
    )


def _log(state: SandboxState, request: Request) -> None:
    headers = {name.lower(): value for name, value in request.headers.items()}
    state.webhook_log.add(WebhookDelivery(method=request.method, path=request.url.path, headers=headers))
