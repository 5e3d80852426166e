"""`doctor NUMBER...`: flags and config → the library's diagnosis → the report → the exit code."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from telnyx_doctor._version import __version__
from telnyx_doctor.cli.exits import EXIT_INTERRUPTED, EXIT_OK, keeping_exit_code

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from telnyx_doctor.app.session import Doctor
    from telnyx_doctor.cli.console import Console
    from telnyx_doctor.config import Settings
    from telnyx_doctor.models import Report
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
    from telnyx_doctor.cli.options import check_writable

    parser = build_parser()
    if {"--version", "-h", "--help"} & set(argv):
        parser.parse_args(argv)  # prints and exits before any config, plugin or model is imported
    if "--list-checks" in argv:  # the listing reads no config file, key or account
        return list_checks(parser.parse_args(argv), console)
    config_path, settings = project_settings(argv)
    if settings is not None:
        parser.set_defaults(**settings.defaults())
    args = parser.parse_args(argv)
    args.waivers = tuple(settings.waivers) if settings is not None else ()
    args.config_used = str(config_path) if config_path is not None else None
    args.skip_reasons = settings.skip_reasons(config_path.name) if settings and config_path else {}
    registry = start(args, console)
    if args.config_used and args.verbose:
        console.info(f"config: {args.config_used}")
    if args.replay:
        refuse_with_replay(args, argv)
    for flag, path in (("--output", args.output), ("--record", args.record)):
        if path:
            check_writable(flag, path)
    if args.replay:
        from telnyx_doctor.app.replay import replay
        from telnyx_doctor.cli.output import write_report

        report = with_config(args, replay(args.replay, registry, only=args.only, skip=args.skip, fail_on=args.fail_on))
        with keeping_exit_code(report.exit_code):
            write_report(args, report, console)
        return report.exit_code
    targets = collect_targets(args)
    for target in targets:
        if target.assumed:
            console.warn(target.assumed)
    from telnyx_doctor.cli.sendtest import request_for

    args.send_test_request = request_for(args, targets, console)  # asked before anything runs
    return diagnose(args, targets, doctor_for(args, registry, console), console)


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
                f"unknown command {word.strip()!r}", tip=f"{hint}; an alphanumeric sender ID is written alpha:NAME"
            )


def doctor_for(args: argparse.Namespace, registry: Registry, console: Console, **overrides: object) -> Doctor:
    """A library session from the parsed flags; the key (from --api-key-file or the environment) is redacted."""
    from telnyx_doctor.app.access import api_key_from, base_url_from, key_file_warning
    from telnyx_doctor.app.session import Doctor

    if "api_key" not in overrides:
        key_file = getattr(args, "api_key_file", None)
        key = api_key_from(key_file=key_file)
        warning = key_file_warning(key_file) if key_file else None
        if warning:
            console.warn(warning)
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
        "rerun_flags": rerun_flags(args),
        "skip_reasons": getattr(args, "skip_reasons", {}),
    }
    return Doctor(**{**settings, **overrides})  # type: ignore[arg-type]


def with_config(args: argparse.Namespace, report: Report) -> Report:
    """The report naming the config file the run used, so a config never changes results unseen."""
    config = getattr(args, "config_used", None)
    return report.model_copy(update={"tool": report.tool.model_copy(update={"config": config})}) if config else report


def rerun_flags(args: argparse.Namespace) -> tuple[tuple[str, str | None], ...]:
    """The flags of this run a printed `doctor …` command needs to see the same account the same way."""
    import re

    base_url = getattr(args, "base_url", None)
    probe = getattr(args, "probe", "post")
    from telnyx_doctor.evidence.window import DEFAULT_SINCE

    since = getattr(args, "since", DEFAULT_SINCE)
    flags: list[tuple[str, str | None]] = [
        ("--api-key-file", getattr(args, "api_key_file", None)),  # the path; the key itself never
        ("--base-url", re.sub(r"(?<=://)[^/@]*@", "", base_url) if base_url else None),
        ("--ca-bundle", getattr(args, "ca_bundle", None)),
        ("--config", getattr(args, "config", None)),
        ("--probe", probe if probe != "post" else None),
        ("--since", since if since != DEFAULT_SINCE else None),
        ("--evidence", "off" if getattr(args, "evidence", "on") == "off" else None),
    ]
    switches: list[tuple[str, str | None]] = [
        (flag, None) for flag, attr in (("--allow-private", "allow_private"), ("--no-config", "no_config"))
        if getattr(args, attr, False)
    ]  # fmt: skip
    return (*((flag, value) for flag, value in flags if value), *switches)


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
                send_test=getattr(args, "send_test_request", None),
            )
        except Interrupted as stop:
            report_partial(stop.diagnosis.report(), len(stop.diagnosis.state.finished), console)
            return EXIT_INTERRUPTED
    if diagnosis.streamed:
        header = with_config(args, diagnosis.header())
        code = exit_code_override(header.exit_code) if exit_code_override else header.exit_code
        with keeping_exit_code(code):
            write_streamed(args, header, diagnosis.state.finished, console)
        return code
    report = with_config(args, diagnosis.report())
    code = exit_code_override(report.exit_code) if exit_code_override else report.exit_code
    if record:  # before the report: a reader leaving stdout early must not cost the bundle
        from telnyx_doctor.report.bundle import write_bundle

        write_bundle(record, diagnosis.bundle())
        console.info(f"bundle written to {record}")
    with keeping_exit_code(code):
        write_report(args, report, console)
    return code


def start(args: argparse.Namespace, console: Console) -> Registry:
    """What a command does once its flags are parsed: honour -q and -v, then load the plugins."""
    from telnyx_doctor.cli.console import configure_logging, load_plugins

    console.quiet = args.quiet
    configure_logging(args.verbose, console)
    return load_plugins(console)


def list_checks(args: argparse.Namespace, console: Console) -> int:
    """`--list-checks`: every check in run order, as a table (text) or a JSON array (--format json)."""
    from telnyx_doctor.report.checklist import render_check_list
    from telnyx_doctor.runner import order_checks

    listing = render_check_list(order_checks(start(args, console).checks.values()), args.format)
    if args.output:
        from telnyx_doctor.cli.output import write_file

        write_file(args.output, [listing], console)
    else:
        console.streams.stdout.write(listing)
    return EXIT_OK


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


def project_settings(argv: list[str]) -> tuple[Path | None, Settings | None]:
    """The config file named by --config, else telnyx-doctor.toml or pyproject.toml here; --no-config: none."""
    from pathlib import Path

    from telnyx_doctor.config import find_config, load_settings

    if "--no-config" in argv:
        return None, None
    explicit = None
    for i, arg in enumerate(argv):
        if arg == "--config" and i + 1 < len(argv):
            explicit = argv[i + 1]
        elif arg.startswith("--config="):
            explicit = arg.split("=", 1)[1]
    path = Path(explicit) if explicit else find_config()
    return (path, load_settings(path)) if path is not None else (None, None)
