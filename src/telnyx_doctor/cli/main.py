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

from telnyx_doctor.cli.exits import (
    EXIT_AUTH,
    EXIT_INCOMPLETE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    ReaderGone,
)


def subcommand_parsers() -> dict[str, argparse.ArgumentParser]:
    """Every subcommand's parser, for --help and the generated CLI reference."""
    import importlib

    from telnyx_doctor.cli.options import SUBCOMMANDS

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
        from telnyx_doctor.cli.options import SUBCOMMANDS  # argparse comes with it: not on the --version path

        if args_list and args_list[0] in SUBCOMMANDS:
            import importlib

            command = importlib.import_module(f"telnyx_doctor.cli.{args_list[0]}")
            handler: Callable[[list[str], Console], int] = command.run
            return handler(args_list[1:], console)
        from telnyx_doctor.cli import diagnose
        from telnyx_doctor.cli.targets import refuse_bare_words

        if args_list:  # `doctor fixx --profile-id …`: the command is mistyped, whatever flags follow
            refuse_bare_words(args_list[:1])
        return diagnose.run(args_list, console)
    except KeyboardInterrupt:
        console.error("interrupted")
        return EXIT_INTERRUPTED
    except SystemExit as exc:  # argparse: --help/--version exit 0, bad flags exit 2
        code = exc.code
        return code if isinstance(code, int) else EXIT_USAGE
    except ReaderGone as gone:  # the run finished; its verdict stands though nobody read all of it
        _silence_broken_pipe()
        return gone.code
    except BrokenPipeError:  # the reader left before any verdict was written
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


def build_parser() -> argparse.ArgumentParser:
    """The main parser (`doctor NUMBER...`), owned by the diagnose command."""
    from telnyx_doctor.cli.parser import build_parser as diagnose_parser

    return diagnose_parser()
