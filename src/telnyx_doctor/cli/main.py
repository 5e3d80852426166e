"""`doctor`: the main parser and the dispatch to a command; errors become one `error:` line and an exit code."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from telnyx_doctor._version import __version__
from telnyx_doctor.cli.console import Console, Streams

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

EXIT_OK, EXIT_UNHEALTHY, EXIT_USAGE, EXIT_INCOMPLETE, EXIT_AUTH, EXIT_INTERNAL = 0, 1, 2, 3, 4, 5
EXIT_INTERRUPTED = 130
SUBCOMMANDS = ("demo", "sandbox", "probe", "fix")

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

exit codes:
  0 healthy   1 unhealthy   2 usage error   3 incomplete (a check could not decide)
  4 authentication (key missing, invalid or forbidden)   5 internal error   130 interrupted

environment:
  TELNYX_API_KEY         the API v2 key (or --api-key-file)
  TELNYX_API_BASE_URL    the API base URL (default https://api.telnyx.com/v2)
  TELNYX_DOCTOR_PLUGINS  comma list of plugins to load besides the built-ins ("" = built-ins only)
  NO_COLOR               disable colour
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
    parser.add_argument("numbers", nargs="*", metavar="NUMBER", help="E.164 numbers, short codes or alpha:NAME")
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


def subcommand_parsers() -> dict[str, argparse.ArgumentParser]:
    """Every subcommand's parser, for --help and the generated CLI reference."""
    import importlib

    return {name: importlib.import_module(f"telnyx_doctor.cli.{name}").parser() for name in SUBCOMMANDS}


def main(argv: Sequence[str] | None = None, streams: Streams | None = None) -> int:
    """Entry point of `doctor`, `telnyx-doctor` and `python -m telnyx_doctor`."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    streams = streams or Streams(sys.stdout, sys.stderr)
    if args_list == ["--version"]:  # the fast path: nothing else imported
        streams.stdout.write(f"telnyx-doctor {__version__}\n")
        return EXIT_OK
    from telnyx_doctor.redact import Redactor

    console = Console(streams, Redactor([os.environ.get("TELNYX_API_KEY", "")]))
    verbose = "-v" in args_list or "--verbose" in args_list or any(a.startswith("-vv") for a in args_list)
    try:
        if args_list and args_list[0] in SUBCOMMANDS:
            import importlib

            command = importlib.import_module(f"telnyx_doctor.cli.{args_list[0]}")
            handler: Callable[[list[str], Console], int] = command.run
            return handler(args_list[1:], console)
        from telnyx_doctor.cli import diagnose

        return diagnose.run(args_list, console)
    except KeyboardInterrupt:
        console.error("interrupted")
        return EXIT_INTERRUPTED
    except SystemExit as exc:  # argparse: --help/--version exit 0, bad flags exit 2
        code = exc.code
        return code if isinstance(code, int) else EXIT_USAGE
    except BrokenPipeError:
        _silence_broken_pipe()
        return EXIT_OK
    except Exception as exc:
        return _report_exception(exc, console, verbose)


def _report_exception(exc: BaseException, console: Console, verbose: bool) -> int:
    from telnyx_doctor.errors import AuthenticationError, ConfigError, DoctorError, UsageError

    if isinstance(exc, UsageError | ConfigError):
        console.error(exc.message, exc.tip)
        return EXIT_USAGE
    if isinstance(exc, AuthenticationError):
        console.error(exc.message, exc.tip)
        return EXIT_AUTH
    if isinstance(exc, DoctorError):
        console.error(exc.message, exc.tip)
        return EXIT_INCOMPLETE
    if verbose:
        import traceback

        console.streams.stderr.write(console.redactor("".join(traceback.format_exception(exc))))
    console.error(
        f"internal error: {type(exc).__name__}: {exc}",
        "this is a bug in telnyx-doctor; run again with -v and report the traceback",
    )
    return EXIT_INTERNAL


def _silence_broken_pipe() -> None:
    # the reader went away (doctor … | head): stop quietly, as other CLI tools do
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


__all__ = ["Streams", "build_parser", "main", "subcommand_parsers"]
