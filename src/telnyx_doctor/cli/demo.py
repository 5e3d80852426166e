"""`doctor demo`: diagnose every number of the built-in sandbox account, served on a free loopback port."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from telnyx_doctor.cli.exits import EXIT_OK

if TYPE_CHECKING:
    from telnyx_doctor.app.session import Doctor
    from telnyx_doctor.cli.console import Console
    from telnyx_doctor.sandbox import SandboxServer


def parser() -> argparse.ArgumentParser:
    """`doctor demo`."""
    from telnyx_doctor.cli.options import add_output_arguments, add_scenario_argument, new_parser

    parser = new_parser(
        "doctor demo",
        "Start the built-in sandbox (a local Telnyx API with a demo account of numbers in different\n"
        "states) on a free loopback port and diagnose every number on it. Exits 0 once the demo has run;\n"
        "pass --strict for the exit code a CI gate would see.",
    )
    add_output_arguments(parser)
    add_scenario_argument(parser)
    parser.add_argument("--strict", action="store_true", help="exit with the diagnosis's exit code")
    parser.add_argument("--probe", choices=("post", "head", "off"), default="post", help="webhook probe mode")
    return parser


def run(argv: list[str], console: Console) -> int:
    """Diagnose the demo account on an in-process sandbox."""
    from telnyx_doctor.app.session import parse_numbers
    from telnyx_doctor.cli.diagnose import diagnose, doctor_for, start
    from telnyx_doctor.cli.options import scenario_from
    from telnyx_doctor.cli.sandbox import sigterm_as_interrupt
    from telnyx_doctor.report.terminal import plural
    from telnyx_doctor.sandbox import SandboxServer, demo_numbers

    args = parser().parse_args(argv)
    registry = start(args, console)
    scenario = scenario_from(args)
    with sigterm_as_interrupt(), SandboxServer(scenario) as server:
        numbers = demo_numbers(scenario)
        console.info(f"sandbox: {server.base_url} (a local Telnyx API; {plural(len(numbers), 'number')})")
        console.redactor.add(server.api_key)
        args.only, args.skip = [], []
        doctor = doctor_for(args, registry, console, **sandbox_access(server))
        override = None if args.strict else (lambda code: EXIT_OK)
        code = diagnose(args, parse_numbers(numbers), doctor, console, exit_code_override=override)
        if args.format == "text" and not args.scenario and not args.output:
            send_tests(args, doctor_for(args, registry, console, **sandbox_access(server)), console)
        return code


def sandbox_access(server: SandboxServer) -> dict[str, object]:
    """The Doctor settings that reach the in-process sandbox."""
    return {
        "api_key": server.api_key,
        "base_url": server.base_url,
        "ca_bundle": str(server.ca_file),
        "allow_private": True,
    }


# The healthy number's message is delivered (its profile's `verifying` endpoint checks the sandbox's signature);
# the one on a disabled profile is not sent: the blocked skip shows why, without --force's refused POST.
DEMO_SEND_TESTS = (("+15550100001", "+13125551042"), ("+15550100003", "+13125551042"))


def send_tests(args: argparse.Namespace, doctor: Doctor, console: Console) -> None:
    """Two send tests on the sandbox (its messages cost nothing): one delivered, one blocked; a line each."""
    from telnyx_doctor.report.terminal import can_encode_marks, to_ascii
    from telnyx_doctor.report.text import SYMBOLS

    out = console.streams.stdout
    lines = ["", "send tests (doctor NUMBER --send-test TO; on the sandbox, so free):"]
    with doctor:
        for number, to in DEMO_SEND_TESTS:
            report = doctor.diagnose([number], only=["send.test"], send_test=to)
            result = next(c for c in report.numbers[0].checks if c.id == "send.test")
            lines.append(f"  {number}  {SYMBOLS[result.status]} send.test  {result.summary}")
    text = console.redactor("\n".join(lines) + "\n")
    out.write(text if can_encode_marks(out) else to_ascii(text))
    out.flush()
