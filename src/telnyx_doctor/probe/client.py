"""The webhook probe: vet a webhook URL's addresses, then deliver one signed test event the way Telnyx would.

The HTTP/1.1 exchange is written on asyncio streams rather than httpx because that gives exact per-phase
timings (DNS, connect, TLS, first byte) and lets us connect to the very address we vetted while sending the
original Host and SNI, so DNS cannot change between the private-address check and the connection.
Proxies are never used: the probe stands in for Telnyx, which reaches the endpoint directly.
"""

from __future__ import annotations

import asyncio
import base64
import codecs
import contextlib
import ipaddress
import json
import logging
import math
import re
import socket
import ssl
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote, urlsplit

from pydantic import BaseModel, ConfigDict, Field

from telnyx_doctor._version import __version__
from telnyx_doctor.probe.answers import BODY_BYTES, HEADER_NAMES
from telnyx_doctor.tls import make_ssl_context

if TYPE_CHECKING:  # cryptography is imported when a probe runs, not when a check is only listed
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

log = logging.getLogger("telnyx_doctor.probe")

ProbeMode = Literal["post", "head", "off"]
ErrorKind = Literal["dns", "private_address", "refused", "timeout", "tls", "connection", "invalid_url"]
TlsProblem = Literal["expired", "not_yet_valid", "hostname_mismatch", "untrusted", "handshake"]

PROBE_EVENT_TYPE = "telnyx_doctor.probe"
USER_AGENT = f"telnyx-doctor/{__version__} (+webhook probe)"
# What the checks and the catalogue of recognised answers read; never cookies or anything else an answer may carry.
_BASE_HEADERS = ("content-type", "content-length", "location", "server", "www-authenticate", "retry-after")
KEPT_HEADERS = tuple(dict.fromkeys((*_BASE_HEADERS, *HEADER_NAMES)))
_HEAD_LIMIT = 64 * 1024  # largest response head we read
_BODY_GRACE = 1.0  # seconds we wait for a body after its head arrived; only an excerpt is kept
_CLOSE_GRACE = 0.25  # seconds a polite close may take before the connection is aborted
_INTERIM_LIMIT = 5  # 1xx responses tolerated before the final one
_HOST_LABELS = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
# OpenSSL verify codes (include/openssl/x509_vfy.h) naming a specific problem; any other is "untrusted".
_VERIFY_PROBLEMS: dict[int, TlsProblem] = {
    9: "not_yet_valid",  # X509_V_ERR_CERT_NOT_YET_VALID
    10: "expired",  # X509_V_ERR_CERT_HAS_EXPIRED
    62: "hostname_mismatch",  # X509_V_ERR_HOSTNAME_MISMATCH
    64: "hostname_mismatch",  # X509_V_ERR_IP_ADDRESS_MISMATCH
}


