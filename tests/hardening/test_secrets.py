"""The key never shows: not in any format, log line, error, file or bundle; and it goes to the API base only."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import RunCli
from telnyx_doctor.sandbox import Fault, SandboxServer

from .support import HEALTHY, assert_no_traceback

CREDENTIAL_HEADERS = {"authorization", "proxy-authorization", "cookie"}


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "markdown", "github"])
def test_the_key_appears_in_no_output_even_when_the_api_echoes_it(
    run_cli: RunCli, fresh_sandbox: SandboxServer, tmp_path: Path, outputs: list[str], fmt: str
) -> None:
    """With -vv, in every format, a bundle and a step summary, an API error echoing the key never shows it."""
    key = fresh_sandbox.api_key
    echo = f"key {key} / Bearer {key} / {key[:4]}-{key[4:]} (only the whole key is secret)"
    fresh_sandbox.state.faults.add(Fault(kind="status", status=400, route="/v2/messaging_profiles/*", detail=echo))
    fresh_sandbox.state.faults.add(Fault(kind="status", status=422, route="/v2/10dlc/brand/*", code=key))
    bundle, summary = tmp_path / "bundle.json", tmp_path / "summary.md"
    argv = [HEALTHY, "-vv", "--format", fmt, "--record", str(bundle)]
    result = run_cli(*argv, server=fresh_sandbox, env={"GITHUB_STEP_SUMMARY": str(summary)})
    files = [bundle.read_text()] + ([summary.read_text()] if fmt == "github" else [])
    outputs.extend(files)
    assert_no_traceback(result.out, result.err)
    assert result.code == 3, result.err
    assert "GET /v2/messaging_profiles/" in result.err  # -vv logged the API calls
    assert key not in "\n".join([result.out, result.err, *files])
    assert "[redacted]" in result.out and "[redacted]" in bundle.read_text()


def test_a_report_written_to_a_file_is_redacted(
    run_cli: RunCli, fresh_sandbox: SandboxServer, tmp_path: Path, outputs: list[str]
) -> None:
    """-o writes the report with the key redacted, as stdout would have had it."""
    key = fresh_sandbox.api_key
    fresh_sandbox.state.faults.add(Fault(kind="status", status=400, route="/v2/messaging_profiles/*", detail=key))
    report = tmp_path / "report.md"
    result = run_cli(HEALTHY, "--format", "markdown", "-o", str(report), server=fresh_sandbox)
    outputs.append(report.read_text())
    assert result.code == 3 and result.out == ""
    assert key not in report.read_text() and "[redacted]" in report.read_text()


def test_a_401_echoing_the_key_is_reported_without_it(run_cli: RunCli, fresh_sandbox: SandboxServer) -> None:
    """A rejected key whose error body quotes it exits 4 with the key redacted from the one error line."""
    key = fresh_sandbox.api_key
    fresh_sandbox.state.faults.add(Fault(kind="status", status=401, route="/v2/*", detail=f"bad key {key}"))
    result = run_cli(HEALTHY, "-vv", server=fresh_sandbox)
    assert result.code == 4
    assert_no_traceback(result.err)
    errors = [line for line in result.err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "bad key [redacted]" in errors[0]
    assert key not in result.err


def test_the_api_key_file_key_is_redacted_like_the_environment_one(
    run_cli: RunCli, fresh_sandbox: SandboxServer, tmp_path: Path
) -> None:
    """A key read from --api-key-file is redacted from everything the run writes, too."""
    key_file = tmp_path / "key"
    key_file.write_text(fresh_sandbox.api_key + "\n")
    fresh_sandbox.state.faults.add(
        Fault(kind="status", status=400, route="/v2/messaging_profiles/*", detail=fresh_sandbox.api_key)
    )
    result = run_cli(HEALTHY, "--api-key-file", str(key_file), "-v", server=fresh_sandbox, key="")
    assert result.code == 3
    assert fresh_sandbox.api_key not in result.out + result.err
    assert "[redacted]" in result.out


def test_the_webhook_probe_carries_no_credentials(run_cli: RunCli, fresh_sandbox: SandboxServer) -> None:
    """The probes of the primary and failover webhooks send no Authorization, cookie or key of any kind."""
    result = run_cli(HEALTHY, "--format", "json", server=fresh_sandbox)
    assert result.code == 0, result.out
    deliveries = fresh_sandbox.state.webhook_log.snapshot()
    assert {d.path for d in deliveries} == {"/verifying", "/verifying/failover"}
    for delivery in deliveries:
        assert not CREDENTIAL_HEADERS & delivery.headers.keys(), delivery.headers
        assert not any(fresh_sandbox.api_key in value for value in delivery.headers.values())
        assert delivery.headers["user-agent"].startswith("telnyx-doctor/")


# --- a webhook endpoint that sets a cookie and answers with far more than the probe reads --------------------


@dataclass
class GreedyEndpoint:
    """A loopback HTTP endpoint that sets a cookie and streams an 8 MiB body; it records what it saw."""

    body_size: int = 8 * 1024 * 1024
    requests: list[dict[str, str]] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)  # bytes of the body written before the client hung up
    server: http.server.ThreadingHTTPServer | None = None

    def url(self, path: str) -> str:
        """The endpoint's URL for `path`."""
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def close(self) -> None:
        """Stop serving and wait for every request's handler to finish."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()  # joins the handler threads (daemon_threads is off)
            self.server = None


@pytest.fixture
def greedy() -> Iterator[GreedyEndpoint]:
    """A GreedyEndpoint served from a thread for the test."""
    endpoint = GreedyEndpoint()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            endpoint.requests.append({k.lower(): v for k, v in self.headers.items()})
            self.rfile.read(int(self.headers.get("content-length", "0")))
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(endpoint.body_size))
            self.send_header("Set-Cookie", "session=probe-must-not-return-this; Path=/")
            self.end_headers()
            self.connection.settimeout(5)
            chunk, sent = b"x" * 65536, 0
            try:
                while sent < endpoint.body_size:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except OSError:
                pass
            endpoint.sent.append(sent)

        def log_message(self, format: str, *args: object) -> None:
            return None

    endpoint.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    endpoint.server.daemon_threads = False
    thread = threading.Thread(target=endpoint.server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield endpoint
    endpoint.close()
    thread.join(5)


def test_the_probe_reads_a_bounded_body_and_never_returns_a_cookie(
    run_cli: RunCli, greedy: GreedyEndpoint, tmp_path: Path, outputs: list[str]
) -> None:
    """Probes keep at most 4 KiB of an 8 MiB answer, hang up on the rest, and never send back a set cookie."""
    scenario = tmp_path / "greedy.toml"
    scenario.write_text(
        f'[[profiles]]\nname = "Greedy"\nwebhook_url = "{greedy.url("/hook")}"\n'
        f'webhook_failover_url = "{greedy.url("/hook/failover")}"\n\n'
        '[[numbers]]\nphone_number = "+15550100001"\nprofile = "Greedy"\n'
    )
    bundle = tmp_path / "bundle.json"
    with SandboxServer(scenario) as server:
        result = run_cli(HEALTHY, "--format", "json", "--skip", "10dlc.*", "--record", str(bundle), server=server)
    again = run_cli("probe", greedy.url("/hook"), "--allow-private", "--format", "json")
    outputs.append(bundle.read_text())
    assert_no_traceback(result.out, result.err, again.out, again.err)
    assert json.loads(result.out)["numbers"][0]["checks"]
    facts = json.loads(bundle.read_text())["facts"][HEALTHY]
    for name in ("webhook.probe", "webhook.failover_probe"):
        probe = facts[name]
        assert probe["status_code"] == 200
        assert probe["body_truncated"] is True
        assert 0 < len(probe["body_excerpt"]) <= 4096
        assert "set-cookie" not in probe["response_headers"]
    greedy.close()
    assert len(greedy.requests) == 3
    for headers in greedy.requests:
        assert not CREDENTIAL_HEADERS & headers.keys(), headers
    assert len(greedy.sent) == 3 and all(sent < greedy.body_size for sent in greedy.sent)
