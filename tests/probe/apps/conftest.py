"""Fixtures that serve the real webhook apps on loopback and forge Telnyx-style signature headers."""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Callable, Iterator

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


def _url(base: str) -> str:
    return base + webhook_apps.PATH


@pytest.fixture
def flask_verify_400(public_key: str) -> Iterator[str]:
    """URL of a Flask app that verifies with the SDK and answers 400 "Bad signature"."""
    with serve_wsgi(webhook_apps.flask_verify_400(public_key)) as base:
        yield _url(base)


@pytest.fixture
def flask_verify_500(public_key: str) -> Iterator[str]:
    """URL of a Flask app whose verification error becomes a 500."""
    with serve_wsgi(webhook_apps.flask_verify_500(public_key)) as base:
        yield _url(base)


@pytest.fixture
def flask_basic_auth(public_key: str) -> Iterator[str]:
    """URL of a Flask app behind a basic-auth wall."""
    with serve_wsgi(webhook_apps.flask_basic_auth(public_key)) as base:
        yield _url(base)


@pytest.fixture
def fastapi_verify_401(public_key: str) -> Iterator[str]:
    """URL of a FastAPI app (uvicorn) that verifies with the SDK and answers 401."""
    with serve_asgi(webhook_apps.fastapi_verify_401(public_key)) as base:
        yield _url(base)


@pytest.fixture
def fastapi_no_verification(public_key: str) -> Iterator[str]:
    """URL of a FastAPI app that answers 200 to anything."""
    with serve_asgi(webhook_apps.fastapi_no_verification(public_key)) as base:
        yield _url(base)


@pytest.fixture
def fastapi_cold_start(public_key: str) -> Iterator[str]:
    """URL of a FastAPI app whose first request takes ~1.2 s and later ones are fast."""
    with serve_asgi(webhook_apps.fastapi_cold_start(public_key)) as base:
        yield _url(base)


@pytest.fixture
def django_csrf() -> Iterator[str]:
    """URL of a Django view (uvicorn, ASGI) with CSRF protection on and no `@csrf_exempt`."""
    with serve_asgi(django_csrf_app()) as base:
        yield _url(base)
