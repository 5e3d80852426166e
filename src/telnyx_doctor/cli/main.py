"""The command line: argv → RunConfig → runner → renderer → exit code. The only module that prints or exits."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from telnyx_doctor._version import __version__

if TYPE_CHECKING:
    import argparse
    import asyncio
    import ssl
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from rich.progress import Progress

    from telnyx_doctor.checkapi import Check, CheckOptions
    from telnyx_doctor.config import Settings
    from telnyx_doctor.facts import FactResolver
    from telnyx_doctor.models import Report
    from telnyx_doctor.numbers import Target
    from telnyx_doctor.plugins import Registry
    from telnyx_doctor.probe import ProbeSettings
    from telnyx_doctor.redact import Redactor
    from telnyx_doctor.runner import FinishedNumbers, RunState

EXIT_OK, EXIT_UNHEALTHY, EXIT_USAGE, EXIT_INCOMPLETE, EXIT_AUTH, EXIT_INTERNAL = 0, 1, 2, 3, 4, 5
EXIT_INTERRUPTED = 130
FORMATS = ("text", "json", "junit", "markdown", "github")
STREAMED_FORMATS = ("text", "json", "junit")  # written from compact storage for a fleet
SUBCOMMANDS = ("demo", "sandbox", "probe", "fix")
DEFAULT_BASE_URL = "https://api.telnyx.com/v2"
PROBE_TIMEOUT = 5.0
FLEET_THRESHOLD = 10  # above this many targets, list endpoints beat one request per number

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
    import argparse

    from telnyx_doctor.cli.argparser import DoctorArgumentParser

    parser = DoctorArgumentParser(
        prog="doctor",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("numbers", nargs="*", metavar="NUMBER", help="E.164 numbers, short codes or alpha:NAME")
    parser.add_argument("--version", action="version", version=f"telnyx-doctor {__version__}")
    targets = parser.add_argument_group("targets")
    targets.add_argument("--from-file", metavar="PATH", help="numbers one per line ('-' for stdin; # comments)")
    targets.add_argument("--profile", metavar="ID", help="every number on this messaging profile")
    targets.add_argument("--all", action="store_true", help="every messaging number on the account")
    _add_api_arguments(parser)
    _add_output_arguments(parser)
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
    _add_probe_arguments(parser)
    run = parser.add_argument_group("run")
    run.add_argument(
        "--deadline",
        type=_positive_float,
        metavar="SECONDS",
        help="bound on the whole run; unfinished checks are reported as errors",
    )
    run.add_argument(
        "--concurrency",
        type=_positive_int,
        default=16,
        metavar="N",
        help="numbers diagnosed at once (default: 16)",
    )
    run.add_argument("--config", metavar="PATH", help="config file (default: ./telnyx-doctor.toml or pyproject.toml)")
    run.add_argument("--no-config", action="store_true", help="ignore config files")
    run.add_argument("--record", metavar="PATH", help="save every fact the run used to a bundle (redacted)")
    run.add_argument("--replay", metavar="PATH", help="re-evaluate a bundle offline: no key, no network")
    return parser


def _add_api_arguments(parser: argparse.ArgumentParser) -> None:
    api = parser.add_argument_group("Telnyx API")
    api.add_argument("--api-key-file", metavar="PATH", help="read the API key from this file")
    api.add_argument("--base-url", metavar="URL", help=f"API base URL (default: {DEFAULT_BASE_URL})")
    api.add_argument(
        "--timeout",
        type=_positive_float,
        default=10.0,
        metavar="SECONDS",
        help="per-request timeout for API calls and probes (default: 10)",
    )
    api.add_argument("--ca-bundle", metavar="PATH", help="extra CA certificates (PEM) to trust")


def _add_output_arguments(parser: argparse.ArgumentParser) -> None:
    out = parser.add_argument_group("output")
    out.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    out.add_argument("-o", "--output", metavar="PATH", help="write the report to PATH instead of stdout")
    out.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour in text output (default: auto; NO_COLOR is honoured)",
    )
    out.add_argument("-v", "--verbose", action="count", default=0, help="log API calls and probes to stderr")
    out.add_argument("-q", "--quiet", action="store_true", help="no progress or warnings on stderr")


def _add_probe_arguments(parser: argparse.ArgumentParser) -> None:
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


def _positive_float(text: str) -> float:
    import argparse
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


def _positive_int(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


class Streams(NamedTuple):
    """Where output goes; tests pass their own."""

    stdout: TextIO
    stderr: TextIO


class Console:
    """stderr messages, redacted; `error:` and `tip:` lines per the CLI contract."""

    def __init__(self, streams: Streams, redactor: Redactor, quiet: bool = False) -> None:
        self.streams = streams
        self.redactor = redactor
        self.quiet = quiet

    def error(self, message: str, tip: str | None = None) -> None:
        """One `error:` line, and a `tip:` line when it helps."""
        self._write(f"error: {_one_line(message)}")
        if tip:
            self._write(f"tip: {_one_line(tip)}")

    def warn(self, message: str) -> None:
        """A warning (silenced by -q)."""
        if not self.quiet:
            self._write(f"warning: {_one_line(message)}")

    def info(self, message: str) -> None:
        """A note (silenced by -q)."""
        if not self.quiet:
            self._write(message)

    def _write(self, line: str) -> None:
        self.streams.stderr.write(self.redactor(line) + "\n")
        self.streams.stderr.flush()


def _one_line(text: str) -> str:
    """`text` with line breaks and other unprintable characters escaped, as it may echo what the user typed."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


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
            from telnyx_doctor.cli import commands

            handler: Callable[[list[str], Console], int] = getattr(commands, f"cmd_{args_list[0]}")
            return handler(args_list[1:], console)
        return _diagnose_command(args_list, console)
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


