"""Broken third-party plugins, installed for real (a dist-info on PYTHONPATH), never sink a run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from telnyx_doctor.plugins import load_registry
from telnyx_doctor.sandbox import SandboxServer

from .support import HEALTHY, assert_no_traceback, valid_report

# distribution name → (entry-point name, package source)
PLUGINS: dict[str, tuple[str, str]] = {
    "hardening-broken": ("broken", "import a_module_that_does_not_exist\n"),
    "hardening-exits": ("exits", "raise SystemExit(3)\n"),
    "hardening-bad": (
        "bad",
        """
        from telnyx_doctor import Result, check, hookimpl


        @check("bad.raises", title="Raises")
        def raises(ctx):
            raise RuntimeError("boom")


        @check("bad.garbage", title="Returns garbage")
        def garbage(ctx):
            return {"status": "pass"}


        @check("bad.unreportable", title="Returns evidence no report can hold")
        def unreportable(ctx):
            return Result.passed("fine", evidence={"thing": object()})


        @hookimpl
        def telnyx_doctor_register_checks():
            return [raises, garbage, unreportable]
        """,
    ),
    "hardening-dup-a": ("dup_a", ""),
    "hardening-dup-b": ("dup_b", ""),
}
_DUPLICATE = """
from telnyx_doctor import Result, check, hookimpl


@check("dup.same", title="Claimed twice")
def same(ctx):
    return Result.passed("registered by {name}")


@hookimpl
def telnyx_doctor_register_checks():
    return [same]
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory laid out like site-packages: each plugin's package and its NAME-0.1.dist-info."""
    root = tmp_path_factory.mktemp("site")
    for dist, (entry, source) in PLUGINS.items():
        package = dist.replace("-", "_")
        (root / package).mkdir()
        code = source or _DUPLICATE.replace("{name}", entry)
        (root / package / "__init__.py").write_text(textwrap.dedent(code))
        info = root / f"{package}-0.1.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n")
        (info / "entry_points.txt").write_text(f"[telnyx_doctor]\n{entry} = {package}\n")
    return root


def doctor(
    args: list[str], site: Path, server: SandboxServer, outputs: list[str], plugins: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m telnyx_doctor ARGS` with `site` on PYTHONPATH, as an installed plugin would be found."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELNYX_", "GITHUB_"))}
    env.update(PYTHONPATH=str(site), TELNYX_API_KEY=server.api_key, TELNYX_API_BASE_URL=server.base_url)
    if plugins is not None:
        env["TELNYX_DOCTOR_PLUGINS"] = plugins
    result = subprocess.run(
        [sys.executable, "-m", "telnyx_doctor", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=site,
        timeout=60,
    )
    outputs.extend([result.stdout, result.stderr])
    assert_no_traceback(result.stdout, result.stderr)
    return result


def test_broken_plugins_are_reported_and_the_builtins_still_run(
    site: Path, sandbox: SandboxServer, outputs: list[str]
) -> None:
    """Plugins that fail to import or clash are warned about and listed with their error; the rest runs."""
    args = [HEALTHY, "--format", "json", "--probe", "off", "--allow-private", "--no-config"]
    result = doctor(args, site, sandbox, outputs)
    assert result.returncode == 3, result.stderr  # the plugin checks could not decide; nothing failed
    report = valid_report(result.stdout)
    plugins = {p["name"]: p for p in report["tool"]["plugins"]}
    assert plugins["broken"]["error"] == "ModuleNotFoundError: No module named 'a_module_that_does_not_exist'"
    assert plugins["exits"]["error"] == "SystemExit: 3"
    assert plugins["dup_b"]["error"] == "PluginError: check id 'dup.same' is already registered by plugin 'dup_a'"
    assert plugins["dup_a"]["error"] is None and plugins["dup_a"]["checks"] == ["dup.same"]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings == [
        f"warning: plugin {name!r} was not loaded: {plugins[name]['error']}" for name in ("broken", "dup_b", "exits")
    ]
    checks = {c["id"]: c for c in report["numbers"][0]["checks"]}
    builtins = [c for c in checks.values() if c["plugin"] == "builtin"]
    # every built-in but send.test, which runs only when a send test is asked for
    expected = set(load_registry(environ={"TELNYX_DOCTOR_PLUGINS": ""}).checks) - {"send.test"}
    assert {c["id"] for c in builtins} == expected
    assert {c["status"] for c in builtins} <= {"pass", "skip"}
    assert checks["dup.same"]["summary"] == "registered by dup_a"


def test_a_plugin_check_that_misbehaves_is_an_error_result_naming_it(
    site: Path, sandbox: SandboxServer, outputs: list[str]
) -> None:
    """A plugin check that raises or returns garbage is an `error` result naming the check and the plugin."""
    args = [HEALTHY, "--only", "bad.*", "--format", "json", "--probe", "off", "--no-config"]
    result = doctor(args, site, sandbox, outputs, plugins="bad")
    assert result.returncode == 3, result.stderr
    checks = {c["id"]: c for c in valid_report(result.stdout)["numbers"][0]["checks"]}
    says = {
        "bad.raises": "check bad.raises (plugin bad) raised RuntimeError: boom",
        "bad.garbage": "check bad.garbage (plugin bad) returned dict, not a Result",
        "bad.unreportable": "check bad.unreportable (plugin bad) returned evidence that cannot be reported",
    }
    for check_id, summary in says.items():
        assert (checks[check_id]["status"], checks[check_id]["plugin"]) == ("error", "bad")
        assert checks[check_id]["summary"].startswith(summary), checks[check_id]["summary"]


def test_the_plugin_list_variable_controls_what_loads(site: Path, sandbox: SandboxServer, outputs: list[str]) -> None:
    """TELNYX_DOCTOR_PLUGINS="" loads only the built-ins; a named list loads just those plugins."""
    builtins_only = doctor(["--list-checks"], site, sandbox, outputs, plugins="")
    assert builtins_only.returncode == 0
    assert "bad." not in builtins_only.stdout and "dup." not in builtins_only.stdout
    assert builtins_only.stderr == ""
    named = doctor(["--list-checks", "--format", "json"], site, sandbox, outputs, plugins="bad, dup_a")
    assert named.returncode == 0
    listed = {item["id"] for item in json.loads(named.stdout)}
    assert {"bad.raises", "bad.garbage", "bad.unreportable", "dup.same"} <= listed
    assert named.stderr == ""  # the broken plugins were not asked for, so not even tried
