"""`--send-test TO`: its flags, the confirmation a real (paid) message needs, and its progress line."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from telnyx_doctor.cli.console import Console
    from telnyx_doctor.evidence.sendtest_models import SendTest
    from telnyx_doctor.numbers import Target


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The send test's flags."""
    from telnyx_doctor.cli.options import positive_float

    group = parser.add_argument_group("send test (sends one real message: it costs money)")
    group.add_argument(
        "--send-test",
        metavar="TO",
        help="send one test message from the number to TO (+E.164) and follow it to its final state",
    )
    group.add_argument(
        "--send-test-text", metavar="TEXT", help="the message text (the doctor's run id is appended to it)"
    )
    group.add_argument(
        "--send-timeout",
        type=positive_float,
        default=60.0,
        metavar="SECONDS",
        help="how long to follow the message to a final status (default: 60)",
    )
    group.add_argument("--yes", action="store_true", help="send without asking (needed without a terminal)")
    group.add_argument(
        "--force", action="store_true", help="send even when a check shows Telnyx would refuse the message"
    )


def request_for(args: argparse.Namespace, targets: list[Target], console: Console) -> SendTest | None:
    """The confirmed send test, or None when none was asked for; UsageError when it is not confirmed."""
    from dataclasses import replace

    from telnyx_doctor.app.sendtest import as_request, check_targets
    from telnyx_doctor.errors import UsageError
    from telnyx_doctor.evidence.privacy import mask_number
    from telnyx_doctor.evidence.sendtest_models import SendTest

    to = getattr(args, "send_test", None)
    if to is None:
        return None
    if getattr(args, "replay", None):
        raise UsageError("--send-test cannot be replayed from a bundle", tip="drop --send-test or --replay")
    request = as_request(SendTest(to=to, text=args.send_test_text, timeout=args.send_timeout, force=args.force))
    assert request is not None  # a destination was given
    check_targets(targets, request, bool(getattr(args, "profile", None) or getattr(args, "all", False)))
    sender = targets[0].value
    if not args.yes:
        question = f"Send one real test message from {sender} to {mask_number(request.to)}? It costs one message."
        if not (sys.stdin and sys.stdin.isatty()):
            raise UsageError(
                "--send-test sends a real message, which costs money; nothing was sent",
                tip="confirm with --yes (standard input is not a terminal, so the doctor cannot ask)",
            )
        console.streams.stderr.write(f"{question} [y/N] ")
        console.streams.stderr.flush()
        if sys.stdin.readline().strip().lower() not in ("y", "yes"):
            raise UsageError("the test message was not confirmed; nothing was sent")
    return replace(request, progress=progress_line(console))


def progress_line(console: Console) -> Callable[[str], None] | None:
    """Each status of the message as a line on stderr, on a terminal (and not under -q)."""
    stream = console.streams.stderr
    if console.quiet or not (hasattr(stream, "isatty") and stream.isatty()):
        return None

    def say(line: str) -> None:
        console.info(line)

    return say
