"""The evidence checks against the demo sandbox: each verdict, the corrections, skips, fallback and privacy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import RunCli
from telnyx_doctor.sandbox import SandboxServer
from telnyx_doctor.sandbox.faults import Fault

HEALTHY = "+15550100001"
SPAM = "+15550100009"
VERIFY_500 = "+15550100010"
FAILING_DELIVERIES = "+15550100011"
# The end users the demo's records name: none may appear whole in any output or bundle.
RECIPIENTS = ("+13125550142", "+13125550177", "+13125550118", "+13125550163", "+13125550181", "+13125550125")
FORMATS = ("text", "json", "junit", "markdown", "github")


def checks_of(report: dict[str, Any], number: str) -> dict[str, dict[str, Any]]:
    """The checks of one number of a JSON report, by id."""
    found = next(n for n in report["numbers"] if n["phone_number"] == number)
    return {c["id"]: c for c in found["checks"]}


def diagnose(run_cli: RunCli, server: SandboxServer, *numbers: str, flags: tuple[str, ...] = ()) -> dict[str, Any]:
    """A JSON report of `numbers`."""
    result = run_cli(*numbers, "--format", "json", *flags, server=server)
    assert result.code in (0, 1), result.err
    report: dict[str, Any] = json.loads(result.out)
    return report


def test_spam_blocked_messages_fail_with_their_codes_explained(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """Recent sends blocked as spam (40002/40003, most of the traffic) fail, each code explained, recipients masked."""
    check = checks_of(diagnose(run_cli, sandbox, SPAM), SPAM)["messages.recent_failures"]
    assert check["status"] == "fail"
    assert "8 of 10 messages sent" in check["summary"]
    text = " ".join(check["details"])
    assert "40002 Blocked as spam - temporary ×6" in text and "40003 Blocked as spam - permanent ×2" in text
    assert "+1312•••0118" in text and "+13125550118" not in text
    assert check["evidence"]["codes"] == {"40002": 6, "40003": 2}
    assert check["fix"]["steps"]


def test_a_verifying_500_endpoint_is_a_warning_corrected_by_deliveries(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """The probe's 500 with Telnyx's signed deliveries succeeding is a warn (answer 401/403), not a fail."""
    checks = checks_of(diagnose(run_cli, sandbox, VERIFY_500), VERIFY_500)
    reachable = checks["webhook.reachable"]
    assert reachable["status"] == "warn"
    assert "401/403" in reachable["summary"] and reachable["evidence"]["deliveries"]["delivered"] == 4
    assert checks["webhook.deliveries"]["status"] == "pass"


def test_deliveries_failing_on_every_url_fail_although_the_probe_passes(
    run_cli: RunCli, sandbox: SandboxServer
) -> None:
    """Deliveries failing on primary and failover fail webhook.deliveries; the probe's pass stands beside it."""
    checks = checks_of(diagnose(run_cli, sandbox, FAILING_DELIVERIES), FAILING_DELIVERIES)
    deliveries = checks["webhook.deliveries"]
    assert deliveries["status"] == "fail"
    assert "failed on every URL" in deliveries["summary"]
    text = " ".join(deliveries["details"])
    assert "primary URL" in text and "failover URL" in text and "75500" in text and "75002" in text
    assert checks["webhook.reachable"]["status"] == "pass"


