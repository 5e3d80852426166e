"""Tests for the fix builders: curl commands, shell quoting, doctor commands."""

from __future__ import annotations

import shlex

from telnyx_doctor.numbers import parse_target
from telnyx_doctor_checks import _fixes as fx

from .conftest import assert_command


def test_curl_sends_the_key_from_the_environment() -> None:
    """A curl command reads the key from $TELNYX_API_KEY and targets the real API."""
    command = fx.curl("GET", "/messaging_profiles/abc")
    assert command == 'curl -X GET "https://api.telnyx.com/v2/messaging_profiles/abc" ' + fx.AUTH
    assert_command(command)


def test_curl_encodes_query_values() -> None:
    """Query values are percent-encoded, so an E.164 `+` is not read as a space."""
    command = fx.curl("GET", "/phone_numbers/messaging", query={"filter[phone_number]": "+13125550123"})
    assert '"https://api.telnyx.com/v2/phone_numbers/messaging?filter[phone_number]=%2B13125550123"' in command


def test_curl_single_quotes_a_literal_body() -> None:
    """A body without variables is one single-quoted shell word that survives quotes inside it."""
    command = fx.curl("POST", "/x", body={"appeal_reason": "it's fixed"})
    words = shlex.split(command)
    assert words[-2] == "-d"
    assert words[-1] == '{"appeal_reason": "it\'s fixed"}'


def test_curl_expands_shell_variables_in_the_body() -> None:
    """A ShellVar in the body stays a `$NAME` the shell expands, inside valid JSON."""
    command = fx.curl("PATCH", "/p", body={"messaging_profile_id": fx.PROFILE_ID_VAR})
    assert command.endswith('-d "{\\"messaging_profile_id\\": \\"$MESSAGING_PROFILE_ID\\"}"')


def test_curl_expands_shell_variables_in_query_and_path() -> None:
    """ShellVars in a path segment or query value expand inside the double-quoted URL."""
    command = fx.curl("GET", f"/short_codes/{fx.seg(fx.ShellVar('ID'))}", query={"brandId": fx.ShellVar("B")})
    assert '"https://api.telnyx.com/v2/short_codes/$ID?brandId=$B"' in command


def test_seg_keeps_plus_and_encodes_the_rest() -> None:
    """Path segments keep an E.164 `+` literal and encode characters that would break the URL."""
    assert fx.seg("+13125550123") == "+13125550123"
    assert fx.seg('a"b$c/d') == "a%22b%24c%2Fd"


def test_doctor_commands_quote_the_target() -> None:
    """Doctor commands read the target back the way the CLI parses it, quoted for the shell."""
    assert fx.recheck(parse_target("+13125550123"), "10dlc.*") == "doctor +13125550123 --only '10dlc.*'"
    assert fx.doctor(parse_target("alpha:My Brand")) == "doctor 'alpha:My Brand'"
    assert fx.doctor_fix(parse_target("+13125550123")) == (
        'doctor fix +13125550123 --profile-id "$MESSAGING_PROFILE_ID"'
    )
