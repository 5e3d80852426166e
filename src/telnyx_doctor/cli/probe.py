"""`doctor probe URL`: the webhook checks against one URL, with no account and no key."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from telnyx_doctor.cli.console import Console


def parser() -> argparse.ArgumentParser:
    """`doctor probe URL`."""
    from telnyx_doctor.cli.options import add_output_arguments, add_probe_arguments, new_parser, positive_float

    parser = new_parser(
        "doctor probe",
        "Probe one webhook URL the way Telnyx delivers to it (HTTPS POST of a signed v2 event, 2 s budget),\n"
        "before or without wiring it to a messaging profile. Sends no credentials.",
    )
    parser.add_argument("url", metavar="URL")
    add_output_arguments(parser)
    add_probe_arguments(parser)
    parser.add_argument("--timeout", type=positive_float, default=10.0, metavar="SECONDS", help="probe timeout")
    parser.add_argument("--ca-bundle", metavar="PATH", help="extra CA certificates (PEM) to trust")
    parser.add_argument("--fail-on", choices=("fail", "warn", "never"), default="fail")
    return parser


def run(argv: list[str], console: Console) -> int:
    """Probe one URL and report webhook.url_valid, webhook.reachable and webhook.signature_enforced."""
    import asyncio

    from telnyx_doctor.app.probe_url import aprobe_url
    from telnyx_doctor.app.session import Doctor
    from telnyx_doctor.cli.diagnose import start
    from telnyx_doctor.cli.output import write_report

    args = parser().parse_args(argv)
    registry = start(args, console)
    doctor = Doctor(
        timeout=args.timeout,
        ca_bundle=args.ca_bundle,
        probe=args.probe,
        allow_private=args.allow_private,
        fail_on=args.fail_on,
        registry=registry,
    )
    report = asyncio.run(aprobe_url(doctor, args.url))
    write_report(args, report, console)
    return report.exit_code
