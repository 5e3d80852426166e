"""The docs made from the code must match the code: a test fails when the committed files drift."""

from __future__ import annotations

from pathlib import Path

from telnyx_doctor.docsgen import generated_files

DOCS = Path(__file__).parents[2] / "docs"


def test_generated_docs_are_committed_and_current() -> None:
    """Every generated page (checks, CLI reference, JSON schema) equals what `make docs` would write."""
    stale = []
    for rel, content in generated_files().items():
        path = DOCS / rel
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            stale.append(rel)
    assert not stale, f"run `make docs`: these files are out of date: {stale}"


def test_no_orphan_check_pages() -> None:
    """Every page in docs/checks belongs to a check that exists."""
    generated = {rel for rel in generated_files() if rel.startswith("checks/")}
    on_disk = {f"checks/{p.name}" for p in (DOCS / "checks").glob("*.md")}
    assert on_disk <= generated
