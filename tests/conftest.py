"""Shared fixtures: a loopback sandbox, an in-process CLI runner, and a scan of every output for the key."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

from telnyx_doctor.cli.main import Streams, main
from telnyx_doctor.sandbox import SandboxServer, Scenario

# Every key a test hands the doctor; none may ever appear in anything the doctor writes.
SECRETS: list[str] = []


@dataclass
class CliResult:
    """What one CLI run produced."""

    code: int
    out: str
    err: str
    files: dict[str, str] = field(default_factory=dict)


RunCli = Callable[..., CliResult]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def serve(scenario: Scenario | str = "demo") -> Iterator[SandboxServer]:
    """Serve `scenario` on loopback until closed; its key joins SECRETS, which no output may contain."""
    with SandboxServer(scenario) as server:
        SECRETS.append(server.api_key)
        yield server


@pytest.fixture(scope="session")
def sandbox() -> Iterator[SandboxServer]:
    """The demo account on a loopback sandbox, shared by the session (tests must not change its state)."""
    yield from serve()


@pytest.fixture
def fresh_sandbox() -> Iterator[SandboxServer]:
    """A demo-account sandbox of the test's own, for tests that change state or inject faults."""
    yield from serve()


@pytest.fixture(autouse=True)
def outputs() -> Iterator[list[str]]:
    """Every text the doctor wrote during the test (run_cli adds its output; a test adds subprocess output,
    reports and bundles it wrote); after every test of the suite, none may contain a key in SECRETS."""
    seen: list[str] = []
    yield seen
    for text in seen:
        for secret in SECRETS:
            assert secret not in text, "an API key appeared in the doctor's output"


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch, outputs: list[str]) -> RunCli:
    """Run `doctor ARGS` in-process against a server, with its key in TELNYX_API_KEY unless told otherwise."""

    def run(
        *args: str,
        server: SandboxServer | None = None,
        trust_sandbox: bool = True,
        key: str | None = None,
        env: dict[str, str] | None = None,
        stdin: str | None = None,
    ) -> CliResult:
        monkeypatch.delenv("TELNYX_API_KEY", raising=False)
        monkeypatch.delenv("TELNYX_API_BASE_URL", raising=False)
        monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
        monkeypatch.setenv("TELNYX_DOCTOR_PLUGINS", "")
        if server is not None:
            monkeypatch.setenv("TELNYX_API_BASE_URL", server.base_url)
            monkeypatch.setenv("TELNYX_API_KEY", server.api_key if key is None else key)
        elif key is not None:
            monkeypatch.setenv("TELNYX_API_KEY", key)
        if key:
            SECRETS.append(key)
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        out, err = io.StringIO(), io.StringIO()
        extra: list[str] = []
        if trust_sandbox and server is not None and args and args[0] not in ("demo", "sandbox", "probe"):
            extra = ["--ca-bundle", str(server.ca_file), "--allow-private"]
        code = main([*args, *extra], Streams(out, err))
        result = CliResult(code, out.getvalue(), err.getvalue())
        outputs.extend([result.out, result.err])
        return result

    return run
