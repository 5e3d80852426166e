"""The JSON report (schema_version 1) for machines, and the JSON Schema that describes it."""

from __future__ import annotations

from typing import Any

from telnyx_doctor.models import SCHEMA_VERSION, Report

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://raw.githubusercontent.com/telnyx-doctor/telnyx-doctor/main/docs/report.schema.json"


def render(report: Report) -> str:
    """The report as indented JSON, keys by their published names (`pass`, not `pass_`)."""
    return report.model_dump_json(by_alias=True, indent=2) + "\n"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the report, generated from the model, ready to publish in docs/.

    It describes what `render` writes: every key is always present (absent values are null), so every
    property is required, and no object has keys beyond those listed. A check that warned or failed
    carries a fix, and a skipped one names what it was skipped because of.
    """
    schema = Report.model_json_schema(by_alias=True, mode="serialization")
    definitions: dict[str, Any] = schema.get("$defs", {})
    for definition in [schema, *definitions.values()]:
        if definition.get("type") == "object" and "properties" in definition:
            definition["required"] = list(definition["properties"])
    definitions["CheckResult"]["allOf"] = [
        _when_status(["warn", "fail"], "fix", {"$ref": "#/$defs/Fix"}),
        _when_status(["skip"], "skipped_because", {"type": "string", "minLength": 1}),
    ]
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        **schema,
        "title": f"telnyx-doctor report (schema_version {SCHEMA_VERSION})",
    }


def _when_status(statuses: list[str], field: str, shape: dict[str, Any]) -> dict[str, Any]:
    """A schema rule: when a check's status is one of `statuses`, `field` has `shape` (not null)."""
    return {
        "if": {"properties": {"status": {"enum": statuses}}, "required": ["status"]},
        "then": {"properties": {field: shape}},
    }