def _diagnose_command(argv: list[str], console: Console) -> int:
    parser = build_parser()
    if {"--version", "-h", "--help"} & set(argv):
        parser.parse_args(argv)  # prints and exits before any config, plugin or model is imported
    settings = _project_settings(argv)
    if settings is not None:
        parser.set_defaults(**settings.defaults())
    args = parser.parse_args(argv)
    args.waivers = tuple(settings.waivers) if settings is not None else ()
    registry = start_command(args, console)
    if args.list_checks:
        console.streams.stdout.write(list_checks_text(registry))
        return EXIT_OK
    if args.replay:
        from telnyx_doctor.report import bundle

        return bundle.replay_command(args, registry, console)
    targets = collect_targets(args, console)
    api_key = read_api_key(args.api_key_file, console)
    base_url = api_base_url(args.base_url)
    return diagnose(args, targets, registry, console, api_key=api_key, base_url=base_url)


def api_base_url(flag: str | None) -> str:
    """--base-url, else TELNYX_API_BASE_URL, else the real API; one that is not an http(s) URL is a usage error."""
    import re

    import httpx

    from telnyx_doctor.errors import UsageError

    source, url = ("--base-url", flag) if flag else ("TELNYX_API_BASE_URL", os.environ.get("TELNYX_API_BASE_URL"))
    if not url:
        return DEFAULT_BASE_URL
    try:
        parsed = httpx.URL(url)
        valid = parsed.scheme in ("http", "https") and bool(parsed.host) and 0 < (parsed.port or 443) < 65536
    except httpx.InvalidURL:
        valid = False
    if not valid:
        shown = re.sub(r"(?<=://)[^/@]*@", "", url)  # never echo credentials embedded in the URL
        raise UsageError(f"{source} {shown!r} is not an http(s) URL", tip=f"for example {DEFAULT_BASE_URL}")
    return url


def _project_settings(argv: list[str]) -> Settings | None:
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


def start_command(args: argparse.Namespace, console: Console) -> Registry:
    """What a command does once its flags are parsed: honour -q and -v, then load the plugins."""
    console.quiet = args.quiet
    _configure_logging(args.verbose, console)
    return load_plugins(console)


def _configure_logging(verbosity: int, console: Console) -> None:
    import logging

    from telnyx_doctor.redact import RedactingFilter

    if not verbosity:
        return
    handler = logging.StreamHandler(console.streams.stderr)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(console.redactor))
    logger = logging.getLogger("telnyx_doctor")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG)
    logger.propagate = False


def load_plugins(console: Console) -> Registry:
    """Load the plugins, warning (never failing) about any that did not load."""
    from telnyx_doctor.plugins import load_registry

    registry = load_registry()
    for plugin in registry.load_errors:
        console.warn(f"plugin {plugin.name!r} was not loaded: {plugin.error}")
    return registry


