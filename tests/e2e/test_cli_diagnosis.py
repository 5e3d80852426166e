"""End to end: the CLI against the sandbox on a loopback port, per the CLI contract in DESIGN.md."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from conftest import RunCli
from telnyx_doctor.report.json import json_schema
from telnyx_doctor.sandbox import SandboxServer

HEALTHY = "+15550100001"
NO_PROFILE = "+15550100002"
DISABLED_PROFILE = "+15550100003"
NO_WEBHOOK = "+15550100004"
WEBHOOK_500 = "+15550100005"
PENDING_10DLC = "+15550100006"
REJECTED_TOLL_FREE = "+18885550100"
HEALTHY_TOLL_FREE = "+18885550101"


def checks_of(out: str, number: str | None = None) -> dict[str, dict[str, object]]:
    """The checks of one number in a JSON report, by id."""
    report = json.loads(out)
    entry = next(n for n in report["numbers"] if number is None or n["phone_number"] == number)
    return {c["id"]: c for c in entry["checks"]}


@pytest.mark.parametrize("number", [HEALTHY, HEALTHY_TOLL_FREE])
def test_a_healthy_number_passes_with_exit_code_0(run_cli: RunCli, sandbox: SandboxServer, number: str) -> None:
    """A fully configured number passes every applicable check and exits 0."""
    result = run_cli(number, "--format", "json", server=sandbox)
    assert result.code == 0, result.err
    statuses = {c["status"] for c in checks_of(result.out).values()}
    assert statuses <= {"pass", "skip"}
    assert json.loads(result.out)["exit_code"] == 0


@pytest.mark.parametrize(
    ("number", "failing", "skipped_because"),
    [
        (NO_PROFILE, "profile.assigned", {"profile.enabled": "profile.assigned"}),
        (DISABLED_PROFILE, "profile.enabled", {"webhook.configured": "profile.enabled"}),
        (NO_WEBHOOK, "webhook.configured", {"webhook.url_valid": "webhook.configured"}),
        (WEBHOOK_500, "webhook.reachable", {"webhook.signature_enforced": "webhook.reachable"}),
        (PENDING_10DLC, "10dlc.campaign_assigned", {"10dlc.campaign_active": "10dlc.campaign_assigned"}),
        (REJECTED_TOLL_FREE, "tollfree.verified", {}),
    ],
)
def test_each_broken_state_fails_the_right_check_and_skips_its_dependents(
    run_cli: RunCli, sandbox: SandboxServer, number: str, failing: str, skipped_because: dict[str, str]
) -> None:
    """The check that owns the problem fails with a fix; its dependents skip naming it; the rest pass; exit 1."""
    result = run_cli(number, "--format", "json", server=sandbox)
    assert result.code == 1, result.err
    checks = checks_of(result.out)
    assert checks[failing]["status"] == "fail"
    fix = checks[failing]["fix"]
    assert isinstance(fix, dict) and fix["summary"] and fix["docs_url"]
    assert any("$TELNYX_API_KEY" in cmd or cmd.startswith("doctor ") for cmd in fix["commands"])
    for dependent, because in skipped_because.items():
        assert checks[dependent]["status"] == "skip"
        assert checks[dependent]["skipped_because"] == because
    others = {cid: c["status"] for cid, c in checks.items() if cid != failing}
    assert "fail" not in others.values() and "error" not in others.values()


def test_json_report_validates_against_the_published_schema(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """The JSON report of several numbers validates against the schema committed in docs/."""
    result = run_cli(HEALTHY, NO_PROFILE, REJECTED_TOLL_FREE, "--format", "json", server=sandbox)
    report = json.loads(result.out)
    published = json.loads((Path(__file__).parents[2] / "docs" / "report.schema.json").read_text())
    assert published == json_schema()
    jsonschema.validate(report, published)
    assert report["summary"]["numbers"] == 3
    assert report["tool"]["plugins"][0]["name"] == "builtin"


def test_junit_output_parses_with_a_suite_per_number(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """JUnit output is valid XML with one testsuite per number and a failure for a failing check."""
    result = run_cli(HEALTHY, NO_PROFILE, "--format", "junit", server=sandbox)
    root = ET.fromstring(result.out)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [HEALTHY, NO_PROFILE]
    failed = [c.get("name") for c in suites[1].iter("testcase") if c.find("failure") is not None]
    assert failed == ["profile.assigned"]


def test_markdown_and_text_reports_carry_the_fix(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """The markdown and text reports show the failing check with its ready-to-run command."""
    for fmt in ("markdown", "text"):
        result = run_cli(NO_PROFILE, "--format", fmt, server=sandbox)
        assert result.code == 1
        assert "profile.assigned" in result.out
        assert f"https://api.telnyx.com/v2/phone_numbers/{NO_PROFILE}/messaging" in result.out


def test_a_folded_area_of_skips_says_why_after_a_colon(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """An area whose only check skipped for its own reason reads `1 check skipped: <reason>`, words apart."""
    result = run_cli(NO_WEBHOOK, "--probe", "off", env={"COLUMNS": "200"}, server=sandbox)
    line = next(line for line in result.out.splitlines() if "messages" in line and "skipped" in line)
    assert "1 check skipped: no outbound message recorded" in line, line


def test_text_output_when_piped_has_no_colour(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """Piped text output carries no ANSI escapes; --color always adds them."""
    plain = run_cli(HEALTHY, server=sandbox)
    assert "\x1b[" not in plain.out and "1 number" in plain.out
    coloured = run_cli(HEALTHY, "--color", "always", server=sandbox)
    assert "\x1b[" in coloured.out


def test_output_dash_is_stdout_not_a_file_named_dash(
    run_cli: RunCli, sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-o -` writes the report to stdout and creates no file called '-'."""
    monkeypatch.chdir(tmp_path)
    result = run_cli(HEALTHY, "--format", "json", "-o", "-", "--probe", "off", server=sandbox)
    assert result.code == 0, result.err
    assert json.loads(result.out)["numbers"][0]["phone_number"] == HEALTHY
    assert not (tmp_path / "-").exists()


