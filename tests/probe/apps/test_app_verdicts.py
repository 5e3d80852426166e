"""Real webhook apps get the catalogue's verdicts from `doctor NUMBER` (through the sandbox) and `doctor probe URL`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import RunCli, serve
from telnyx_doctor.probe.answers import BY_ID
from telnyx_doctor.sandbox import SandboxServer, parse_scenario_text

from .servers import serve_recorded

NUMBER = "+15550109001"
RECORDED = Path(__file__).parents[1] / "recorded"
SCENARIO = """
name = "webhook-app"
[[profiles]]
name = "App"
webhook_url = "{url}"
webhook_failover_url = "{failover}"
[[numbers]]
phone_number = "{number}"
profile = "App"
"""


@contextmanager
def profile_pointing_at(url: str) -> Iterator[SandboxServer]:
    """A sandbox account whose one number's profile delivers to `url` (its failover: the same app, another query)."""
    text = SCENARIO.format(url=url, failover=url + "?failover=1", number=NUMBER)
    yield from serve(parse_scenario_text(text, "webhook-app.toml"))


def checks_of(out: str) -> dict[str, dict[str, Any]]:
    """The checks of the report's only target, by id."""
    report = json.loads(out)
    return {c["id"]: c for c in report["numbers"][0]["checks"]}


def via_doctor_number(run_cli: RunCli, url: str) -> dict[str, dict[str, Any]]:
    """`doctor NUMBER --only 'webhook.*'` against a sandbox profile pointing at `url`."""
    with profile_pointing_at(url) as sandbox:
        result = run_cli(NUMBER, "--only", "webhook.*", "--format", "json", server=sandbox)
    assert result.code in (0, 1), result.err
    return checks_of(result.out)


def via_doctor_probe(run_cli: RunCli, url: str) -> dict[str, dict[str, Any]]:
    """`doctor probe URL --allow-private`."""
    result = run_cli("probe", url, "--allow-private", "--format", "json")
    assert result.code in (0, 1), result.err
    return checks_of(result.out)


PATHS = {"doctor NUMBER": via_doctor_number, "doctor probe URL": via_doctor_probe}


@dataclass(frozen=True)
class Expected:
    """The verdicts a real app's answer to the forged probe must get, and words that must explain them."""

    reachable: str
    signature: str
    words: tuple[str, ...] = ()  # in the reachable summary, details or fix
    recognised: str | None = None


APPS: dict[str, Expected] = {
    # Before: reachable pass (noted "unknown event type"), signature skip "cannot tell".
    "flask_verify_400": Expected("pass", "pass", ("401 or 403",), "signature.rejected"),
    # Unchanged: the conventional answer.
    "fastapi_verify_401": Expected("pass", "pass"),
    # Before: a bare "server error"; now also the other reading and where the evidence is.
    "flask_verify_500": Expected("fail", "skip", ("verification error become a 500", "webhook_deliveries")),
    # Unchanged: a forged event accepted.
    "fastapi_no_verification": Expected("pass", "warn"),
    # Before: pass / pass ("rejected the forged signature, as it should").
    "django_csrf": Expected("fail", "skip", ("Django", "csrf_exempt"), "csrf.django"),
    # Before: pass / pass.
    "flask_basic_auth": Expected("fail", "skip", ("authentication wall", "Exempt the webhook path"), "auth.challenge"),
}


def warm_up(url: str) -> None:
    """One forged POST first: the SDK's first verification imports its crypto (a real cold start of 1–2 s),
    which is the cold-start test's business, not this one's."""
    headers = {"Content-Type": "application/json", "Telnyx-Timestamp": "0", "Telnyx-Signature-Ed25519": "Zm9yZ2Vk"}
    httpx.post(url, content=b"{}", headers=headers, timeout=10)


def _text(check: dict[str, Any]) -> str:
    fix = check.get("fix") or {}
    return " ".join([check["summary"], *check.get("details", []), fix.get("summary", ""), *fix.get("steps", [])])