def list_checks_text(registry: Registry) -> str:
    """`--list-checks`: id, title, severity and plugin of every check, in run order."""
    from telnyx_doctor.runner import order_checks

    rows = [(c.id, c.title, c.severity.value, c.plugin) for c in order_checks(registry.checks.values())]
    widths = [max(len(r[i]) for r in [("ID", "TITLE", "SEVERITY", "PLUGIN"), *rows]) for i in range(4)]
    lines = []
    for row in [("ID", "TITLE", "SEVERITY", "PLUGIN"), *rows]:
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    return "\n".join(lines) + "\n"


def collect_targets(args: argparse.Namespace, console: Console) -> list[Target]:
    """Parse every positional number and --from-file line; any invalid one is a usage error."""
    from telnyx_doctor.errors import UsageError
    from telnyx_doctor.numbers import parse_target

    raw: list[str] = list(args.numbers)
    if args.from_file:
        raw.extend(read_number_file(args.from_file))
    if not raw and not (args.profile or args.all):
        raise UsageError(
            "no number given",
            tip="doctor +15551234567 (or --from-file PATH, --profile ID, --all, doctor demo)",
        )
    targets: list[Target] = []
    seen: set[str] = set()
    for text in raw:
        target = parse_target(text)
        if target.value not in seen:
            seen.add(target.value)
            targets.append(target)
    return targets


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


def read_api_key(key_file: str | None, console: Console) -> str:
    """The key from --api-key-file or TELNYX_API_KEY; missing → AuthenticationError (exit 4)."""
    from pathlib import Path

    from telnyx_doctor.errors import AuthenticationError, ConfigError

    if key_file:
        try:
            key = Path(key_file).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"cannot read --api-key-file {key_file!r}: {getattr(exc, 'strerror', None) or exc}"
            ) from None
    else:
        key = os.environ.get("TELNYX_API_KEY", "").strip()
    if not key:
        raise AuthenticationError("no API key", tip="export TELNYX_API_KEY=… or pass --api-key-file PATH")
    if any(ch.isspace() for ch in key) or not key.isprintable():
        raise AuthenticationError(
            "the API key contains spaces or control characters",
            tip="check the key file: it should hold the key alone on one line",
        )
    console.redactor.add(key)
    return key


def diagnose(
    args: argparse.Namespace,
    targets: list[Target],
    registry: Registry,
    console: Console,
    *,
    api_key: str,
    base_url: str,
    exit_code_override: Callable[[int], int] | None = None,
) -> int:
    """Run the selected checks against `targets` and write the report; return the exit code."""
    import asyncio

    from telnyx_doctor.runner import RunState, select_checks

    only, skip = _split(args.only), _split(args.skip)
    checks = select_checks(registry.checks, only, skip)
    state = RunState()
    outcome = _Outcome(targets)
    try:
        asyncio.run(_run(args, checks, registry, state, outcome, console, api_key=api_key, base_url=base_url))
    except KeyboardInterrupt:
        _report_partial(args, state, registry, console)
        return EXIT_INTERRUPTED
    if state.finished.compact:
        return _emit_streamed(args, state, registry, console, exit_code_override)
    from telnyx_doctor.runner import build_report

    report = build_report(state, [state.finished[i] for i in sorted(state.finished)], registry.plugins)
    code = emit(args, report, console, exit_code_override)
    if args.record and outcome.resolver is not None:
        from telnyx_doctor.report import bundle
        from telnyx_doctor.runner import exit_code_for

        settings = {"probe": args.probe, "allow_private": args.allow_private, "only": only, "skip": skip}
        recorded = report.model_copy(update={"exit_code": exit_code_for(report, args.fail_on)})
        text = bundle.build_bundle(recorded, outcome.resolver, outcome.targets, settings, secrets=[api_key])
        bundle.write_bundle(args.record, text)
        console.info(f"bundle written to {args.record}")
    return code


class _Outcome:
    """What `_run` leaves behind for the report and the bundle.

    Not its return value: on exit, asyncio.run (3.11) formats the main task's repr, result included, which for
    a 10,000-number fleet takes seconds.
    """

    def __init__(self, targets: list[Target]) -> None:
        self.targets = targets
        self.resolver: FactResolver | None = None


