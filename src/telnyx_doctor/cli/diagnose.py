"""`doctor NUMBER...`: flags and config → the library's diagnosis → the report → the exit code."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from telnyx_doctor.cli.exits import EXIT_INTERRUPTED, EXIT_OK, keeping_exit_code
from telnyx_doctor.cli.parser import build_parser
from telnyx_doctor.cli.targets import collect_targets, refuse_with_replay

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


def doctor_for(args: argparse.Namespace, registry: Registry, console: Console, **overrides: object) -> Doctor:
    """A library session from the parsed flags; the key (from --api-key-file or the environment) is redacted."""
    from telnyx_doctor.app.access import api_key_from, base_url_from, key_file_warning
    from telnyx_doctor.app.session import Doctor
    from telnyx_doctor.evidence.window import DEFAULT_SINCE

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
        "since": getattr(args, "since", DEFAULT_SINCE),
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
    """The flags of this run a printed `doctor …` command needs to see the same account the same way.

    The session's own (the flags that change verdicts) plus how this run reached the account: the key
    file's path (the key itself never), the base URL without credentials, the config file.
    """
    import re

    from telnyx_doctor.app.session import verdict_flags
    from telnyx_doctor.evidence.window import DEFAULT_SINCE

    base_url = getattr(args, "base_url", None)
    access: list[tuple[str, str | None]] = [
        ("--api-key-file", getattr(args, "api_key_file", None)),
        ("--base-url", re.sub(r"(?<=://)[^/@]*@", "", base_url) if base_url else None),
        ("--config", getattr(args, "config", None)),
    ]
    verdicts = verdict_flags(
        getattr(args, "ca_bundle", None),
        allow_private=getattr(args, "allow_private", False),
        probe=getattr(args, "probe", "post"),
        since=getattr(args, "since", DEFAULT_SINCE),
        evidence=getattr(args, "evidence", "on") == "on",
    )
    no_config: tuple[tuple[str, str | None], ...] = (
        (("--no-config", None),) if getattr(args, "no_config", False) else ()
    )
    return (*((flag, value) for flag, value in access if value), *verdicts, *no_config)


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
