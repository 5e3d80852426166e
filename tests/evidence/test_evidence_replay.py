"""Replaying a bundle recorded before the evidence facts existed: the evidence is "not recorded", never an error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import RunCli
from telnyx_doctor.sandbox import SandboxServer

HEALTHY = "+15550100001"
VERIFY_500 = "+15550100010"
EVIDENCE_FACTS = ("messages.recent", "webhook.deliveries")
EVIDENCE_CHECKS = ("messages.recent_failures", "webhook.deliveries")


def checks_of(report: dict[str, Any], number: str) -> dict[str, dict[str, Any]]:
    """The checks of one number of a JSON report, by id."""
    found = next(n for n in report["numbers"] if n["phone_number"] == number)
    return {c["id"]: c for c in found["checks"]}


def test_a_bundle_without_evidence_facts_replays_with_the_probes_verdict(
    run_cli: RunCli, fresh_sandbox: SandboxServer, tmp_path: Path
) -> None:
    """Without evidence facts, the evidence checks skip naming the bundle, and the probe's own verdict stands."""
    bundle = tmp_path / "bundle.json"
    recorded = run_cli(HEALTHY, VERIFY_500, "--format", "json", "--record", str(bundle), server=fresh_sandbox)
    before = json.loads(recorded.out)
    data: dict[str, Any] = json.loads(bundle.read_text())
    for facts in data["facts"].values():
        assert all(facts.pop(name) for name in EVIDENCE_FACTS)  # the current code recorded them
    bundle.write_text(json.dumps(data))
    fresh_sandbox.stop()

    replayed = run_cli("--replay", str(bundle), "--format", "json", key="")
    assert replayed.code == 1, replayed.err
    after = json.loads(replayed.out)
    for number in (HEALTHY, VERIFY_500):
        checks = checks_of(after, number)
        assert not [c for c in checks.values() if c["status"] == "error"], number
        for check_id in EVIDENCE_CHECKS:
            assert checks[check_id]["status"] == "skip"
            assert checks[check_id]["skipped_because"] == "evidence_unrecorded"
            assert "the bundle has no evidence" in checks[check_id]["summary"]
    # the recorded run corrected the probe's 500 to a warn with Telnyx's deliveries; without them it is a fail
    assert checks_of(before, VERIFY_500)["webhook.reachable"]["status"] == "warn"
    reachable = checks_of(after, VERIFY_500)["webhook.reachable"]
    assert reachable["status"] == "fail" and "500" in reachable["summary"]
    assert "deliveries" not in reachable["evidence"]
    # every verdict the evidence did not decide is the recorded one
    healthy_before, healthy_after = checks_of(before, HEALTHY), checks_of(after, HEALTHY)
    assert {k: c["status"] for k, c in healthy_after.items() if k not in EVIDENCE_CHECKS} == {
        k: c["status"] for k, c in healthy_before.items() if k not in EVIDENCE_CHECKS
    }
