"""The doctor's ArgumentParser: no prefix abbreviations, and every parse error raised as one UsageError."""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from telnyx_doctor.errors import UsageError

# Flags people reach for to pass the key itself; none exists, and their value must never be echoed back.
KEY_FLAGS = ("--api-key", "--api_key", "--key", "--token")


class DoctorArgumentParser(argparse.ArgumentParser):
    """argparse without abbreviations (so `--api-key KEY` is never read as `--api-key-file KEY`).

    A parse error raises UsageError instead of printing usage and exiting, so the CLI writes it as one
    `error:` line (redacted, to its own streams) with a tip, per the exit-code contract.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def parse_known_args(  # type: ignore[override]  # typeshed overloads it; this is its plain form
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        """Refuse a key on the command line before argparse can echo it in an error."""
        for arg in sys.argv[1:] if args is None else args:
            if arg in KEY_FLAGS or arg.startswith(tuple(f"{flag}=" for flag in KEY_FLAGS)):
                flag = arg.split("=", 1)[0]
                raise UsageError(
                    f"there is no {flag} flag: a key on the command line is visible to other users of this machine",
                    tip="export TELNYX_API_KEY=… or pass --api-key-file PATH",
                )
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        """Raise the parse error for the CLI to report, with a did-you-mean when a close match exists."""
        raise UsageError(message, tip=self.suggestion(message) or f"`{self.prog} --help` lists every flag")

    def suggestion(self, message: str) -> str | None:
        """`did you mean …?` for a mistyped flag or choice, from the parser's own flags and choices."""
        unknown = re.match(r"unrecognized arguments: (-\S+)", message)
        if unknown:
            flag = unknown.group(1).split("=", 1)[0]
            flags = [option for option in self._option_string_actions if option.startswith("--")]
            return did_you_mean(flag, flags)
        choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if choice:
            return did_you_mean(choice.group(1), re.findall(r"'([^']*)'", choice.group(2)))
        return None


def did_you_mean(word: str, candidates: Sequence[str]) -> str | None:
    """`did you mean 'x'?` when one candidate is close to `word`."""
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None
