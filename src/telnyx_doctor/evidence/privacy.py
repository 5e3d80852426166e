"""Masking of end users' numbers: records name them, reports and bundles show only `+1312•••1042`."""

from __future__ import annotations

MASK = "•••"


def mask_number(value: str | None) -> str:
    """`+13125550142` → `+1312•••0142`; short values keep only their last two characters."""
    text = (value or "").strip()
    if not text:
        return ""
    if len(text) >= 10:
        return f"{text[:5]}{MASK}{text[-4:]}"
    return f"{MASK}{text[-2:]}" if len(text) > 2 else MASK
