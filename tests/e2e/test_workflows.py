"""End to end: support and CI workflows — bundles, `doctor fix`, GitHub annotations, config and waivers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import RunCli
from telnyx_doctor.sandbox import SandboxServer, load_scenario

from .test_cli_diagnosis import HEALTHY, NO_PROFILE, NO_WEBHOOK, REJECTED_TOLL_FREE, checks_of


def profile_id(server: SandboxServer, name: str) -> str:
    """The id of the sandbox profile called `name`."""
    return next(p.id for p in server.state.account.profiles if p.name == name)


def test_record_then_replay_gives_an_identical_report(
    run_cli: RunCli, fresh_sandbox: SandboxServer, tmp_path: Path
) -> None:
    """A recorded run replays offline, with no key and no network, into the very same report."""
    bundle = tmp_path / "bundle.json"
    recorded = run_cli(
        HEALTHY, NO_PROFILE, REJECTED_TOLL_FREE, "--format", "json", "--record", str(bundle), server=fresh_sandbox
    )
    assert recorded.code == 1
    fresh_sandbox.stop()  # no network: the replay must not need the API
    replayed = run_cli("--replay", str(bundle), "--format", "json", key="")
    assert replayed.code == 1, replayed.err
    assert json.loads(replayed.out) == json.loads(recorded.out)


def test_a_bundle_is_redacted_and_carries_support_ids(run_cli: RunCli, sandbox: SandboxServer, tmp_path: Path) -> None:
    """A bundle holds the doctor version, a timezone-aware time and the ids support asks for, never the key."""
    bundle = tmp_path / "bundle.json"
    run_cli(NO_WEBHOOK, "--record", str(bundle), server=sandbox)
    text = bundle.read_text()
    assert sandbox.api_key not in text
    data = json.loads(text)
    assert data["bundle_version"] == 1
    assert data["created_at"][-6] in "+-" or data["created_at"].endswith("Z")
    assert data["support"]["numbers"] == [NO_WEBHOOK]
    assert data["support"]["messaging_profile_ids"]
    assert "messaging" in data["facts"][NO_WEBHOOK]


def test_a_bundle_of_another_version_is_refused_clearly(run_cli: RunCli, tmp_path: Path) -> None:
    """A bundle from another schema version is refused with one clear line and exit 2."""
    bundle = tmp_path / "old.json"
    bundle.write_text(json.dumps({"bundle_version": 99, "facts": {}, "tool": {"version": "9.9"}}))
    result = run_cli("--replay", str(bundle))
    assert result.code == 2
    assert "bundle version 99" in result.err and "Traceback" not in result.err


def test_fix_assigns_an_unassigned_number_and_rechecks(run_cli: RunCli, fresh_sandbox: SandboxServer) -> None:
    """`doctor fix --yes` assigns the number to the profile, re-runs the checks and exits by the final state."""
    target = profile_id(fresh_sandbox, "Acme Production")
    result = run_cli("fix", NO_PROFILE, "--profile-id", target, "--yes", "--format", "json", server=fresh_sandbox)
    assert "Assign " + NO_PROFILE in result.err  # the plan: stdout holds only the JSON document
    assert f"https://api.telnyx.com/v2/phone_numbers/{NO_PROFILE}/messaging" in result.err
    checks = checks_of(result.out)
    assert checks["profile.assigned"]["status"] == "pass"
    assert result.code == 0, result.err
    counts = fresh_sandbox.state.requests.snapshot()
    assert counts.get("PATCH /v2/phone_numbers/{id}/messaging") == 1


def test_fix_dry_run_and_no_confirmation_change_nothing(run_cli: RunCli, fresh_sandbox: SandboxServer) -> None:
    """--dry-run, and a prompt answered by a non-terminal, print the plan and change nothing."""
    target = profile_id(fresh_sandbox, "Acme Production")
    for extra in (["--dry-run"], []):
        result = run_cli("fix", NO_PROFILE, "--profile-id", target, *extra, server=fresh_sandbox, stdin="y\n")
        assert result.code == 1
        assert "Fix plan for " + NO_PROFILE in result.out
    assert "PATCH /v2/phone_numbers/{id}/messaging" not in fresh_sandbox.state.requests.snapshot()


def test_fix_refuses_to_move_a_number_from_another_profile(run_cli: RunCli, fresh_sandbox: SandboxServer) -> None:
    """A number already on another profile is not moved without --force-reassign."""
    other = profile_id(fresh_sandbox, "Acme Support Desk")
    refused = run_cli("fix", HEALTHY, "--profile-id", other, "--yes", server=fresh_sandbox)
    assert refused.code == 2
    assert "--force-reassign" in refused.err
    moved = run_cli(
        "fix", HEALTHY, "--profile-id", other, "--yes", "--force-reassign", "--format", "json", server=fresh_sandbox
    )
    assert "Move " + HEALTHY in moved.err  # the plan: stdout holds only the JSON document
    assert fresh_sandbox.state.requests.snapshot().get("PATCH /v2/phone_numbers/{id}/messaging") == 1


def test_fix_lists_manual_steps_and_never_attempts_them(run_cli: RunCli, fresh_sandbox: SandboxServer) -> None:
    """Findings that need a person are listed as manual steps and no write is attempted."""
    result = run_cli("fix", REJECTED_TOLL_FREE, "--yes", server=fresh_sandbox)
    assert "Needs a person" in result.out and "tollfree.verified" in result.out
    assert not any(key.startswith("PATCH") for key in fresh_sandbox.state.requests.snapshot())


def test_github_format_annotates_and_appends_a_step_summary(
    run_cli: RunCli, sandbox: SandboxServer, tmp_path: Path
) -> None:
    """--format github writes ::error annotations and appends Markdown to $GITHUB_STEP_SUMMARY."""
    summary = tmp_path / "summary.md"
    summary.write_text("previous step\n")
    result = run_cli(NO_PROFILE, "--format", "github", server=sandbox, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.code == 1
    errors = [line for line in result.out.splitlines() if line.startswith("::error ")]
    assert len(errors) == 1 and "profile.assigned" in errors[0] and NO_PROFILE in errors[0]
    text = summary.read_text()
    assert text.startswith("previous step\n") and "profile.assigned" in text


def test_config_file_sets_defaults_and_waivers(
    run_cli: RunCli, sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A telnyx-doctor.toml waiver turns a failure into a skip with its reason until it expires."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "telnyx-doctor.toml").write_text(
        'format = "json"\n\n[[waivers]]\ncheck = "webhook.configured"\nnumbers = "+1555*"\n'
        'reason = "webhook ships next sprint"\nexpires = 2999-01-01\n'
    )
    result = run_cli(NO_WEBHOOK, server=sandbox)
    checks = checks_of(result.out)
    assert checks["webhook.configured"]["status"] == "skip"
    assert checks["webhook.configured"]["skipped_because"] == "waived"
    assert "webhook ships next sprint" in str(checks["webhook.configured"]["summary"])
    assert result.code == 0
    (tmp_path / "telnyx-doctor.toml").write_text(
        '[[waivers]]\ncheck = "webhook.configured"\nreason = "old"\nexpires = 2000-01-01\n'
    )
    expired = run_cli(NO_WEBHOOK, "--format", "json", server=sandbox)
    entry = checks_of(expired.out)["webhook.configured"]
    assert entry["status"] == "fail" and any("expired on 2000-01-01" in d for d in entry["details"])
    assert expired.code == 1


def test_a_broken_config_file_is_a_clear_usage_error(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A config file with an unknown key exits 2 naming the file and the key."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "telnyx-doctor.toml").write_text('colour = "red"\n')
    result = run_cli("+15550100001", key="KEYwhatever0000")
    assert result.code == 2
    assert "telnyx-doctor.toml" in result.err and "colour" in result.err


def test_probe_command_reports_one_url(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """`doctor probe URL` reports reachability and signature enforcement of a URL on its own."""
    url = sandbox.webhook_url("forged-ok")
    result = run_cli("probe", url, "--ca-bundle", str(sandbox.ca_file), "--allow-private", "--format", "json")
    checks = checks_of(result.out)
    assert checks["webhook.reachable"]["status"] == "pass"
    assert checks["webhook.signature_enforced"]["status"] == "warn"
    assert result.code == 0
    broken = run_cli("probe", sandbox.webhook_url("error"), "--ca-bundle", str(sandbox.ca_file), "--allow-private")
    assert broken.code == 1 and "webhook.reachable" in broken.out


def test_demo_runs_the_embedded_sandbox(run_cli: RunCli) -> None:
    """`doctor demo` diagnoses the demo account and exits 0; --strict gives the gate's exit code."""
    result = run_cli("demo", "--format", "json")
    assert result.code == 0, result.err
    numbers = json.loads(result.out)["numbers"]
    assert len(numbers) == 13
    assert {n["status"] for n in numbers} == {"pass", "warn", "fail"}
    assert run_cli("demo", "--strict", "--probe", "off", "--format", "json").code == 1


