"""End to end: the CLI's contract with scripts and people — clean stdout, honest exit codes, clear refusals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import RunCli, serve
from hardening.support import assert_one_error_line
from telnyx_doctor.sandbox import SandboxServer, load_scenario

from .test_cli_diagnosis import HEALTHY, NO_PROFILE, NO_WEBHOOK, checks_of
from .test_workflows import profile_id


def doctor_subprocess(server: SandboxServer, *argv: str) -> subprocess.Popen[bytes]:
    """`python -m telnyx_doctor ARGV` against `server`, its stdout a pipe the test controls."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELNYX_", "GITHUB_"))}
    env.update(TELNYX_API_KEY=server.api_key, TELNYX_DOCTOR_PLUGINS="", TELNYX_API_BASE_URL=server.base_url)
    flags = ["--ca-bundle", str(server.ca_file), "--allow-private"]
    return subprocess.Popen(
        [sys.executable, "-m", "telnyx_doctor", *argv, *flags],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


# --- 1. stdout holds only the chosen format ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "junit"])
def test_fix_dry_run_writes_only_the_document_on_stdout(
    run_cli: RunCli, fresh_sandbox: SandboxServer, fmt: str
) -> None:
    """`doctor fix --dry-run --format json|junit`: stdout parses as that format; the plan is on stderr."""
    target = profile_id(fresh_sandbox, "Acme Production")
    result = run_cli("fix", NO_PROFILE, "--profile-id", target, "--dry-run", "--format", fmt, server=fresh_sandbox)
    assert result.code == 1, result.err
    if fmt == "json":
        assert checks_of(result.out)["profile.assigned"]["status"] == "fail"
    else:
        assert ET.fromstring(result.out).tag == "testsuites"
    assert "Fix plan for " + NO_PROFILE in result.err
    assert "Fix plan" not in result.out


# --- 3. a closed pipe keeps the run's exit code ----------------------------------------------------------


PIPED_RUNS = [["--all", "--probe", "off", "--no-config"], ["fix", NO_PROFILE, "--dry-run", "--probe", "off"]]


@pytest.mark.parametrize("argv", PIPED_RUNS)
def test_a_closed_pipe_keeps_the_diagnosis_exit_code(sandbox: SandboxServer, argv: list[str]) -> None:
    """`doctor … | head` exits as the run would unpiped (1 for an unhealthy run), silently, not 0."""
    child = doctor_subprocess(sandbox, *argv)
    assert child.stdout is not None
    child.stdout.close()  # the reader is gone before the report is written: every write meets EPIPE
    _, err = child.communicate(timeout=60)
    assert child.returncode == 1, err
    assert b"Traceback" not in err and b"BrokenPipe" not in err


# --- 2. an empty selection is a usage error --------------------------------------------------------------

TWO_PROFILES = """\
name = "profiles"
[[profiles]]
name = "Twin"
[[profiles]]
name = "TWIN"
[[profiles]]
name = "Unused"
[[profiles]]
name = "Solo"
[[numbers]]
phone_number = "+15550100001"
profile = "Solo"
"""


@pytest.fixture
def profiles_sandbox(tmp_path: Path) -> Iterator[SandboxServer]:
    """A sandbox whose profiles share names, or hold no number."""
    scenario = tmp_path / "profiles.toml"
    scenario.write_text(TWO_PROFILES)
    yield from serve(load_scenario(scenario))


def test_an_unknown_profile_exits_2_naming_it(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """`--profile nope` is exit 2 "no messaging profile 'nope'", not a passing run of 0 numbers; its tip lists
    the profiles of the API the run used."""
    result = run_cli("--profile", "nope", "--probe", "off", server=sandbox)
    assert result.code == 2, result.out
    assert_one_error_line(result.err, "no messaging profile 'nope' on this account")
    assert result.out == ""
    assert f"{sandbox.base_url}/messaging_profiles" in result.err.splitlines()[1]


def test_a_profile_name_is_accepted_when_it_names_one_profile(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """`--profile "Acme Production"` diagnoses the numbers of the one profile of that name."""
    by_name = run_cli("--profile", "Acme Production", "--probe", "off", "--format", "json", server=sandbox)
    by_id = run_cli(
        "--profile", profile_id(sandbox, "Acme Production"), "--probe", "off", "--format", "json", server=sandbox
    )
    numbers = [n["phone_number"] for n in json.loads(by_name.out)["numbers"]]
    assert numbers and numbers == [n["phone_number"] for n in json.loads(by_id.out)["numbers"]]
    assert by_name.code == by_id.code


def test_an_ambiguous_or_empty_profile_exits_2(run_cli: RunCli, profiles_sandbox: SandboxServer) -> None:
    """A name two profiles share (in any case) lists both ids; a profile without numbers says so; both exit 2."""
    twins = [p.id for p in profiles_sandbox.state.account.profiles if p.name.casefold() == "twin"]
    ambiguous = run_cli("--profile", "twin", "--probe", "off", server=profiles_sandbox)
    assert ambiguous.code == 2
    line = assert_one_error_line(ambiguous.err, "2 messaging profiles are named 'twin'")
    assert all(twin in line for twin in twins)
    empty = run_cli("--profile", profile_id(profiles_sandbox, "Unused"), "--probe", "off", server=profiles_sandbox)
    assert empty.code == 2
    assert_one_error_line(empty.err, "(Unused) has no phone numbers")


def test_all_on_an_empty_account_exits_2(run_cli: RunCli, tmp_path: Path) -> None:
    """`--all` on an account without numbers is exit 2 with the reason, not a healthy run."""
    scenario = tmp_path / "empty.toml"
    scenario.write_text('name = "empty"\n')
    with SandboxServer(load_scenario(scenario)) as server:
        result = run_cli("--all", "--probe", "off", server=server)
    assert result.code == 2, result.out
    assert_one_error_line(result.err, "the account has no phone numbers")


# --- 6. mistypes: exit 2 with a did-you-mean ------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "error", "tip"),
    [
        (["fixx", NO_PROFILE, "--profile-id", "x"], "unknown command 'fixx'", "did you mean `doctor fix`?"),
        (["sandbx"], "unknown command 'sandbx'", "did you mean `doctor sandbox`?"),
        ([NO_PROFILE, "Acme"], "unknown command 'Acme'", "alpha:NAME"),
        ([NO_PROFILE, "--formt", "json"], "unrecognized arguments: --formt", "did you mean '--format'?"),
        ([NO_PROFILE, "--format", "jsn"], "invalid choice: 'jsn'", "did you mean 'json'?"),
        ([NO_PROFILE, "--only", "profile.enabeld"], "--only 'profile.enabeld' matches no check", "'profile.enabled'"),
        ([NO_PROFILE, "--skip", "webhok.*"], "--skip 'webhok.*' matches no check", "'webhook.*'"),
        (["fix", NO_PROFILE, "--dryrun"], "unrecognized arguments: --dryrun", "did you mean '--dry-run'?"),
    ],
)
def test_a_mistype_exits_2_before_any_request_with_a_did_you_mean(
    run_cli: RunCli, fresh_sandbox: SandboxServer, argv: list[str], error: str, tip: str
) -> None:
    """A mistyped command, flag, format or check id is exit 2 with a did-you-mean, and the API sees nothing."""
    result = run_cli(*argv, server=fresh_sandbox)
    assert result.code == 2, result.err
    assert_one_error_line(result.err, error)
    assert tip in result.err.splitlines()[1]
    assert "?;" not in result.err
    assert fresh_sandbox.state.requests.snapshot() == {}


def test_a_sender_id_in_its_documented_form_still_runs(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """`alpha:Acme` is diagnosed as an alphanumeric sender ID."""
    result = run_cli("alpha:Acme", "--only", "number.format", "--format", "json", server=sandbox)
    assert result.code == 0, result.err
    assert json.loads(result.out)["numbers"][0]["kind"] == "alphanumeric"


# --- 7. output paths are checked before any request -----------------------------------------------------


@pytest.mark.parametrize("flag", ["--record", "-o"])
@pytest.mark.parametrize("where", ["missing-dir/out.json", "."])
def test_an_unwritable_output_path_exits_2_before_any_request(
    run_cli: RunCli, fresh_sandbox: SandboxServer, tmp_path: Path, flag: str, where: str
) -> None:
    """-o or --record into a missing directory (or onto a directory) is exit 2, and the API sees nothing."""
    path = str(tmp_path / where)
    result = run_cli(NO_PROFILE, flag, path, "--format", "json", server=fresh_sandbox)
    assert result.code == 2, result.err
    assert_one_error_line(result.err, repr(path))
    assert fresh_sandbox.state.requests.snapshot() == {}
    assert not (tmp_path / "missing-dir").exists()


def test_fix_checks_its_output_path_before_any_request(
    run_cli: RunCli, fresh_sandbox: SandboxServer, tmp_path: Path
) -> None:
    """`doctor fix -o` into a missing directory is exit 2 before the diagnosis reads anything."""
    result = run_cli("fix", NO_PROFILE, "--dry-run", "-o", str(tmp_path / "no" / "r.txt"), server=fresh_sandbox)
    assert result.code == 2, result.err
    assert fresh_sandbox.state.requests.snapshot() == {}


# --- 8. --replay refuses what it cannot honour -----------------------------------------------------------


@pytest.fixture(scope="module")
def bundle(sandbox: SandboxServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bundle recorded from one number of the demo account."""
    path = tmp_path_factory.mktemp("bundle") / "bundle.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELNYX_", "GITHUB_"))}
    env.update(TELNYX_API_KEY=sandbox.api_key, TELNYX_DOCTOR_PLUGINS="", TELNYX_API_BASE_URL=sandbox.base_url)
    argv = [NO_PROFILE, "--no-config", "--probe", "off", "--record", str(path)]
    subprocess.run([sys.executable, "-m", "telnyx_doctor", *argv], env=env, capture_output=True, check=False)
    assert path.is_file()
    return path


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["+15550100001"], "'+15550100001'"),
        (["--base-url", "http://127.0.0.1:9/v2"], "--base-url"),
        (["--record", "again.json"], "--record"),
        (["--profile", "x"], "--profile"),
    ],
)
def test_replay_refuses_what_it_would_ignore(run_cli: RunCli, bundle: Path, extra: list[str], named: str) -> None:
    """--replay with numbers, --base-url, --record or a selection exits 2 naming it, instead of ignoring it."""
    result = run_cli("--replay", str(bundle), "--no-config", *extra, key="")
    assert result.code == 2, result.err
    assert_one_error_line(result.err, named)


def test_replay_honours_selection_and_format(run_cli: RunCli, bundle: Path) -> None:
    """--replay with --only and --format json still replays."""
    result = run_cli("--replay", str(bundle), "--no-config", "--only", "number.format", "--format", "json", key="")
    assert result.code == 0, result.err
    assert set(checks_of(result.out)) == {"number.format"}


# --- 12. the key file ---------------------------------------------------------------------------------------


def test_an_empty_key_file_says_it_is_empty(run_cli: RunCli, fresh_sandbox: SandboxServer, tmp_path: Path) -> None:
    """An empty --api-key-file is named as empty (exit 4), not reported as a missing key."""
    key_file = tmp_path / "key"
    key_file.write_text("\n")
    result = run_cli(NO_PROFILE, "--api-key-file", str(key_file), server=fresh_sandbox, key="")
    assert result.code == 4
    assert_one_error_line(result.err, f"the key file {key_file} is empty")
    assert fresh_sandbox.state.requests.snapshot() == {}


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_key_file_others_can_read_gets_a_warning(run_cli: RunCli, sandbox: SandboxServer, tmp_path: Path) -> None:
    """A key file readable by group or others is warned about, as ssh does; a 0600 one is not."""
    key_file = tmp_path / "key"
    key_file.write_text(sandbox.api_key + "\n")
    argv = [NO_PROFILE, "--api-key-file", str(key_file), "--only", "number.format"]
    key_file.chmod(0o644)
    loose = run_cli(*argv, server=sandbox, key="")
    assert f"warning: the key file {key_file} is readable by other users (mode 0644)" in loose.err
    assert "chmod 600" in loose.err
    key_file.chmod(0o600)
    tight = run_cli(*argv, server=sandbox, key="")
    assert "warning" not in tight.err
    assert loose.code == tight.code == 0


# --- 21. --from-file: BOM, CSV, file:line ------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "\ufeff+15550100001\n+15550100002\n",
        "phone_number,label\n+15550100001,main\n+15550100002,backup\n",
        "label,Phone_Number\nmain,+15550100001\nbackup,+15550100002\n",
        "\ufeffnumber,label\n+15550100001,main\n+15550100002,backup\n",
        "+15550100001,main\n+15550100002,backup\n",
    ],
)
def test_from_file_reads_bom_files_and_csv_exports(
    run_cli: RunCli, sandbox: SandboxServer, tmp_path: Path, content: str
) -> None:
    """A BOM is dropped; a CSV gives its phone_number column (or its first), with or without a header."""
    path = tmp_path / "numbers.csv"
    path.write_text(content, encoding="utf-8")
    result = run_cli("--from-file", str(path), "--only", "number.format", "--format", "json", server=sandbox)
    assert result.code == 0, result.err
    numbers = [n["phone_number"] for n in json.loads(result.out)["numbers"]]
    assert numbers == ["+15550100001", "+15550100002"]


def test_from_file_names_the_line_of_a_bad_number(run_cli: RunCli, tmp_path: Path) -> None:
    """A bad number in --from-file is reported as FILE:LINE, before any request."""
    path = tmp_path / "numbers.txt"
    path.write_text("# fleet\n+15550100001\n\n+1555010000x\n")
    result = run_cli("--from-file", str(path), "--no-config", key="KEYfromfile0123456789abcdef")
    assert result.code == 2
    assert_one_error_line(result.err, f"{path}:4: '+1555010000x' is not")


def test_from_file_without_numbers_exits_2(run_cli: RunCli, tmp_path: Path) -> None:
    """A --from-file holding only comments or blank lines is exit 2, not a run of 0 numbers."""
    path = tmp_path / "numbers.txt"
    path.write_text("# nothing yet\n\n")
    result = run_cli("--from-file", str(path), "--no-config", key="KEYfromfile0123456789abcdef")
    assert result.code == 2
    assert_one_error_line(result.err, "holds no number")


# --- 9. numbers without '+' ------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "e164"), [("5550100001", "+15550100001"), ("15550100001", "+15550100001")])
def test_a_number_without_plus_is_diagnosed_with_a_warning_naming_the_assumption(
    run_cli: RunCli, sandbox: SandboxServer, typed: str, e164: str
) -> None:
    """A bare NANP number is read as +1, and stderr says so, naming the E.164 form and why."""
    result = run_cli(typed, "--only", "number.format", "--format", "json", server=sandbox)
    assert result.code == 0, result.err
    assert json.loads(result.out)["numbers"][0]["phone_number"] == e164
    warning = next(line for line in result.err.splitlines() if line.startswith("warning:"))
    assert f"'{typed}' has no '+': diagnosing {e164}" in warning and "North American (+1)" in warning


def test_a_foreign_number_without_plus_gets_a_tip_built_from_its_own_digits(run_cli: RunCli) -> None:
    """`447700900123` is refused with a tip naming +447700900123, not an unrelated example number."""
    result = run_cli("447700900123", "--no-config", key="KEYnoplus0123456789abcdef")
    assert result.code == 2
    assert_one_error_line(result.err, "'447700900123' has no country code")
    assert "+447700900123" in result.err.splitlines()[1]
    assert "+445555123456" not in result.err


# --- 5. suggested doctor commands carry the run's flags ---------------------------------------------------


def doctor_commands(out: str) -> list[str]:
    """Every suggested `doctor …` command of a JSON report."""
    report = json.loads(out)
    return [
        command
        for number in report["numbers"]
        for check in number["checks"]
        if check["fix"]
        for command in check["fix"]["commands"]
        if command.startswith("doctor ")
    ]


def test_suggested_commands_carry_the_flags_the_run_needed(
    run_cli: RunCli, sandbox: SandboxServer, tmp_path: Path
) -> None:
    """Re-run commands carry --base-url, --ca-bundle, --allow-private and the key file's path, and work as printed."""
    import shlex

    key_file = tmp_path / "key"
    key_file.write_text(sandbox.api_key)
    key_file.chmod(0o600)
    flags = ["--base-url", sandbox.base_url, "--ca-bundle", str(sandbox.ca_file), "--allow-private"]
    argv = [NO_PROFILE, NO_WEBHOOK, "--no-config", "--api-key-file", str(key_file), *flags]
    first = run_cli(*argv, "--format", "json", key="")
    commands = doctor_commands(first.out)
    assert any(c.startswith("doctor fix ") for c in commands) and any("--only" in c for c in commands)
    for command in commands:
        for expected in [*flags, "--api-key-file", str(key_file)]:
            assert expected in command, command
        assert sandbox.api_key not in command
    recheck = next(c for c in commands if c.startswith(f"doctor {NO_WEBHOOK} --only"))
    # run exactly as printed, from a shell without the base URL: it reaches the same account the same way
    again = run_cli(*shlex.split(recheck)[1:], "--format", "json", key="")
    assert again.code == first.code, again.err
    before, after = checks_of(first.out, NO_WEBHOOK), checks_of(again.out)
    assert {cid: after[cid]["status"] for cid in after} == {cid: before[cid]["status"] for cid in after}


# --- 13. a config file never changes results unseen -------------------------------------------------------


def test_the_report_names_the_config_file_and_lists_its_skips(
    run_cli: RunCli, sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The config file is named in JSON `tool.config`, the text header and -v; its skips are listed as skipped."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "telnyx-doctor.toml").write_text('skip = ["webhook.*"]\nprobe = "off"\n')
    report = json.loads(run_cli(NO_WEBHOOK, "--format", "json", server=sandbox).out)
    assert report["tool"]["config"] == "telnyx-doctor.toml"
    checks = checks_of(json.dumps(report))
    assert checks["webhook.configured"]["status"] == "skip"
    assert checks["webhook.configured"]["skipped_because"] == "config"
    assert checks["webhook.configured"]["summary"] == "skipped by telnyx-doctor.toml (skip = 'webhook.*')"
    assert report["exit_code"] == 0
    text = run_cli(NO_WEBHOOK, server=sandbox)
    assert "config: telnyx-doctor.toml" in text.out.splitlines()[0]
    verbose = run_cli(NO_WEBHOOK, "-v", server=sandbox)
    assert "config: telnyx-doctor.toml" in verbose.err
    bare = json.loads(run_cli(NO_WEBHOOK, "--format", "json", "--no-config", server=sandbox).out)
    assert bare["tool"]["config"] is None


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('colour = "never"\n', "unknown key 'colour' in telnyx-doctor.toml; did you mean 'color'?"),
        ('format = "jsn"\n', "format = 'jsn' in telnyx-doctor.toml: expected one of text, json, junit, markdown"),
        ("timeout = -1\n", "timeout = -1 in telnyx-doctor.toml: input should be greater than 0"),
        ('[[waivers]]\ncheck = "x.y"\nreason = "r"\n', "waivers[0].expires is missing in telnyx-doctor.toml"),
    ],
)
def test_config_errors_speak_plain_words(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, toml: str, message: str
) -> None:
    """A bad config file is one plain line naming the key and the file, with a did-you-mean when close."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "telnyx-doctor.toml").write_text(toml)
    result = run_cli(HEALTHY, key="KEYconfig0123456789abcdef")
    assert result.code == 2
    line = assert_one_error_line(result.err, message)
    assert "Extra inputs" not in line and "literal_error" not in line
