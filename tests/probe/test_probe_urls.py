"""Webhook URL parsing, address classification and host resolution, without any endpoint."""

from __future__ import annotations

import pytest

from telnyx_doctor.probe import (
    ProbeSettings,
    address_category,
    build_probe_request,
    parse_webhook_url,
    resolve_host,
    webhook_url_problem,
)


@pytest.mark.parametrize(
    ("address", "category"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("172.16.5.4", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "reserved"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("2002:a00:1::1", "private"),  # 6to4 around 10.0.0.1
        ("2002:7f00:1::1", "loopback"),  # 6to4 around 127.0.0.1
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 around 169.254.169.254
        ("2002:808:808::1", None),  # 6to4 around a public address
        ("8.8.8.8", None),
        ("192.76.120.200", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_addresses_are_classified(address: str, category: str | None) -> None:
    """Loopback, private, link-local, reserved, multicast, unspecified addresses are flagged, also inside IPv6."""
    assert address_category(address) == category


@pytest.mark.parametrize(
    ("url", "host", "port", "path", "shown"),
    [
        ("https://example.com", "example.com", 443, "/", "https://example.com/"),
        ("HTTP://Example.COM:8080/a?b=1#frag", "example.com", 8080, "/a?b=1", "http://example.com:8080/a?b=1"),
        ("https://u:p@example.com:443/x", "example.com", 443, "/x", "https://example.com/x"),
        ("https://[2001:db8::1]:8443/h", "2001:db8::1", 8443, "/h", "https://[2001:db8::1]:8443/h"),
        ("https://bücher.example/hook", "xn--bcher-kva.example", 443, "/hook", "https://xn--bcher-kva.example/hook"),
        ("https://example.com/ä", "example.com", 443, "/%C3%A4", "https://example.com/%C3%A4"),
    ],
)
def test_webhook_urls_are_parsed_and_normalised(url: str, host: str, port: int, path: str, shown: str) -> None:
    """Scheme and host are normalised, default ports filled in, credentials and fragments dropped."""
    target = parse_webhook_url(url)
    assert (target.host, target.port, target.path, target.url) == (host, port, path, shown)


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("", "empty"),
        ("ftp://example.com/", "not http or https"),
        ("example.com/hook", "not http or https"),
        ("https://", "no host"),
        ("https://exa mple.com", "spaces"),
        ("https://example.com:99999/", "malformed"),
        ("https://-bad-.example/", "not a valid domain name"),
    ],
)
def test_malformed_webhook_urls_are_explained(url: str, complaint: str) -> None:
    """Every malformed URL gets a plain-words reason."""
    problem = webhook_url_problem(url)
    assert problem is not None and complaint in problem


def test_the_request_has_no_credentials_and_the_original_host() -> None:
    """The request line uses the path, Host the original authority, and nothing carries credentials."""
    request = build_probe_request(parse_webhook_url("https://bob:pw@hooks.example:8443/t?x=1"), ProbeSettings())
    head = request.split(b"\r\n\r\n", 1)[0].decode()
    assert head.startswith("POST /t?x=1 HTTP/1.1\r\n")
    assert "Host: hooks.example:8443" in head
    assert "pw" not in request.decode() and "Authorization" not in head and "Cookie" not in head


def test_settings_reject_nonsense() -> None:
    """Unknown modes and non-positive limits are refused when settings are made."""
    with pytest.raises(ValueError, match="probe mode"):
        ProbeSettings(mode="get")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="positive"):
        ProbeSettings(timeout=0)


def test_each_settings_object_has_its_own_throwaway_key() -> None:
    """Two runs never share a signing key."""
    assert ProbeSettings().public_key != ProbeSettings().public_key


@pytest.mark.anyio
async def test_an_ip_literal_resolves_without_dns() -> None:
    """A literal address is its own resolution, flagged when private."""
    resolution = await resolve_host("https://[::1]:8443/hook", ProbeSettings())
    assert (resolution.host, resolution.port, resolution.addresses, resolution.private) == (
        "::1",
        8443,
        ["::1"],
        ["::1"],
    )


@pytest.mark.anyio
async def test_localhost_resolves_to_loopback_addresses() -> None:
    """A name is resolved to every A/AAAA address, each classified."""
    resolution = await resolve_host("http://localhost/hook", ProbeSettings())
    assert resolution.ok and resolution.addresses
    assert resolution.private == resolution.addresses


@pytest.mark.anyio
async def test_an_unresolvable_host_is_an_error_not_an_exception() -> None:
    """A name under .invalid never resolves (RFC 6761) and becomes an error on the resolution."""
    resolution = await resolve_host("https://no-such-host.invalid/hook", ProbeSettings(timeout=1.0))
    assert resolution.error is not None and resolution.addresses == [] and not resolution.ok


@pytest.mark.anyio
async def test_an_invalid_url_resolves_to_an_error() -> None:
    """resolve_host explains a malformed URL instead of raising."""
    resolution = await resolve_host("gopher://x", ProbeSettings())
    assert resolution.error is not None and "not http or https" in resolution.error
