"""The error-code catalogue: complete against the reference tables, tied to real check ids, and documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from telnyx_doctor.docsgen import catalogue_pages
from telnyx_doctor.evidence import codes
from telnyx_doctor.evidence.codes import CODES, CodeClass, Retry, explain, lookup, refused_by_configuration

REPO = Path(__file__).parents[2]
SHARED = next(
    (p for p in (Path("/work/shared"), REPO.parent / "shared", REPO.parents[1] / "shared") if p.is_dir()), None
)
needs_reference = pytest.mark.skipif(SHARED is None, reason="the shared reference folder is not present here")


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def _reference_codes() -> set[str]:
    """Every code in a table row of §C (but §C.8's rejected table) and §A.6, expanding `40152–40159` ranges."""
    assert SHARED is not None
    evidence = (SHARED / "reference" / "telnyx-evidence.md").read_text(encoding="utf-8")
    tables = _section(evidence, "## C.2", "## C.8") + _section(evidence, "## A.6", "Not found: a dedicated")
    found: set[str] = set()
    for line in tables.splitlines():
        if not line.startswith("| "):
            continue
        first = line.split("|")[1]
        for low, high in re.findall(r"\b(\d{5})\s*[–-]\s*(\d{5})\b", first):
            found |= {str(n) for n in range(int(low), int(high) + 1)}
        found |= set(re.findall(r"\b\d{5}\b", first))
    api = (SHARED / "reference" / "telnyx-messaging-api.md").read_text(encoding="utf-8")
    messaging = _section(api, "### 12.1", "### 12.4")
    found |= {m for line in messaging.splitlines() if line.startswith("| 4") for m in re.findall(r"\b40\d{3}\b", line)}
    return found


# The checks of short codes and alphanumeric sender IDs (checks/telnyx_doctor_checks/sender_ids.py): built in,
# but DESIGN's table of check ids lists the phone-number checks only.
SENDER_ID_CHECKS = {"short_code.provisioned", "alphanumeric.registered"}


def _design_check_ids() -> set[str]:
    assert SHARED is not None
    design = (SHARED / "DESIGN.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([a-z0-9]+\.[a-z_]+)` \|", design, re.MULTILINE))


@needs_reference
def test_every_code_in_the_reference_tables_is_catalogued() -> None:
    """Each code in the evidence reference's §C and §A.6 tables (and the API reference's 40xxx) has a row."""
    expected = _reference_codes()
    assert len(expected) > 90  # the parse found the tables, not an empty set
    assert sorted(expected - set(codes.BY_CODE)) == []


@needs_reference
def test_the_rejected_conflicting_codes_are_not_catalogued() -> None:
    """40400 and 40500 (a docs page's table the reference marks as contradicting the catalog) are left out."""
    assert lookup("40400") is None and lookup("40500") is None


@needs_reference
def test_every_named_check_is_a_design_check_id() -> None:
    """A row's check id is one of DESIGN's built-in check ids, or a sender-ID check (which DESIGN's table omits)."""
    ids = _design_check_ids()
    assert "10dlc.campaign_assigned" in ids
    ids |= SENDER_ID_CHECKS
    assert sorted({e.check for e in CODES if e.check} - ids) == []


def test_named_checks_exist_among_the_builtin_checks() -> None:
    """A row's check id names a check the built-in plugin registers (so its docs link resolves)."""
    from telnyx_doctor.plugins import load_registry

    registered = set(load_registry(environ={"TELNYX_DOCTOR_PLUGINS": ""}).checks)
    assert sorted({e.check for e in CODES if e.check} - registered) == []


def test_codes_are_unique_and_well_formed() -> None:
    """Each code appears once, as five digits, with a title, cause and fix."""
    assert len(codes.BY_CODE) == len(CODES)
    for e in CODES:
        assert re.fullmatch(r"\d{5}", e.code) and e.title and e.cause and e.fix and e.source, e.code


def test_classes_cover_every_row_and_every_class_is_used() -> None:
    """Every row has a class, and every class of the enum has at least one row."""
    assert all(isinstance(e.cls, CodeClass) for e in CODES)
    assert {e.cls for e in CODES} == set(CodeClass)


@pytest.mark.parametrize(
    ("code", "check"),
    [
        ("40010", "10dlc.campaign_assigned"),
        ("40312", "profile.enabled"),
        ("40329", "tollfree.verified"),
        ("40309", "profile.destinations"),
        ("40306", "alphanumeric.registered"),
        ("40307", "alphanumeric.registered"),
        ("75001", "webhook.url_valid"),
        ("75500", "webhook.reachable"),
    ],
)
def test_configuration_codes_name_the_check_that_explains_them(code: str, check: str) -> None:
    """The codes a configuration problem causes point at the check that finds it."""
    assert explain(code).check == check


def test_retry_advice_follows_telnyx_categories() -> None:
    """Telnyx's published retry categories are kept: auto-retriable, permanent, hold and after-fix codes."""
    assert {lookup(c).retry for c in ("40006", "40008")} == {Retry.AUTO}  # type: ignore[union-attr]
    assert {lookup(c).retry for c in ("40001", "40003", "40300", "40314", "40322")} == {Retry.PERMANENT}  # type: ignore[union-attr]
    assert {lookup(c).retry for c in ("40020", "40320")} == {Retry.HOLD}  # type: ignore[union-attr]
    assert lookup("40014").retry is Retry.AFTER_FIX  # type: ignore[union-attr]
    assert "backoff" in explain("40006").retry_advice


def test_lookup_accepts_every_shape_telnyx_sends() -> None:
    """Ints (webhook attempts), strings (records) and error objects (message API) find the same row."""
    assert lookup(75499) is lookup("75499") is lookup({"code": "75499", "title": "…"}) is lookup(" 75499 ")
    assert lookup(None) is None and lookup(True) is None and lookup("abc") is None


def test_unknown_codes_are_explained_honestly() -> None:
    """An unlisted code gets a placeholder row that says it is unknown, never an exception or a guess."""
    unknown = explain("40999")
    assert not unknown.known and "40999" in unknown.title and unknown.check is None
    hook = explain(75777)
    assert hook.cls is CodeClass.WEBHOOK_DELIVERY and not hook.known
    assert explain("nonsense").title == "Unknown code nonsense"


def test_codes_refusing_a_send_are_configuration_or_account_codes() -> None:
    """Only sender-configuration and account codes (e.g. 40010, 40312, 40329) mean a send would be refused."""
    refused = refused_by_configuration()
    assert {"40010", "40312", "40329", "40309", "40305"} <= refused
    assert not refused & {"40001", "40300", "40002", "40014", "75002"}
    assert {codes.BY_CODE[c].cls for c in refused} <= {
        CodeClass.SENDER_CONFIGURATION,
        CodeClass.ACCOUNT,
        CodeClass.PROVISIONING,
    }
    assert [e.code for e in codes.refusing_codes("profile.enabled")] == ["40312"]


def test_codes_page_is_generated_and_current() -> None:
    """docs/codes.md equals what `make docs` writes, and lists every code once."""
    page = catalogue_pages()["codes.md"]
    assert (REPO / "docs" / "codes.md").read_text(encoding="utf-8") == page, "run `make docs`"
    listed = re.findall(r"^\| (\d{5}) \|", page, re.MULTILINE)
    assert sorted(listed) == sorted(codes.BY_CODE)