async def _run(
    args: argparse.Namespace,
    checks: list[Check],
    registry: Registry,
    state: RunState,
    outcome: _Outcome,
    console: Console,
    *,
    api_key: str,
    base_url: str,
) -> None:
    import asyncio
    import contextlib

    from telnyx_doctor.api.client import TelnyxClient
    from telnyx_doctor.facts import FactEnv, FactResolver
    from telnyx_doctor.runner import RunConfig, run_numbers

    options, probe = run_options(args)
    trust = _load_trust(args.ca_bundle, probe)
    targets = outcome.targets
    deadline_at = state.started + args.deadline if args.deadline else None
    async with TelnyxClient(
        api_key=api_key,
        base_url=base_url,
        timeout=args.timeout,
        verify=await trust if base_url.startswith("https:") else _no_trust(),
        deadline_at=deadline_at,
    ) as client:
        env = FactEnv(client=client, options=options, probe=probe)
        fleet_run = bool(args.profile or args.all) or len(targets) > FLEET_THRESHOLD
        bar = _progress_bar(console, 2 if fleet_run else len(targets), verbose=bool(args.verbose))
        with bar if bar is not None else contextlib.nullcontext():
            task = bar.add_task("reading lists" if fleet_run else "diagnosing", total=None) if bar else None
            if fleet_run:
                from telnyx_doctor.app import fleet

                targets, env.extras["bulk"] = await fleet.collect(
                    client, targets, profile_id=args.profile, everything=args.all
                )
                # A fleet's JSON, text or JUnit report is written number by number from compact storage
                # (FinishedNumbers); Markdown is rendered from the whole report.
                state.finished.compact = args.format in STREAMED_FORMATS and not args.record
            outcome.targets = targets
            outcome.resolver = resolver = FactResolver(registry.facts, env)
            config = RunConfig(
                targets=targets,
                options=options,
                check_timeout=max(30.0, args.timeout * 4),
                deadline=args.deadline,
                concurrency=args.concurrency,
                keep_facts=bool(args.record),
                waivers=tuple(getattr(args, "waivers", ())),
            )
            if bar is not None and task is not None:
                bar.update(task, description="diagnosing", total=len(targets), completed=0)
                state.on_number = lambda _: bar.advance(task)
            running = asyncio.ensure_future(run_numbers(config, checks, resolver, state))
            try:
                await trust  # an unreadable --ca-bundle is a usage error, found while the run starts
                await running
            finally:
                running.cancel()


def _load_trust(ca_bundle: str | None, probe: ProbeSettings) -> asyncio.Future[ssl.SSLContext]:
    """The run's TLS trust (default stores + --ca-bundle), built in a thread; the probes share it.

    Loading the stores takes tens of milliseconds that need not delay the first API request (an http:// API
    needs no trust at all), and the probes would otherwise build a second one while the run waits.
    """
    import asyncio

    from telnyx_doctor.tls import make_ssl_context

    def share(future: asyncio.Future[ssl.SSLContext]) -> None:
        if not future.cancelled() and future.exception() is None:
            probe.share_trust(future.result())

    trust = asyncio.get_running_loop().run_in_executor(None, make_ssl_context, ca_bundle)
    trust.add_done_callback(share)
    return trust


def _no_trust() -> ssl.SSLContext:
    """For an http:// API, which never does TLS: a verifying context that trusts nothing, costing nothing."""
    import ssl

    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def _progress_bar(console: Console, total: int, *, verbose: bool) -> Progress | None:
    """A progress bar on stderr for a fleet at a terminal; None for one target, -q, -v, or a pipe or file."""
    stream = console.streams.stderr
    if total <= 1 or console.quiet or verbose or not (hasattr(stream, "isatty") and stream.isatty()):
        return None
    from rich.console import Console as RichConsole
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=RichConsole(file=stream, stderr=True),
        transient=True,
    )


