"""The evidence window (`--since 24h`, `7d`): how far back message records and webhook deliveries are read."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

DEFAULT_SINCE = "7d"
_DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}
MAX_WINDOW = timedelta(days=90)  # Telnyx documents no retention; beyond this a window only costs pages


def parse_duration(text: str) -> timedelta:
    """`90m`, `24h`, `7d`, `2w` as a timedelta; ValueError naming the accepted forms otherwise."""
    match = _DURATION.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a duration: use a number and m, h, d or w (24h, 7d)")
    span = int(match.group(1)) * _UNITS[match.group(2)]
    if span <= timedelta(0):
        raise ValueError(f"{text!r} must be longer than zero")
    if span > MAX_WINDOW:
        raise ValueError(f"{text!r} is longer than {MAX_WINDOW.days} days")
    return span


def window_start(since: str, now: datetime | None = None) -> datetime:
    """The start of the window `since` before `now`, to the second, in UTC."""
    moment = (now or datetime.now(UTC)) - parse_duration(since)
    return moment.replace(microsecond=0)


def iso(moment: datetime) -> str:
    """`2026-05-01T00:00:00Z`, as the API's filters take it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
