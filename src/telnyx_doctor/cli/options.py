"""Flags shared by several commands, and the argparse types that check their values."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from telnyx_doctor.sandbox import Scenario

SUBCOMMANDS = ("demo", "sandbox", "probe", "fix", "explain", "completion")  # the commands besides `doctor NUMBER...`
FORMATS = ("text", "json", "junit", "markdown", "github")
DEFAULT_BASE_URL = "https://api.telnyx.com/v2"


def new_parser(prog: str, description: str, epilog: str | None = None) -> argparse.ArgumentParser:
    """A parser with the doctor's rules: no abbreviations, parse errors raised as UsageError."""
    from telnyx_doctor.cli.argparser import DoctorArgumentParser

    return DoctorArgumentParser(
        prog=prog, description=description, epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter
    )


def add_api_arguments(parser: argparse.ArgumentParser) -> None:
    """--api-key-file, --base-url, --timeout, --ca-bundle."""
    api = parser.add_argument_group("Telnyx API")
    api.add_argument("--api-key-file", metavar="PATH", help="read the API key from this file")
    api.add_argument("--base-url", metavar="URL", help=f"API base URL (default: {DEFAULT_BASE_URL})")
    api.add_argument(
        "--timeout",
        type=positive_float,
        default=10.0,
        metavar="SECONDS",
        help="per-request timeout for API calls and probes (default: 10)",
    )
    api.add_argument("--ca-bundle", metavar="PATH", help="extra CA certificates (PEM) to trust")


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """--format, -o, --color, --compact, -v, -q."""
    out = parser.add_argument_group("output")
    out.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    out.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        type=output_path,
        help="write the report to PATH instead of stdout ('-': stdout)",
    )
    out.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour in text output (default: auto: a terminal, unless NO_COLOR is set or TERM=dumb)",
    )
    out.add_argument(
        "--compact",
        action="store_true",
        help="one line per number with its worst finding (text); unhealthy numbers' findings only (markdown)",
    )
    out.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="every check with its details and evidence; log API calls and probes to stderr",
    )
    out.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="only unhealthy numbers and the summary line; no progress or warnings on stderr",
    )


def add_probe_arguments(parser: argparse.ArgumentParser) -> None:
    """--probe and --allow-private."""
    probe = parser.add_argument_group("webhook probe")
    probe.add_argument(
        "--probe",
        choices=("post", "head", "off"),
        default="post",
        help="how to probe webhooks: a signed POST (default), HEAD only, or not at all",
    )
    probe.add_argument(
        "--allow-private",
        action="store_true",
        help="let loopback/private webhook hosts pass (sandbox, internal endpoints)",
    )


def add_scenario_argument(parser: argparse._ActionsContainer) -> None:
    """--scenario FILE|NAME, read the same way by `doctor demo` and `doctor sandbox` (see `scenario_from`)."""
    parser.add_argument(
        "--scenario",
        metavar="FILE|NAME",
        help="a scenario file, or a built-in scenario by name: demo (the default), faults",
    )


def scenario_from(args: argparse.Namespace) -> Scenario:
    """The scenario --scenario names: a file path, else a built-in name; the built-in demo without it."""
    from telnyx_doctor.sandbox import resolve_scenario

    return resolve_scenario(getattr(args, "scenario", None))


def positive_float(text: str) -> float:
    """A finite number above 0."""
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be greater than 0")
    return value


def positive_int(text: str) -> int:
    """A whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def split(values: list[str]) -> list[str]:
    """Comma-separated ids from repeated flags, as one list."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def check_writable(flag: str, path: str) -> None:
    """Fail before the run, not after it, when `path` cannot be written (-o, --record); a UsageError."""
    import os
    from pathlib import Path

    from telnyx_doctor.errors import UsageError

    target = Path(path)
    if target.is_dir():
        raise UsageError(f"{flag} {path!r} is a directory", tip="name a file to write")
    if target.exists() and not target.is_file():
        return  # a device or a pipe (/dev/stdout): opening it here could block or consume it
    existed = target.exists()
    try:
        with open(target, "a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise UsageError(f"{flag} {path!r} cannot be written: {exc.strerror or exc}") from None
    if not existed:
        os.unlink(target)  # made only to test: a failed run leaves no empty file behind


def output_path(value: str) -> str | None:
    """-o PATH; '-' is stdout, as for --from-file's stdin, never a file named '-'."""
    return None if value == "-" else value
