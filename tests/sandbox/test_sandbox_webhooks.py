from __future__ import annotations

import json
import ssl
import time
from collections.abc import Iterator

import httpx
import pytest

from telnyx_doctor.sandbox import SandboxServer
from telnyx_doctor.sandbox.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, WebhookSigner

EVENT = json.dumps({"data": {"event_type": "message.received", "id": "evt-1"}, "meta": {"attempt": 1}}).encode()


@pytest.fixture
def tls(server: SandboxServer) -> Iterator[httpx.Client]:
    """A client that trusts the sandbox CA (as --ca-bundle would)."""
    context = ssl.create_default_context(cafile=str(server.ca_file))
    with httpx.Client(verify=context, timeout=5) as client:
        yield client


@pytest.mark.parametrize(
    ("name", "method", "status"),
    [
        ("healthy", "POST", 200),
        ("healthy", "HEAD", 200),
        ("error", "POST", 500),
        ("missing", "POST", 404),
        ("method", "POST", 405),
        ("method", "GET", 200),
        ("forged-ok", "POST", 200),
        ("no-such-endpoint", "POST", 404),
    ],
)
def test_endpoints_answer_as_named(
    server: SandboxServer, tls: httpx.Client, name: str, method: str, status: int
) -> None:
    """Each endpoint answers its documented status over both plain HTTP and TLS."""
    for url in (server.webhook_url(name), server.webhook_url(name, tls=False)):
        assert tls.request(method, url, content=EVENT if method == "POST" else None).status_code == status


def test_redirect_points_at_healthy(server: SandboxServer, tls: httpx.Client) -> None:
    """`redirect` answers 301 to /healthy on the same server."""
    response = tls.post(server.webhook_url("redirect"), content=EVENT)
    assert response.status_code == 301
    assert response.headers["location"] == server.webhook_url("healthy")


def test_delayed_endpoints_still_answer_200(server: SandboxServer, tls: httpx.Client) -> None:
    """`sluggish` and `slow` answer 200 after their (here shortened) delays."""
    server.state.settings.sluggish_delay = 0.01
    server.state.settings.slow_delay = 0.02
    assert tls.post(server.webhook_url("sluggish"), content=EVENT).status_code == 200
    assert tls.post(server.webhook_url("slow"), content=EVENT).status_code == 200


def test_tls_needs_the_sandbox_ca(server: SandboxServer) -> None:
    """Without the sandbox CA the certificate does not verify."""
    with httpx.Client() as client, pytest.raises(httpx.ConnectError):
        client.post(server.webhook_url("healthy"), content=EVENT)


def test_verifying_accepts_a_correct_signature(server: SandboxServer, tls: httpx.Client) -> None:
    """A webhook signed with the sandbox key over `timestamp|body` is accepted, with or without a path suffix."""
    for name in ("verifying", "verifying/failover"):
        response = tls.post(server.webhook_url(name), content=EVENT, headers=server.sign_webhook(EVENT))
        assert response.status_code == 200


@pytest.mark.parametrize("problem", ["forged", "missing", "stale", "other body"])
def test_verifying_rejects_bad_signatures(server: SandboxServer, tls: httpx.Client, problem: str) -> None:
    """Forged, missing, stale or mismatched signatures get 401."""
    headers = server.sign_webhook(EVENT)
    body = EVENT
    if problem == "forged":
        headers = WebhookSigner.generate().sign(EVENT)
    elif problem == "missing":
        headers = {}
    elif problem == "stale":
        headers = server.sign_webhook(EVENT, timestamp=int(time.time()) - 301)
    else:
        body = EVENT + b" "
    response = tls.post(server.webhook_url("verifying"), content=body, headers=headers)
    assert response.status_code == 401
    assert "error" in response.json()


def test_profile_webhook_urls_reach_the_running_servers(
    server: SandboxServer, http: httpx.Client, tls: httpx.Client
) -> None:
    """A profile's `sandbox+tls:verifying` URL, as the API reports it, is a live endpoint."""
    healthy = http.get("/phone_numbers/+15550100001/messaging").json()["data"]
    profile = http.get(f"/messaging_profiles/{healthy['messaging_profile_id']}").json()["data"]
    assert profile["webhook_url"].startswith("https://localhost:")
    assert tls.post(profile["webhook_url"], content=EVENT).status_code == 401
    signed = tls.post(profile["webhook_url"], content=EVENT, headers=server.sign_webhook(EVENT))
    assert signed.status_code == 200
    assert tls.post(profile["webhook_failover_url"], content=EVENT).status_code == 401


def test_webhook_requests_are_counted(server: SandboxServer, tls: httpx.Client) -> None:
    """Webhook hits are counted per method and endpoint, and shown by /_sandbox/requests."""
    tls.post(server.webhook_url("healthy"), content=EVENT)
    tls.post(server.webhook_url("error"), content=EVENT)
    tls.post(server.webhook_url("error", tls=False), content=EVENT)
    assert server.state.webhook_requests.snapshot() == {"POST /error": 2, "POST /healthy": 1}
    assert httpx.get(f"{server.admin_url}/requests").json()["webhooks"]["POST /error"] == 2


def test_signer_round_trip_and_tolerance() -> None:
    """The signer verifies its own signatures within 300 s either way, and nothing else."""
    signer = WebhookSigner.generate()
    headers = signer.sign(b"{}", timestamp=1_700_000_000)
    assert signer.verify(headers, b"{}", now=1_700_000_300) is None
    assert signer.verify(headers, b"{}", now=1_699_999_700) is None
    assert "300 s" in (signer.verify(headers, b"{}", now=1_700_000_301) or "")
    assert signer.verify({**headers, TIMESTAMP_HEADER: "soon"}, b"{}", now=1_700_000_000) is not None
    assert signer.verify({**headers, SIGNATURE_HEADER: "***"}, b"{}", now=1_700_000_000) is not None
    upper = {k.upper(): v for k, v in headers.items()}
    assert signer.verify(upper, b"{}", now=1_700_000_000) is None
    assert len(signer.public_key_b64) == 44
