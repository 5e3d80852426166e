"""The Telnyx API simulator: scenario files, an ASGI app, webhook endpoints and a loopback server.

Public API:
    SandboxServer(scenario, port=0, …)        run it on loopback (a context manager): base_url, api_key,
                                              auth_headers, webhook_http_base/https_base, ca_file, state, info()
    serve_forever(scenario, port, synthetic=, latency=, rate_limit=, on_ready=, stop=)   for `doctor sandbox`
    load_scenario(path), load_builtin_scenario(name), resolve_scenario(value), demo_numbers(scenario=None)
    synthetic_scenario(n, seed)               a large account built in memory
    SandboxState(scenario), create_app(state) the app without a server (httpx.ASGITransport)
    Fault                                     fault rules: state.faults.add(Fault(kind="status", status=503, …))
    state.settings.latency / .rate_limit      per-request delay (s) and requests/s limit (429 + Retry-After)
    banner_lines(info), sdk_environment(info) what `doctor sandbox` prints: exports for the doctor and the
                                              official SDKs (TELNYX_BASE_URL with /v2), and the webhook key
    state.evidence                            message records and webhook deliveries (scenario and live sends)
    state.requests, .rate_limited, .fetches   counters: every request by route template; the limit's 429s;
                                              resources read (no 429, no fault) by path?query
"""

from __future__ import annotations

from telnyx_doctor.sandbox.app import SandboxApp, create_app
from telnyx_doctor.sandbox.environment import banner_lines, sdk_environment
from telnyx_doctor.sandbox.faults import Fault
from telnyx_doctor.sandbox.scenario import (
    Scenario,
    builtin_scenario_names,
    demo_numbers,
    load_builtin_scenario,
    load_scenario,
    parse_scenario,
    parse_scenario_text,
    resolve_scenario,
)
from telnyx_doctor.sandbox.server import SandboxInfo, SandboxServer, serve_forever
from telnyx_doctor.sandbox.spec import DEFAULT_API_KEY, ScenarioSpec
from telnyx_doctor.sandbox.state import SandboxState
from telnyx_doctor.sandbox.synthetic import synthetic_scenario

__all__ = [
    "DEFAULT_API_KEY",
    "Fault",
    "SandboxApp",
    "SandboxInfo",
    "SandboxServer",
    "SandboxState",
    "Scenario",
    "ScenarioSpec",
    "banner_lines",
    "builtin_scenario_names",
    "create_app",
    "demo_numbers",
    "load_builtin_scenario",
    "load_scenario",
    "parse_scenario",
    "parse_scenario_text",
    "resolve_scenario",
    "sdk_environment",
    "serve_forever",
    "synthetic_scenario",
]
