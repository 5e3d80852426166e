from __future__ import annotations

import pytest

from telnyx_doctor.sandbox import SandboxState, synthetic_scenario
from telnyx_doctor.sandbox.records import Account, Campaign, Number

from .conftest import api_client

pytestmark = pytest.mark.anyio

GOOD_PROFILES = {"Fleet Primary", "Fleet Notifications", "Fleet Support", "Fleet Marketing"}


def _healthy(number: Number, account: Account) -> bool:
    """Whether a synthetic number has none of the problems the generator plants."""
    spec = number.spec
    profile = account.profiles_by_id.get(number.profile_id or "")
    if profile is None or profile.name not in GOOD_PROFILES or not spec.messaging or spec.status != "active":
        return False
    if number.features["sms"] is None or spec.health is None or spec.health.success_ratio < 0.5:
        return False
    if number.phone_number_type == "toll_free":
        requests = account.tollfree_by_number.get(number.phone_number, [])
        return [r.spec.verification_status for r in requests] == ["Verified"]
    assignment = number.assignment
    return (
        assignment is not None
        and assignment.spec.assignment_status == "ASSIGNED"
        and isinstance(assignment.campaign, Campaign)
        and assignment.campaign.spec.campaign_status == "MNO_PROVISIONED"
        and assignment.campaign.brand.spec.identity_status == "VERIFIED"
    )


def test_ten_thousand_numbers_with_a_realistic_mix() -> None:
    """10,000 unique numbers and ids, about 80% healthy, with both long codes and toll-free numbers."""
    account = SandboxState(synthetic_scenario(10_000)).account
    numbers = account.numbers
    assert len(numbers) == 10_000
    assert len({n.phone_number for n in numbers}) == len({n.id for n in numbers}) == 10_000
    share = sum(_healthy(n, account) for n in numbers) / len(numbers)
    assert 0.75 <= share <= 0.85
    toll_free = sum(n.phone_number_type == "toll_free" for n in numbers)
    assert 1000 <= toll_free <= 2000
    assert all(n.phone_number.startswith(("+1555", "+18")) for n in numbers)


def test_same_seed_same_account_other_seed_other_account() -> None:
    """The generator is deterministic per seed."""
    first, again, other = synthetic_scenario(300, seed=1), synthetic_scenario(300, seed=1), synthetic_scenario(300, 2)
    assert first.spec == again.spec
    assert first.spec != other.spec


async def test_a_synthetic_account_is_served() -> None:
    """The API pages through a synthetic account and finds single numbers in it."""
    state = SandboxState(synthetic_scenario(600, seed=3))
    target = state.account.numbers[417]
    async with api_client(state) as http:
        page = (await http.get("/phone_numbers?page[size]=250&page[number]=3")).json()
        found = (await http.get(f"/phone_numbers/messaging?filter[phone_number]=%2B{target.digits}")).json()
    assert page["meta"] == {"page_number": 3, "page_size": 250, "total_pages": 3, "total_results": 600}
    assert len(page["data"]) == 100
    assert found["data"][0]["phone_number"] == target.phone_number or not target.spec.messaging


def test_negative_sizes_are_refused() -> None:
    """n must not be negative."""
    with pytest.raises(ValueError):
        synthetic_scenario(-1)
