"""Writing a report: render it in the chosen format to stdout or -o, whole or number by number."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from telnyx_doctor.cli.console import Console
    from telnyx_doctor.models import Report
    from telnyx_doctor.report.text import TextOptions
    from telnyx_doctor.runner import FinishedNumbers

# Written from compact storage for a fleet, one number at a time (see `_chunks`): every format.
STREAMED_FORMATS = ("text", "json", "junit", "markdown", "github")


def write_report(args: argparse.Namespace, report: Report, console: Console) -> None:
    """Render in the chosen format; stdout carries only the report."""
    from telnyx_doctor.report import render

    text = console.redactor(render(report, args.format, **presentation(args, console)))
    if args.format == "github":
        from telnyx_doctor.report.github import step_summary

        _append_step_summary(lambda: [step_summary(report)], console)
    if args.output:
        write_file(args.output, [text], console)
        return
    console.streams.stdout.write(text if text.endswith("\n") else text + "\n")
    console.streams.stdout.flush()


def write_streamed(args: argparse.Namespace, header: Report, finished: FinishedNumbers, console: Console) -> None:
    """Write a fleet's report from compact storage, one number at a time."""
    if args.format == "github":
        from telnyx_doctor.report.github import step_summary_chunks

        _append_step_summary(lambda: step_summary_chunks(header, finished.in_order()), console)
    chunks = (console.redactor(chunk) for chunk in _chunks(args, header, finished, console))
    if args.output:
        write_file(args.output, chunks, console)
    else:
        console.streams.stdout.writelines(chunks)
        console.streams.stdout.flush()


def _chunks(args: argparse.Namespace, header: Report, finished: FinishedNumbers, console: Console) -> Iterator[str]:
    """The report in a format of STREAMED_FORMATS, piece by piece: what `write_report` writes for it whole."""
    if args.format == "json":
        from telnyx_doctor.app.fleet import json_chunks

        return json_chunks(header, finished)
    from telnyx_doctor.report import github, junit, markdown, text

    numbers = finished.in_order()
    by_format: dict[str, Callable[[], Iterator[str]]] = {
        "junit": lambda: junit.render_chunks(header, numbers),
        "text": lambda: text.render_chunks(header, numbers, text_options_for(args, console)),
        "markdown": lambda: markdown.render_chunks(header, numbers, **presentation(args, console)),
        "github": lambda: github.render_chunks(header, numbers),
    }
    return by_format[args.format]()


def write_file(path: str, chunks: Iterable[str], console: Console) -> None:
    """Write the report to -o PATH; an unwritable path is a ConfigError."""
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.writelines(chunks)
    except OSError as exc:
        from telnyx_doctor.errors import ConfigError

        raise ConfigError(f"cannot write {path!r}: {exc.strerror or exc}") from None
    console.info(f"report written to {path}")


def report_partial(report: Report, finished: int, console: Console) -> None:
    """After Ctrl-C: say how many numbers finished, and their report as text on stderr."""
    from telnyx_doctor.report import render
    from telnyx_doctor.report.terminal import can_encode_marks

    console.error(f"interrupted; {finished} number(s) finished")
    if finished:
        plain = not can_encode_marks(console.streams.stderr)
        console.streams.stderr.write(console.redactor(render(report, "text", color=False, ascii=plain)))


def _append_step_summary(chunks: Callable[[], Iterable[str]], console: Console) -> None:
    """Append the step summary's Markdown (`chunks()`) to $GITHUB_STEP_SUMMARY, when the run is an Actions step."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.writelines(console.redactor(chunk) for chunk in chunks())
            handle.write("\n")
    except OSError as exc:
        console.warn(f"cannot append to GITHUB_STEP_SUMMARY: {exc.strerror or exc}")


def text_options_for(args: argparse.Namespace, console: Console) -> TextOptions:
    """The text report's layout from --color, --compact, -v, -q and where it goes (terminal, pipe or -o FILE).

    Width, colour and ASCII marks follow the stream (COLUMNS, NO_COLOR, TERM=dumb, its encoding); a file
    written with -o gets no colour codes and is written in UTF-8.
    """
    from telnyx_doctor.report.terminal import text_options

    to_file = bool(getattr(args, "output", None))
    options = text_options(
        console.streams.stdout,
        os.environ,
        color="never" if to_file else getattr(args, "color", "auto"),
        compact=bool(getattr(args, "compact", False)),
        verbose=bool(getattr(args, "verbose", 0)),
        quiet=bool(getattr(args, "quiet", False)),
    )
    if to_file:
        from dataclasses import replace

        options = replace(options, ascii=False)
    return options


def presentation(args: argparse.Namespace, console: Console) -> dict[str, Any]:
    """The presentation options for `report.render` in the chosen format (each format takes what it uses)."""
    if args.format == "text":
        return {"options": text_options_for(args, console)}
    if args.format == "markdown":
        options = text_options_for(args, console)
        return {"ascii": options.ascii, "compact": options.compact}
    return {}
