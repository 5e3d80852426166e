"""Tests for parsing and classifying what the user typed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from telnyx_doctor.errors import UsageError
from telnyx_doctor.models import NumberKind
from telnyx_doctor.numbers import parse_target


@pytest.mark.parametrize(
    ("raw", "value", "kind"),
    [
        ("+15551234567", "+15551234567", NumberKind.US_LONG_CODE),
        ("+1 (555) 123-4567", "+15551234567", NumberKind.US_LONG_CODE),
        ("555.123.4567", "+15551234567", NumberKind.US_LONG_CODE),
        ("+18885550100", "+18885550100", NumberKind.TOLL_FREE),
        ("+1 833 555 0100", "+18335550100", NumberKind.TOLL_FREE),
        ("+14165550123", "+14165550123", NumberKind.LONG_CODE),
        ("+447700900123", "+447700900123", NumberKind.LONG_CODE),
        ("12345", "12345", NumberKind.SHORT_CODE),
        ("123456", "123456", NumberKind.SHORT_CODE),
        ("Acme", "Acme", NumberKind.ALPHANUMERIC),
        ("alpha:1800 Flow", "1800 Flow", NumberKind.ALPHANUMERIC),
    ],
)
def test_parse_target_normalises_and_classifies(raw: str, value: str, kind: NumberKind) -> None:
    """Each accepted spelling is normalised to its canonical value and classified by kind."""
    target = parse_target(raw)
    assert (target.value, target.kind) == (value, kind)


def test_normalisation_is_noted() -> None:
    """A number typed with punctuation says what it was normalised to."""
    target = parse_target("+1 (555) 123-4567")
    assert any("normalised" in note and "+15551234567" in note for note in target.notes)


def test_home_region_of_a_uk_number() -> None:
    """A number outside NANP keeps its country as the home region, even in an unassigned range."""
    assert parse_target("+447700900123").region == "GB"


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("12ab", "is not a phone number"),
        ("+1416555", "too short"),
        ("+999123456789", "country code"),
        ("", "empty"),
        ("1234", "no country code"),
        ("alpha:12345", "not a valid alphanumeric sender ID"),
        ("+1555123456789999", "too long"),
        ("0207 123 4567", "no country code"),
    ],
)
def test_malformed_input_is_a_usage_error(raw: str, fragment: str) -> None:
    """Malformed input raises UsageError with a message that says what is wrong."""
    with pytest.raises(UsageError) as info:
        parse_target(raw)
    assert fragment in info.value.message


@given(st.text(max_size=40))
def test_any_text_parses_or_is_a_usage_error(text: str) -> None:
    """No input makes the parser raise anything but UsageError."""
    try:
        target = parse_target(text)
    except UsageError as exc:
        assert exc.message
    else:
        assert target.value
