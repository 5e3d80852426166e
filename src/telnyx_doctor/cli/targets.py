"""What a diagnosis runs on: numbers typed, read from a file or CSV export, refused when mistyped or with --replay."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from telnyx_doctor.numbers import Target

# What a replay cannot honour: it reads its numbers and facts from the bundle, with no key and no network.
NOT_WITH_REPLAY = (
    "--from-file", "--profile", "--all", "--base-url", "--api-key-file", "--ca-bundle", "--timeout", "--record",
    "--probe", "--allow-private", "--deadline", "--concurrency",
)  # fmt: skip


def refuse_with_replay(args: argparse.Namespace, argv: list[str]) -> None:
    """Refuse what --replay would otherwise silently ignore (flags typed, not config defaults)."""
    from telnyx_doctor.errors import UsageError

    if args.numbers:
        raise UsageError(
            f"--replay takes its numbers from the bundle; {args.numbers[0]!r} cannot be added to it",
            tip="drop the numbers, or diagnose them in a run of their own",
        )
    for flag in NOT_WITH_REPLAY:
        if any(arg == flag or arg.startswith(f"{flag}=") for arg in argv):
            raise UsageError(
                f"{flag} cannot be used with --replay: a replay re-decides the bundle's facts offline",
                tip=f"drop {flag}; --only, --skip, --fail-on, --format and -o apply to a replay",
            )


def collect_targets(args: argparse.Namespace) -> list[Target]:
    """Every positional number and --from-file line, parsed; any invalid one is a usage error."""
    from telnyx_doctor.app.session import parse_numbers
    from telnyx_doctor.errors import UsageError

    refuse_bare_words(args.numbers)
    raw: list[str] = [*args.numbers, *(read_number_file(args.from_file) if args.from_file else [])]
    if not raw and not (args.profile or args.all):
        raise UsageError(
            "no number given",
            tip="doctor +15551234567 (or --from-file PATH, --profile ID, --all, doctor demo)",
        )
    return parse_numbers(raw)


def refuse_bare_words(words: list[str]) -> None:
    """A word that is no number is a mistyped command, not a sender ID: those are written alpha:NAME."""
    import difflib
    import re

    from telnyx_doctor.cli.options import SUBCOMMANDS
    from telnyx_doctor.errors import UsageError

    for word in words:
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9 _-]*", word.strip()):
            close = difflib.get_close_matches(word.strip(), SUBCOMMANDS, n=1, cutoff=0.6)
            hint = f"did you mean `doctor {close[0]}`?" if close else f"the commands are {', '.join(SUBCOMMANDS)}"
            raise UsageError(
                f"unknown command {word.strip()!r}", tip=f"{hint} (an alphanumeric sender ID is written alpha:NAME)"
            )


def read_number_file(path: str) -> list[str]:
    """Numbers one per line, or a CSV's `phone_number` column (else its first); # comments; '-' reads stdin.

    A UTF-8 BOM (as spreadsheet exports write) is dropped; an invalid number is named by file and line.
    """
    from pathlib import Path

    from telnyx_doctor.errors import ConfigError, DoctorError, UsageError
    from telnyx_doctor.numbers import parse_target

    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read --from-file {path!r}: {getattr(exc, 'strerror', None) or exc}") from None
    name = "<stdin>" if path == "-" else path
    numbers: list[str] = []
    for line_no, value in number_cells(text.removeprefix("\ufeff")):
        try:
            parse_target(value)
        except DoctorError as exc:
            raise UsageError(f"{name}:{line_no}: {exc.message}", tip=exc.tip) from None
        numbers.append(value)
    if not numbers:
        raise UsageError(f"--from-file {name} holds no number", tip="one number per line, or a CSV file")
    return numbers


def number_cells(text: str) -> list[tuple[int, str]]:
    """(line number, value) of each number in a list or a CSV export; a CSV header row is recognised."""
    import csv

    rows = [
        (i, line.split("#", 1)[0].strip())
        for i, line in enumerate(text.splitlines(), 1)
        if line.split("#", 1)[0].strip()
    ]
    if not rows or "," not in rows[0][1]:
        return rows
    column, cells = 0, []
    for index, (line_no, line) in enumerate(rows):
        row = [cell.strip() for cell in next(csv.reader([line]), [])]
        if index == 0:
            headers = [cell.casefold() for cell in row]
            if "phone_number" in headers:
                column = headers.index("phone_number")
                continue
            if row and not row[0].startswith(("+", "(", "alpha:")) and not row[0][:1].isdigit():
                continue  # a header naming its columns otherwise: the numbers are in the first
        if column < len(row) and row[column]:
            cells.append((line_no, row[column]))
    return cells
