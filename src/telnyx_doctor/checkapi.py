"""The plugin-facing check API: the Check descriptor, the context a check reads, and the @check decorator."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from telnyx_doctor.models import ALL_KINDS, NumberKind, Result, Severity
from telnyx_doctor.numbers import Target

CHECK_ID = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*(?:\.[a-z0-9]+(?:_[a-z0-9]+)*)+$")
DOCS_BASE = "https://github.com/telnyx-doctor/telnyx-doctor/blob/main/docs/checks"


@dataclass(frozen=True)
class CheckOptions:
    """Run-wide settings a check may read (never credentials)."""

    allow_private: bool = False
    probe: str = "post"  # post | head | off
    fail_on: str = "fail"


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may look at: the target, the facts it declared, its prerequisites' results."""

    target: Target
    facts: Mapping[str, Any]
    options: CheckOptions = field(default_factory=CheckOptions)
    results: Mapping[str, Result] = field(default_factory=dict)

    def fact(self, name: str) -> Any:
        """The value of a declared fact; KeyError names a fact the check forgot to declare."""
        try:
            return self.facts[name]
        except KeyError:
            raise KeyError(f"fact {name!r} was not declared by this check") from None


CheckFunc = Callable[[CheckContext], Result]


@dataclass(frozen=True)
class Check:
    """A check descriptor: what a plugin registers. The core decides when and how it runs."""

    id: str
    title: str
    severity: Severity
    func: CheckFunc
    requires: tuple[str, ...] = ()
    applies_to: frozenset[NumberKind] = ALL_KINDS
    facts: tuple[str, ...] = ()
    docs_url: str = ""
    cause: str = ""
    evidence: str = ""
    remedy: str = ""
    plugin: str = "builtin"

    def __post_init__(self) -> None:
        if not CHECK_ID.match(self.id):
            raise ValueError(f"check id {self.id!r} is not of the form area.name (lowercase)")
        if not self.docs_url:
            object.__setattr__(self, "docs_url", f"{DOCS_BASE}/{self.id}.md")

    @property
    def area(self) -> str:
        """The part of the id before the first dot: number, profile, webhook, 10dlc."""
        return self.id.split(".", 1)[0]

    def with_plugin(self, plugin: str) -> Check:
        """A copy attributed to `plugin`."""
        return replace(self, plugin=plugin)

    def __call__(self, ctx: CheckContext) -> Result:
        return self.func(ctx)


def check(
    id: str,
    *,
    title: str,
    severity: Severity | str = Severity.ERROR,
    requires: tuple[str, ...] | list[str] = (),
    applies_to: frozenset[NumberKind] | set[NumberKind] | None = None,
    facts: tuple[str, ...] | list[str] = (),
    docs_url: str = "",
    cause: str = "",
    evidence: str = "",
    remedy: str = "",
) -> Callable[[CheckFunc], Check]:
    """Turn a function `(CheckContext) -> Result` into a Check descriptor."""

    def wrap(func: CheckFunc) -> Check:
        return Check(
            id=id,
            title=title,
            severity=Severity(severity),
            func=func,
            requires=tuple(requires),
            applies_to=frozenset(applies_to) if applies_to is not None else ALL_KINDS,
            facts=tuple(facts),
            docs_url=docs_url,
            cause=cause or (func.__doc__ or "").strip(),
            evidence=evidence,
            remedy=remedy,
        )

    return wrap