def test_a_healthy_number_is_confirmed_by_its_evidence(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """The healthy number's records and deliveries pass, with their counts."""
    checks = checks_of(diagnose(run_cli, sandbox, HEALTHY), HEALTHY)
    assert checks["messages.recent_failures"]["status"] == "pass"
    assert checks["messages.recent_failures"]["summary"].startswith("6 of 6 messages sent in the last 7d")
    assert checks["webhook.deliveries"]["status"] == "pass"


def test_a_failed_probe_with_no_deliveries_keeps_its_verdict(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """With no deliveries recorded, the probe's 500 stays a fail and webhook.deliveries skips as inconclusive."""
    checks = checks_of(diagnose(run_cli, sandbox, "+15550100005"), "+15550100005")
    assert checks["webhook.reachable"]["status"] == "fail"
    assert checks["webhook.deliveries"]["status"] == "skip"
    assert "absence is not proof" in checks["webhook.deliveries"]["summary"]


def test_a_key_that_may_not_read_evidence_skips_only_the_evidence(
    run_cli: RunCli, fresh_sandbox: SandboxServer
) -> None:
    """403 on the evidence routes skips the evidence checks with the reason; the run is no auth failure."""
    for route in ("/v2/detail_records", "/v2/webhook_deliveries"):
        fresh_sandbox.state.faults.add(Fault(kind="status", status=403, route=route))
    result = run_cli(HEALTHY, "--format", "json", server=fresh_sandbox)
    assert result.code == 0, result.err
    checks = checks_of(json.loads(result.out), HEALTHY)
    for check_id in ("messages.recent_failures", "webhook.deliveries"):
        assert checks[check_id]["status"] == "skip"
        assert "may not read" in checks[check_id]["summary"]
    assert checks["webhook.reachable"]["status"] == "pass"


def test_a_refused_filter_falls_back_to_the_mdr_report_and_says_so(
    run_cli: RunCli, fresh_sandbox: SandboxServer
) -> None:
    """A 400 from detail records reads /v2/reports/mdrs instead, and the finding names the fallback."""
    fresh_sandbox.state.faults.add(Fault(kind="status", status=400, route="/v2/detail_records"))
    checks = checks_of(diagnose(run_cli, fresh_sandbox, SPAM), SPAM)
    check = checks["messages.recent_failures"]
    assert check["evidence"]["source"] == "mdrs"
    assert check["status"] == "fail"  # 8 of 10 failed without codes: above the share
    assert any("MDR report" in line for line in check["details"])
    assert fresh_sandbox.state.requests.snapshot().get("GET /v2/reports/mdrs") == 2


def test_evidence_off_reads_nothing(run_cli: RunCli, fresh_sandbox: SandboxServer) -> None:
    """--evidence off skips both checks and sends no evidence request; the probe's 500 then stands."""
    checks = checks_of(diagnose(run_cli, fresh_sandbox, VERIFY_500, flags=("--evidence", "off")), VERIFY_500)
    assert checks["messages.recent_failures"]["status"] == "skip"
    assert checks["webhook.reachable"]["status"] == "fail"
    served = fresh_sandbox.state.requests.snapshot()
    assert not any("detail_records" in r or "webhook_deliveries" in r for r in served)


def test_a_malformed_since_is_a_usage_error(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """--since 7x is rejected before anything runs, with exit code 2."""
    result = run_cli(HEALTHY, "--since", "7x", server=sandbox)
    assert result.code == 2 and "error:" in result.err


def test_one_number_reads_each_evidence_route_once_per_direction_and_url(
    run_cli: RunCli, fresh_sandbox: SandboxServer
) -> None:
    """One number: detail records once per direction, deliveries once per webhook URL, nothing twice."""
    diagnose(run_cli, fresh_sandbox, HEALTHY)
    served = fresh_sandbox.state.requests.snapshot()
    assert served["GET /v2/detail_records"] == 2
    assert served["GET /v2/webhook_deliveries"] == 2


def test_no_output_or_bundle_shows_a_recipients_number(
    run_cli: RunCli, sandbox: SandboxServer, tmp_path: Path, outputs: list[str]
) -> None:
    """Every format and a recorded bundle show recipients masked, never whole."""
    numbers = (HEALTHY, SPAM, VERIFY_500, FAILING_DELIVERIES)
    texts = []
    for fmt in FORMATS:
        texts.append(run_cli(*numbers, "--format", fmt, "-v", server=sandbox).out)
    bundle = tmp_path / "bundle.json"
    run_cli(*numbers, "--format", "json", "--record", str(bundle), server=sandbox)
    texts.append(bundle.read_text())
    outputs.extend(texts)
    everything = "\n".join([*texts, *outputs])
    for recipient in RECIPIENTS:
        assert recipient not in everything, recipient
        assert recipient.lstrip("+") not in everything, recipient
    assert "+1312•••0118" in texts[0] or "+1312•••0118" in texts[1]


def test_a_recorded_bundle_replays_the_evidence_verdicts(
    run_cli: RunCli, fresh_sandbox: SandboxServer, tmp_path: Path
) -> None:
    """The evidence facts are in the bundle (masked), and replaying it gives the same report offline."""
    bundle = tmp_path / "bundle.json"
    numbers = (SPAM, VERIFY_500, FAILING_DELIVERIES)
    recorded = run_cli(*numbers, "--format", "json", "--record", str(bundle), server=fresh_sandbox)
    data = json.loads(bundle.read_text())
    assert "messages.recent" in data["facts"][SPAM] and "webhook.deliveries" in data["facts"][VERIFY_500]
    fresh_sandbox.stop()
    replayed = run_cli("--replay", str(bundle), "--format", "json", key="")
    assert replayed.code == recorded.code, replayed.err
    assert json.loads(replayed.out) == json.loads(recorded.out)


def test_a_fleet_reads_evidence_account_wide_with_the_same_verdicts(
    run_cli: RunCli, fresh_sandbox: SandboxServer
) -> None:
    """The demo's thirteen numbers as a fleet read evidence in two list requests and reach the same verdicts."""
    numbers = sorted(n.phone_number for n in fresh_sandbox.state.account.numbers)
    assert len(numbers) > 10  # a fleet run
    report = diagnose(run_cli, fresh_sandbox, *numbers)
    served = fresh_sandbox.state.requests.snapshot()
    assert served["GET /v2/detail_records"] == 1 and served["GET /v2/webhook_deliveries"] == 1
    assert checks_of(report, SPAM)["messages.recent_failures"]["status"] == "fail"
    assert checks_of(report, VERIFY_500)["webhook.reachable"]["status"] == "warn"
    assert checks_of(report, FAILING_DELIVERIES)["webhook.deliveries"]["status"] == "fail"
    assert checks_of(report, HEALTHY)["messages.recent_failures"]["summary"].startswith("6 of 6 messages sent")
