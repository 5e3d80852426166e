"""Plugin loading: entry points of group `telnyx_doctor`, isolated so one broken plugin never sinks a run."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import metadata
from typing import TypeVar, cast

import pluggy

from telnyx_doctor import hookspecs
from telnyx_doctor.checkapi import Check, unknown_parameters
from telnyx_doctor.errors import PluginError
from telnyx_doctor.facts import FactSpec
from telnyx_doctor.models import PluginInfo

ENTRY_POINT_GROUP = "telnyx_doctor"
BUILTIN = "builtin"
PLUGINS_ENV = "TELNYX_DOCTOR_PLUGINS"
T = TypeVar("T")


@dataclass
class Registry:
    """What the loaded plugins registered: checks by id, fact providers by name, and plugin status."""

    checks: dict[str, Check] = field(default_factory=dict)
    facts: dict[str, FactSpec] = field(default_factory=dict)
    plugins: list[PluginInfo] = field(default_factory=list)

    @property
    def load_errors(self) -> list[PluginInfo]:
        """Plugins that failed to load or register."""
        return [p for p in self.plugins if p.error]


def get_plugin_manager() -> pluggy.PluginManager:
    """A fresh plugin manager with our hookspecs; nothing is loaded yet."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    return pm


def wanted_plugins(environ: dict[str, str] | None = None) -> set[str] | None:
    """Third-party plugin names allowed by TELNYX_DOCTOR_PLUGINS (None = all; empty = built-ins only)."""
    env = os.environ if environ is None else environ
    raw = env.get(PLUGINS_ENV)
    if raw is None:
        return None
    return {name.strip() for name in raw.split(",") if name.strip()}


def load_registry(extra: list[tuple[str, object]] | None = None, environ: dict[str, str] | None = None) -> Registry:
    """Load built-in and third-party plugins from entry points (plus `extra` objects) into a Registry."""
    from telnyx_doctor.providers import builtin_facts

    pm = get_plugin_manager()
    registry = Registry(facts={spec.name: spec for spec in builtin_facts()})
    allowed = wanted_plugins(environ)
    candidates: list[tuple[str, str | None, object]] = []
    for ep in _entry_points():
        if ep.name != BUILTIN and allowed is not None and ep.name not in allowed:
            continue
        version = ep.dist.version if ep.dist is not None else None
        try:
            candidates.append((ep.name, version, ep.load()))
        except (Exception, SystemExit) as exc:  # a plugin that fails to import is reported, never fatal
            registry.plugins.append(PluginInfo(name=ep.name, version=version, error=_describe(exc)))
    for name, obj in extra or []:
        candidates.append((name, None, obj))
    for name, version, obj in candidates:
        registry.plugins.append(_register(pm, registry, name, version, obj))
    _reject_unknown_parameters(registry)
    registry.plugins.sort(key=lambda p: (p.name != BUILTIN, p.name))
    return registry


def _entry_points() -> list[metadata.EntryPoint]:
    seen: dict[str, metadata.EntryPoint] = {}
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        seen.setdefault(ep.name, ep)  # an editable and a regular install may both list one plugin
    return sorted(seen.values(), key=lambda ep: (ep.name != BUILTIN, ep.name))


def _register(pm: pluggy.PluginManager, registry: Registry, name: str, version: str | None, obj: object) -> PluginInfo:
    info = PluginInfo(name=name, version=version)
    try:
        pm.register(obj, name=name)
        pm.check_pending()
        checks = _typed(_collect(pm, obj, "telnyx_doctor_register_checks"), Check)
        facts = _typed(_collect(pm, obj, "telnyx_doctor_register_facts"), FactSpec)
        for item in checks:
            owner = registry.checks.get(item.id)
            if owner is not None:
                raise PluginError(f"check id {item.id!r} is already registered by plugin {owner.plugin!r}")
        if len({c.id for c in checks}) != len(checks):
            raise PluginError("registers the same check id twice")
    except (Exception, SystemExit) as exc:  # a plugin's hook that fails is reported, never fatal
        if pm.is_registered(obj):
            pm.unregister(obj)
        info.error = _describe(exc)
        return info
    for item in checks:
        registry.checks[item.id] = item.with_plugin(name)
        info.checks.append(item.id)
    for spec in facts:
        registry.facts.setdefault(spec.name, spec)
    return info


def _reject_unknown_parameters(registry: Registry) -> None:
    """A plugin whose check asks for a name nothing provides is not loaded, like any failed registration.

    This runs once every plugin has registered, so a check may read a fact another plugin provides.
    """
    for info in registry.plugins:
        problems = [unknown_parameters(registry.checks[cid], registry.facts) for cid in info.checks]
        found = [p for p in problems if p]
        if not found:
            continue
        for cid in info.checks:
            del registry.checks[cid]
        info.checks = []
        info.error = f"PluginError: {'; '.join(found)}"


def _typed(items: list[object], kind: type[T]) -> list[T]:
    for item in items:
        if not isinstance(item, kind):
            raise PluginError(f"registered {item!r}, which is not a {kind.__name__}")
    return cast(list[T], items)


def _collect(pm: pluggy.PluginManager, obj: object, hook_name: str) -> list[object]:
    """Call one hook of this plugin alone, so a failure is attributed to the right plugin."""
    if getattr(obj, hook_name, None) is None:
        return []
    others = [p for p in pm.get_plugins() if p is not obj]
    found: list[object] = []
    for batch in pm.subset_hook_caller(hook_name, remove_plugins=others)():
        found.extend(batch or [])
    return found


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
