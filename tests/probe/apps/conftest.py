"""Fixtures that serve the real webhook apps on loopback and forge Telnyx-style signature headers."""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from nacl.signing import SigningKey

from . import webhook_apps
from .django_app import django_csrf_app
from .servers import serve_asgi, serve_wsgi


@pytest.fixture(scope="session")
def signing_key() -> SigningKey:
    """An Ed25519 key pair made for the test session; apps verify with its public half."""
    return SigningKey.generate()


@pytest.fixture(scope="session")
def public_key(signing_key: SigningKey) -> str:
    return base64.b64encode(bytes(signing_key.verify_key)).decode()


@pytest.fixture
def forged_headers() -> dict[str, str]:
    """Telnyx-style signature headers with a well-formed but forged signature (no credentials of any kind)."""
    return {
        "Content-Type": "application/json",
        "Telnyx-Timestamp": str(int(time.time())),
        "Telnyx-Signature-Ed25519": base64.b64encode(os.urandom(64)).decode(),
    }


@pytest.fixture
def signed_headers(signing_key: SigningKey) -> Callable[[str], dict[str, str]]:
    """Headers that truly sign `body` with the session's key, as Telnyx would."""

    def sign(body: str) -> dict[str, str]:
        stamp = str(int(time.time()))
        signature = signing_key.sign(f"{stamp}|{body}".encode()).signature
        return {
            "Content-Type": "application/json",
            "Telnyx-Timestamp": stamp,
            "Telnyx-Signature-Ed25519": base64.b64encode(signature).decode(),
        }

    return sign


# Each app under test: how it is served, how it is made from the session's public key, and what it does.
_APPS: dict[str, tuple[Callable[[Any], AbstractContextManager[str]], Callable[[str], Any], str]] = {
    "flask_verify_400": (
        serve_wsgi,
        webhook_apps.flask_verify_400,
        'URL of a Flask app that verifies with the SDK and answers 400 "Bad signature".',
    ),
    "flask_verify_500": (
        serve_wsgi,
        webhook_apps.flask_verify_500,
        "URL of a Flask app whose verification error becomes a 500.",
    ),
    "flask_basic_auth": (serve_wsgi, webhook_apps.flask_basic_auth, "URL of a Flask app behind a basic-auth wall."),
    "fastapi_verify_401": (
        serve_asgi,
        webhook_apps.fastapi_verify_401,
        "URL of a FastAPI app (uvicorn) that verifies with the SDK and answers 401.",
    ),
    "fastapi_no_verification": (
        serve_asgi,
        webhook_apps.fastapi_no_verification,
        "URL of a FastAPI app that answers 200 to anything.",
    ),
    "fastapi_cold_start": (
        serve_asgi,
        webhook_apps.fastapi_cold_start,
        "URL of a FastAPI app whose first request takes ~1.2 s and later ones are fast.",
    ),
    "django_csrf": (
        serve_asgi,
        lambda _key: django_csrf_app(),
        "URL of a Django view (uvicorn, ASGI) with CSRF protection on and no `@csrf_exempt`.",
    ),
}


def _app_fixture(
    name: str, serve: Callable[[Any], AbstractContextManager[str]], make: Callable[[str], Any], doc: str
) -> Any:
    """A fixture named `name` that serves the app `make` builds and yields its webhook URL."""

    def fixture(public_key: str) -> Iterator[str]:
        with serve(make(public_key)) as base:
            yield base + webhook_apps.PATH

    fixture.__doc__ = doc
    return pytest.fixture(name=name)(fixture)


for _name, (_serve, _make, _doc) in _APPS.items():
    globals()[_name] = _app_fixture(_name, _serve, _make, _doc)
