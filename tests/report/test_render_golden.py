"""A screenshot of the demo's text report (width 100, no colour), compared with the committed golden file.

Regenerate after an intended change with `UPDATE_GOLDEN=1 pytest tests/report/test_render_golden.py`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from conftest import RunCli
from telnyx_doctor.models import Report
from telnyx_doctor.report import text
from telnyx_doctor.report.text import TextOptions

GOLDEN = Path(__file__).parent / "golden" / "demo.txt"

# What changes from run to run: the sandbox's port and CA name, and how long a probe took.
_VOLATILE = [
    (re.compile(r"localhost:\d+"), "localhost:PORT"),
    (re.compile(r"127\.0\.0\.1:\d+"), "127.0.0.1:PORT"),
    (re.compile(r"Testing CA #[\w-]+"), "Testing CA #ID"),
    (re.compile(r"\b\d+ ms\b"), "N ms"),
]


def _normalised(report_text: str) -> str:
    for pattern, stand_in in _VOLATILE:
        report_text = pattern.sub(stand_in, report_text)
    return report_text


def test_the_demo_report_looks_as_designed(run_cli: RunCli) -> None:
    """The demo's text report at width 100 without colour matches the golden screenshot, line for line."""
    result = run_cli("demo", "--format", "json")
    report = Report.model_validate_json(result.out)
    shown = _normalised(text.render(report, TextOptions(width=100, color=False)))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(shown, encoding="utf-8")
    assert shown == GOLDEN.read_text(encoding="utf-8")
    assert len(shown.splitlines()) <= 100  # a screen or two