@pytest.mark.parametrize("path", sorted(PATHS))
@pytest.mark.parametrize("app", sorted(APPS))
def test_a_real_app_gets_the_catalogue_verdict(
    app: str, path: str, run_cli: RunCli, request: pytest.FixtureRequest
) -> None:
    """Each real app's answer to the forged probe gets its verdicts, with words saying why, on both commands."""
    expected = APPS[app]
    url = request.getfixturevalue(app)
    warm_up(url)
    checks = PATHS[path](run_cli, url)
    reachable, signature = checks["webhook.reachable"], checks["webhook.signature_enforced"]
    assert (reachable["status"], signature["status"]) == (expected.reachable, expected.signature), (
        reachable["summary"],
        signature["summary"],
    )
    text = _text(reachable)
    assert all(word in text for word in expected.words), text
    assert reachable["evidence"].get("recognised_answer") == expected.recognised
    if path == "doctor NUMBER":  # the failover, the same app, is judged the same way
        assert checks["webhook.failover"]["status"] == ("fail" if expected.reachable == "fail" else "pass")


@pytest.mark.parametrize("path", sorted(PATHS))
def test_a_cold_start_is_named_with_both_times(path: str, run_cli: RunCli, fastapi_cold_start: str) -> None:
    """The app slow on its first request only gets a cold-start finding with both times, not a slowness warning."""
    checks = PATHS[path](run_cli, fastapi_cold_start)
    reachable = checks["webhook.reachable"]
    evidence = reachable["evidence"]
    first, second = evidence["first_answer_ms"], evidence["answer_ms"]
    assert first > second
    text = _text(reachable)
    assert "cold start" in text and f"{first:.0f} ms" in text and f"{second:.0f} ms" in text
    # pass, or warn only when the first answer came within 0.5 s of the 2 s budget (a loaded machine may do that)
    assert reachable["status"] == ("warn" if first > 1500 else "pass")


def _recorded() -> list[Path]:
    return sorted(RECORDED.glob("*.json"))


@pytest.mark.parametrize("fixture", _recorded(), ids=lambda p: p.stem)
def test_a_recorded_edge_or_tunnel_answer_gets_its_verdict_through_the_probe(fixture: Path, run_cli: RunCli) -> None:
    """Replayed on loopback, each recorded answer goes through the whole probe and gets its row's verdicts."""
    data = json.loads(fixture.read_text(encoding="utf-8"))
    with serve_recorded(data["status"], data["headers"], data["body"].encode()) as url:
        checks = via_doctor_probe(run_cli, url)
    reachable, signature = checks["webhook.reachable"], checks["webhook.signature_enforced"]
    assert reachable["evidence"].get("recognised_answer") == data["expect"]
    if data["expect"] is None:  # not recognised: today's status logic (a 403 is a rejected signature)
        assert (reachable["status"], signature["status"]) == ("pass", "pass")
        return
    row = BY_ID[data["expect"]]
    assert reachable["status"] == row.reachable
    if row.reachable == "fail":
        assert signature["status"] == "skip" and reachable["fix"]["summary"] == row.fix
    else:
        assert signature["status"] == row.signature_enforced


def test_a_tunnel_offline_behind_a_profile_fails_saying_so(run_cli: RunCli) -> None:
    """Through `doctor NUMBER`, ngrok's offline answer fails reachability: the tunnel is offline."""
    data = json.loads((RECORDED / "ngrok_3200_offline.json").read_text(encoding="utf-8"))
    with serve_recorded(data["status"], data["headers"], data["body"].encode()) as url:
        checks = via_doctor_number(run_cli, url)
    assert checks["webhook.reachable"]["status"] == "fail"
    assert "tunnel is offline" in checks["webhook.reachable"]["summary"]
    assert checks["webhook.signature_enforced"]["status"] == "skip"
    assert checks["webhook.failover"]["status"] == "fail"
