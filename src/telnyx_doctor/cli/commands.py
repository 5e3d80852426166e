"""The subcommands: `doctor demo`, `doctor sandbox`, `doctor probe URL` and `doctor fix NUMBER`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from telnyx_doctor.cli.main import (
    EXIT_OK,
    _add_api_arguments,
    _add_output_arguments,
    _add_probe_arguments,
    _configure_logging,
    _positive_float,
    _positive_int,
    api_base_url,
    diagnose,
    emit,
    load_plugins,
    read_api_key,
    run_options,
    start_command,
)

if TYPE_CHECKING:
    from telnyx_doctor.cli.main import Console
    from telnyx_doctor.models import Report
    from telnyx_doctor.plugins import Registry


def parsers() -> dict[str, argparse.ArgumentParser]:
    """Every subcommand's parser, for --help and the generated CLI reference."""
    return {"demo": demo_parser(), "sandbox": sandbox_parser(), "probe": probe_parser(), "fix": fix_parser()}


def _parser(name: str, description: str) -> argparse.ArgumentParser:
    from telnyx_doctor.cli.argparser import DoctorArgumentParser

    return DoctorArgumentParser(
        prog=f"doctor {name}", description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )


# --- doctor demo -----------------------------------------------------------------------------------


def demo_parser() -> argparse.ArgumentParser:
    """`doctor demo`."""
    parser = _parser(
        "demo",
        "Start the built-in sandbox (a local Telnyx API with a demo account of numbers in different\n"
        "states) on a free loopback port and diagnose every number on it. Exits 0 once the demo has run;\n"
        "pass --strict for the exit code a CI gate would see.",
    )
    _add_output_arguments(parser)
    parser.add_argument("--scenario", metavar="FILE", help="a scenario file instead of the built-in demo")
    parser.add_argument("--strict", action="store_true", help="exit with the diagnosis's exit code")
    parser.add_argument("--probe", choices=("post", "head", "off"), default="post", help="webhook probe mode")
    return parser


def cmd_demo(argv: list[str], console: Console) -> int:
    """Diagnose the demo account on an in-process sandbox."""
    from telnyx_doctor.numbers import parse_target
    from telnyx_doctor.sandbox import SandboxServer, demo_numbers, load_builtin_scenario, load_scenario

    args = demo_parser().parse_args(argv)
    console.quiet = args.quiet
    _configure_logging(args.verbose, console)
    scenario = load_scenario(args.scenario) if args.scenario else load_builtin_scenario("demo")
    registry = load_plugins(console)
    with SandboxServer(scenario) as server:
        numbers = demo_numbers(scenario)
        console.info(f"sandbox: {server.base_url} (a local Telnyx API; {len(numbers)} numbers)")
        full = _diagnosis_namespace(args, ca_bundle=str(server.ca_file), allow_private=True)
        console.redactor.add(server.api_key)
        return diagnose(
            full,
            [parse_target(n) for n in numbers],
            registry,
            console,
            api_key=server.api_key,
            base_url=server.base_url,
            exit_code_override=None if args.strict else (lambda code: EXIT_OK),
        )


def _diagnosis_namespace(args: argparse.Namespace, **overrides: object) -> argparse.Namespace:
    """Defaults of the main command, with a subcommand's own answers on top."""
    from telnyx_doctor.cli.main import build_parser

    base = build_parser().parse_args([])
    for key, value in vars(args).items():
        if hasattr(base, key):
            setattr(base, key, value)
    for key, value in overrides.items():
        setattr(base, key, value)
    return base


# --- doctor sandbox --------------------------------------------------------------------------------


