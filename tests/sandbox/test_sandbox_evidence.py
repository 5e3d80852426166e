from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from telnyx_doctor.errors import ConfigError
from telnyx_doctor.sandbox import SandboxState, parse_scenario_text
from telnyx_doctor.sandbox.spec_evidence import parse_duration, resolve_when

pytestmark = pytest.mark.anyio

DR = "/detail_records?filter[record_type]=messaging"
SPAM = "+15550100009"


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


async def test_records_are_relative_to_now(client: httpx.AsyncClient) -> None:
    """Scenario times like "-15m" land that long before the sandbox started, so they sit inside any window."""
    body = (await client.get(f"{DR}&filter[cli]=%2B15550100009&sort=-created_at&page[size]=50")).json()
    newest = _when(body["data"][0]["created_at"])
    assert timedelta(minutes=14) < datetime.now(UTC) - newest < timedelta(minutes=16)
    assert body["data"][0]["errors"] == ["40002"]


async def test_sort_orders_by_created_at_both_ways(client: httpx.AsyncClient) -> None:
    """sort=-created_at lists newest first and sort=created_at oldest first."""
    newest = [r["created_at"] for r in (await client.get(f"{DR}&sort=-created_at&page[size]=50")).json()["data"]]
    oldest = [r["created_at"] for r in (await client.get(f"{DR}&sort=created_at&page[size]=50")).json()["data"]]
    assert newest == sorted(newest, reverse=True) and oldest == sorted(oldest) and newest != oldest


async def test_cli_cld_direction_and_time_filters_narrow_records(client: httpx.AsyncClient) -> None:
    """filter[cli], filter[cld][ends_with], filter[direction] and filter[created_at][gte] each narrow the list."""
    by_cli = (await client.get(f"{DR}&filter[cli]=%2B15550100009&page[size]=50")).json()["data"]
    assert len(by_cli) == 10 and {r["cli"] for r in by_cli} == {SPAM}
    inbound = (await client.get(f"{DR}&filter[direction]=inbound&filter[cld][ends_with]=0100001")).json()["data"]
    assert len(inbound) == 2 and {r["status"] for r in inbound} == {"received"}
    since = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    recent = (await client.get(f"{DR}&filter[cli]=%2B15550100009&filter[created_at][gte]={since}")).json()
    assert recent["meta"]["total_results"] == 8  # the two delivered ones are two days old


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("&filter[colour]=red", "colour"),
        ("&filter[cli][matches]=1", "matches"),
        ("&filter_cli=1", "filter_cli"),
        ("&page[size]=51", "50"),
    ],
)
async def test_detail_records_refuse_what_they_cannot_filter(client: httpx.AsyncClient, query: str, named: str) -> None:
    """Unknown fields, operators and parameters, and pages over 50, answer 400 naming the problem."""
    response = await client.get(DR + query)
    assert response.status_code == 400
    assert named in response.json()["errors"][0]["detail"]


