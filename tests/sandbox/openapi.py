"""Validate sandbox responses against the Telnyx OpenAPI subset (3.1) and the legacy cut (3.0)."""

from __future__ import annotations

import copy
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

REPO = Path(__file__).resolve().parents[2]
SUBSET = "telnyx-openapi-subset.json"
LEGACY = "telnyx-openapi-legacy-messaging-phone-numbers.json"
EVIDENCE = "telnyx-openapi-evidence.json"

# Fields SDK 4.189.0 has and the July-2026 spec lacks (shared/reference/openapi/README.md); the sandbox sends them.
SDK_ONLY_FIELDS: dict[str, dict[str, Any]] = {
    "PhoneNumberDetailed": {"messaging_campaign_id": {"type": ["string", "null"]}},
    "MessagingProfile": {"features": {"type": "object"}},
    "PhoneNumberCampaign": {
        "tmobileNumberMappingStatus": {"type": "string"},
        "nonTmobileNumberMappingStatus": {"type": "string"},
    },
}


def openapi_dir() -> Path | None:
    """`$TELNYX_DOCTOR_OPENAPI_DIR`, else `<repo>/../shared/reference/openapi`; None when absent."""
    configured = os.environ.get("TELNYX_DOCTOR_OPENAPI_DIR")
    folder = Path(configured) if configured else REPO.parent / "shared" / "reference" / "openapi"
    return folder if (folder / SUBSET).is_file() and (folder / LEGACY).is_file() else None


def openapi_or_skip(*cuts: str) -> OpenApi:
    """The OpenAPI documents, with these cuts among them (e.g. "evidence"); the calling test skips without them."""
    import pytest

    folder = openapi_dir()
    if folder is None:
        pytest.skip("the Telnyx OpenAPI cuts are absent (set TELNYX_DOCTOR_OPENAPI_DIR to their folder)")
    api = OpenApi(folder)
    missing = [cut for cut in cuts if cut not in api.documents]
    if missing:
        pytest.skip(f"the OpenAPI cut(s) {', '.join(missing)} are absent")
    return api


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _nullable_to_31(node: Any) -> Any:
    """OpenAPI 3.0 `nullable: true` becomes a JSON Schema type list with "null"."""
    if isinstance(node, list):
        return [_nullable_to_31(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _nullable_to_31(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable") is True and isinstance(node.get("type"), str):
        converted["type"] = [node["type"], "null"]
    return converted


def _strict(node: Any, *, in_all_of: bool = False, skip: frozenset[int] = frozenset()) -> None:
    """Forbid properties a schema does not declare, so a misspelt field fails validation.

    `unevaluatedProperties` sees through allOf/anyOf, so it goes on the composing schema, never on a
    member of an allOf (which would reject its siblings' fields).
    """
    if isinstance(node, list):
        for item in node:
            _strict(item, skip=skip)
        return
    if not isinstance(node, dict):
        return
    is_object_schema = "properties" in node or "allOf" in node
    if is_object_schema and not in_all_of and id(node) not in skip and "additionalProperties" not in node:
        node.setdefault("unevaluatedProperties", False)
    for key, value in node.items():
        if key == "allOf" and isinstance(value, list):
            for member in value:
                _strict(member, in_all_of=True, skip=skip)
        elif key != "example":
            _strict(value, skip=skip)


def _all_of_targets(document: dict[str, Any]) -> set[str]:
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for member in node.get("allOf", []) if isinstance(node.get("allOf"), list) else []:
                ref = member.get("$ref", "") if isinstance(member, dict) else ""
                if ref.startswith("#/components/schemas/"):
                    names.add(ref.rsplit("/", 1)[1])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(document)
    return names


def _prepare(document: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(document)
    schemas = doc["components"]["schemas"]
    for name, extra in SDK_ONLY_FIELDS.items():
        if name in schemas:
            schemas[name].setdefault("properties", {}).update(extra)
    skip = frozenset(id(schemas[name]) for name in _all_of_targets(doc) if name in schemas)
    _strict(doc, skip=skip)
    return doc


def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    datetime.fromisoformat(value)  # raises ValueError when malformed
    return "T" in value


FORMATS = FormatChecker(formats=["uuid"])
FORMATS.checks("date-time", raises=ValueError)(_date_time)


class OpenApi:
    """Response validators for the current subset and the legacy cut."""

    def __init__(self, folder: Path) -> None:
        current = json.loads((folder / SUBSET).read_text())
        legacy = _nullable_to_31(json.loads((folder / LEGACY).read_text()))
        self.documents = {"current": _prepare(current), "legacy": _prepare(legacy)}
        if (folder / EVIDENCE).is_file():
            self.documents["evidence"] = _prepare(json.loads((folder / EVIDENCE).read_text()))
        registry: Registry[Any] = Registry()
        for name, document in self.documents.items():
            registry = registry.with_resource(f"urn:telnyx:{name}", DRAFT202012.create_resource(document))
        self.registry = registry

    def response_pointer(self, method: str, path: str, status: int, *, legacy: bool = False, doc: str = "") -> str:
        """The JSON pointer of the schema documented for (method, path, status)."""
        document = self.documents[doc or ("legacy" if legacy else "current")]
        responses = document["paths"][path][method.lower()]["responses"]
        family_error = next((k for k in ("4XX", "default") if k in responses), None)
        key = next(
            (k for k in (str(status), f"{status // 100}XX", "default") if k in responses),
            family_error if status >= 500 else None,  # a 5xx where only 4XX is documented: same envelope
        )
        if key is None:
            raise AssertionError(f"{method} {path} documents no {status} response")
        response = responses[key]
        if "$ref" in response:
            pointer = response["$ref"].removeprefix("#")
            response = document["components"]["responses"][pointer.rsplit("/", 1)[1]]
        else:
            pointer = f"/paths/{_escape(path)}/{method.lower()}/responses/{_escape(key)}"
        assert "application/json" in response["content"], f"{method} {path} {key} has no JSON body"
        return f"{pointer}/content/application~1json/schema"

    def validate(self, method: str, path: str, status: int, body: Any, *, legacy: bool = False, doc: str = "") -> None:
        """Raise jsonschema.ValidationError when `body` does not match the documented schema.

        `doc` picks the document: "current" (default), "legacy" or "evidence".
        """
        name = doc or ("legacy" if legacy else "current")
        pointer = self.response_pointer(method, path, status, doc=name)
        self.validate_pointer(name, pointer, body)

    def validate_pointer(self, doc: str, pointer: str, body: Any) -> None:
        """Validate `body` against the schema at `pointer` of document `doc` (`/components/schemas/X`)."""
        uri = f"urn:telnyx:{doc}#{pointer}"
        validator = Draft202012Validator({"$ref": uri}, registry=self.registry, format_checker=FORMATS)
        validator.validate(body)
