"""`doctor --list-checks`: the table with its legend, JSON on request, and a usage error for other formats."""

from __future__ import annotations

import json

from conftest import RunCli


def test_list_checks_text_says_impact_not_the_status_word_error(run_cli: RunCli) -> None:
    """The text listing has an IMPACT column (blocker/risk/note) and a legend, never a bare severity 'error'."""
    result = run_cli("--list-checks")
    assert result.code == 0, result.err
    header, *rows = result.out.split("\n\n")[0].splitlines()
    assert header.split() == ["ID", "TITLE", "IMPACT", "PLUGIN"]
    assert any(row.startswith("profile.assigned ") and " blocker " in row for row in rows)
    assert not any(" error " in row for row in rows)
    assert "IMPACT: blocker" in result.out


def test_list_checks_honours_format_json(run_cli: RunCli) -> None:
    """--list-checks --format json is a JSON array of checks with id, severity, impact and requirements."""
    result = run_cli("--list-checks", "--format", "json")
    assert result.code == 0, result.err
    listed = {item["id"]: item for item in json.loads(result.out)}
    assert listed["profile.enabled"]["requires"] == ["profile.assigned"]
    assert listed["profile.assigned"]["impact"] == "blocker"


def test_list_checks_in_another_format_is_a_usage_error(run_cli: RunCli) -> None:
    """A listing cannot be JUnit: exit 2 with the formats it can be."""
    result = run_cli("--list-checks", "--format", "junit")
    assert result.code == 2
    assert result.out == ""
    assert "error: --list-checks cannot be written as 'junit'" in result.err
