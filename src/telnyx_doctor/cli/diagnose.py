"""`doctor NUMBER...`: flags and config → the library's diagnosis → the report → the exit code."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from telnyx_doctor._version import __version__
from telnyx_doctor.cli.exits import EXIT_INTERRUPTED, EXIT_OK

if TYPE_CHECKING:
    from collections.abc import Callable

    from telnyx_doctor.app.session import Doctor
    from telnyx_doctor.cli.console import Console
    from telnyx_doctor.config import Settings
    from telnyx_doctor.numbers import Target
    from telnyx_doctor.plugins import Registry

FLEET_THRESHOLD = 10  # as the library's: above it lists are read first, so the bar has two phases


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
        default="7d",
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


def run(argv: list[str], console: Console) -> int:
    """Parse, apply the config file, then list checks, replay a bundle or diagnose."""
    parser = build_parser()
    if {"--version", "-h", "--help"} & set(argv):
        parser.parse_args(argv)  # prints and exits before any config, plugin or model is imported
    settings = project_settings(argv)
    if settings is not None:
        parser.set_defaults(**settings.defaults())
    args = parser.parse_args(argv)
    args.waivers = tuple(settings.waivers) if settings is not None else ()
    registry = start(args, console)
    if args.list_checks:
        console.streams.stdout.write(list_checks_text(registry))
        return EXIT_OK
    if args.replay:
        from telnyx_doctor.app.replay import replay
        from telnyx_doctor.cli.output import write_report

        report = replay(args.replay, registry, only=args.only, skip=args.skip, fail_on=args.fail_on)
        write_report(args, report, console)
        return report.exit_code
    targets = collect_targets(args)
    return diagnose(args, targets, doctor_for(args, registry, console), console)


def collect_targets(args: argparse.Namespace) -> list[Target]:
    """Every positional number and --from-file line, parsed; any invalid one is a usage error."""
    from telnyx_doctor.app.session import parse_numbers
    from telnyx_doctor.errors import UsageError

    raw: list[str] = [*args.numbers, *(read_number_file(args.from_file) if args.from_file else [])]
    if not raw and not (args.profile or args.all):
        raise UsageError(
            "no number given",
            tip="doctor +15551234567 (or --from-file PATH, --profile ID, --all, doctor demo)",
        )
    return parse_numbers(raw)


def doctor_for(args: argparse.Namespace, registry: Registry, console: Console, **overrides: object) -> Doctor:
    """A library session from the parsed flags; the key (from --api-key-file or the environment) is redacted."""
    from telnyx_doctor.app.access import api_key_from, base_url_from
    from telnyx_doctor.app.session import Doctor

    if "api_key" not in overrides:
        key = api_key_from(key_file=getattr(args, "api_key_file", None))
        console.redactor.add(key)
        overrides["api_key"] = key
    if "base_url" not in overrides:
        overrides["base_url"] = base_url_from(getattr(args, "base_url", None), source="--base-url")
    settings: dict[str, object] = {
        "timeout": getattr(args, "timeout", 10.0),
        "ca_bundle": getattr(args, "ca_bundle", None),
        "probe": args.probe,
        "allow_private": getattr(args, "allow_private", False),
        "fail_on": getattr(args, "fail_on", "fail"),
        "concurrency": getattr(args, "concurrency", 16),
        "deadline": getattr(args, "deadline", None),
        "since": getattr(args, "since", "7d"),
        "evidence": getattr(args, "evidence", "on") == "on",
        "waivers": getattr(args, "waivers", ()),
        "registry": registry,
    }
    return Doctor(**{**settings, **overrides})  # type: ignore[arg-type]


def diagnose(
    args: argparse.Namespace,
    targets: list[Target],
    doctor: Doctor,
    console: Console,
    exit_code_override: Callable[[int], int] | None = None,
) -> int:
    """Run the diagnosis through the library, write the report (and a bundle with --record); the exit code."""
    import contextlib

    from telnyx_doctor.app.session import Interrupted
    from telnyx_doctor.cli.console import ProgressBar, progress_bar
    from telnyx_doctor.cli.output import STREAMED_FORMATS, report_partial, write_report, write_streamed

    profile, everything = getattr(args, "profile", None), getattr(args, "all", False)
    fleet_run = bool(profile or everything) or len(targets) > FLEET_THRESHOLD
    bar = progress_bar(console, 2 if fleet_run else len(targets), verbose=bool(args.verbose))
    record = getattr(args, "record", None)
    with doctor, bar if bar is not None else contextlib.nullcontext():
        try:
            diagnosis = doctor.run(
                targets,
                only=args.only,
                skip=args.skip,
                profile=profile,
                everything=everything,
                stream=args.format in STREAMED_FORMATS,
                record=bool(record),
                progress=ProgressBar(bar) if bar is not None else None,
            )
        except Interrupted as stop:
            report_partial(stop.diagnosis.report(), len(stop.diagnosis.state.finished), console)
            return EXIT_INTERRUPTED
    if diagnosis.streamed:
        header = diagnosis.header()
        write_streamed(args, header, diagnosis.state.finished, console)
        code = header.exit_code
    else:
        report = diagnosis.report()
        write_report(args, report, console)
        code = report.exit_code
        if record:
            from telnyx_doctor.report.bundle import write_bundle

            write_bundle(record, diagnosis.bundle())
            console.info(f"bundle written to {record}")
    return exit_code_override(code) if exit_code_override else code


def start(args: argparse.Namespace, console: Console) -> Registry:
    """What a command does once its flags are parsed: honour -q and -v, then load the plugins."""
    from telnyx_doctor.cli.console import configure_logging, load_plugins

    console.quiet = args.quiet
    configure_logging(args.verbose, console)
    return load_plugins(console)


def list_checks_text(registry: Registry) -> str:
    """`--list-checks`: id, title, severity and plugin of every check, in run order."""
    from telnyx_doctor.runner import order_checks

    rows = [(c.id, c.title, c.severity.value, c.plugin) for c in order_checks(registry.checks.values())]
    widths = [max(len(r[i]) for r in [("ID", "TITLE", "SEVERITY", "PLUGIN"), *rows]) for i in range(4)]
    lines = []
    for row in [("ID", "TITLE", "SEVERITY", "PLUGIN"), *rows]:
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    return "\n".join(lines) + "\n"


def read_number_file(path: str) -> list[str]:
    """Numbers one per line; blank lines and # comments ignored; '-' reads stdin."""
    from pathlib import Path

    from telnyx_doctor.errors import ConfigError

    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read --from-file {path!r}: {getattr(exc, 'strerror', None) or exc}") from None
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def project_settings(argv: list[str]) -> Settings | None:
    """The config file named by --config, else telnyx-doctor.toml or pyproject.toml here; --no-config: none."""
    from pathlib import Path

    from telnyx_doctor.config import find_config, load_settings

    if "--no-config" in argv:
        return None
    explicit = None
    for i, arg in enumerate(argv):
        if arg == "--config" and i + 1 < len(argv):
            explicit = argv[i + 1]
        elif arg.startswith("--config="):
            explicit = arg.split("=", 1)[1]
    path = Path(explicit) if explicit else find_config()
    return load_settings(path) if path is not None else None
