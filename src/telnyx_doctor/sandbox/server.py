"""Run the sandbox for real: uvicorn servers for the API and the webhooks, in one background thread."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import uvicorn
from starlette.types import ASGIApp

from telnyx_doctor.errors import ConfigError, UsageError
from telnyx_doctor.sandbox.app import create_app
from telnyx_doctor.sandbox.scenario import Scenario, resolve_scenario
from telnyx_doctor.sandbox.spec import ScenarioSpec
from telnyx_doctor.sandbox.state import SandboxState
from telnyx_doctor.sandbox.synthetic import synthetic_scenario
from telnyx_doctor.sandbox.tls import TlsFiles, make_tls_files
from telnyx_doctor.sandbox.webhook_urls import WebhookBases
from telnyx_doctor.sandbox.webhooks import create_webhook_app

_TICK = 0.02  # how often a server looks at should_exit; uvicorn's own 0.1 s makes every stop slow
_GRACE = 0.4  # seconds open connections get to finish when the sandbox stops


class _Server(uvicorn.Server):
    """A uvicorn server that notices a stop request quickly."""

    async def main_loop(self) -> None:
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 1) % 864_000
            await asyncio.sleep(_TICK)


@dataclass(frozen=True)
class SandboxInfo:
    """What a user of a running sandbox needs: where it listens, its key, and what to trust."""

    base_url: str  # http://127.0.0.1:PORT/v2
    api_key: str
    admin_url: str  # http://127.0.0.1:PORT/_sandbox
    webhook_http_base: str
    webhook_https_base: str
    ca_file: Path  # the CA of the TLS webhook server, for --ca-bundle
    webhook_public_key: str  # Base64 Ed25519 public key the sandbox signs webhooks with
    scenario: str
    numbers: tuple[str, ...]


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets whose proto says TCP, and without it every
    # keep-alive answer (head and body are two writes) waits ~40 ms for a delayed ACK (Nagle's algorithm).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ConfigError(
            f"the sandbox cannot listen on {host} port {port}: {exc.strerror or exc}",
            tip="choose another port, or 0 for any free one",
        ) from None
    sock.listen(128)
    return sock


def _check_loopback(host: str) -> None:
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ConfigError(f"the sandbox only listens on loopback, not {host!r}", tip="use 127.0.0.1")


def _config(app: ASGIApp, server_pem: Path | None = None) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        lifespan="off",
        log_config=None,
        access_log=False,
        http="h11",
        ws="none",
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=1,
        ssl_certfile=str(server_pem) if server_pem else None,
    )


class SandboxServer:
    """The sandbox on loopback: the API, plus plain and TLS webhook servers; a (sync) context manager."""

    def __init__(
        self,
        scenario: Scenario | ScenarioSpec | str | Path | None = None,
        *,
        port: int = 0,
        webhook_port: int = 0,
        webhook_tls_port: int = 0,
        host: str = "127.0.0.1",
        startup_timeout: float = 10.0,
    ) -> None:
        _check_loopback(host)
        self.host = "127.0.0.1" if host == "localhost" else host
        self.state = SandboxState(resolve_scenario(scenario) if scenario is not None else None)
        self._ports = (port, webhook_port, webhook_tls_port)
        self._startup_timeout = startup_timeout
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._tls: TlsFiles | None = None
        self._servers: list[_Server] = []
        self._sockets: list[socket.socket] = []
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._bound: tuple[int, int, int] = (0, 0, 0)

    # --- lifecycle ---------------------------------------------------------------------------------

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Bind the sockets, start the servers in a background thread, and wait until they accept."""
        if self._thread is not None:
            raise RuntimeError("this sandbox server is already running")
        self._tmp = tempfile.TemporaryDirectory(prefix="telnyx-doctor-sandbox-")
        self._tls = make_tls_files(Path(self._tmp.name))
        try:
            self._sockets = [_listen(self.host, p) for p in self._ports]
        except ConfigError:
            self._cleanup()
            raise
        api, plain, secure = (s.getsockname()[1] for s in self._sockets)
        self._bound = (api, plain, secure)
        host = f"[{self.host}]" if ":" in self.host else self.host
        self.state.closing = False
        self.state.ca_file = self._tls.ca_file
        self.state.webhook_bases = WebhookBases(http=f"http://{host}:{plain}", https=f"https://localhost:{secure}")
        webhooks = create_webhook_app(self.state)
        self._servers = [
            _Server(_config(create_app(self.state))),
            _Server(_config(webhooks)),
            _Server(_config(webhooks, self._tls.server_pem)),
        ]
        self._thread = threading.Thread(target=self._run, name="telnyx-doctor-sandbox", daemon=True)
        self._thread.start()
        self._wait_started()

    def _run(self) -> None:
        async def serve_all() -> None:
            await asyncio.gather(*(s.serve(sockets=[k]) for s, k in zip(self._servers, self._sockets, strict=True)))

        try:
            asyncio.run(serve_all())
        except BaseException as exc:  # reported to the starting thread, which raises it
            self._error = exc

    def _wait_started(self) -> None:
        deadline = time.monotonic() + self._startup_timeout
        while not all(s.started for s in self._servers):
            thread = self._thread
            if thread is None or not thread.is_alive() or time.monotonic() > deadline:
                reason = repr(self._error) if self._error else "it did not start in time"
                self.stop()
                raise ConfigError(f"the sandbox could not start: {reason}")
            time.sleep(0.005)

    def stop(self) -> None:
        """Stop the servers (hung requests are released), join the thread, and delete the TLS files."""
        self.state.closing = True
        for server in self._servers:
            server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=_GRACE)
            # An idle TLS keep-alive connection waits for the client's close_notify; don't wait for it.
            for server in self._servers:
                server.force_exit = True
            self._thread.join(timeout=10)
            self._thread = None
        self._cleanup()

    def _cleanup(self) -> None:
        for sock in self._sockets:
            sock.close()
        self._sockets = []
        self._servers = []
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    @property
    def running(self) -> bool:
        """True while the server thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    # --- where things are --------------------------------------------------------------------------

    @property
    def root_url(self) -> str:
        """`http://127.0.0.1:PORT`."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self._bound[0]}"

    @property
    def base_url(self) -> str:
        """The API base URL, as the doctor's `--base-url` wants it (`http://127.0.0.1:PORT/v2`)."""
        return f"{self.root_url}/v2"

    @property
    def admin_url(self) -> str:
        """The unauthenticated admin routes (`…/_sandbox`)."""
        return f"{self.root_url}/_sandbox"

    @property
    def api_key(self) -> str:
        """The key the API expects as `Authorization: Bearer …`."""
        return self.state.api_key

    @property
    def auth_headers(self) -> dict[str, str]:
        """`{"Authorization": "Bearer <key>"}`."""
        return {"Authorization": f"Bearer {self.api_key}"}

    @property
    def webhook_http_base(self) -> str:
        """`http://127.0.0.1:PORT` of the plain webhook server."""
        return self.state.webhook_bases.http

    @property
    def webhook_https_base(self) -> str:
        """`https://localhost:PORT` of the TLS webhook server."""
        return self.state.webhook_bases.https

    def webhook_url(self, name: str, *, tls: bool = True) -> str:
        """The URL of a webhook endpoint (`verifying`, `healthy`, …)."""
        return f"{self.webhook_https_base if tls else self.webhook_http_base}/{name}"

    @property
    def ca_file(self) -> Path:
        """The PEM file of the CA that issued the TLS webhook server's certificate."""
        if self._tls is None:
            raise RuntimeError("the sandbox server is not running")
        return self._tls.ca_file

    @property
    def webhook_public_key(self) -> str:
        """The Base64 Ed25519 public key matching the sandbox's webhook signatures."""
        return self.state.signer.public_key_b64

    def sign_webhook(self, body: bytes, timestamp: int | None = None) -> dict[str, str]:
        """Headers that make `body` a correctly signed webhook (for the `verifying` endpoint)."""
        return self.state.signer.sign(body, timestamp)

    def info(self) -> SandboxInfo:
        """Everything a person or a CLI needs to use this sandbox."""
        return SandboxInfo(
            base_url=self.base_url,
            api_key=self.api_key,
            admin_url=self.admin_url,
            webhook_http_base=self.webhook_http_base,
            webhook_https_base=self.webhook_https_base,
            ca_file=self.ca_file,
            webhook_public_key=self.webhook_public_key,
            scenario=self.state.scenario.name,
            numbers=tuple(self.state.scenario.numbers),
        )


