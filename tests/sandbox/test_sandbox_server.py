from __future__ import annotations

import socket
import threading

import httpx
import pytest

from telnyx_doctor.errors import ConfigError, UsageError
from telnyx_doctor.sandbox import SandboxInfo, SandboxServer, serve_forever


def test_server_exposes_where_everything_is(server: SandboxServer) -> None:
    """base_url ends in /v2 on 127.0.0.1, the CA file exists, and info() gathers it all."""
    assert server.base_url.startswith("http://127.0.0.1:") and server.base_url.endswith("/v2")
    assert server.ca_file.read_text().startswith("-----BEGIN CERTIFICATE-----")
    info = server.info()
    assert (info.base_url, info.api_key, info.ca_file) == (server.base_url, server.api_key, server.ca_file)
    assert info.webhook_http_base.startswith("http://127.0.0.1:")
    assert info.webhook_https_base.startswith("https://localhost:")
    assert info.numbers[0] == "+15550100001"


def test_api_answers_over_loopback(server: SandboxServer, http: httpx.Client) -> None:
    """The API serves real HTTP with the scenario's key."""
    body = http.get("/phone_numbers/messaging", params={"filter[phone_number]": "+15550100001"}).json()
    assert body["data"][0]["phone_number"] == "+15550100001"
    assert httpx.get(f"{server.base_url}/phone_numbers").status_code == 401


def test_stop_removes_the_tls_files_and_frees_the_port() -> None:
    """Leaving the context stops the servers and deletes the CA file."""
    with SandboxServer() as server:
        ca_file, base_url = server.ca_file, server.base_url
        assert server.running
        assert ca_file.exists()
    assert not ca_file.exists()
    assert not server.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(base_url)


def test_an_empty_scenario_serves_empty_lists() -> None:
    """With no scenario the account is empty but the API is fully there."""
    with SandboxServer() as server:
        body = httpx.get(f"{server.base_url}/phone_numbers/messaging", headers=server.auth_headers).json()
    assert body["data"] == [] and body["meta"]["total_results"] == 0


def test_a_busy_port_is_a_config_error(server: SandboxServer) -> None:
    """Asking for a port already in use fails with a one-line ConfigError."""
    port = int(server.base_url.rsplit(":", 1)[1].split("/")[0])
    with pytest.raises(ConfigError, match=f"cannot listen on 127.0.0.1 port {port}"):
        SandboxServer(port=port).start()


def test_only_loopback_hosts_are_allowed() -> None:
    """A non-loopback host is refused."""
    with pytest.raises(ConfigError, match="only listens on loopback"):
        SandboxServer(host="0.0.0.0")


def test_a_running_server_cannot_start_twice(server: SandboxServer) -> None:
    """start() on a running server is an error."""
    with pytest.raises(RuntimeError):
        server.start()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_forever_reports_ready_and_stops_on_request() -> None:
    """serve_forever calls on_ready with the SandboxInfo, serves, and returns when `stop` is set."""
    ready: list[SandboxInfo] = []
    stop = threading.Event()
    port = _free_port()
    answers: list[int] = []

    def on_ready(info: SandboxInfo) -> None:
        ready.append(info)
        answers.append(
            httpx.get(f"{info.base_url}/short_codes", headers={"Authorization": f"Bearer {info.api_key}"}).status_code
        )
        stop.set()

    serve_forever("faults", port, on_ready=on_ready, stop=stop)
    assert ready[0].base_url == f"http://127.0.0.1:{port}/v2"
    assert ready[0].scenario == "faults"
    assert answers == [200]


def test_serve_forever_with_a_synthetic_account_and_overrides() -> None:
    """synthetic=N serves a generated account; latency and rate_limit override the scenario."""
    seen: dict[str, object] = {}
    stop = threading.Event()

    def on_ready(info: SandboxInfo) -> None:
        settings = httpx.get(f"{info.admin_url}/settings").json()
        seen.update(numbers=len(info.numbers), **settings)
        stop.set()

    serve_forever(synthetic=25, latency=0.001, rate_limit=100, on_ready=on_ready, stop=stop)
    assert (seen["numbers"], seen["latency"], seen["rate_limit"]) == (25, 0.001, 100)


def test_serve_forever_refuses_bad_arguments() -> None:
    """Choosing both a scenario and a synthetic account, or a negative latency, is a usage error."""
    with pytest.raises(UsageError):
        serve_forever("demo", synthetic=10)
    with pytest.raises(UsageError):
        serve_forever(latency=-1)


def test_interrupt_stops_the_sandbox_and_propagates() -> None:
    """A KeyboardInterrupt while serving shuts the servers down and reaches the caller (for exit 130)."""
    seen: list[SandboxInfo] = []

    def on_ready(info: SandboxInfo) -> None:
        seen.append(info)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        serve_forever(None, on_ready=on_ready)
    assert seen[0].scenario == "demo"
    assert not seen[0].ca_file.exists()
    with pytest.raises(httpx.ConnectError):
        httpx.get(seen[0].base_url)
