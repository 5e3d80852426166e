"""The webhook apps users write, built the documented way: Flask and FastAPI with the telnyx SDK's `unwrap`."""

from __future__ import annotations

import time
from typing import Any

import telnyx
from fastapi import FastAPI, Request, Response

# FastAPI resolves the handlers' annotations (strings here) in this module, so its names live at module level.

PATH = "/webhooks/telnyx"


def _client(public_key: str) -> telnyx.Telnyx:
    # The SDK verifies with the client's public_key; no API call is made, so the key is a placeholder.
    return telnyx.Telnyx(api_key="KEY_not_used_for_verification", public_key=public_key)


def flask_verify_400(public_key: str) -> Any:
    """Flask: verify with the SDK, answer 400 "Bad signature" on failure (the documented pattern)."""
    from flask import Flask, request

    app = Flask("verify_400")
    client = _client(public_key)

    @app.post(PATH)
    def hook() -> tuple[str, int]:
        try:
            client.webhooks.unwrap(request.get_data(as_text=True), headers=dict(request.headers))
        except ValueError:
            return "Bad signature", 400
        return "ok", 200

    return app


def flask_verify_500(public_key: str) -> Any:
    """Flask: verify with the SDK and let the verification error escape, so Flask answers 500."""
    from flask import Flask, request

    app = Flask("verify_500")
    client = _client(public_key)

    @app.post(PATH)
    def hook() -> tuple[str, int]:
        client.webhooks.unwrap(request.get_data(as_text=True), headers=dict(request.headers))
        return "ok", 200

    return app


def flask_basic_auth(public_key: str) -> Any:
    """Flask behind an HTTP basic-auth wall (as a site-wide login often is)."""
    from flask import Flask, Response, request

    app = Flask("basic_auth")

    @app.before_request
    def wall() -> Response | None:
        if request.authorization is None:
            return Response("Unauthorized", 401, {"WWW-Authenticate": 'Basic realm="webhooks"'})
        return None

    @app.post(PATH)
    def hook() -> tuple[str, int]:
        return "ok", 200

    return app


def fastapi_verify_401(public_key: str) -> Any:
    """FastAPI: verify with the SDK, answer 401 on failure."""
    app = FastAPI()
    client = _client(public_key)

    @app.post(PATH)
    async def hook(request: Request) -> Response:
        body = (await request.body()).decode()
        try:
            client.webhooks.unwrap(body, headers=dict(request.headers))
        except ValueError:
            return Response("invalid", status_code=401)
        return Response("ok")

    return app


def fastapi_no_verification(public_key: str) -> Any:
    """FastAPI: accepts anything with 200 (no verification at all)."""
    app = FastAPI()

    @app.post(PATH)
    async def hook(request: Request) -> dict[str, bool]:
        await request.body()
        return {"ok": True}

    return app


COLD_START_S = 1.2


def fastapi_cold_start(public_key: str) -> Any:
    """FastAPI whose first request is slow (imports and warms its crypto on first use); later ones are fast."""
    app = FastAPI()
    client = _client(public_key)
    warm: list[bool] = []

    @app.post(PATH)
    def hook(request: Request) -> Response:
        if not warm:
            time.sleep(COLD_START_S)
            warm.append(True)
        return Response("ok")

    del client  # built eagerly above, like an app's module-level client
    return app
