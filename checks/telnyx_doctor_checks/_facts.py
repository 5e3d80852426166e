"""Typed access to the facts a check declared, so a wrong value type is an error, never a wrong finding."""

from __future__ import annotations

from typing import TypeVar

from telnyx_doctor.checkapi import CheckContext

T = TypeVar("T")


def optional_fact(ctx: CheckContext, name: str, kind: type[T]) -> T | None:
    """The fact `name` as a `kind` or None; any other type raises (the runner reports it as an error)."""
    value = ctx.fact(name)
    if value is None or isinstance(value, kind):
        return value
    raise TypeError(f"fact {name!r} is a {type(value).__name__}, expected {kind.__name__} or None")


def required_fact(ctx: CheckContext, name: str, kind: type[T]) -> T:
    """The fact `name` as a `kind`; None or any other type raises."""
    value = optional_fact(ctx, name, kind)
    if value is None:
        raise TypeError(f"fact {name!r} is None, expected {kind.__name__}")
    return value