@dataclass(frozen=True)
class ProbeSettings:
    """How webhook URLs are probed in one run; the signing key is generated per run and never leaves it."""

    mode: ProbeMode = "post"
    timeout: float = 5.0  # bounds one whole probe, from DNS to close
    budget: float = 2.0  # Telnyx gives up on an attempt after 2 s (reference §11.4)
    warn_after: float = 1.0
    allow_private: bool = False
    ca_bundle: str | Path | None = None
    user_agent: str = USER_AGENT
    max_body: int = BODY_BYTES  # the excerpt kept: what the catalogue's body markers read
    signing_key: Ed25519PrivateKey = field(default_factory=lambda: _new_signing_key(), repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.mode not in ("post", "head", "off"):
            raise ValueError(f"probe mode {self.mode!r} is not one of post, head, off")
        if self.timeout <= 0 or self.budget <= 0 or self.warn_after <= 0:
            raise ValueError("probe timeout, budget and warn_after must be positive")
        if self.max_body < 0:
            raise ValueError("max_body must not be negative")

    @property
    def method(self) -> Literal["POST", "HEAD"]:
        """The HTTP method the probe sends."""
        return "HEAD" if self.mode == "head" else "POST"

    @property
    def public_key(self) -> str:
        """Base64 of the raw 32-byte public half of this run's throwaway signing key."""
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        raw = self.signing_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return base64.b64encode(raw).decode("ascii")

    def share_trust(self, context: ssl.SSLContext) -> None:
        """Use the run's already built trust context instead of building a second one (first one wins)."""
        context.set_alpn_protocols(["http/1.1"])
        self.__dict__.setdefault("ssl_context", context)  # where cached_property keeps its value

    @cached_property
    def ssl_context(self) -> ssl.SSLContext:
        """Full verification (hostname, chain, dates) against the run's trust: default stores plus `ca_bundle`."""
        context = make_ssl_context(self.ca_bundle)  # ConfigError when the bundle is unreadable
        context.set_alpn_protocols(["http/1.1"])
        return context


@dataclass(frozen=True)
class WebhookTarget:
    """A parsed webhook URL: where to connect and what to ask for; credentials in it are dropped."""

    scheme: Literal["http", "https"]
    host: str  # ASCII (IDNA) name or IP literal without brackets
    port: int
    path: str  # path and query, percent-encoded, never empty

    @property
    def tls(self) -> bool:
        """True for https."""
        return self.scheme == "https"

    @property
    def is_ip_literal(self) -> bool:
        """True when the host is an IP address, which needs no DNS."""
        return _ip_or_none(self.host) is not None

    @property
    def authority(self) -> str:
        """Host (bracketed when IPv6) and the port when it is not the scheme's default: the Host header."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.tls else 80
        return host if self.port == default else f"{host}:{self.port}"

    @property
    def url(self) -> str:
        """The URL the probe delivers to: without credentials or fragment, with its query."""
        return f"{self.scheme}://{self.authority}{self.path}"

    @property
    def shown(self) -> str:
        """The URL for reports: query values, which often carry secrets, are replaced by `***`."""
        path, sep, query = self.path.partition("?")
        if sep:
            path += "?" + "&".join(f"{pair.split('=', 1)[0]}=***" for pair in query.split("&") if pair)
        return f"{self.scheme}://{self.authority}{path}"


def parse_webhook_url(url: str) -> WebhookTarget:
    """Parse and validate a webhook URL; ValueError says what is wrong with it in plain words."""
    text = url.strip()
    if not text:
        raise ValueError("the URL is empty")
    if any(ch.isspace() or not ch.isprintable() for ch in text):
        raise ValueError("the URL contains spaces or control characters")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"the URL is malformed ({exc})") from None
    scheme: Literal["http", "https"] = "https" if parts.scheme.lower() == "https" else "http"
    if parts.scheme.lower() != scheme:
        raise ValueError(f"the URL's scheme is {parts.scheme or 'missing'}, not http or https")
    if not parts.hostname:
        raise ValueError("the URL has no host")
    if port == 0:
        raise ValueError("the URL's port is 0")
    host = _normalize_host(parts.hostname)
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return WebhookTarget(scheme=scheme, host=host, port=port or (443 if scheme == "https" else 80), path=path)


def webhook_url_problem(url: str) -> str | None:
    """What is wrong with a webhook URL, or None when it is a well-formed http(s) URL."""
    try:
        parse_webhook_url(url)
    except ValueError as exc:
        return str(exc)
    return None


def _normalize_host(hostname: str) -> str:
    ip = _ip_or_none(hostname)
    if ip is not None:
        return str(ip)
    try:
        ascii_host = hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise ValueError(f"the host {hostname!r} is not a valid domain name") from None
    labels = ascii_host.removesuffix(".").split(".")
    if not all(_HOST_LABELS.match(label) for label in labels):
        raise ValueError(f"the host {hostname!r} is not a valid domain name")
    return ascii_host


def _ip_or_none(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def address_category(address: str) -> str | None:
    """Why Telnyx cannot reach `address` (loopback, private, link-local…), or None for a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            inner = address_category(str(embedded))
            if inner is not None:
                return inner
            if ip.ipv4_mapped is not None:
                return None
    flags = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("reserved", not ip.is_global),  # e.g. shared address space 100.64.0.0/10
    )
    return next((name for name, flagged in flags if flagged), None)