def _emit_streamed(
    args: argparse.Namespace,
    state: RunState,
    registry: Registry,
    console: Console,
    exit_code_override: Callable[[int], int] | None,
) -> int:
    """Write a fleet's report from compact storage, one number at a time; return the exit code."""
    from telnyx_doctor.runner import exit_code_for_summary, report_header

    header = report_header(state, registry.plugins)
    code = exit_code_for_summary(header.summary, args.fail_on)
    header = header.model_copy(update={"exit_code": code})
    chunks = (console.redactor(chunk) for chunk in _report_chunks(args, header, state.finished, console))
    if args.output:
        _write_file(args.output, chunks, console)
    else:
        console.streams.stdout.writelines(chunks)
        console.streams.stdout.flush()
    return exit_code_override(code) if exit_code_override else code


def _report_chunks(
    args: argparse.Namespace, header: Report, finished: FinishedNumbers, console: Console
) -> Iterator[str]:
    """The report in a format of STREAMED_FORMATS, piece by piece: what `write_report` writes for it whole."""
    if args.format == "json":
        from telnyx_doctor.app.fleet import json_chunks

        return json_chunks(header, finished)
    if args.format == "junit":
        from telnyx_doctor.report import junit

        return junit.render_chunks(header, finished.in_order())
    from telnyx_doctor.report import text

    color = _use_color(args.color, console.streams.stdout) and not args.output
    verbose = bool(getattr(args, "verbose", 0))
    return text.render_chunks(header, finished.in_order(), color=color, verbose=verbose)


def _write_file(path: str, chunks: Iterable[str], console: Console) -> None:
    """Write the report to -o PATH; an unwritable path is a ConfigError."""
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.writelines(chunks)
    except OSError as exc:
        from telnyx_doctor.errors import ConfigError

        raise ConfigError(f"cannot write {path!r}: {exc.strerror or exc}") from None
    console.info(f"report written to {path}")


def run_options(args: argparse.Namespace) -> tuple[CheckOptions, ProbeSettings]:
    """The checks' options and the probe's settings from parsed flags."""
    from telnyx_doctor.checkapi import CheckOptions
    from telnyx_doctor.probe import ProbeSettings

    options = CheckOptions(allow_private=args.allow_private, probe=args.probe, fail_on=args.fail_on)
    probe = ProbeSettings(
        mode=args.probe,
        # the verdict needs only Telnyx's 2 s budget; waiting longer only tells "slow" from "silent"
        timeout=min(args.timeout, PROBE_TIMEOUT),
        allow_private=args.allow_private,
        ca_bundle=args.ca_bundle,
    )
    return options, probe


def emit(
    args: argparse.Namespace,
    report: Report,
    console: Console,
    exit_code_override: Callable[[int], int] | None = None,
) -> int:
    """Set the report's exit code, render it to stdout or -o, and return the code."""
    from telnyx_doctor.runner import exit_code_for

    code = exit_code_for(report, args.fail_on)
    report = report.model_copy(update={"exit_code": code})
    write_report(args, report, console)
    return exit_code_override(code) if exit_code_override else code


def write_report(args: argparse.Namespace, report: Report, console: Console) -> None:
    """Render in the chosen format; stdout carries only the report."""
    from telnyx_doctor.report import render

    color = _use_color(args.color, console.streams.stdout) and not args.output and args.format == "text"
    text = console.redactor(render(report, args.format, color=color, verbose=bool(getattr(args, "verbose", 0))))
    if args.format == "github":
        _append_step_summary(report, console)
    if args.output:
        _write_file(args.output, [text], console)
        return
    console.streams.stdout.write(text if text.endswith("\n") else text + "\n")
    console.streams.stdout.flush()


def _append_step_summary(report: Report, console: Console) -> None:
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    from telnyx_doctor.report.github import step_summary

    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(console.redactor(step_summary(report)) + "\n")
    except OSError as exc:
        console.warn(f"cannot append to GITHUB_STEP_SUMMARY: {exc.strerror or exc}")


def _use_color(choice: str, stream: TextIO) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def _report_partial(args: argparse.Namespace, state: Any, registry: Registry, console: Console) -> None:
    from telnyx_doctor.report import render
    from telnyx_doctor.runner import build_report

    finished = [state.finished[i] for i in sorted(state.finished)]
    console.error(f"interrupted; {len(finished)} number(s) finished")
    if finished:
        partial = build_report(state, finished, registry.plugins)
        console.streams.stderr.write(console.redactor(render(partial, "text", color=False)))


def _split(values: list[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]
