"""`doctor explain CHECK_ID`: a check's page (cause, evidence, states, fix) offline, from the check's own metadata."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

from telnyx_doctor.cli.exits import EXIT_OK

if TYPE_CHECKING:
    from telnyx_doctor.cli.console import Console

# `[`profile.assigned`](profile.assigned.md)` on a docs page reads as `profile.assigned` in a terminal.
_PAGE_LINK = re.compile(r"\[(`[^`\]]+`)\]\([^)\s]+\.md\)")


def parser() -> argparse.ArgumentParser:
    """`doctor explain CHECK_ID`."""
    from telnyx_doctor.cli.options import new_parser

    parser = new_parser(
        "doctor explain",
        "Print a check's page offline: why it matters, what it reads, every state it knows and its verdict,\n"
        "and how to fix it. The same text as the check's page in the docs (docs/checks/CHECK_ID.md).\n"
        "`doctor --list-checks` lists the ids.",
    )
    parser.add_argument("check_id", metavar="CHECK_ID", help="a check id, e.g. profile.assigned")
    return parser


def run(argv: list[str], console: Console) -> int:
    """Find the check (built-in or from a plugin) and print its page; an unknown id is a usage error."""
    from telnyx_doctor.cli.console import load_plugins

    args = parser().parse_args(argv)
    registry = load_plugins(console)
    check = registry.checks.get(args.check_id)
    if check is None:
        raise _unknown(args.check_id, list(registry.checks))
    from telnyx_doctor.report.checkpages import GENERATED, check_page

    page = check_page(check, registry.facts).replace(GENERATED + "\n", "", 1)
    from telnyx_doctor.report.terminal import can_encode_marks, to_ascii

    page = _PAGE_LINK.sub(r"\1", page)
    console.streams.stdout.write(page if can_encode_marks(console.streams.stdout) else to_ascii(page))
    return EXIT_OK


def _unknown(check_id: str, known: list[str]) -> Exception:
    import difflib

    from telnyx_doctor.errors import UsageError

    close = difflib.get_close_matches(check_id, known, n=3, cutoff=0.6)
    # A bare area (`webhook`) or a check name without its area (`reachable`) is a near miss too.
    close += [k for k in known if check_id in k.split(".") and k not in close][:3]
    hint = f"did you mean {' or '.join(close[:3])}? " if close else ""
    return UsageError(f"no check named {check_id!r}", tip=f"{hint}`doctor --list-checks` lists every check id")
