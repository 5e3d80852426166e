"""docs/api.md's examples run as written against a loopback sandbox, in order, in one session."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from telnyx_doctor.sandbox import SandboxServer

PAGE = Path(__file__).parents[2] / "docs" / "api.md"
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def python_blocks() -> list[str]:
    """The page's python code blocks, in order."""
    return BLOCK.findall(PAGE.read_text(encoding="utf-8"))


def test_the_page_has_examples_of_every_entry_point() -> None:
    """The examples cover diagnose, adiagnose, Doctor (sync and async), errors and bundles."""
    code = "\n".join(python_blocks())
    for needle in ("diagnose(", "await adiagnose(", "with Doctor(", "async with Doctor(", "except ", "bundle()"):
        assert needle in code


def test_examples_run_against_the_sandbox(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], outputs: list[str]
) -> None:
    """Every block runs without an error and prints what its comments say."""
    monkeypatch.setenv("TELNYX_API_KEY", sandbox.api_key)
    monkeypatch.setenv("TELNYX_API_BASE_URL", sandbox.base_url)
    monkeypatch.setenv("SANDBOX_CA", str(sandbox.ca_file))
    monkeypatch.setenv("TELNYX_DOCTOR_PLUGINS", "")
    namespace: dict[str, object] = {"__name__": "api_docs"}
    for number, block in enumerate(python_blocks(), start=1):
        exec(compile(block, f"docs/api.md, block {number}", "exec"), namespace)
    out = capsys.readouterr().out
    outputs.append(out)
    for expected in (
        "fail 1",
        "+15550100001 pass",
        "+15550100003 fail",
        "1 failing check(s)",
        "profile.enabled - ",
        "pass fail",
        "['+15550100003', '+15550100004']",
        "error: the API key was rejected",
        "True",
    ):
        assert expected in out
