"""Fixtures for the sandbox tests: fresh in-process apps (httpx.ASGITransport) and a loopback server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from telnyx_doctor.sandbox import SandboxServer, SandboxState, create_app, load_scenario

SCENARIOS = Path(__file__).parent / "scenarios"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def api_client(state: SandboxState, *, key: str | None = None) -> httpx.AsyncClient:
    """An in-process client of `state`'s API; `key` overrides the bearer key ("" sends none)."""
    token = state.api_key if key is None else key
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(state)), base_url="http://sandbox.test/v2", headers=headers
    )


@pytest.fixture
def demo_state() -> SandboxState:
    """A fresh sandbox state of the built-in demo scenario."""
    return SandboxState("demo")


@pytest.fixture
async def client(demo_state: SandboxState) -> AsyncIterator[httpx.AsyncClient]:
    """An authenticated in-process client of the demo state."""
    async with api_client(demo_state) as http:
        yield http


@pytest.fixture
def rich_state() -> SandboxState:
    """A state of tests/sandbox/scenarios/rich.toml, which has one of everything."""
    return SandboxState(load_scenario(SCENARIOS / "rich.toml"))


@pytest.fixture
async def rich_client(rich_state: SandboxState) -> AsyncIterator[httpx.AsyncClient]:
    """An authenticated in-process client of the rich state."""
    async with api_client(rich_state) as http:
        yield http


@pytest.fixture(scope="module")
def demo_server() -> Iterator[SandboxServer]:
    """One loopback sandbox (demo scenario) per test module."""
    with SandboxServer("demo") as server:
        yield server


@pytest.fixture
def server(demo_server: SandboxServer) -> Iterator[SandboxServer]:
    """The module's loopback sandbox, reset to its scenario before and after the test."""
    demo_server.state.reset()
    yield demo_server
    demo_server.state.reset()


@pytest.fixture
def http(server: SandboxServer) -> Iterator[httpx.Client]:
    """A sync client of the loopback sandbox's API, authenticated."""
    with httpx.Client(base_url=server.base_url, headers=server.auth_headers, timeout=5) as client:
        yield client
