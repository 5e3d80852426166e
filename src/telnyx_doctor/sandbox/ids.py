"""Deterministic ids, codes and timestamps, so a scenario expands to the same account on every run."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta

# Every derived UUID lives under this namespace; changing it would change every id a scenario yields.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/telnyx-doctor/telnyx-doctor#sandbox")

# Derived timestamps fall in the year before this instant, so they look real and never move.
EPOCH = datetime(2025, 1, 15, 16, 20, tzinfo=UTC)

_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


def stable_uuid(kind: str, key: str) -> str:
    """A UUID5 for `key` among objects of `kind` (a profile's id from its name, and so on)."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def stable_numeric_id(key: str) -> str:
    """A 19-digit numeric id like the ones Telnyx gives phone numbers (`1293384261075731499`)."""
    value = int.from_bytes(_digest(f"numeric:{key}")[:8], "big")
    return str(1_000_000_000_000_000_000 + value % 8_000_000_000_000_000_000)


def stable_code(prefix: str, key: str, length: int = 6) -> str:
    """An upper-case code such as a TCR brand id (`BXXXXXX`) or campaign id (`CXXXXXX`)."""
    value = int.from_bytes(_digest(f"code:{prefix}:{key}")[:8], "big")
    chars = []
    for _ in range(length):
        value, digit = divmod(value, 36)
        chars.append(_BASE36[digit])
    return prefix + "".join(chars)


def stable_secret(key: str, length: int = 24) -> str:
    """A secret-looking token (a profile's `v1_secret`)."""
    value = int.from_bytes(_digest(f"secret:{key}"), "big")
    chars = []
    for _ in range(length):
        value, digit = divmod(value, len(_ALNUM))
        chars.append(_ALNUM[digit])
    return "".join(chars)


def stable_time(key: str, *, days_back: int = 365) -> datetime:
    """An instant within `days_back` days before EPOCH, fixed for `key`."""
    seconds = int.from_bytes(_digest(f"time:{key}")[:4], "big") % (days_back * 86_400)
    return EPOCH - timedelta(seconds=seconds)


def iso(moment: datetime) -> str:
    """RFC 3339 with milliseconds and `Z`, as Telnyx writes timestamps (`2019-01-23T18:10:02.574Z`)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def now_iso() -> str:
    """The current time in the API's timestamp format."""
    return iso(datetime.now(UTC))
