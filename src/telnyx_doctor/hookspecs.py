"""The pluggy hook specifications a plugin may implement; all are declarative registrations."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from telnyx_doctor.checkapi import Check
    from telnyx_doctor.facts import FactSpec

PROJECT = "telnyx_doctor"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def telnyx_doctor_register_checks() -> list[Check]:  # type: ignore[empty-body]
    """Return the check descriptors this plugin adds."""


@hookspec
def telnyx_doctor_register_facts() -> list[FactSpec]:  # type: ignore[empty-body]
    """Return fact providers this plugin adds (facts its checks need that the core does not provide)."""
