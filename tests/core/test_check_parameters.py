"""Checks that name what they read as parameters: injection by name, registration errors, the older ctx form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from telnyx_doctor import CheckOptions, Result, Status, check, hookimpl
from telnyx_doctor.api.models import MessagingProfile
from telnyx_doctor.checkapi import Check, CheckContext
from telnyx_doctor.errors import ServerError
from telnyx_doctor.facts import FactRequest, FactSpec
from telnyx_doctor.facts_catalog import PROFILE, WEBHOOK_PROBE
from telnyx_doctor.numbers import Target, parse_target
from telnyx_doctor.plugins import load_registry

from .test_runner import make_resolver, mk, run_one

PROFILE_VALUE = MessagingProfile(id="prof-1", name="Production", enabled=True)
META: dict[str, Any] = {"title": "t", "cause": "c", "evidence": "e", "remedy": "r"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def plugin_of(*checks: Check, facts: tuple[FactSpec, ...] = ()) -> object:
    """A plugin object registering `checks` and `facts`, as an installed package would."""

    class Plugin:
        @hookimpl
        def telnyx_doctor_register_checks(self) -> list[Check]:
            return list(checks)

        @hookimpl
        def telnyx_doctor_register_facts(self) -> list[FactSpec]:
            return list(facts)

    return Plugin()


def builtins_plus(name: str, plugin: object) -> Any:
    return load_registry(extra=[(name, plugin)], environ={"TELNYX_DOCTOR_PLUGINS": ""})


def test_the_signature_declares_the_facts_and_names_map_to_dotted_facts() -> None:
    """Fact parameters become the declared facts (`webhook_probe` reads `webhook.probe`); injectables do not."""

    @check("acme.reads", **META)
    def reads(profile: MessagingProfile | None, webhook_probe: object, target: Target, options: CheckOptions) -> Result:
        return Result.passed("ok")

    assert reads.facts == (PROFILE, WEBHOOK_PROBE)


@pytest.mark.anyio
async def test_the_runner_injects_facts_and_injectables_by_name() -> None:
    """Each parameter gets the fact or injectable of its name, whatever the order of the signature."""
    seen: dict[str, Any] = {}

    @check("acme.first", **META)
    def first() -> Result:
        return Result.passed("first ran")

    @check("acme.names", requires=["acme.first"], **META)
    def names(
        options: CheckOptions, results: Mapping[str, Result], profile: MessagingProfile, target: Target
    ) -> Result:
        seen.update(options=options, results=results, profile=profile, target=target)
        return Result.passed(f"profile {profile.name}")

    resolver = make_resolver({PROFILE: PROFILE_VALUE})
    got, _ = await run_one([first, names], resolver, options=CheckOptions(probe="head"))
    assert got["acme.names"].status is Status.PASS, got["acme.names"].summary
    assert seen["profile"] is PROFILE_VALUE
    assert seen["target"] == parse_target("+15551234567")
    assert seen["options"].probe == "head"
    assert seen["results"]["acme.first"].summary == "first ran"


@pytest.mark.anyio
async def test_a_fact_that_failed_is_an_error_and_the_check_is_not_called() -> None:
    """A fact the API could not give makes the check `error` naming the fact, exactly as in the ctx form."""
    called: list[str] = []

    @check("acme.needs_profile", **META)
    def needs_profile(profile: MessagingProfile | None) -> Result:
        called.append("yes")
        return Result.passed("ok")

    failure = ServerError("Telnyx had an internal error", status_code=500, endpoint="GET /v2/messaging_profiles/prof-1")
    got, _ = await run_one([needs_profile], make_resolver({PROFILE: failure}))
    assert got["acme.needs_profile"].status is Status.ERROR
    assert got["acme.needs_profile"].summary.startswith("could not read profile:")
    assert got["acme.needs_profile"].evidence["fact"] == PROFILE
    assert called == []


@pytest.mark.anyio
async def test_none_reaches_only_a_parameter_that_accepts_it() -> None:
    """An absent fact (None) is passed to `X | None` but is an `error` for a parameter typed plain `X`."""

    @check("acme.optional", **META)
    def optional(profile: MessagingProfile | None) -> Result:
        return Result.passed("no profile" if profile is None else "profile")

    @check("acme.required", **META)
    def required(profile: MessagingProfile) -> Result:
        return Result.passed(f"profile {profile.id}")

    got, _ = await run_one([optional, required], make_resolver({PROFILE: None}))
    assert (got["acme.optional"].status, got["acme.optional"].summary) == (Status.PASS, "no profile")
    assert got["acme.required"].status is Status.ERROR
    assert "fact 'profile' is None, but parameter 'profile' takes MessagingProfile" in got["acme.required"].summary


@pytest.mark.anyio
async def test_a_fact_of_the_wrong_type_is_an_error_never_a_verdict() -> None:
    """A provider handing a value the annotation rules out turns the check into an `error` result."""

    @check("acme.typed", **META)
    def typed(profile: MessagingProfile | None) -> Result:
        return Result.passed("read it")

    got, _ = await run_one([typed], make_resolver({PROFILE: {"id": "prof-1"}}))
    assert got["acme.typed"].status is Status.ERROR
    assert "fact 'profile' is a dict" in got["acme.typed"].summary


@pytest.mark.anyio
async def test_the_older_ctx_form_still_runs() -> None:
    """A check taking one `ctx` and listing `facts=` reads its facts through the context as before."""

    @check("acme.older", facts=[PROFILE], **META)
    def older(ctx):
        return Result.passed(f"{ctx.target.value} on {ctx.fact('profile').name}")

    assert older.facts == (PROFILE,)
    got, _ = await run_one([older], make_resolver({PROFILE: PROFILE_VALUE}))
    assert got["acme.older"].summary == "+15551234567 on Production"


@pytest.mark.anyio
async def test_a_check_mixing_both_forms_gets_its_facts_both_ways() -> None:
    """Facts from the signature and from `facts=` are all declared; the context holds every one of them."""

    @check("acme.mixed", facts=["extra"], **META)
    def mixed(profile: MessagingProfile, context: CheckContext) -> Result:
        return Result.passed(f"{profile.name} {context.fact('extra')} {context.fact('profile').id}")

    assert mixed.facts == ("extra", PROFILE)
    got, _ = await run_one([mixed], make_resolver({PROFILE: PROFILE_VALUE, "extra": 7}))
    assert got["acme.mixed"].summary == "Production 7 prof-1"


def test_a_parameter_with_a_default_is_left_to_it() -> None:
    """Like pytest, a parameter with a default is not injected, so it declares no fact."""

    @check("acme.defaulted", **META)
    def defaulted(profile: MessagingProfile, limit: int = 3) -> Result:
        return Result.passed(str(limit))

    assert [p.name for p in defaulted.params or ()] == ["profile"]
    assert defaulted.facts == (PROFILE,)


def test_variadic_parameters_are_refused_when_the_check_is_made() -> None:
    """`*args`/`**kwargs` cannot be injected by name, so the decorator refuses them."""
    with pytest.raises(TypeError, match=r"acme\.variadic"):

        @check("acme.variadic", **META)
        def variadic(**facts: Any) -> Result:
            return Result.passed("ok")


def test_a_check_is_a_plain_function_when_called_with_its_facts() -> None:
    """Calling a check with keyword facts runs the function itself; calling it with a context injects."""

    @check("acme.plain", **META)
    def plain(profile: MessagingProfile | None, target: Target) -> Result:
        return Result.passed(f"{target.value}: {profile.name if profile else 'none'}")

    target = parse_target("+15551234567")
    assert plain(profile=None, target=target).summary == "+15551234567: none"
    ctx = CheckContext(target=target, facts={PROFILE: PROFILE_VALUE})
    assert plain(ctx).summary == "+15551234567: Production"


def test_an_unknown_parameter_rejects_the_plugin_naming_check_name_and_suggestions() -> None:
    """Like pytest's "fixture not found": the plugin is not loaded; the error names plugin, check, name, matches."""

    @check("acme.typo", **META)
    def typo(profle: MessagingProfile) -> Result:
        return Result.passed("never")

    registry = builtins_plus("acme", plugin_of(typo, mk("acme.fine", Result.passed("ok"))))
    info = {p.name: p for p in registry.plugins}["acme"]
    assert info.error is not None and info.checks == []
    assert "check acme.typo (plugin acme) asks for 'profle'" in info.error
    assert "did you mean 'profile'" in info.error
    assert "available: " in info.error and "webhook_probe" in info.error and "target" in info.error
    assert "acme.typo" not in registry.checks and "acme.fine" not in registry.checks
    assert "profile.enabled" in registry.checks  # the built-ins still load


def test_a_check_may_read_a_fact_its_plugin_registers() -> None:
    """A fact added by the `telnyx_doctor_register_facts` hook is a valid parameter name."""

    async def fetch(req: FactRequest) -> int:
        return 42

    @check("acme.quota", **META)
    def quota(acme_quota: int) -> Result:
        return Result.passed(str(acme_quota))

    registry = builtins_plus("acme", plugin_of(quota, facts=(FactSpec("acme_quota", fetch),)))
    assert {p.name: p for p in registry.plugins}["acme"].error is None
    assert registry.checks["acme.quota"].facts == ("acme_quota",)


def test_every_builtin_check_is_in_the_parameter_form() -> None:
    """No built-in check takes the context: each names the facts it reads."""
    registry = load_registry(environ={"TELNYX_DOCTOR_PLUGINS": ""})
    older = [c.id for c in registry.checks.values() if any(p.name == "ctx" for p in c.params or ())]
    assert registry.checks and older == []
