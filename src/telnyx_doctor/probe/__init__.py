"""The webhook probe: reach a URL the way Telnyx delivers to it, and the facts the checks read from it."""

from __future__ import annotations

from telnyx_doctor.probe.answers import ROWS as ANSWER_ROWS
from telnyx_doctor.probe.answers import TUNNEL_HOSTS, Group, RecognisedAnswer, recognise, tunnel_service
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
    "ANSWER_ROWS",
    "KEPT_HEADERS",
    "PROBE_EVENT_TYPE",
    "TUNNEL_HOSTS",
    "USER_AGENT",
    "ErrorKind",
    "Group",
    "HostResolution",
    "ProbeMode",
    "ProbeResult",
    "ProbeSettings",
    "ProbeTimings",
    "RecognisedAnswer",
    "TlsInfo",
    "TlsProblem",
    "WebhookTarget",
    "address_category",
    "build_probe_request",
    "parse_webhook_url",
    "probe_envelope",
    "probe_url",
    "recognise",
    "resolve_host",
    "tunnel_service",
    "webhook_url_problem",
]
