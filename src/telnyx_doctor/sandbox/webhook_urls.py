"""The `sandbox:NAME` / `sandbox+tls:NAME` webhook URL scheme and the endpoints it can name."""

from __future__ import annotations

from dataclasses import dataclass

# name → what the endpoint does; the sandbox's webhook servers answer under `/<name>[/anything]`.
ENDPOINTS: dict[str, str] = {
    "healthy": "answers 200 to any method",
    "sluggish": "answers 200 after about 1.3 s (under Telnyx's 2 s limit, but close)",
    "slow": "answers 200 after about 2.5 s (over Telnyx's 2 s limit)",
    "error": "answers 500",
    "missing": "answers 404",
    "method": "answers 405 to POST (200 to GET and HEAD)",
    "redirect": "answers 301 to /healthy",
    "forged-ok": "answers 200 to anything, forged signatures included",
    "verifying": "verifies telnyx-signature-ed25519 against the sandbox key; 401 when missing or invalid",
    "verifying-500": "verifies signatures like `verifying`, but lets a failed check become a 500 (an app bug)",
}

PLAIN = "sandbox:"
TLS = "sandbox+tls:"


@dataclass(frozen=True)
class WebhookBases:
    """Where the sandbox's webhook servers listen; URLs in scenarios are resolved against these."""

    http: str = "http://127.0.0.1:9"  # the discard port: nothing answers until a server sets real bases
    https: str = "https://localhost:9"


def is_sandbox_url(url: str) -> bool:
    """True for `sandbox:NAME` and `sandbox+tls:NAME`."""
    return url.startswith((PLAIN, TLS))


def endpoint_name(url: str) -> str:
    """The endpoint a sandbox URL names (the first path segment after the scheme)."""
    rest = url.split(":", 1)[1].lstrip("/")
    return rest.split("/", 1)[0].split("?", 1)[0]


def check_sandbox_url(url: str) -> str:
    """Return `url` unchanged, or raise ValueError when it names an endpoint the sandbox does not serve."""
    if not is_sandbox_url(url):
        return url
    name = endpoint_name(url)
    if name not in ENDPOINTS:
        known = ", ".join(ENDPOINTS)
        raise ValueError(f"{url!r} names no sandbox webhook endpoint (known: {known})")
    return url


def resolve_url(url: str | None, bases: WebhookBases) -> str | None:
    """Turn `sandbox:NAME` into `http://127.0.0.1:PORT/NAME` (and `sandbox+tls:` into https); others pass."""
    if url is None:
        return None
    if url.startswith(TLS):
        return f"{bases.https}/{url[len(TLS) :].lstrip('/')}"
    if url.startswith(PLAIN):
        return f"{bases.http}/{url[len(PLAIN) :].lstrip('/')}"
    return url
