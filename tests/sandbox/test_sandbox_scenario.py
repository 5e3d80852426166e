from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from telnyx_doctor.errors import ConfigError
from telnyx_doctor.sandbox import (
    SandboxState,
    builtin_scenario_names,
    demo_numbers,
    load_builtin_scenario,
    load_scenario,
    parse_scenario_text,
    resolve_scenario,
)
from telnyx_doctor.sandbox.ids import stable_uuid
from telnyx_doctor.sandbox.views import messaging_profile, messaging_settings, phone_number_detailed
from telnyx_doctor.sandbox.webhook_urls import WebhookBases

from .conftest import SCENARIOS


def _state(text: str) -> SandboxState:
    return SandboxState(parse_scenario_text(text, "test.toml"))


def _error(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_scenario_text(text, "broken.toml")
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_builtin_scenarios_are_listed_and_load() -> None:
    """The shipped scenarios include demo and faults, and each one loads and builds."""
    names = builtin_scenario_names()
    assert {"demo", "faults"} <= set(names)
    for name in names:
        assert SandboxState(load_builtin_scenario(name)).account.numbers


def test_demo_numbers_are_the_thirteen_demo_targets_in_order() -> None:
    """demo_numbers() lists the demo's numbers in file order, healthy long code first."""
    numbers = demo_numbers()
    assert numbers[0] == "+15550100001"
    assert len(numbers) == 13
    assert numbers[-2:] == ["+18885550100", "+18885550101"]
    assert demo_numbers(load_builtin_scenario("faults")) == load_builtin_scenario("faults").numbers


def test_demo_covers_each_documented_situation() -> None:
    """The demo has no-profile, disabled, no-webhook, 500-webhook, pending 10DLC and rejected toll-free numbers."""
    account = SandboxState("demo").account
    by_number = account.numbers_by_e164
    profile = {n: account.profiles_by_id.get(by_number[n].profile_id or "") for n in demo_numbers()}
    assert profile["+15550100002"] is None
    assert profile["+15550100003"] is not None and not profile["+15550100003"].spec.enabled
    assert profile["+15550100004"] is not None and profile["+15550100004"].spec.webhook_url is None
    assert profile["+15550100005"] is not None and profile["+15550100005"].spec.webhook_url == "sandbox+tls:error"
    pending = by_number["+15550100006"].assignment
    assert pending is not None and pending.spec.assignment_status == "PENDING_ASSIGNMENT"
    statuses = {r.spec.phone_numbers[0]: r.spec.verification_status for r in account.tollfree}
    assert statuses == {"+18885550100": "Rejected", "+18885550101": "Verified"}


def test_profile_id_is_a_uuid5_of_the_name_unless_given() -> None:
    """An omitted profile id is derived from the name, stably; an explicit one is kept."""
    state = _state('[[profiles]]\nname = "A"\n[[profiles]]\nname = "B"\nid = "3fa85f64-5717-4562-b3fc-2c963f66afa6"\n')
    derived, explicit = state.account.profiles
    assert derived.id == stable_uuid("messaging_profile", "A")
    assert uuid.UUID(derived.id).version == 5
    assert explicit.id == "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    assert _state('[[profiles]]\nname = "A"\n').account.profiles[0].id == derived.id


def test_omitted_keys_mean_null() -> None:
    """No webhook keys, no profile and a features table without mms all come out as null."""
    state = _state(
        '[[profiles]]\nname = "P"\n'
        '[[numbers]]\nphone_number = "+15550100001"\n'
        "features = { sms = { domestic_two_way = true, international_inbound = false, "
        "international_outbound = false } }\n"
    )
    profile = messaging_profile(state.account.profiles[0], state.account, WebhookBases())
    assert profile["webhook_url"] is None and profile["webhook_failover_url"] is None
    assert profile["alpha_sender"] is None and profile["number_pool_settings"] is None
    settings = messaging_settings(state.account.numbers[0], state.account)
    assert settings["messaging_profile_id"] is None
    assert settings["features"]["mms"] is None
    assert settings["features"]["sms"]["domestic_two_way"] is True
    assert "health" not in settings


def test_defaults_follow_the_number() -> None:
    """Type, messaging type, country and features default from the number itself."""
    state = _state(
        '[[numbers]]\nphone_number = "+15550100001"\n'
        '[[numbers]]\nphone_number = "+18885550100"\n'
        '[[numbers]]\nphone_number = "+447700900123"\n'
    )
    local, toll_free, uk = state.account.numbers
    assert (local.phone_number_type, local.messaging_type, local.country) == ("local", "longcode", "US")
    assert (toll_free.phone_number_type, toll_free.messaging_type) == ("toll_free", "tollfree")
    assert toll_free.features["mms"] is None and toll_free.features["sms"] is not None
    assert uk.country == "GB"
    detailed = phone_number_detailed(local, state.account)
    assert detailed["status"] == "active" and detailed["record_type"] == "phone_number"
    assert len(local.id) == 19 and local.id.isdigit()


def test_a_dangling_profile_id_can_be_expressed() -> None:
    """'dangling' and an unknown UUID both give a profile id that matches no profile."""
    unknown = "99999999-8888-4777-8666-555555555555"
    state = _state(
        f'[[numbers]]\nphone_number = "+15550100001"\nprofile = "dangling"\n'
        f'[[numbers]]\nphone_number = "+15550100002"\nprofile = "{unknown}"\n'
    )
    first, second = state.account.numbers
    assert first.profile_id is not None and first.profile_id not in state.account.profiles_by_id
    uuid.UUID(first.profile_id)
    assert second.profile_id == unknown


def test_tenDLC_tables_accept_camel_and_snake_case() -> None:
    """10DLC keys may be written as on the wire (camelCase) or in snake_case."""
    state = _state(
        '[[brands]]\nname = "B"\nidentityStatus = "UNVERIFIED"\n'
        '[[campaigns]]\nname = "C"\nbrand = "B"\ncampaign_status = "MNO_PENDING"\nisTMobileSuspended = true\n'
    )
    campaign = state.account.campaigns[0]
    assert campaign.spec.campaign_status == "MNO_PENDING" and campaign.spec.is_t_mobile_suspended
    assert campaign.brand.spec.identity_status == "UNVERIFIED"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[numbers]]\nphone_number = "+15550100001"\nstatus = "gone"\n', "numbers[0] (+15550100001).status"),
        ('[[numbers]]\nphone_number = "+15550100001"\nprofle = "A"\n', "profle: unknown field"),
        ('[[numbers]]\nphone_number = "5550100001"\n', "not an E.164 number"),
        ('[[profiles]]\nname = "P"\nwebhook_url = "sandbox:helthy"\n', "names no sandbox webhook endpoint"),
        ('[[profiles]]\nname = "P"\nwhitelisted_destinations = ["usa"]\n', "whitelisted_destinations"),
        (
            '[[numbers]]\nphone_number = "+15550100001"\nprofile = "Nope"\n',
            "numbers[0] (+15550100001).profile: no profile named",
        ),
        ('[[campaigns]]\nname = "C"\nbrand = "Nope"\n', "campaigns[0] (C).brand: no brand named 'Nope'"),
        (
            '[[numbers]]\nphone_number = "+15550100001"\n10dlc = { campaign = "X" }\n',
            "numbers[0] (+15550100001).10dlc.campaign",
        ),
        ('[[profiles]]\nname = "P"\n[[profiles]]\nname = "P"\n', "profiles[1].name: 'P' appears twice"),
        ('[[faults]]\nkind = "explode"\n', "faults[0].kind"),
        ('[[faults]]\nkind = "delay"\n', "needs `seconds`"),
        ("[sandbox]\nlatency = -1\n", "sandbox.latency"),
        ("numbers = 3\n", "numbers"),
        ('[[numbers]]\nphone_number = "+15550100001"\n10dlc = { assignmentStatus = "DONE" }\n', "more problem"),
    ],
)
def test_invalid_scenarios_raise_one_line_config_errors(text: str, expected: str) -> None:
    """A bad scenario raises ConfigError naming the file and the offending field, on one line."""
    message = _error(text)
    assert message.startswith("broken.toml: ")
    assert expected in message


def test_toml_syntax_errors_are_config_errors() -> None:
    """TOML that does not parse is reported with its position."""
    assert "not valid TOML" in _error("[[numbers]\nphone_number = 1\n")


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    """A scenario path that does not exist names the path."""
    missing = tmp_path / "nope.toml"
    with pytest.raises(ConfigError, match="no such scenario file"):
        load_scenario(missing)


def test_resolve_accepts_paths_builtin_names_and_none(tmp_path: Path) -> None:
    """resolve_scenario takes a file, a built-in name, or None for the demo."""
    file = tmp_path / "mine.toml"
    file.write_text('[[numbers]]\nphone_number = "+15550100009"\n')
    assert resolve_scenario(file).numbers == ["+15550100009"]
    assert resolve_scenario(str(file)).name == "mine"
    assert resolve_scenario("faults").name == "faults"
    assert resolve_scenario(None).name == "demo"
    with pytest.raises(ConfigError, match="no built-in scenario named 'nope'"):
        resolve_scenario("nope")


def test_rich_test_scenario_loads() -> None:
    """The conformance scenario used elsewhere is itself valid."""
    assert len(load_scenario(SCENARIOS / "rich.toml").numbers) == 6