def test_output_file_holds_the_report_and_stdout_stays_empty(
    run_cli: RunCli, sandbox: SandboxServer, tmp_path: Path
) -> None:
    """-o writes the report to a file and nothing to stdout."""
    path = tmp_path / "report.json"
    result = run_cli(HEALTHY, "--format", "json", "-o", str(path), server=sandbox)
    assert result.out == ""
    assert json.loads(path.read_text())["numbers"][0]["phone_number"] == HEALTHY


def test_only_and_skip_select_checks_by_glob(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """--only keeps the matching checks and what they require; --skip drops checks and their dependents."""
    only = checks_of(run_cli(HEALTHY, "--only", "webhook.api_version", "--format", "json", server=sandbox).out)
    assert set(only) == {
        "number.format",
        "number.messaging_listed",
        "short_code.provisioned",
        "alphanumeric.registered",
        "profile.assigned",
        "profile.enabled",
        "webhook.configured",
        "webhook.api_version",
    }
    skipped = checks_of(run_cli(HEALTHY, "--skip", "webhook.*", "--format", "json", server=sandbox).out)
    assert not any(cid.startswith("webhook.") for cid in skipped)
    assert "profile.enabled" in skipped


def test_unknown_check_id_is_a_usage_error(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """An --only pattern matching no check exits 2 with one error line and a tip."""
    result = run_cli(HEALTHY, "--only", "nope.nothing", server=sandbox)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("error: --only 'nope.nothing' matches no check")


def test_a_malformed_number_exits_2_with_one_clear_line(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """`doctor 12ab` exits 2 with one error line (and a tip), no traceback, and nothing on stdout."""
    result = run_cli("12ab", server=sandbox)
    assert result.code == 2
    assert result.out == ""
    lines = result.err.splitlines()
    assert lines[0] == "error: '12ab' is not a phone number"
    assert len(lines) <= 2 and "Traceback" not in result.err


def test_a_wrong_key_exits_4_without_showing_it(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """A rejected key exits 4 with how to fix it, and the key appears nowhere."""
    result = run_cli(HEALTHY, server=sandbox, key="KEYwrong0123456789abcdef")
    assert result.code == 4
    assert result.out == ""
    assert "error: the API key was rejected" in result.err
    assert "tip:" in result.err


def test_a_missing_key_exits_4_before_any_request(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """No key at all exits 4 with a tip, and the API sees no request."""
    before = sandbox.state.requests.snapshot()
    result = run_cli(HEALTHY, server=sandbox, key="")
    assert result.code == 4
    assert "error: no API key" in result.err
    assert sandbox.state.requests.snapshot() == before


def test_api_key_file_is_read(run_cli: RunCli, sandbox: SandboxServer, tmp_path: Path) -> None:
    """--api-key-file supplies the key when the environment has none."""
    key_file = tmp_path / "key"
    key_file.write_text(sandbox.api_key + "\n")
    result = run_cli(HEALTHY, "--api-key-file", str(key_file), server=sandbox, key="")
    assert result.code == 0, result.err


def test_list_checks_shows_every_builtin(run_cli: RunCli) -> None:
    """--list-checks lists every built-in check with its title, impact and plugin, and needs no key."""
    from telnyx_doctor.plugins import load_registry

    result = run_cli("--list-checks")
    assert result.code == 0
    lines = result.out.split("\n\n")[0].splitlines()  # the table; a legend follows a blank line
    assert lines[0].split() == ["ID", "TITLE", "IMPACT", "PLUGIN"]
    listed = {line.split()[0] for line in lines[1:]}
    assert listed == set(load_registry(environ={"TELNYX_DOCTOR_PLUGINS": ""}).checks)
    assert len(listed) == 23


def test_from_file_reads_numbers_with_comments_and_stdin(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """--from-file - reads numbers from stdin, ignoring comments and blank lines."""
    result = run_cli(
        "--from-file",
        "-",
        "--format",
        "json",
        server=sandbox,
        stdin=f"# fleet\n{HEALTHY}\n\n{HEALTHY_TOLL_FREE}  # toll-free\n",
    )
    assert result.code == 0, result.err
    assert [n["phone_number"] for n in json.loads(result.out)["numbers"]] == [HEALTHY, HEALTHY_TOLL_FREE]


def test_probe_off_skips_the_probe_checks_with_the_reason(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """--probe off skips the probe checks, naming why, and sends nothing to the webhook."""
    before = sandbox.state.webhook_requests.snapshot()
    checks = checks_of(run_cli(HEALTHY, "--probe", "off", "--format", "json", server=sandbox).out)
    assert checks["webhook.reachable"]["status"] == "skip"
    assert "off" in str(checks["webhook.reachable"]["summary"])
    assert sandbox.state.webhook_requests.snapshot() == before


def test_private_webhook_hosts_fail_without_allow_private(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """Without --allow-private, a loopback webhook host fails webhook.url_valid and is never probed."""
    before = sandbox.state.webhook_requests.snapshot()
    result = run_cli(HEALTHY, "--format", "json", server=sandbox, trust_sandbox=False)
    assert result.code == 1
    assert checks_of(result.out)["webhook.url_valid"]["status"] == "fail"
    assert sandbox.state.webhook_requests.snapshot() == before


def test_verbose_logs_api_calls_and_probes_to_stderr(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """-v logs each API call and each probe to stderr, and stdout still carries only the report."""
    result = run_cli(WEBHOOK_500, "-v", "--format", "json", server=sandbox)
    assert "telnyx_doctor.api: GET /v2/phone_numbers/messaging -> 200" in result.err
    assert "telnyx_doctor.probe: POST https://localhost:" in result.err and "/error -> 500" in result.err
    assert json.loads(result.out)["numbers"][0]["phone_number"] == WEBHOOK_500
