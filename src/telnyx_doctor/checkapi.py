"""The plugin-facing check API: the Check descriptor, the context a check reads, and the @check decorator."""

from __future__ import annotations

import difflib
import functools
import inspect
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from telnyx_doctor.facts_catalog import PARAMETERS
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
    evidence: bool = True  # read what Telnyx recorded (message records, webhook deliveries)
    since: str = "7d"  # the window of that evidence
    # The run's own flags a suggested `doctor …` command must carry to work as printed (paths and URLs,
    # never a key): (flag, value or None). Appended to a finding's doctor commands by `carry_flags`.
    rerun_flags: tuple[tuple[str, str | None], ...] = ()

    def carry_flags(self, command: str) -> str:
        """`command` with the run's flags, when it is a doctor command and lacks them."""
        import shlex

        if not self.rerun_flags or not command.startswith("doctor "):
            return command
        words = command.split()
        accepted = _RERUN_FLAGS_OF.get(words[1], _RERUN_FLAGS_OF[""]) if len(words) > 1 else _RERUN_FLAGS_OF[""]
        extra = [
            flag if value is None else f"{flag} {shlex.quote(value)}"
            for flag, value in self.rerun_flags
            if flag in accepted and flag not in words
        ]
        return " ".join([command, *extra])


# Which of the run's flags each doctor command accepts ("": the diagnosis itself).
_API_FLAGS = frozenset({"--api-key-file", "--base-url", "--ca-bundle", "--allow-private", "--probe"})
_RERUN_FLAGS_OF: dict[str, frozenset[str]] = {
    "": _API_FLAGS | {"--config", "--no-config", "--since", "--evidence"},
    "fix": _API_FLAGS,
    "probe": frozenset({"--ca-bundle", "--allow-private", "--probe"}),
}


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


CheckFunc = Callable[..., Result]

# Names a check may take besides facts: what a CheckContext offers, one parameter each.
INJECTABLES: dict[str, Callable[[CheckContext], Any]] = {
    "target": lambda ctx: ctx.target,  # Target: the number, short code or sender ID under diagnosis
    "options": lambda ctx: ctx.options,  # CheckOptions: run-wide settings (probe mode, private addresses)
    "results": lambda ctx: ctx.results,  # Mapping[str, Result]: the results of the checks in `requires`
    "ctx": lambda ctx: ctx,  # CheckContext: all of the above, the older form of a check
}


def fact_for_parameter(name: str) -> str:
    """The fact a parameter reads: a built-in fact's parameter name, else the fact of the same name."""
    return PARAMETERS.get(name, name)


def parameter_for_fact(name: str) -> str | None:
    """The parameter name that reads fact `name`, or None when no Python name reaches it."""
    for param, fact in PARAMETERS.items():
        if fact == name:
            return param
    return name if name.isidentifier() else None


@dataclass(frozen=True)
class Param:
    """One injected parameter of a check: its name, and the fact it reads (None for an injectable)."""

    name: str
    fact: str | None


def signature_params(func: Callable[..., Any], check_id: str) -> tuple[Param, ...]:
    """The parameters the runner injects into `func`; ones with a default are left to it (as pytest does)."""
    params: list[Param] = []
    for p in inspect.signature(func).parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD, p.POSITIONAL_ONLY):
            raise TypeError(f"check {check_id}: parameter {p.name!r} cannot be injected by name")
        if p.default is not p.empty:
            continue
        if p.name in INJECTABLES or _names_context(p.annotation):
            params.append(Param(p.name, None))
        else:
            params.append(Param(p.name, fact_for_parameter(p.name)))
    return tuple(params)


def _names_context(annotation: object) -> bool:
    # The older form may call its one parameter anything, as long as it is annotated as the context.
    return annotation is CheckContext or annotation in ("CheckContext", "telnyx_doctor.CheckContext")


