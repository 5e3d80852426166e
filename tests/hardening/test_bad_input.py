"""Bad input of every kind: never a traceback; exit 2 with one clear `error:` line (and at most a tip)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SECRETS, RunCli

from .support import HEALTHY, assert_no_traceback, assert_one_error_line, closed_port

CLOSED = f"http://127.0.0.1:{closed_port()}/v2"
# Flags whose values the property tests draw; -o/--record are left out (they write files), --all/--profile
# and --only/--skip too (they could widen a run beyond number.format).
FLAGS = [
    "--format", "--fail-on", "--probe", "--color", "--timeout", "--deadline", "--concurrency", "-v", "-vv", "-q",
    "--allow-private", "--list-checks", "--api-key-file", "--ca-bundle", "--from-file", "--replay", "--config",
    "--no-config", "--api-key", "--base-url", "--", "-x", "--nope", "--forma", "--api",
]  # fmt: skip
VALUES = ["json", "text", "nope", "-1", "0", "nan", "inf", "1e309", "0.5", "", " ", "-", "+15550100001", "12ab"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

numbers = st.one_of(
    st.text(max_size=24),
    st.from_regex(r"\A\+?[0-9 ().\-/]{0,20}\Z"),
    st.builds("alpha:{}".format, st.text(max_size=14)),
    st.sampled_from(["+15550100001", "+18885550101", "12345", "Acme", "+447700900123", "alpha:1800 Flow"]),
)
tokens = st.lists(st.one_of(st.sampled_from(FLAGS), st.sampled_from(VALUES), st.text(max_size=12)), max_size=8)


def _assert_pre_flight_answer(code: int, out: str, err: str) -> None:
    """Exit 2 (usage) or 4 (no key) with one `error:` line; or 0 for --list-checks, --help, --version.

    A `warning:` may come first: a number typed without `+` says which E.164 number was assumed.
    """
    assert_no_traceback(out, err)
    assert code in (0, 2, 4), (code, err)
    lines = err.splitlines(keepends=True)
    warnings = [line for line in lines if line.startswith("warning: ")]
    assert all("has no '+'" in line for line in warnings), err
    err = "".join(line for line in lines if line not in warnings)
    if code != 0:
        assert out == ""
        assert_one_error_line(err)
    if code == 4:
        assert err.startswith("error: no API key")


@SETTINGS
@given(number=numbers)
def test_any_number_gets_a_clear_answer_before_anything_runs(run_cli: RunCli, number: str) -> None:
    """Whatever is typed as a number, the doctor answers with one line: invalid (2) or, valid, no key (4)."""
    result = run_cli("--no-config", "--base-url", CLOSED, "--", number, key="")
    _assert_pre_flight_answer(result.code, result.out, result.err)
    assert result.code in (2, 4)


@SETTINGS
@given(argv=tokens)
def test_any_arguments_get_a_clear_answer(run_cli: RunCli, argv: list[str]) -> None:
    """Any mix of flags, values and junk ends in exit 0, 2 or 4 with one clear line: never a traceback."""
    result = run_cli("--no-config", "--base-url", CLOSED, *argv, key="", stdin="")
    _assert_pre_flight_answer(result.code, result.out, result.err)


@SETTINGS
@given(argv=tokens)
def test_any_arguments_to_doctor_fix_get_a_clear_answer(run_cli: RunCli, argv: list[str]) -> None:
    """`doctor fix` given any mix of flags and junk answers in one clear line too (it has no key here)."""
    result = run_cli("fix", *argv, "--base-url", CLOSED, key="", stdin="")
    _assert_pre_flight_answer(result.code, result.out, result.err)


@pytest.mark.parametrize("number", ["+15550100001", "+18885550101", "12345", "alpha:Acme", "+447700900123"])
def test_a_valid_number_runs_without_the_network_when_only_its_format_is_checked(run_cli: RunCli, number: str) -> None:
    """A valid number with a key runs: --only number.format needs no API call, so a closed port is fine."""
    argv = ["--no-config", "--base-url", CLOSED, "--only", "number.format", "--format", "json", number]
    result = run_cli(*argv, key="KEYformatonly0123456789abcdef")
    assert_no_traceback(result.out, result.err)
    assert result.code == 0, result.err
    assert json.loads(result.out)["numbers"][0]["checks"][0]["status"] == "pass"


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--timeout", "-1"], "argument --timeout: '-1' must be greater than 0"),
        (["--timeout", "0"], "argument --timeout: '0' must be greater than 0"),
        (["--timeout", "nan"], "argument --timeout: 'nan' is not a finite number"),
        (["--timeout", "inf"], "argument --timeout: 'inf' is not a finite number"),
        (["--deadline", "1e309"], "argument --deadline: '1e309' is not a finite number"),
        (["--deadline", "soon"], "argument --deadline: 'soon' is not a number"),
        (["--concurrency", "0"], "argument --concurrency: '0' must be at least 1"),
        (["--concurrency", "2.5"], "argument --concurrency: '2.5' is not a whole number"),
        (["--format", "nope"], "argument --format: invalid choice: 'nope'"),
        (["--fail-on", "sometimes"], "argument --fail-on: invalid choice: 'sometimes'"),
        (["--probe", "ping"], "argument --probe: invalid choice: 'ping'"),
        (["--color", "pink"], "argument --color: invalid choice: 'pink'"),
        (["--forma", "json"], "unrecognized arguments: --forma"),  # no abbreviations
        (["--timeout"], "argument --timeout: expected one argument"),
        (["--base-url", "api.telnyx.com/v2"], "--base-url 'api.telnyx.com/v2' is not an http(s) URL"),
        (["--base-url", "ftp://example.com/v2"], "--base-url 'ftp://example.com/v2' is not an http(s) URL"),
        (["--base-url", "http://127.0.0.1:99999/v2"], "is not an http(s) URL"),
        (["--base-url", "https://user:pw@[::1/v2"], "--base-url 'https://[::1/v2' is not an http(s) URL"),
        (["--only", "nope.*"], "--only 'nope.*' matches no check"),
    ],
)
def test_a_bad_flag_value_is_one_error_line(run_cli: RunCli, argv: list[str], fragment: str) -> None:
    """Each bad flag value exits 2 with one `error:` line saying what is wrong, and nothing on stdout."""
    result = run_cli(HEALTHY, "--no-config", *argv, key="KEYbadflags0123456789abcdef")
    assert result.code == 2, result.err
    assert result.out == ""
    assert_one_error_line(result.err, fragment)


def test_a_bad_base_url_in_the_environment_names_the_variable(run_cli: RunCli) -> None:
    """TELNYX_API_BASE_URL that is not an http(s) URL is a usage error naming the variable."""
    result = run_cli(HEALTHY, "--no-config", key="KEYbadenv0123456789abcdef", env={"TELNYX_API_BASE_URL": "nope"})
    assert result.code == 2
    assert_one_error_line(result.err, "TELNYX_API_BASE_URL 'nope' is not an http(s) URL")


@pytest.mark.parametrize("spelling", ["--api-key", "--api-key=", "--token", "--key", "--api_key="])
def test_a_key_on_the_command_line_is_refused_without_echoing_it(run_cli: RunCli, spelling: str) -> None:
    """`--api-key KEY` (or a look-alike) exits 2 saying to use the environment, and never shows the key."""
    key = "KEYcommandline0123456789abcdefXYZ"
    SECRETS.append(key)
    argv = [spelling + key] if spelling.endswith("=") else [spelling, key]
    for command in ([HEALTHY, *argv], ["fix", HEALTHY, *argv]):
        result = run_cli(*command, "--no-config")
        assert result.code == 2
        line = assert_one_error_line(result.err, f"there is no {spelling.rstrip('=')} flag")
        assert "visible to other users" in line
        assert "tip: export TELNYX_API_KEY=… or pass --api-key-file PATH" in result.err


# --- files the run depends on ---------------------------------------------------------------------------


def _files(tmp_path: Path) -> dict[str, Path]:
    binary = tmp_path / "binary"
    binary.write_bytes(b"\xff\xfe\x00\x81 not utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    text = tmp_path / "text"
    text.write_text("12ab\n")
    bundle = tmp_path / "bundle.json"
    bundle.write_text(json.dumps({"bundle_version": 99, "facts": {}, "tool": {"version": "9.9"}}))
    return {"missing": tmp_path / "missing", "binary": binary, "folder": folder, "text": text, "bundle": bundle}


@pytest.mark.parametrize(
    ("flag", "file", "fragment"),
    [
        ("--api-key-file", "missing", "cannot read --api-key-file"),
        ("--api-key-file", "folder", "cannot read --api-key-file"),
        ("--api-key-file", "binary", "cannot read --api-key-file"),
        ("--from-file", "missing", "cannot read --from-file"),
        ("--from-file", "folder", "cannot read --from-file"),
        ("--from-file", "binary", "cannot read --from-file"),
        ("--from-file", "text", "'12ab' is not a phone number"),
        ("--ca-bundle", "missing", "cannot read --ca-bundle"),
        ("--ca-bundle", "text", "cannot read --ca-bundle"),
        ("--ca-bundle", "folder", "cannot read --ca-bundle"),
        ("--replay", "missing", "cannot read --replay"),
        ("--replay", "folder", "cannot read --replay"),
        ("--replay", "binary", "is not a telnyx-doctor bundle"),
        ("--replay", "text", "is not a telnyx-doctor bundle"),
        ("--replay", "bundle", "has bundle version 99"),
        ("--config", "missing", "cannot read"),
        ("--config", "folder", "cannot read"),
        ("--config", "binary", "is not valid TOML"),
        ("--config", "text", "is not valid TOML"),
    ],
)
def test_an_unreadable_file_is_one_error_line(
    run_cli: RunCli, tmp_path: Path, flag: str, file: str, fragment: str
) -> None:
    """Every file a flag names that cannot be read (or is not what it should be) exits 2 with one line."""
    path = _files(tmp_path)[file]
    argv = [HEALTHY, flag, str(path), "--base-url", CLOSED, "--only", "number.format"]
    if flag == "--replay":  # a replay takes no number and no API flag: it would refuse them first
        argv = [flag, str(path), "--only", "number.format"]
    result = run_cli(*argv, key="KEYfiles0123456789abcdef")
    assert result.code == 2, result.err
    assert result.out == ""
    assert_one_error_line(result.err, fragment)
    assert str(path) in result.err or fragment.endswith("is not a phone number")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('fail-on = "sometimes"', "fail-on = 'sometimes' in telnyx-doctor.toml: expected one of fail, warn, never"),
        ('format = "pdf"', "format = 'pdf' in telnyx-doctor.toml: expected one of text, json"),
        ("timeout = -1", "timeout = -1 in telnyx-doctor.toml: input should be greater than 0"),
        ("deadline = nan", "deadline = nan in telnyx-doctor.toml: input should be a finite number"),
        ("concurrency = 0", "concurrency = 0 in telnyx-doctor.toml: input should be greater than or equal to 1"),
        ('tiemout = "1"', "unknown key 'tiemout' in telnyx-doctor.toml; did you mean 'timeout'?"),
        ('probe = "ping"', "probe = 'ping' in telnyx-doctor.toml: expected one of post, head, off"),
        ('[[waivers]]\ncheck = "profile.assigned"', "waivers[0].reason is missing in telnyx-doctor.toml"),
        ("[[[", "is not valid TOML"),
    ],
)
def test_a_bad_config_file_is_one_error_line_naming_the_field(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, fragment: str
) -> None:
    """telnyx-doctor.toml found in the working directory is validated: exit 2, one line naming the field."""
    (tmp_path / "telnyx-doctor.toml").write_text(content + "\n")
    monkeypatch.chdir(tmp_path)
    result = run_cli(HEALTHY, "--base-url", CLOSED, "--only", "number.format", key="KEYconfig0123456789abcdef")
    assert result.code == 2, result.err
    assert result.out == ""
    assert_one_error_line(result.err, "telnyx-doctor.toml", fragment)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('[account]\nnam = "x"', "account.nam: unknown field (check its spelling)"),
        ('[[numbers]]\nphone_number = "+15550100001"\nstatus = "bogus"', "numbers[0] (+15550100001).status"),
        ('[[numbers]]\nphone_number = "555"', "numbers[0] (555).phone_number"),
        ("[[numbers]]\nstatus = 'active'", "numbers[0].phone_number: required field is missing"),
        ('[[numbers]]\nphone_number = "+15550100001"\nprofile = "Nowhere"', "Nowhere"),
        ('[[faults]]\nkind = "explode"', "faults[0].kind"),
        ('[[faults]]\nkind = "delay"', "faults[0]: a delay fault needs `seconds`"),
        ('[[profiles]]\nname = "P"\nwebhook_url = "sandbox:nowhere"', "profiles[0] (P).webhook_url"),
        ("[sandbox]\nlatency = -1", "sandbox.latency"),
        ("numbers = 3", "numbers: Input should be a valid list"),
        ("[[[", "not valid TOML"),
    ],
)
@pytest.mark.parametrize("command", ["sandbox", "demo"])
def test_a_bad_scenario_file_is_one_error_line_naming_the_field(
    run_cli: RunCli, tmp_path: Path, command: str, content: str, fragment: str
) -> None:
    """`doctor sandbox --scenario` and `doctor demo --scenario` validate the file: exit 2, one line."""
    path = tmp_path / "bad.toml"
    path.write_text(content + "\n")
    result = run_cli(command, "--scenario", str(path))
    assert result.code == 2, result.err
    assert result.out == ""
    assert_one_error_line(result.err, str(path), fragment)


def test_a_missing_scenario_file_is_one_error_line(run_cli: RunCli, tmp_path: Path) -> None:
    """A scenario path that does not exist is named in one error line."""
    result = run_cli("sandbox", "--scenario", str(tmp_path / "absent.toml"))
    assert result.code == 2
    assert_one_error_line(result.err, "absent.toml: no such scenario file")
