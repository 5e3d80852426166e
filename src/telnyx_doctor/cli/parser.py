"""The parser of `doctor NUMBER...`: its targets, output, selection, probe, evidence and run flags."""

from __future__ import annotations

import argparse

from telnyx_doctor._version import __version__
from telnyx_doctor.evidence.window import DEFAULT_SINCE

DESCRIPTION = """\
Diagnose why a Telnyx phone number can't send or receive SMS/MMS, and say how to fix each thing.

Checks the number on the account, its messaging settings, its messaging profile, the profile's webhook
(probed the way Telnyx delivers), and its registration (10DLC, toll-free verification, short code,
alphanumeric sender ID). Read-only: it changes nothing on the account (see `doctor fix`).
"""

EPILOG = """\
commands:
  doctor demo                run the diagnosis against the built-in sandbox account
  doctor sandbox             serve the local Telnyx API sandbox for trials and runbooks
  doctor probe URL           probe one webhook URL the way Telnyx delivers to it
  doctor fix NUMBER          plan and apply the safe fixes (assign a number to a profile)
  doctor explain CHECK_ID    a check's page (why it matters, states, fix), offline
  doctor completion SHELL    a completion script for bash, zsh or fish

exit codes:
  0 healthy   1 unhealthy   2 usage error   3 incomplete (a check could not decide)
  4 authentication (key missing, invalid or forbidden)   5 internal error   130 interrupted

environment:
  TELNYX_API_KEY         the API v2 key (or --api-key-file)
  TELNYX_API_BASE_URL    the API base URL (default https://api.telnyx.com/v2)
  TELNYX_DOCTOR_PLUGINS  comma list of plugins to load besides the built-ins ("" = built-ins only)
  NO_COLOR               disable colour (as does TERM=dumb, which also hides the progress bar)
  COLUMNS                the text report's width (default: the terminal's)
"""


def build_parser() -> argparse.ArgumentParser:
    """The main parser (`doctor NUMBER...`)."""
    from telnyx_doctor.cli.options import (
        add_api_arguments,
        add_output_arguments,
        add_probe_arguments,
        new_parser,
        positive_float,
        positive_int,
    )

    parser = new_parser("doctor", DESCRIPTION, EPILOG)
    parser.add_argument(
        "numbers", nargs="*", metavar="NUMBER", help="E.164 numbers (+15551234567), short codes or alpha:NAME"
    )
    parser.add_argument("--version", action="version", version=f"telnyx-doctor {__version__}")
    targets = parser.add_argument_group("targets")
    targets.add_argument("--from-file", metavar="PATH", help="numbers one per line ('-' for stdin; # comments)")
    targets.add_argument("--profile", metavar="ID", help="every number on this messaging profile")
    targets.add_argument("--all", action="store_true", help="every messaging number on the account")
    add_api_arguments(parser)
    add_output_arguments(parser)
    selection = parser.add_argument_group("check selection")
    selection.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="IDS",
        help="run only these checks (ids or globs, comma separated) and what they require",
    )
    selection.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="IDS",
        help="skip these checks (ids or globs) and the checks that require them",
    )
    selection.add_argument("--list-checks", action="store_true", help="list every check and exit")
    selection.add_argument(
        "--fail-on",
        choices=("fail", "warn", "never"),
        default="fail",
        help="which findings make the exit code 1 (default: fail)",
    )
    add_probe_arguments(parser)
    from telnyx_doctor.cli import sendtest

    sendtest.add_arguments(parser)
    add_evidence_arguments(parser)
    run = parser.add_argument_group("run")
    run.add_argument(
        "--deadline",
        type=positive_float,
        metavar="SECONDS",
        help="bound on the whole run; unfinished checks are reported as errors",
    )
    run.add_argument(
        "--concurrency",
        type=positive_int,
        default=16,
        metavar="N",
        help="numbers diagnosed at once (default: 16)",
    )
    run.add_argument("--config", metavar="PATH", help="config file (default: ./telnyx-doctor.toml or pyproject.toml)")
    run.add_argument("--no-config", action="store_true", help="ignore config files")
    run.add_argument("--record", metavar="PATH", help="save every fact the run used to a bundle (redacted)")
    run.add_argument("--replay", metavar="PATH", help="re-evaluate a bundle offline: no key, no network")
    return parser


def add_evidence_arguments(parser: argparse.ArgumentParser) -> None:
    """--since and --evidence."""
    evidence = parser.add_argument_group("evidence (what Telnyx recorded)")
    evidence.add_argument(
        "--since",
        type=duration,
        default=DEFAULT_SINCE,
        metavar="DURATION",
        help="window of message records and webhook deliveries read, e.g. 24h or 7d (default: 7d)",
    )
    evidence.add_argument(
        "--evidence",
        choices=("on", "off"),
        default="on",
        help="read message records and webhook deliveries (default: on)",
    )


def duration(text: str) -> str:
    """A window such as 24h or 7d."""
    from telnyx_doctor.evidence.window import parse_duration

    try:
        parse_duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text.strip()
