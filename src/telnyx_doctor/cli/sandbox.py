"""`doctor sandbox`: serve the local Telnyx API sandbox until interrupted."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from telnyx_doctor.cli.exits import EXIT_OK

if TYPE_CHECKING:
    from telnyx_doctor.cli.console import Console


def parser() -> argparse.ArgumentParser:
    """`doctor sandbox`."""
    from telnyx_doctor.cli.options import add_scenario_argument, new_parser, positive_int

    parser = new_parser(
        "doctor sandbox",
        "Serve the local Telnyx API sandbox on loopback until interrupted, and print its base URL and key.",
    )
    source = parser.add_mutually_exclusive_group()
    add_scenario_argument(source)
    source.add_argument("--synthetic", type=positive_int, metavar="N", help="a generated account of N numbers")
    parser.add_argument("--port", type=int, default=0, metavar="N", help="port to listen on (default: a free one)")
    parser.add_argument("--latency", type=float, metavar="SECONDS", help="delay every API answer")
    parser.add_argument("--rate-limit", type=float, metavar="RPS", help="answer 429 above this many requests/s")
    return parser


def run(argv: list[str], console: Console) -> int:
    """Serve the sandbox until Ctrl-C."""
    from telnyx_doctor.cli.options import scenario_from
    from telnyx_doctor.report.terminal import plural
    from telnyx_doctor.sandbox import SandboxInfo, banner_lines, serve_forever

    args = parser().parse_args(argv)
    if not 0 <= args.port <= 65535:
        from telnyx_doctor.errors import UsageError

        raise UsageError(f"--port {args.port} is not a port number")

    def announce(info: SandboxInfo) -> None:
        out = console.streams.stdout
        out.write(f"sandbox serving at {info.base_url} ({plural(len(info.numbers), 'number')})\n")
        for line in banner_lines(info):
            out.write(line + "\n")
        out.write(f"# its webhook endpoints need: --ca-bundle {info.ca_file} --allow-private\n")
        out.write("# press Ctrl-C to stop\n")
        out.flush()

    try:
        with sigterm_as_interrupt():
            serve_forever(
                scenario=None if args.synthetic is not None else scenario_from(args),
                synthetic=args.synthetic,
                port=args.port,
                latency=args.latency,
                rate_limit=args.rate_limit,
                on_ready=announce,
            )
    except KeyboardInterrupt:  # Ctrl-C (or SIGTERM) is how a server is meant to stop: not an error
        console.info("sandbox stopped")
    return EXIT_OK


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM stops the command as Ctrl-C does, so the sandbox's temporary files are removed.

    Python's default for SIGTERM ends the process at once, skipping every `finally` and `with` exit.
    """
    import signal
    import threading
    from types import FrameType

    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
