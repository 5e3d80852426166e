"""`doctor fix NUMBER`: show the library's fix plan, ask, apply it and report the diagnosis after."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from telnyx_doctor.cli.console import Console
    from telnyx_doctor.remedy import Plan


def parser() -> argparse.ArgumentParser:
    """`doctor fix NUMBER`."""
    from telnyx_doctor.cli.options import add_api_arguments, add_output_arguments, add_probe_arguments, new_parser

    parser = new_parser(
        "doctor fix",
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
    parser.add_argument(
        "--force", action="store_true", help="allow assigning to a disabled messaging profile (it cannot send)"
    )
    parser.add_argument("--dry-run", action="store_true", help="print the plan; change nothing")
    parser.add_argument("-y", "--yes", action="store_true", help="apply without asking")
    add_api_arguments(parser)
    add_output_arguments(parser)
    add_probe_arguments(parser)
    parser.add_argument("--fail-on", choices=("fail", "warn", "never"), default="fail")
    return parser


def run(argv: list[str], console: Console) -> int:
    """Plan, confirm, apply, re-check; without applying, the plan is the output (the report only in JSON etc.)."""
    from telnyx_doctor.app.fix import aapply_fix, aplan_fix
    from telnyx_doctor.cli.diagnose import doctor_for, start
    from telnyx_doctor.cli.exits import keeping_exit_code
    from telnyx_doctor.cli.output import write_report
    from telnyx_doctor.errors import UsageError

    args = parser().parse_args(argv)
    if args.output:
        from telnyx_doctor.cli.options import check_writable

        check_writable("--output", args.output)
    registry = start(args, console)
    applied = False
    with doctor_for(args, registry, console) as doctor:
        plan, report = doctor.call(
            aplan_fix(
                doctor,
                args.number,
                profile_id=args.profile_id,
                unassign=args.unassign,
                force=args.force_reassign,
                allow_disabled=args.force,
            )
        )
        if plan.refusal:
            raise UsageError(plan.refusal)
        with keeping_exit_code(report.exit_code):
            show_plan(args, plan, console)
        if not plan.actions:
            pass
        elif args.dry_run:
            console.info("dry run: nothing was applied")
        elif not args.yes and not (sys.stdin and sys.stdin.isatty()):
            console.info("nothing was applied: standard input is not a terminal, so no one could confirm; pass --yes")
        elif not args.yes and not confirm(console)("Apply these changes?"):
            console.info("nothing was applied")
        else:
            report = doctor.call(aapply_fix(doctor, plan))
            applied = True
            console.info(f"applied {len(plan.actions)} change(s); re-ran the checks")
    code: int = report.exit_code
    if (
        applied or args.format != "text" or args.output
    ):  # the plan already said everything a person needs before applying
        with keeping_exit_code(code):
            write_report(args, report, console)
    return code


def show_plan(args: argparse.Namespace, plan: Plan, console: Console) -> None:
    """Write the plan: what would change (target profile, API calls), what needs a person, profiles to choose."""
    from telnyx_doctor.report.terminal import can_encode_marks, to_ascii

    # stdout carries only the chosen format: beside a JSON/JUnit document, or with -o, the plan goes to stderr
    stream = console.streams.stdout if args.format == "text" and not args.output else console.streams.stderr
    text = console.redactor(plan.render())
    stream.write(text if can_encode_marks(stream) else to_ascii(text))
    stream.flush()


def confirm(console: Console) -> Callable[[str], bool]:
    """Ask on the terminal (default no); without one, say so and answer no."""

    def ask(question: str) -> bool:
        if not sys.stdin or not sys.stdin.isatty():
            console.info(f"{question} [y/N] not asked: standard input is not a terminal (pass --yes to apply)")
            return False
        console.streams.stderr.write(f"{question} [y/N] ")
        console.streams.stderr.flush()
        return sys.stdin.readline().strip().lower() in ("y", "yes")

    return ask