def unknown_parameters(c: Check, facts: Iterable[str]) -> str | None:
    """Why `c` cannot be run with these facts registered (pytest's "fixture not found"), or None."""
    known = set(facts)
    missing = [p.name for p in c.params or () if p.fact is not None and p.fact not in known]
    if not missing:
        return None
    available = sorted({*INJECTABLES, *(n for n in map(parameter_for_fact, known) if n)})
    lines = []
    for name in missing:
        close = difflib.get_close_matches(name, available, n=3)
        hint = f" (did you mean {', '.join(repr(m) for m in close)}?)" if close else ""
        lines.append(f"check {c.id} (plugin {c.plugin}) asks for {name!r}, which is no fact or injectable{hint}")
    return "; ".join(lines) + "; available: " + ", ".join(available)


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
    params: tuple[Param, ...] | None = None  # None: taken from func's signature
    # checks whose results this one reads (in `results`) without being gated by them: it runs after them
    # when they are selected, whatever their verdict (evidence naming the check that explains a code)
    after: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not CHECK_ID.match(self.id):
            raise ValueError(f"check id {self.id!r} is not of the form area.name (lowercase)")
        if not self.docs_url:
            object.__setattr__(self, "docs_url", f"{DOCS_BASE}/{self.id}.md")
        if self.params is None:
            object.__setattr__(self, "params", signature_params(self.func, self.id))
        # declared facts: the ones named in `facts=` (the older form) and the ones the signature reads
        read = (p.fact for p in self.params or () if p.fact is not None)
        object.__setattr__(self, "facts", tuple(dict.fromkeys((*self.facts, *read))))

    @property
    def area(self) -> str:
        """The part of the id before the first dot: number, profile, webhook, 10dlc."""
        return self.id.split(".", 1)[0]

    def with_plugin(self, plugin: str) -> Check:
        """A copy attributed to `plugin`."""
        return replace(self, plugin=plugin)

    def evaluate(self, ctx: CheckContext) -> Result:
        """Run the check over a context: each parameter gets the fact or injectable of its name.

        A fact whose value the parameter's annotation does not accept (None where the check did not say
        `X | None`, or another type) raises TypeError, which the runner reports as an `error` result.
        """
        kwargs: dict[str, Any] = {}
        accepts = _accepted_types(self.func)
        for p in self.params or ():
            if p.fact is None:
                kwargs[p.name] = INJECTABLES[p.name](ctx) if p.name in INJECTABLES else ctx
                continue
            value = ctx.fact(p.fact)
            rule = accepts.get(p.name)
            if rule is not None and not _accepts(rule, value):
                raise TypeError(f"fact {p.fact!r} is {_describe(value)}, but parameter {p.name!r} takes {rule[2]}")
            kwargs[p.name] = value
        return self.func(**kwargs)

    def __call__(self, *args: Any, **kwargs: Any) -> Result:
        """`check(ctx)` evaluates over a context; any other call is the plain function (handy in tests)."""
        if len(args) == 1 and not kwargs and isinstance(args[0], CheckContext):
            return self.evaluate(args[0])
        return self.func(*args, **kwargs)


# (classes the value may be, whether None is allowed, the annotation as written for messages)
_Rule = tuple[tuple[type, ...], bool, str]


@functools.cache
def _accepted_types(func: Callable[..., Any]) -> dict[str, _Rule]:
    """What each annotated parameter of `func` accepts; parameters whose annotation cannot be read are not checked."""
    try:
        hints = typing.get_type_hints(func)
    except Exception:  # an annotation naming something only imported for type checkers: trust the check
        return {}
    rules: dict[str, _Rule] = {}
    for name, hint in hints.items():
        members = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else (hint,)
        allows_none = type(None) in members
        classes: list[type] = []
        for member in members:
            if member is type(None):
                continue
            origin = typing.get_origin(member) or member
            if not isinstance(origin, type):
                break  # Any, a TypeVar, a Literal…: not checked
            classes.append(origin)
        else:
            written = " | ".join([*(c.__name__ for c in classes), *(["None"] if allows_none else [])])
            rules[name] = (tuple(classes), allows_none, written)
    return rules


def _accepts(rule: _Rule, value: object) -> bool:
    classes, allows_none, _ = rule
    if value is None:
        return allows_none
    return not classes or isinstance(value, classes)


def _describe(value: object) -> str:
    return "None" if value is None else f"a {type(value).__name__}"


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
    after: tuple[str, ...] | list[str] = (),
) -> Callable[[CheckFunc], Check]:
    """Turn a function into a Check descriptor.

    The function names what it reads as parameters — facts (`profile`, `messaging`, `webhook_probe`…) and
    injectables (`target`, `options`, `results`, `ctx`) — and the runner passes them by name. The older form
    takes one `ctx` parameter and lists its facts in `facts=`.
    """

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
            after=tuple(after),
        )

    return wrap