# NAT64's well-known prefix (RFC 6052): the last 32 bits are an IPv4 address a gateway forwards to.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (IPv4-mapped, 6to4, NAT64), so a private one is not missed."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


class HostResolution(BaseModel):
    """Every address a webhook host resolves to, and which of them Telnyx could not reach."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str
    port: int
    addresses: list[str] = Field(default_factory=list)
    private: list[str] = Field(default_factory=list)  # loopback/private/link-local/reserved/… addresses
    error: str | None = None  # the URL is malformed, or the host does not resolve

    @property
    def ok(self) -> bool:
        """True when the host resolved to at least one address."""
        return self.error is None and bool(self.addresses)


async def resolve_host(url: str, settings: ProbeSettings) -> HostResolution:
    """Resolve the URL's host to every A/AAAA address (an IP literal needs no DNS) and flag private ones."""
    try:
        target = parse_webhook_url(url)
    except ValueError as exc:
        return HostResolution(host="", port=0, error=str(exc))
    try:
        async with asyncio.timeout(settings.timeout):
            return await _resolve(target)
    except TimeoutError:
        return HostResolution(
            host=target.host, port=target.port, error=f"DNS lookup timed out after {settings.timeout:g} s"
        )


async def _resolve(target: WebhookTarget) -> HostResolution:
    if target.is_ip_literal:
        addresses = [target.host]
    else:
        try:
            addresses = await _lookup(target.host, target.port)
        except (socket.gaierror, UnicodeError) as exc:
            reason = exc.strerror if isinstance(exc, socket.gaierror) else str(exc)
            error = f"{target.host} does not resolve ({reason})"
            return HostResolution(host=target.host, port=target.port, error=error)
    private = [address for address in addresses if address_category(address) is not None]
    return HostResolution(host=target.host, port=target.port, addresses=addresses, private=private)


