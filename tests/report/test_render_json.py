"""Tests for the JSON renderer and the published JSON Schema."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from telnyx_doctor.models import Report
from telnyx_doctor.report.json import json_schema, render

REPORT_KEYS = ["schema_version", "tool", "started_at", "duration_ms", "status", "exit_code", "summary", "numbers"]
CHECK_KEYS = [
    "id",
    "title",
    "severity",
    "status",
    "summary",
    "details",
    "evidence",
    "requires",
    "skipped_because",
    "duration_ms",
    "plugin",
    "fix",
]


def _validator() -> jsonschema.protocols.Validator:
    schema = json_schema()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def test_output_round_trips_to_the_same_report(fleet_report: Report) -> None:
    """Parsing the JSON back gives a Report equal to the one rendered."""
    assert Report.model_validate_json(render(fleet_report)) == fleet_report


def test_output_validates_against_the_schema(fleet_report: Report, healthy_report: Report) -> None:
    """Every rendered report is valid under the published schema."""
    validator = _validator()
    for report in (fleet_report, healthy_report):
        validator.validate(json.loads(render(report)))


def test_shape_follows_the_design_contract(troubled_report: Report) -> None:
    """Keys come in the documented order, the summary says `pass`, and fix/skipped_because are null where promised."""
    data = json.loads(render(troubled_report))
    assert list(data) == REPORT_KEYS
    assert data["schema_version"] == 1
    assert data["tool"]["name"] == "telnyx-doctor"
    assert data["summary"] == {"numbers": 1, "pass": 2, "warn": 1, "fail": 1, "skip": 2, "error": 1}
    number = data["numbers"][0]
    assert list(number) == ["phone_number", "kind", "status", "checks"]
    for check in number["checks"]:
        assert list(check) == CHECK_KEYS
        assert (check["fix"] is not None) == (check["status"] in ("warn", "fail"))
        assert (check["skipped_because"] is not None) == (check["status"] == "skip")
    failed = next(c for c in number["checks"] if c["status"] == "fail")
    assert list(failed["fix"]) == ["summary", "steps", "commands", "docs_url", "safe_to_autofix"]


def test_output_is_indented_and_ends_with_a_newline(healthy_report: Report) -> None:
    """The JSON is indented by two spaces and ends with one newline."""
    out = render(healthy_report)
    assert out.startswith('{\n  "schema_version": 1,\n')
    assert out.endswith("}\n") and not out.endswith("\n\n")


def test_schema_names_itself() -> None:
    """The schema carries its dialect, an $id and a title naming the schema version."""
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("/report.schema.json")
    assert schema["title"] == "telnyx-doctor report (schema_version 1)"
    assert list(schema).index("$schema") == 0


def _first_check(data: dict[str, Any]) -> dict[str, Any]:
    check: dict[str, Any] = data["numbers"][0]["checks"][0]
    return check


@pytest.mark.parametrize(
    ("change", "what"),
    [
        (lambda d: _first_check(d).update(status="warn", fix=None), "a warn without a fix"),
        (lambda d: _first_check(d).update(status="skip", skipped_because=None), "a skip without a reason"),
        (lambda d: _first_check(d).pop("fix"), "a check missing a key"),
        (lambda d: _first_check(d).update(colour="red"), "an unknown key"),
        (lambda d: d["summary"].update(pass_=1), "the Python name instead of the alias"),
        (lambda d: d.update(schema_version=2), "another schema version"),
    ],
)
def test_schema_rejects_what_the_contract_forbids(healthy_report: Report, change: Any, what: str) -> None:
    """The schema rejects reports that break the documented shape."""
    data = json.loads(render(healthy_report))
    change(data)
    assert list(_validator().iter_errors(data)), f"the schema accepted {what}"