def test_head_probe_mode_checks_reachability_only(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """--probe head judges reachability and skips the signature check, naming why."""
    checks = checks_of(run_cli(HEALTHY, "--probe", "head", "--format", "json", server=sandbox).out)
    assert checks["webhook.reachable"]["status"] == "pass"
    assert checks["webhook.signature_enforced"]["status"] == "skip"
    assert "head" in str(checks["webhook.signature_enforced"]["summary"]).lower()


def test_bundles_hide_webhook_tokens_and_still_replay_identically(
    run_cli: RunCli, tmp_path: Path, outputs: list[str]
) -> None:
    """A token in a webhook URL's query never reaches the bundle, and the replay still gives the same report."""
    scenario = tmp_path / "tokens.toml"
    scenario.write_text(
        'name = "tokens"\n[[profiles]]\nname = "P"\nwebhook_url = "sandbox+tls:verifying?token=s3cr3tvalue"\n'
        'webhook_failover_url = "sandbox+tls:verifying?token=0therSecret"\nwhitelisted_destinations = ["US"]\n'
        '[[numbers]]\nphone_number = "+15550100001"\nprofile = "P"\n'
    )
    bundle = tmp_path / "bundle.json"
    with SandboxServer(load_scenario(scenario)) as server:
        recorded = run_cli("+15550100001", "--format", "json", "--record", str(bundle), server=server)
    text = bundle.read_text()
    assert "s3cr3tvalue" not in text and "0therSecret" not in text
    assert "token=redacted-1" in text and "token=redacted-2" in text
    replayed = run_cli("--replay", str(bundle), "--format", "json", key="")
    assert json.loads(replayed.out) == json.loads(recorded.out)


def test_fix_unassign_removes_the_number_from_its_profile(run_cli: RunCli, fresh_sandbox: SandboxServer) -> None:
    """`doctor fix --unassign --yes` unassigns the number; the re-check then fails profile.assigned."""
    result = run_cli("fix", HEALTHY, "--unassign", "--yes", "--probe", "off", "--format", "json", server=fresh_sandbox)
    assert "Unassign " + HEALTHY in result.err  # the plan: stdout holds only the JSON document
    checks = checks_of(result.out)
    assert checks["profile.assigned"]["status"] == "fail"
    assert result.code == 1
    assert fresh_sandbox.state.requests.snapshot().get("PATCH /v2/phone_numbers/{id}/messaging") == 1


def test_demo_ends_with_a_delivered_and_a_blocked_send_test(run_cli: RunCli) -> None:
    """The text demo follows one message to delivery (webhooks verified) and refuses to send from a broken sender."""
    result = run_cli("demo", "--color", "never")
    assert result.code == 0, result.err
    tail = result.out.split("send tests (", 1)[1].splitlines()
    delivered = next(line for line in tail if "+15550100001" in line)
    blocked = next(line for line in tail if "+15550100003" in line)
    assert "✓ send.test  delivered to +1312•••1042" in delivered
    assert "webhooks reached the app (message.sent, message.finalized)" in delivered
    assert "– send.test  not sent: profile.enabled failed" in blocked and "40312" in blocked
    assert "+13125551042" not in result.out


def test_a_bundle_keeps_no_business_contact_details(run_cli: RunCli, sandbox: SandboxServer, tmp_path: Path) -> None:
    """The brand's and toll-free request's phone, email and street are not facts any check reads: not recorded."""
    bundle = tmp_path / "bundle.json"
    run_cli(HEALTHY, REJECTED_TOLL_FREE, "--format", "json", "--record", str(bundle), server=sandbox)
    text = bundle.read_text(encoding="utf-8")
    facts = json.loads(text)["facts"]
    assert facts[HEALTHY]["10dlc.brand"]["brand"]["status"] == "OK"  # the brand itself was recorded
    for detail in ("+13125550100", "compliance@example.com", "311 W Superior St"):
        assert detail not in text