async def _lookup(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    found = [str(info[4][0]) for info in infos if info[0] in (socket.AF_INET, socket.AF_INET6)]
    if not found:
        raise socket.gaierror(socket.EAI_NODATA, "no A or AAAA record")
    return list(dict.fromkeys(found))


class TlsInfo(BaseModel):
    """The endpoint's certificate and whether it verified (hostname, chain, validity dates)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    verified: bool = False
    issuer: str | None = None
    subject: str | None = None
    not_after: str | None = None  # ISO-8601, UTC
    days_left: int | None = None
    problem: TlsProblem | None = None
    error: str | None = None


class ProbeTimings(BaseModel):
    """Milliseconds each phase took; None for a phase that never ran."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    dns_ms: float | None = None
    connect_ms: float | None = None
    tls_ms: float | None = None
    first_byte_ms: float | None = None  # from the request being sent to the first byte of the answer
    total_ms: float = 0.0


class ProbeResult(BaseModel):
    """What one probe of a webhook URL found; JSON-serializable, so it can be recorded and replayed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str  # without credentials; query values shown as ***
    method: Literal["POST", "HEAD"]
    resolution: HostResolution | None = None
    address: str | None = None  # the address connected to
    connected: bool = False
    tls: TlsInfo | None = None
    status_code: int | None = None
    reason: str | None = None
    location: str | None = None
    response_headers: dict[str, str] = Field(default_factory=dict)
    body_excerpt: str = ""
    body_truncated: bool = False
    timings: ProbeTimings = Field(default_factory=ProbeTimings)
    answer_ms: float | None = None  # connect + TLS + wait for the first byte: what Telnyx waits through
    budget_s: float = 2.0
    warn_after_s: float = 1.0
    timed_out_budget: bool = False  # no answer within budget_s
    slow: bool = False  # answered, but after warn_after_s
    error_kind: ErrorKind | None = None
    error: str | None = None
    signature_sent: bool = False
    signature_public_key: str | None = None  # Base64 public key of the throwaway signing key
    # A first answer slower than warn_after_s is probed once more (see probe.retry): a fast second answer is a
    # cold start, and this result is that second probe, with the first one's time here.
    first_answer_ms: float | None = None
    # The second answer's time when it was slow too (steady slowness): this result is the first probe.
    retry_answer_ms: float | None = None

    @property
    def answered(self) -> bool:
        """True when an HTTP status came back."""
        return self.status_code is not None


@dataclass
class _Trace:
    """What a probe in progress has learned so far."""

    settings: ProbeSettings
    url: str
    started: float = field(default_factory=time.perf_counter)
    phase: str = "resolving the host"
    resolution: HostResolution | None = None
    address: str | None = None
    tls: TlsInfo | None = None
    timings: dict[str, float] = field(default_factory=dict)
    answer_started: float | None = None
    answer_ms: float | None = None
    status_code: int | None = None
    reason: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    body_truncated: bool = False
    error_kind: ErrorKind | None = None
    error: str | None = None
    signature_sent: bool = False

    def fail(self, kind: ErrorKind, message: str) -> None:
        self.error_kind, self.error = kind, message

    def result(self) -> ProbeResult:
        total = _ms_since(self.started)
        settings = self.settings
        waited = self.answer_ms if self.answer_ms is not None else _waited(self, total)
        return ProbeResult(
            url=self.url,
            method=settings.method,
            resolution=self.resolution,
            address=self.address,
            connected=self.address is not None,
            tls=self.tls,
            status_code=self.status_code,
            reason=self.reason,
            location=self.headers.get("location"),
            response_headers={k: v for k, v in self.headers.items() if k in KEPT_HEADERS},
            body_excerpt=_excerpt(self.body, self.headers.get("content-type")),
            body_truncated=self.body_truncated,
            timings=ProbeTimings(**self.timings, total_ms=total),
            answer_ms=self.answer_ms,
            budget_s=settings.budget,
            warn_after_s=settings.warn_after,
            timed_out_budget=waited > settings.budget * 1000,
            slow=self.answered and waited > settings.warn_after * 1000,
            error_kind=self.error_kind,
            error=self.error,
            signature_sent=self.signature_sent,
            signature_public_key=settings.public_key if self.signature_sent else None,
        )

    @property
    def answered(self) -> bool:
        return self.status_code is not None


def _waited(trace: _Trace, total: float) -> float:
    """How long a probe that got no answer waited for one: all of it on a timeout, else not at all."""
    if trace.error_kind != "timeout":
        return 0.0
    return _ms_since(trace.answer_started) if trace.answer_started is not None else total


def _ms_since(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


@dataclass
class _Connection:
    """The one open connection of a probe, closed whatever happens."""

    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None

    @property
    def streams(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        assert self.reader is not None and self.writer is not None, "not connected"
        return self.reader, self.writer

    async def close(self) -> None:
        if self.writer is not None:
            await _close_writer(self.writer)
            self.writer = None


async def _close_writer(writer: asyncio.StreamWriter) -> None:
    writer.close()
    try:
        async with asyncio.timeout(_CLOSE_GRACE):
            await writer.wait_closed()
    except (TimeoutError, OSError):  # a peer that never finishes the close must not hold us up
        writer.transport.abort()


async def probe_url(url: str, settings: ProbeSettings) -> ProbeResult:
    """Resolve, vet, connect, verify TLS and send one signed probe event; bounded by `settings.timeout`.

    Whatever the endpoint does becomes data on the result; only an unreadable `ca_bundle` raises (ConfigError).
    """
    try:
        target = parse_webhook_url(url)
    except ValueError as exc:
        trace = _Trace(settings=settings, url=_redacted(url))
        trace.fail("invalid_url", str(exc))
        return trace.result()
    trace = _Trace(settings=settings, url=target.shown)
    connection = _Connection()
    try:
        async with asyncio.timeout(settings.timeout):
            await _probe(trace, target, connection)
    except TimeoutError:
        if trace.answered or trace.error_kind is not None:
            pass  # a late body does not undo an answer, nor a slow certificate read a TLS failure
        elif trace.resolution is None:
            trace.fail("dns", f"the DNS lookup of {target.host} timed out after {settings.timeout:g} s")
        else:
            trace.fail("timeout", f"no answer within {settings.timeout:g} s (while {trace.phase})")
    finally:
        await connection.close()
    result = trace.result()
    log.debug("%s %s -> %s", settings.method, target.shown, _outcome(result))
    return result


def _outcome(result: ProbeResult) -> str:
    """One line for -v: the answer and its time, or what went wrong."""
    if result.status_code is not None:
        return f"{result.status_code} in {result.timings.total_ms:.0f} ms"
    return f"{result.error_kind}: {result.error}"


def _redacted(url: str) -> str:
    """`url` without user-info or query, for a URL too malformed to parse fully."""
    text = re.sub(r"(?<=://)[^/@]*@", "", url.strip())
    return text.split("?", 1)[0] + ("?***" if "?" in text else "")


async def _probe(trace: _Trace, target: WebhookTarget, connection: _Connection) -> None:
    started = time.perf_counter()
    trace.resolution = resolution = await _resolve(target)
    trace.timings["dns_ms"] = _ms_since(started)
    if resolution.error is not None:
        trace.fail("dns", resolution.error)
        return
    if resolution.private and not trace.settings.allow_private:
        trace.fail("private_address", _private_message(resolution))
        return
    if not await _connect(trace, target, resolution.addresses, connection):
        return
    if target.tls and not await _handshake(trace, target, connection):
        return
    await _exchange(trace, target, connection)


def _private_message(resolution: HostResolution) -> str:
    listed = ", ".join(f"{a} ({address_category(a)})" for a in resolution.private)
    return f"{resolution.host} resolves to addresses Telnyx cannot reach: {listed}; not connecting"


async def _connect(trace: _Trace, target: WebhookTarget, addresses: list[str], connection: _Connection) -> bool:
    """Connect to the first vetted address that accepts; the names are never resolved again."""
    trace.phase = "connecting"
    trace.answer_started = time.perf_counter()
    failures: list[tuple[str, OSError]] = []
    for address in addresses:
        started = time.perf_counter()
        try:
            connection.reader, connection.writer = await asyncio.open_connection(
                address, target.port, limit=_HEAD_LIMIT
            )
        except OSError as exc:
            failures.append((address, exc))
            continue
        trace.timings["connect_ms"] = _ms_since(started)
        trace.address = address
        return True
    refused = all(isinstance(exc, ConnectionRefusedError) for _, exc in failures)
    detail = "; ".join(f"{address} port {target.port}: {_os_reason(exc)}" for address, exc in failures)
    trace.fail("refused" if refused else "connection", f"could not connect to {detail}")
    return False


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    return exc.strerror or str(exc) or type(exc).__name__


async def _handshake(trace: _Trace, target: WebhookTarget, connection: _Connection) -> bool:
    """TLS with full verification; on failure, fetch the certificate unverified to say what is wrong with it."""
    trace.phase = "the TLS handshake"
    _, writer = connection.streams
    started = time.perf_counter()
    try:
        await writer.start_tls(trace.settings.ssl_context, server_hostname=target.host)
    except ssl.SSLError as exc:
        problem, message = _tls_problem(exc)
        trace.fail("tls", f"TLS handshake failed: {message}")
        trace.tls = _tls_info(None, verified=False, problem=problem, error=message)
        certificate = await _fetch_certificate(trace.address or target.host, target)
        trace.tls = _tls_info(certificate, verified=False, problem=problem, error=message)
        return False
    except OSError as exc:
        trace.fail("connection", f"the connection dropped during the TLS handshake: {_os_reason(exc)}")
        return False
    trace.timings["tls_ms"] = _ms_since(started)
    ssl_object = writer.get_extra_info("ssl_object")
    certificate = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
    trace.tls = _tls_info(certificate, verified=True)
    return True


def _tls_problem(exc: ssl.SSLError) -> tuple[TlsProblem, str]:
    if isinstance(exc, ssl.SSLCertVerificationError):
        problem = _VERIFY_PROBLEMS.get(exc.verify_code, "untrusted")
        return problem, exc.verify_message or str(exc)
    return "handshake", exc.reason or str(exc)


async def _fetch_certificate(address: str, target: WebhookTarget) -> bytes | None:
    """The endpoint's leaf certificate read without verification; only ever used to describe a failure."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        _, writer = await asyncio.open_connection(address, target.port, ssl=context, server_hostname=target.host)
    except (OSError, ssl.SSLError):
        return None
    try:
        ssl_object = writer.get_extra_info("ssl_object")
        return ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
    finally:
        await _close_writer(writer)


def _tls_info(
    certificate: bytes | None,
    *,
    verified: bool,
    problem: TlsProblem | None = None,
    error: str | None = None,
) -> TlsInfo:
    if certificate is None:
        return TlsInfo(verified=verified, problem=problem, error=error)
    from cryptography import x509

    try:
        parsed = x509.load_der_x509_certificate(certificate)
    except ValueError:
        return TlsInfo(verified=verified, problem=problem, error=error)
    not_after = parsed.not_valid_after_utc
    days_left = math.floor((not_after - datetime.now(UTC)).total_seconds() / 86400)
    return TlsInfo(
        verified=verified,
        issuer=parsed.issuer.rfc4514_string(),
        subject=parsed.subject.rfc4514_string(),
        not_after=not_after.isoformat(),
        days_left=days_left,
        problem=problem,
        error=error,
    )


async def _exchange(trace: _Trace, target: WebhookTarget, connection: _Connection) -> None:
    """Send the probe request and read the answer's head and a bounded excerpt of its body."""
    reader, writer = connection.streams
    trace.phase = "sending the request"
    request = build_probe_request(target, trace.settings)
    trace.signature_sent = trace.settings.method == "POST"
    try:
        writer.write(request)
        await writer.drain()
        sent = time.perf_counter()
        trace.phase = "waiting for the response"
        first = await reader.readexactly(1)
        first_at = time.perf_counter()
        head = await _read_head(reader, first)
    except (OSError, ValueError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
        trace.fail("connection", _exchange_error(exc))
        return
    trace.timings["first_byte_ms"] = round((first_at - sent) * 1000, 1)
    trace.answer_ms = round((first_at - (trace.answer_started or sent)) * 1000, 1)
    trace.status_code, trace.reason, trace.headers = head
    trace.phase = "reading the response body"
    await _read_body(trace, reader)


def _exchange_error(exc: BaseException) -> str:
    if isinstance(exc, asyncio.IncompleteReadError):
        if not exc.partial:
            return "the server closed the connection without answering"
        return "the server closed the connection in the middle of its answer"
    if isinstance(exc, asyncio.LimitOverrunError):
        return f"the response head is larger than {_HEAD_LIMIT // 1024} KiB"
    if isinstance(exc, OSError):
        return f"the connection failed: {_os_reason(exc)}"
    return str(exc)


async def _read_head(reader: asyncio.StreamReader, first: bytes) -> tuple[int, str, dict[str, str]]:
    """The final (non-1xx) response head, `first` being its first byte: status, reason, lower-cased headers."""
    for _ in range(_INTERIM_LIMIT):
        status, reason, headers = _parse_head(first + await reader.readuntil(b"\r\n\r\n"))
        first = b""
        if not 100 <= status < 200:
            return status, reason, headers
    raise ValueError("the server sent only interim (1xx) responses")


def _parse_head(raw: bytes) -> tuple[int, str, dict[str, str]]:
    lines = raw.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not re.fullmatch(r"\d{3}", parts[1]):
        raise ValueError(f"the server did not answer with HTTP: {_printable(lines[0][:80])!r}")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep and name.strip():
            headers.setdefault(name.strip().lower(), _printable(value.strip()))
    return int(parts[1]), _printable(parts[2].strip()) if len(parts) > 2 else "", headers


async def _read_body(trace: _Trace, reader: asyncio.StreamReader) -> None:
    """Read at most max_body bytes of the body, for a short while; the answer is already known."""
    limit = trace.settings.max_body
    if trace.settings.method == "HEAD" or trace.status_code in (204, 304) or limit == 0:
        return
    chunked = "chunked" in trace.headers.get("transfer-encoding", "").lower()
    length = None if chunked else _content_length(trace.headers)
    want = limit + 1 if length is None else min(length, limit + 1)  # one more byte tells us it was cut
    raw = bytearray()
    try:
        async with asyncio.timeout(_BODY_GRACE):
            await _read_into(reader, raw, limit + 1024 if chunked else want, chunked)
    except (TimeoutError, OSError, asyncio.IncompleteReadError):
        pass  # an excerpt is all we keep; a slow or broken body does not change the answer
    body = _dechunk(bytes(raw)) if chunked else bytes(raw)
    trace.body = body[:limit]
    trace.body_truncated = len(body) > limit or (length is not None and length > limit)


async def _read_into(reader: asyncio.StreamReader, raw: bytearray, want: int, chunked: bool) -> None:
    while len(raw) < want:
        data = await reader.read(want - len(raw))
        if not data:
            return
        raw += data
        if chunked and raw.endswith(b"0\r\n\r\n"):
            return


def _content_length(headers: dict[str, str]) -> int | None:
    value = headers.get("content-length", "")
    return int(value) if value.isdigit() else None


def _dechunk(raw: bytes) -> bytes:
    """The payload of a (possibly cut-off) chunked body."""
    out = bytearray()
    position = 0
    while (end := raw.find(b"\r\n", position)) >= 0:
        try:
            size = int(raw[position:end].split(b";", 1)[0], 16)
        except ValueError:
            break
        if size == 0:
            break
        out += raw[end + 2 : end + 2 + size]
        position = end + 2 + size + 2
    return bytes(out)


def _excerpt(body: bytes, content_type: str | None) -> str:
    """The body as safe text: decoded with its declared charset (else UTF-8), control characters replaced."""
    charset = "utf-8"
    match = re.search(r"charset=\"?([\w.:-]+)", content_type or "", re.IGNORECASE)
    if match:
        with contextlib.suppress(LookupError):  # an unknown charset falls back to UTF-8
            charset = codecs.lookup(match.group(1)).name
    return _printable(body.decode(charset, errors="replace"), keep="\n\t")


def _printable(text: str, keep: str = "") -> str:
    return "".join(ch if ch.isprintable() or ch in keep else "\ufffd" for ch in text)


def probe_envelope(url: str, now: datetime) -> bytes:
    """A Telnyx API v2 webhook envelope for a probe event that is clearly not a message (reference §11.1)."""
    event = {
        "data": {
            "event_type": PROBE_EVENT_TYPE,
            "id": str(uuid.uuid4()),
            "occurred_at": now.isoformat(timespec="milliseconds"),
            "payload": {
                "description": "Connectivity probe from telnyx-doctor, not a message event; safe to ignore.",
                "tool": "telnyx-doctor",
                "version": __version__,
            },
            "record_type": "event",
        },
        "meta": {"attempt": 1, "delivered_to": url},
    }
    return json.dumps(event, separators=(",", ":")).encode("utf-8")


def build_probe_request(target: WebhookTarget, settings: ProbeSettings) -> bytes:
    """The probe's HTTP/1.1 request; it carries no credentials, only a signature by a throwaway key."""
    headers = [("Host", target.authority), ("User-Agent", settings.user_agent), ("Accept", "*/*")]
    body = b""
    if settings.method == "POST":
        now = datetime.now(UTC)
        body = probe_envelope(target.url, now)
        timestamp = str(int(now.timestamp()))
        signature = settings.signing_key.sign(timestamp.encode("ascii") + b"|" + body)
        headers += [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            ("telnyx-signature-ed25519", base64.b64encode(signature).decode("ascii")),
            ("telnyx-timestamp", timestamp),
        ]
    headers.append(("Connection", "close"))
    lines = [f"{settings.method} {target.path} HTTP/1.1", *(f"{k}: {v}" for k, v in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + body


def _new_signing_key() -> Ed25519PrivateKey:
    """A throwaway Ed25519 key for this run's signed probes."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate()