async def test_deliveries_filter_by_url_status_time_and_text(client: httpx.AsyncClient) -> None:
    """attempts/webhook [contains], status and started_at filters select the matching deliveries."""
    alerts = (await client.get("/webhook_deliveries?filter[attempts][contains]=/alerts")).json()
    assert alerts["meta"]["total_results"] == 3 and {d["status"] for d in alerts["data"]} == {"failed"}
    failed = (await client.get("/webhook_deliveries?filter[status][eq]=failed")).json()["meta"]["total_results"]
    assert failed == 3
    since = (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    recent = (await client.get(f"/webhook_deliveries?filter[started_at][gte]={since}")).json()["data"]
    assert recent and all(_when(d["started_at"]) >= _when(since) for d in recent)
    mentions = (await client.get("/webhook_deliveries?filter[webhook][contains]=%2B15550100010")).json()
    assert mentions["meta"]["total_results"] == 4


async def test_failed_delivery_lists_attempts_newest_first_with_codes(client: httpx.AsyncClient) -> None:
    """Attempts come most recent first: the failover's 503s (75599) before the primary's 500s (75500)."""
    body = (await client.get("/webhook_deliveries?filter[attempts][contains]=alerts-failover")).json()
    attempts = next(d for d in body["data"] if d["webhook"]["event_type"] == "message.finalized")["attempts"]
    assert [a["http"]["response"]["status"] for a in attempts] == [503, 503, 503, 500, 500, 500]
    assert attempts[0]["errors"] == [75599] and attempts[-1]["errors"] == [75500]
    assert attempts[0]["http"]["request"]["url"].endswith("/healthy/alerts-failover")


async def test_unanswered_attempt_has_no_response(client: httpx.AsyncClient, demo_state: SandboxState) -> None:
    """An attempt nothing answered (75002) carries no `response`, as the reference warns."""
    legacy = next(d for d in demo_state.evidence.deliveries if d.legacy_shape)
    attempts = (await client.get(f"/webhook_deliveries/{legacy.id}")).json()["data"]["attempts"]
    oldest = attempts[-1]
    assert "response" not in oldest["http"] and oldest["errors"][0]["code"] == "75002"


@pytest.mark.parametrize(
    ("query", "status"),
    [("filter[webhook][has]=x", 400), ("filter[status]=failed", 400), ("page[size]=251", 422)],
)
async def test_deliveries_refuse_unknown_filters(client: httpx.AsyncClient, query: str, status: int) -> None:
    """Filters the API does not define answer 400 naming them; pages over 250 answer 422."""
    response = await client.get(f"/webhook_deliveries?{query}")
    assert response.status_code == status
    assert response.json()["errors"][0]["source"]["parameter"] == query.split("=")[0]


async def test_delivery_by_unknown_id_is_404(client: httpx.AsyncClient) -> None:
    """An id that names no delivery answers 404."""
    response = await client.get("/webhook_deliveries/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404


async def test_mdr_report_has_statuses_but_no_codes(client: httpx.AsyncClient) -> None:
    """/reports/mdrs filters by cli and direction and shows upper-case statuses without error codes."""
    rows = (await client.get("/reports/mdrs?cli=%2B15550100009&direction=OUTBOUND")).json()["data"]
    assert len(rows) == 10 and {r["status"] for r in rows} == {"FAILED", "DELIVERED"}
    assert all("errors" not in r for r in rows)


async def test_list_routes_refuse_filters_they_do_not_apply(client: httpx.AsyncClient) -> None:
    """phone_numbers.list(filter={"connection_id": …}) answers 400 naming the filter instead of every number."""
    response = await client.get("/phone_numbers?filter[connection_id]=nope")
    assert response.status_code == 400
    assert response.json()["errors"][0]["source"]["parameter"] == "filter[connection_id]"
    assert (await client.get("/messaging_profiles?filter[name][contains]=Acme")).status_code == 200


def test_relative_times_and_durations_parse() -> None:
    """'-2h', '90s', '7d' and ISO instants resolve against the given now."""
    now = datetime(2026, 5, 1, 12, tzinfo=UTC)
    assert resolve_when("-2h", now) == now - timedelta(hours=2)
    assert resolve_when("now", now) == now
    assert resolve_when("2026-04-30T00:00:00Z", now) == datetime(2026, 4, 30, tzinfo=UTC)
    assert parse_duration("7d") == timedelta(days=7) and parse_duration("90s") == timedelta(seconds=90)


def test_scenario_rejects_a_bad_time_and_a_bad_code() -> None:
    """A time that is not relative or ISO, or an error code that is not five digits, names its field."""
    base = '[[numbers]]\nphone_number = "+15550100001"\n'
    with pytest.raises(ConfigError, match=r"messages\[0\]\.at"):
        parse_scenario_text(base + '[[messages]]\nfrom = "+15550100001"\nto = "+13125550100"\nat = "yesterday"\n', "t")
    with pytest.raises(ConfigError, match=r"messages\[0\]\.errors"):
        parse_scenario_text(base + '[[messages]]\nfrom = "+15550100001"\nto = "+13125550100"\nerrors = ["4002"]\n', "t")