def serve_forever(
    scenario: Scenario | ScenarioSpec | str | Path | None = None,
    port: int = 0,
    *,
    synthetic: int | None = None,
    seed: int = 0,
    latency: float | None = None,
    rate_limit: float | None = None,
    webhook_port: int = 0,
    webhook_tls_port: int = 0,
    on_ready: Callable[[SandboxInfo], None] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Serve a scenario on loopback until `stop` is set or Ctrl-C.

    `scenario` is a path or a built-in name (the demo when None); `synthetic` serves a generated account of
    that many numbers instead. `latency` and `rate_limit`, when given, override the scenario's.

    Prints nothing: `on_ready` receives the SandboxInfo once the servers accept connections. A
    KeyboardInterrupt propagates after a clean shutdown, so the caller can exit with 130.
    """
    if synthetic is not None and scenario is not None:
        raise UsageError("serve either a scenario or a synthetic account, not both")
    if latency is not None and latency < 0:
        raise UsageError(f"latency {latency} is negative")
    if rate_limit is not None and rate_limit <= 0:
        raise UsageError(f"rate limit {rate_limit} is not a positive number of requests per second")
    chosen = synthetic_scenario(synthetic, seed) if synthetic is not None else resolve_scenario(scenario)
    with SandboxServer(chosen, port=port, webhook_port=webhook_port, webhook_tls_port=webhook_tls_port) as server:
        if latency is not None:
            server.state.settings.latency = latency
        if rate_limit is not None:
            server.state.settings.rate_limit = rate_limit
        if on_ready is not None:
            on_ready(server.info())
        event = stop or threading.Event()
        while not event.wait(0.2):
            if not server.running:
                raise ConfigError("the sandbox stopped unexpectedly")
