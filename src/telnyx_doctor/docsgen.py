"""Generate the docs that must not drift from the code: one page per check, the CLI reference, the JSON schema.

Run `python -m telnyx_doctor.docsgen docs` (or `make docs`); a test fails when the committed files differ.
mkdocs.yml also loads this module as a hook: `on_config` lists the check pages in the site's nav.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Collection
from pathlib import Path
from typing import Any

from telnyx_doctor.checkapi import Check
from telnyx_doctor.report.checkpages import GENERATED, VERDICTS, check_page, states_section

__all__ = ["GENERATED", "VERDICTS", "check_page", "states_section"]


def generated_files() -> dict[str, str]:
    """Relative path → content of every generated docs file."""
    from telnyx_doctor.plugins import load_registry
    from telnyx_doctor.runner import order_checks

    registry = load_registry(environ={"TELNYX_DOCTOR_PLUGINS": ""})
    checks = [c for c in order_checks(registry.checks.values()) if c.plugin == "builtin"]
    files = {f"checks/{c.id}.md": check_page(c, registry.facts) for c in checks}
    files["checks/README.md"] = checks_index(checks)
    files["cli.md"] = cli_page()
    files["report.schema.json"] = report_schema()
    files.update(catalogue_pages())
    return files


# --- Catalogue pages: the error-code catalogue and the recognised webhook answers, each rendered by its module.
def catalogue_pages() -> dict[str, str]:
    """docs/codes.md and docs/webhook-answers.md, from the two data catalogues (the marker is added here)."""
    from telnyx_doctor.evidence import codes
    from telnyx_doctor.probe import answers as probe_answers

    pages = {"codes.md": codes.docs_page(), "webhook-answers.md": probe_answers.docs_page()}
    return {name: f"{GENERATED}\n{page}" for name, page in pages.items()}


# --- End of catalogue pages.


def checks_index(checks: list[Check]) -> str:
    """The table of every built-in check, in run order."""
    rows = [
        f"| [`{c.id}`]({c.id}.md) | {c.title} | {c.severity.value} | {', '.join(c.requires) or '–'} |" for c in checks
    ]
    return "\n".join(
        [
            GENERATED,
            "# Built-in checks",
            "",
            "Ids are stable: they are a contract with the CI gates that read the report.",
            "",
            "| id | title | severity | requires |",
            "|---|---|---|---|",
            *rows,
            "",
        ]
    )


def cli_page() -> str:
    """The CLI reference, from the parsers' own help."""
    from telnyx_doctor.cli.main import build_parser, subcommand_parsers

    sections = [
        GENERATED,
        "# Command-line reference",
        "",
        "## `doctor`",
        "",
        "```text",
        _help(build_parser()),
        "```",
    ]
    for name, parser in subcommand_parsers().items():
        sections += ["", f"## `doctor {name}`", "", "```text", _help(parser), "```"]
    return "\n".join(sections) + "\n"


def _help(parser: object) -> str:
    import os

    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"  # stable wrapping whatever the terminal
    try:
        text: str = parser.format_help()  # type: ignore[attr-defined]
    finally:
        if saved is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = saved
    return text.rstrip()


def report_schema() -> str:
    """The JSON Schema of the report, generated from the pydantic model."""
    from telnyx_doctor.report.json import json_schema

    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


CHECKS_NAV = "checks/"
_LINK = re.compile(r"\]\(([^)/]+\.md)\)")


def on_config(config: Any) -> Any:
    """MkDocs hook: expand the nav entry `checks/` (see checks_nav); leave out optional pages not written yet."""
    docs_dir = Path(config["docs_dir"])
    optional = frozenset((config["extra"] or {}).get("optional_pages") or ())
    for page in sorted(optional):
        if not (docs_dir / page).is_file():
            logging.getLogger("mkdocs.plugins.docsgen").info("nav: %s is not written yet; left out", page)
    config["nav"] = expand_nav(config["nav"], docs_dir, optional)
    return config


def expand_nav(nav: Any, docs_dir: Path, optional: Collection[str] = ()) -> Any:
    """`nav` with every `checks/` entry replaced by the pages of docs/checks, and absent `optional` pages dropped."""
    if nav == CHECKS_NAV:
        return checks_nav(docs_dir)
    if isinstance(nav, list):
        expanded = (expand_nav(item, docs_dir, optional) for item in nav)
        return [item for item in expanded if item is not None] or None
    if isinstance(nav, dict):
        entries = {title: expand_nav(item, docs_dir, optional) for title, item in nav.items()}
        return {title: item for title, item in entries.items() if item is not None} or None
    if isinstance(nav, str) and nav in optional and not (docs_dir / nav).is_file():
        return None
    return nav


def checks_nav(docs_dir: Path) -> list[Any]:
    """The index, then every check page grouped by area, each group in the order the index lists them (run order)."""
    folder = docs_dir / "checks"
    pages = sorted(path.name for path in folder.glob("*.md") if path.name != "README.md")
    listed = [name for name in dict.fromkeys(_LINK.findall((folder / "README.md").read_text("utf-8"))) if name in pages]
    ordered = listed + [name for name in pages if name not in listed]
    areas = list(dict.fromkeys(name.split(".", 1)[0] for name in ordered))
    ordered.sort(key=lambda name: areas.index(name.split(".", 1)[0]))  # stable: run order within an area
    return ["checks/README.md", *({name.removesuffix(".md"): f"checks/{name}"} for name in ordered)]


def write(root: Path) -> list[Path]:
    """Write every generated file under `root`; return the ones that changed."""
    changed = []
    for rel, content in generated_files().items():
        path = root / rel
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            changed.append(path)
    return changed


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    for path in write(target):
        print(f"wrote {path}")
