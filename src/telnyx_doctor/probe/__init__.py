"""The webhook probe: reach a URL the way Telnyx delivers to it, and the facts the checks read from it."""

from __future__ import annotations

from telnyx_doctor.probe.client import (
    KEPT_HEADERS,
    PROBE_EVENT_TYPE,
    USER_AGENT,
    ErrorKind,
    HostResolution,
    ProbeMode,
    ProbeResult,
    ProbeSettings,
    ProbeTimings,
    TlsInfo,
    TlsProblem,
    WebhookTarget,
    address_category,
    build_probe_request,
    parse_webhook_url,
    probe_envelope,
    probe_url,
    resolve_host,
    webhook_url_problem,
)

__all__ = [
    "KEPT_HEADERS",
    "PROBE_EVENT_TYPE",
    "USER_AGENT",
    "ErrorKind",
    "HostResolution",
    "ProbeMode",
    "ProbeResult",
    "ProbeSettings",
    "ProbeTimings",
    "TlsInfo",
    "TlsProblem",
    "WebhookTarget",
    "address_category",
    "build_probe_request",
    "parse_webhook_url",
    "probe_envelope",
    "probe_url",
    "resolve_host",
    "webhook_url_problem",
]
