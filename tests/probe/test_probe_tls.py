"""The probe's TLS verification against trustme certificates: trusted, unknown CA, expired, wrong host."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from telnyx_doctor.probe import ProbeSettings, probe_url

from .endpoints import Certificates, LoopbackServer

pytestmark = pytest.mark.anyio

Loopback = Callable[..., LoopbackServer]


def settings(certificates: Certificates, **overrides: object) -> ProbeSettings:
    values: dict[str, object] = {"allow_private": True, "timeout": 2.0, "ca_bundle": certificates.ca_bundle}
    values.update(overrides)
    return ProbeSettings(**values)  # type: ignore[arg-type]


async def test_a_trusted_certificate_verifies_and_is_described(loopback: Loopback, certificates: Certificates) -> None:
    """With the CA in ca_bundle, TLS verifies; issuer, expiry and the handshake time are recorded, SNI sent."""
    sni: list[str] = []
    async with loopback(tls=certificates.server(sni_seen=sni)) as server:
        result = await probe_url(server.url(host="localhost"), settings(certificates))
    assert result.error_kind is None and result.status_code == 200
    assert result.tls is not None and result.tls.verified
    assert result.tls.issuer and "trustme" in result.tls.issuer
    assert result.tls.not_after and result.tls.days_left is not None and result.tls.days_left > 300
    assert result.timings.tls_ms is not None
    assert sni == ["localhost"]


async def test_a_certificate_from_an_unknown_ca_fails_as_untrusted(
    loopback: Loopback, certificates: Certificates
) -> None:
    """A chain the trust store does not know fails verification and no request is sent."""
    async with loopback(tls=certificates.server(ca=certificates.stranger)) as server:
        result = await probe_url(server.url(host="localhost"), settings(certificates))
    assert result.error_kind == "tls"
    assert result.tls is not None and result.tls.problem == "untrusted" and not result.tls.verified
    assert result.tls.issuer is not None  # read back without verification to describe it
    assert server.requests == []


async def test_an_expired_certificate_fails_as_expired(loopback: Loopback, certificates: Certificates) -> None:
    """A certificate past its not_after fails as expired, with its expiry date."""
    expired = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    async with loopback(tls=certificates.server(not_after=expired)) as server:
        result = await probe_url(server.url(host="localhost"), settings(certificates))
    assert result.error_kind == "tls"
    assert result.tls is not None and result.tls.problem == "expired"
    assert result.tls.days_left is not None and result.tls.days_left < 0 and result.tls.not_after


async def test_a_certificate_for_another_host_fails_as_a_mismatch(
    loopback: Loopback, certificates: Certificates
) -> None:
    """A certificate that does not name the URL's host fails as a hostname mismatch."""
    async with loopback(tls=certificates.server("example.org")) as server:
        result = await probe_url(server.url(host="localhost"), settings(certificates))
    assert result.error_kind == "tls"
    assert result.tls is not None and result.tls.problem == "hostname_mismatch"


async def test_a_certificate_expiring_soon_still_verifies_with_its_days_left(
    loopback: Loopback, certificates: Certificates
) -> None:
    """A valid certificate close to expiry verifies and reports how many days it has left."""
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=5, hours=1)
    async with loopback(tls=certificates.server(not_after=soon)) as server:
        result = await probe_url(server.url(), settings(certificates))
    assert result.tls is not None and result.tls.verified and result.tls.days_left == 5


async def test_https_to_a_plain_http_port_is_a_tls_handshake_failure(
    uvicorn_url: str, certificates: Certificates
) -> None:
    """An https:// URL whose port speaks plain HTTP fails the handshake, not verification."""
    url = uvicorn_url.replace("http://", "https://") + "/ok"
    result = await probe_url(url, settings(certificates))
    assert result.error_kind == "tls"
    assert result.tls is not None and result.tls.problem == "handshake"


async def test_the_default_store_does_not_trust_a_private_ca(loopback: Loopback, certificates: Certificates) -> None:
    """Without ca_bundle the test CA is unknown, as it would be to Telnyx."""
    async with loopback(tls=certificates.server()) as server:
        result = await probe_url(server.url(), settings(certificates, ca_bundle=None))
    assert result.error_kind == "tls" and result.tls is not None and result.tls.problem == "untrusted"