def sandbox_parser() -> argparse.ArgumentParser:
    """`doctor sandbox`."""
    parser = _parser(
        "sandbox",
        "Serve the local Telnyx API sandbox on loopback until interrupted, and print its base URL and key.",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--scenario", metavar="FILE", help="scenario file (default: the built-in demo)")
    source.add_argument("--synthetic", type=_positive_int, metavar="N", help="a generated account of N numbers")
    parser.add_argument("--port", type=int, default=0, metavar="N", help="port to listen on (default: a free one)")
    parser.add_argument("--latency", type=float, metavar="SECONDS", help="delay every API answer")
    parser.add_argument("--rate-limit", type=float, metavar="RPS", help="answer 429 above this many requests/s")
    return parser


def cmd_sandbox(argv: list[str], console: Console) -> int:
    """Serve the sandbox until Ctrl-C."""
    from telnyx_doctor.sandbox import SandboxInfo, serve_forever

    args = sandbox_parser().parse_args(argv)
    if not 0 <= args.port <= 65535:
        from telnyx_doctor.errors import UsageError

        raise UsageError(f"--port {args.port} is not a port number")

    def announce(info: SandboxInfo) -> None:
        out = console.streams.stdout
        out.write(f"sandbox serving at {info.base_url} ({len(info.numbers)} numbers)\n")
        out.write(f"export TELNYX_API_BASE_URL={info.base_url}\n")
        out.write(f"export TELNYX_API_KEY={info.api_key}  # a sandbox key, not a real one\n")
        out.write(f"# its webhook endpoints need: --ca-bundle {info.ca_file} --allow-private\n")
        out.write("# press Ctrl-C to stop\n")
        out.flush()

    try:
        serve_forever(
            scenario=args.scenario,
            synthetic=args.synthetic,
            port=args.port,
            latency=args.latency,
            rate_limit=args.rate_limit,
            on_ready=announce,
        )
    except KeyboardInterrupt:  # Ctrl-C is how a server is meant to stop: not an error
        console.info("sandbox stopped")
    return EXIT_OK


# --- doctor probe URL ------------------------------------------------------------------------------


def probe_parser() -> argparse.ArgumentParser:
    """`doctor probe URL`."""
    parser = _parser(
        "probe",
        "Probe one webhook URL the way Telnyx delivers to it (HTTPS POST of a signed v2 event, 2 s budget),\n"
        "before or without wiring it to a messaging profile. Sends no credentials.",
    )
    parser.add_argument("url", metavar="URL")
    _add_output_arguments(parser)
    _add_probe_arguments(parser)
    parser.add_argument("--timeout", type=_positive_float, default=10.0, metavar="SECONDS", help="probe timeout")
    parser.add_argument("--ca-bundle", metavar="PATH", help="extra CA certificates (PEM) to trust")
    parser.add_argument("--fail-on", choices=("fail", "warn", "never"), default="fail")
    return parser


def cmd_probe(argv: list[str], console: Console) -> int:
    """Probe one URL and report webhook.url_valid, webhook.reachable and webhook.signature_enforced."""
    import asyncio

    args = probe_parser().parse_args(argv)
    registry = start_command(args, console)
    report = asyncio.run(_probe_report(args, registry))
    return emit(_diagnosis_namespace(args), report, console)


async def _probe_report(args: argparse.Namespace, registry: Registry) -> Report:
    from telnyx_doctor import facts_catalog as fc
    from telnyx_doctor.api.models import MessagingProfile
    from telnyx_doctor.facts import FactEnv, FactRequest, FactResolver, FactSpec
    from telnyx_doctor.models import NumberKind
    from telnyx_doctor.numbers import Target
    from telnyx_doctor.runner import RunConfig, run, select_checks

    profile = MessagingProfile(id="probe", enabled=True, webhook_url=args.url, webhook_api_version="2")

    async def the_profile(req: FactRequest) -> MessagingProfile:
        return profile

    facts = dict(registry.facts)
    facts[fc.PROFILE] = FactSpec(fc.PROFILE, the_profile, MessagingProfile)
    options, probe = run_options(args)
    resolver = FactResolver(facts, FactEnv(client=None, options=options, probe=probe))
    wanted = ["webhook.url_valid", "webhook.reachable", "webhook.signature_enforced"]
    checks = [c for c in select_checks(registry.checks, wanted) if c.id in wanted]
    target = Target(raw=args.url, value=args.url, kind=NumberKind.US_LONG_CODE)
    report = await run(RunConfig(targets=[target], options=options), checks, resolver, registry.plugins)
    numbers = [n.model_copy(update={"kind": None}) for n in report.numbers]
    return report.model_copy(update={"numbers": numbers})


# --- doctor fix NUMBER -----------------------------------------------------------------------------


def fix_parser() -> argparse.ArgumentParser:
    """`doctor fix NUMBER`."""
    parser = _parser(
        "fix",
        "Plan the fixes that are safe to automate (assign the number to a messaging profile, or unassign it),\n"
        "print the exact API calls, ask before applying (default: no), apply, and re-run the checks.\n"
        "Findings that need a person (10DLC, toll-free verification, webhook code) are listed, never attempted.",
    )
    parser.add_argument("number", metavar="NUMBER")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--profile-id", metavar="ID", help="assign the number to this messaging profile")
    action.add_argument("--unassign", action="store_true", help="remove the number from its messaging profile")
    parser.add_argument(
        "--force-reassign", action="store_true", help="allow moving a number that is already on another profile"
    )
    parser.add_argument("--dry-run", action="store_true", help="print the plan; change nothing")
    parser.add_argument("-y", "--yes", action="store_true", help="apply without asking")
    _add_api_arguments(parser)
    _add_output_arguments(parser)
    _add_probe_arguments(parser)
    parser.add_argument("--fail-on", choices=("fail", "warn", "never"), default="fail")
    return parser


def cmd_fix(argv: list[str], console: Console) -> int:
    """Plan, confirm, apply, re-check."""
    from telnyx_doctor import remedy

    args = fix_parser().parse_args(argv)
    registry = start_command(args, console)
    api_key = read_api_key(args.api_key_file, console)
    base_url = api_base_url(args.base_url)
    full = _diagnosis_namespace(args)
    return remedy.fix_command(
        full, args, registry, console, api_key=api_key, base_url=base_url, confirm=_confirm(console)
    )


def _confirm(console: Console) -> Callable[[str], bool]:
    def ask(question: str) -> bool:
        if not sys.stdin or not sys.stdin.isatty():
            console.info(f"{question} [y/N] no (standard input is not a terminal; pass --yes to apply)")
            return False
        console.streams.stderr.write(f"{question} [y/N] ")
        console.streams.stderr.flush()
        answer = sys.stdin.readline().strip().lower()
        return answer in ("y", "yes")

    return ask
