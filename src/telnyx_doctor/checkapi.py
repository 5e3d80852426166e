"""The plugin-facing check API: the Check descriptor, the context a check reads, and the @check decorator."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from telnyx_doctor.models import ALL_KINDS, NumberKind, Result, Severity, Status
from telnyx_doctor.numbers import Target

CHECK_ID = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*(?:\.[a-z0-9]+(?:_[a-z0-9]+)*)+$")
VERDICT = re.compile(r"^(pass|warn|fail|skip|error)(?: \(([a-z][a-z ]*)\))?$")
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
class StateDoc:
    """One value (or class of values) a check reads, the verdict it gives, and what that means in plain words.

    `value` is Markdown (API values in backticks); `verdict` is a status, optionally qualified in
    parentheses: `pass`, `pass (noted)`, `warn`, `fail (pending)`, `fail (action needed)`, `fail (blocked)`.
    """

    value: str
    verdict: str
    meaning: str

    def __post_init__(self) -> None:
        if not VERDICT.match(self.verdict):
            raise ValueError(f"verdict {self.verdict!r} is not a status with an optional '(qualifier)'")

    @property
    def status(self) -> Status:
        """The status part of the verdict."""
        return Status(self.verdict.split(" ", 1)[0])

    @property
    def qualifier(self) -> str:
        """The part in parentheses (`pending`, `blocked`…), or an empty string."""
        match = VERDICT.match(self.verdict)
        return (match.group(2) if match else None) or ""


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
    states: tuple[StateDoc, ...] = ()

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
    states: tuple[StateDoc, ...] | list[StateDoc] = (),
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
            states=tuple(states),
        )

    return wrap
