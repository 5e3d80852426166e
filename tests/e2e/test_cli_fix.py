"""`doctor fix`: the plan names the target profile, refuses a disabled one, lists candidates, and is the output."""

from __future__ import annotations

from conftest import RunCli
from telnyx_doctor.sandbox import SandboxServer

NO_PROFILE = "+15550100002"
PATCH = "PATCH /v2/phone_numbers/{id}/messaging"


def profile_id(server: SandboxServer, name: str) -> str:
    """The id of the sandbox profile called `name`."""
    return next(p.id for p in server.state.account.profiles if p.name == name)


def test_dry_run_shows_the_plan_not_a_report(run_cli: RunCli, fresh_sandbox: SandboxServer) -> None:
    """--dry-run writes the plan (target profile and the call) and no diagnosis report; nothing is changed."""
    target = profile_id(fresh_sandbox, "Acme Production")
    result = run_cli("fix", NO_PROFILE, "--profile-id", target, "--dry-run", server=fresh_sandbox)
    assert result.code == 1
    assert result.out.startswith(f"Fix plan for {NO_PROFILE}:")
    assert f"Target profile: 'Acme Production' ({target}) · enabled · destinations: US, CA" in result.out
    assert "checks:" not in result.out and "Fix first" not in result.out
    assert len(result.out.splitlines()) <= 6
    assert "dry run: nothing was applied" in result.err
    assert PATCH not in fresh_sandbox.state.requests.snapshot()


def test_without_a_terminal_or_yes_it_says_nothing_was_applied(run_cli: RunCli, fresh_sandbox: SandboxServer) -> None:
    """With standard input not a terminal and no --yes, stderr says plainly that nothing was applied, and why."""
    target = profile_id(fresh_sandbox, "Acme Production")
    result = run_cli("fix", NO_PROFILE, "--profile-id", target, server=fresh_sandbox, stdin="y\n")
    assert "nothing was applied: standard input is not a terminal" in result.err
    assert "--yes" in result.err
    assert PATCH not in fresh_sandbox.state.requests.snapshot()


def test_a_disabled_target_profile_is_refused_without_force(run_cli: RunCli, fresh_sandbox: SandboxServer) -> None:
    """Assigning to a disabled profile is exit 2 naming it; --force assigns anyway, the plan saying DISABLED."""
    disabled = profile_id(fresh_sandbox, "Acme Legacy Marketing")
    refused = run_cli("fix", NO_PROFILE, "--profile-id", disabled, "--yes", server=fresh_sandbox)
    assert refused.code == 2
    assert f"error: messaging profile 'Acme Legacy Marketing' ({disabled}) is disabled" in refused.err
    assert "--force" in refused.err
    assert PATCH not in fresh_sandbox.state.requests.snapshot()
    forced = run_cli("fix", NO_PROFILE, "--profile-id", disabled, "--yes", "--force", server=fresh_sandbox)
    assert "· DISABLED ·" in forced.out
    assert fresh_sandbox.state.requests.snapshot().get(PATCH) == 1


def test_without_profile_id_the_plan_lists_the_candidate_profiles(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """A number that needs a profile gets the account's profiles (id, name, state) to choose from."""
    result = run_cli("fix", NO_PROFILE, "--dry-run", server=sandbox)
    assert "choose one with --profile-id ID" in result.out
    production = profile_id(sandbox, "Acme Production")
    assert any(
        line.split()[0] == production and "'Acme Production' · enabled" in line
        for line in result.out.splitlines()
        if line.strip()
    )
    assert "'Acme Legacy Marketing' · DISABLED" in result.out


def test_a_missing_profile_is_refused_with_the_existing_ones(run_cli: RunCli, sandbox: SandboxServer) -> None:
    """--profile-id of a profile that does not exist is exit 2, the tip naming profiles that do."""
    result = run_cli("fix", NO_PROFILE, "--profile-id", "no-such-profile", "--yes", server=sandbox)
    assert result.code == 2
    assert "messaging profile no-such-profile does not exist" in result.err
    assert "Acme Production" in result.err
