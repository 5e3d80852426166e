"""A check from an outside package, registered through the entry point, appears in the report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from telnyx_doctor.sandbox import SandboxServer

PLUGIN = '''
"""An outside plugin adding one check."""
from telnyx_doctor import Fix, Result, check, hookimpl


@check("acme.profile_name", title="Profile names start with Acme", severity="warning",
       requires=["profile.enabled"], facts=["profile"], cause="c", evidence="e", remedy="r")
def profile_name(ctx):
    name = ctx.fact("profile").name or ""
    if name.startswith("Acme"):
        return Result.passed(f"profile is named {name}")
    return Result.warned(f"profile {name!r} is not an Acme profile", Fix(summary="rename it"))


@hookimpl
def telnyx_doctor_register_checks():
    return [profile_name]
'''


def install_plugin(root: Path) -> Path:
    """Lay out an installed distribution `acme-checks` (package + dist-info) under `root`."""
    (root / "acme_checks").mkdir(parents=True)
    (root / "acme_checks" / "__init__.py").write_text(textwrap.dedent(PLUGIN))
    info = root / "acme_checks-1.2.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-checks\nVersion: 1.2.3\n")
    (info / "entry_points.txt").write_text("[telnyx_doctor]\nacme = acme_checks\n")
    return root


def run_doctor(
    args: list[str], site: Path, server: SandboxServer, plugins: str | None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TELNYX_DOCTOR_PLUGINS"}
    env.update(
        PYTHONPATH=str(site),
        TELNYX_API_KEY=server.api_key,
        TELNYX_API_BASE_URL=server.base_url,
    )
    if plugins is not None:
        env["TELNYX_DOCTOR_PLUGINS"] = plugins
    return subprocess.run(
        [sys.executable, "-m", "telnyx_doctor", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_an_installed_plugin_check_runs_in_the_report(tmp_path: Path, sandbox: SandboxServer) -> None:
    """A plugin found through its entry point adds its check, attributed to it, gated like a built-in."""
    site = install_plugin(tmp_path / "site")
    args = ["+15550100001", "--format", "json", "--probe", "off", "--allow-private"]
    result = run_doctor(args, site, sandbox, plugins=None)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    checks = {c["id"]: c for c in report["numbers"][0]["checks"]}
    assert checks["acme.profile_name"]["status"] == "pass"
    assert checks["acme.profile_name"]["plugin"] == "acme"
    plugins = {p["name"]: p for p in report["tool"]["plugins"]}
    assert plugins["acme"]["version"] == "1.2.3" and plugins["acme"]["checks"] == ["acme.profile_name"]
    listed = run_doctor(["--list-checks"], site, sandbox, plugins=None)
    assert any(
        line.startswith("acme.profile_name") and line.rstrip().endswith("acme") for line in listed.stdout.splitlines()
    )


def test_an_empty_plugin_list_loads_only_the_builtins(tmp_path: Path, sandbox: SandboxServer) -> None:
    """TELNYX_DOCTOR_PLUGINS="" keeps the outside plugin out; naming it lets it in."""
    site = install_plugin(tmp_path / "site")
    without = run_doctor(["--list-checks"], site, sandbox, plugins="")
    assert "acme.profile_name" not in without.stdout
    named = run_doctor(["--list-checks"], site, sandbox, plugins="acme")
    assert "acme.profile_name" in named.stdout
