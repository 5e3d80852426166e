"""The docs made from the code must match the code: a test fails when the committed files drift."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

import pytest

from telnyx_doctor import docsgen
from telnyx_doctor.checkapi import Check, StateDoc
from telnyx_doctor.docsgen import CHECKS_NAV, checks_nav, expand_nav, generated_files, states_section
from telnyx_doctor.plugins import load_registry

REPO = Path(__file__).parents[2]
DOCS = REPO / "docs"


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


def _builtin_checks() -> list[Check]:
    registry = load_registry(environ={"TELNYX_DOCTOR_PLUGINS": ""})
    return [c for c in registry.checks.values() if c.plugin == "builtin"]


def test_check_pages_show_their_states_table() -> None:
    """A check with documented states gets a States table with one row per state, its verdict and meaning."""
    with_states = [c for c in _builtin_checks() if c.states]
    assert with_states
    for c in with_states:
        page = (DOCS / "checks" / f"{c.id}.md").read_text(encoding="utf-8")
        assert "## States" in page
        for state in c.states:
            assert f"| {state.value} | {state.verdict} | " in page, (c.id, state.value)


def test_states_section_escapes_cells_and_explains_the_verdicts_it_uses() -> None:
    """A pipe stays inside its cell, and the legend lists exactly the verdicts the table uses."""
    lines = states_section((StateDoc("`A|B`", "fail (pending)", "wait"), StateDoc("other", "pass", "fine")))
    assert "| `A\\|B` | fail (pending) | wait |" in lines
    legend = [line for line in lines if line.startswith("- **")]
    assert [line.split("**")[1] for line in legend] == ["pass", "fail (pending)"]


def test_checks_nav_lists_the_index_then_every_check_page() -> None:
    """The site's Checks section holds the index first, then each generated check page once."""
    nav = checks_nav(DOCS)
    assert nav[0] == "checks/README.md"
    pages = [next(iter(item.values())) for item in nav[1:]]
    assert sorted(pages) == sorted(
        rel for rel in generated_files() if rel.startswith("checks/") and "README" not in rel
    )
    areas = [page.removeprefix("checks/").split(".")[0] for page in pages]
    assert areas == sorted(areas, key=areas.index), "pages of one area are listed together"


def test_expand_nav_replaces_only_the_checks_entry() -> None:
    """`checks/` becomes the pages of docs/checks wherever it sits; other entries are left alone."""
    nav = [{"Home": "index.md"}, {"Checks": CHECKS_NAV}, {"More": [{"CLI": "cli.md"}]}]
    assert expand_nav(nav, DOCS) == [{"Home": "index.md"}, {"Checks": checks_nav(DOCS)}, {"More": [{"CLI": "cli.md"}]}]


def test_expand_nav_leaves_out_optional_pages_only_while_they_are_missing() -> None:
    """An optional page that is not written yet drops out of the nav, with its section if it empties; others stay."""
    nav = [{"Home": "index.md"}, {"Later": "not-yet.md"}, {"More": [{"Soon": "not-yet.md"}]}, "missing.md"]
    optional = {"not-yet.md", "index.md"}
    assert expand_nav(nav, DOCS, optional) == [{"Home": "index.md"}, "missing.md"]


def test_mkdocs_config_uses_the_hook_and_names_only_pages_that_exist() -> None:
    """mkdocs.yml loads docsgen as its hook, and every nav page it lists exists, but for declared optional ones."""
    yaml = pytest.importorskip("yaml")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert [(REPO / hook).resolve() for hook in config["hooks"]] == [Path(docsgen.__file__).resolve()]
    optional = set(config["extra"]["optional_pages"])
    missing = {page for page in _leaves(expand_nav(config["nav"], DOCS)) if not (DOCS / page).is_file()}
    assert missing <= optional, f"mkdocs.yml names pages that do not exist: {sorted(missing - optional)}"
    assert optional <= set(_leaves(config["nav"])), "an optional page is not in the nav"


def _leaves(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    items = nav.values() if isinstance(nav, dict) else nav
    return [page for item in items for page in _leaves(item)]


def test_sandbox_page_names_every_endpoint_fault_kind_and_admin_route() -> None:
    """docs/sandbox.md keeps up with the sandbox: its webhook endpoints, fault kinds and admin routes."""
    from telnyx_doctor.sandbox.admin import PREFIX, create_admin_app
    from telnyx_doctor.sandbox.faults import FaultKind
    from telnyx_doctor.sandbox.state import SandboxState
    from telnyx_doctor.sandbox.webhook_urls import ENDPOINTS

    page = (DOCS / "sandbox.md").read_text(encoding="utf-8")
    routes = [route.path for route in create_admin_app(SandboxState()).routes]  # type: ignore[attr-defined]
    named = [*(f"| `{name}` |" for name in ENDPOINTS), *(f"`{kind}`" for kind in get_args(FaultKind)), *routes]
    assert all(route.startswith(PREFIX) for route in routes)
    assert [name for name in named if name not in page] == []


@pytest.mark.parametrize("page", ["README.md", "docs/index.md", "docs/sandbox.md"])
def test_pages_that_set_environment_variables_show_the_powershell_way_too(page: str) -> None:
    """Where a page exports TELNYX_ variables in sh, a powershell block sets them with $env: as well."""
    text = (REPO / page).read_text(encoding="utf-8")
    assert "export TELNYX_" in text
    powershell = [block.split("```", 1)[0] for block in text.split("```powershell\n")[1:]]
    assert any("$env:TELNYX_API_KEY = " in block for block in powershell)


def test_readme_documents_completion_install_lines_for_every_shell() -> None:
    """The README shows how to install the completion script for bash, zsh and fish."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    for shell in ("bash", "zsh", "fish"):
        assert f"doctor completion {shell} > " in text
