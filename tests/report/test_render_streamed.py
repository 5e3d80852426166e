"""Every report but JSON written piece by piece from compact storage, byte for byte the whole renderers'."""

from __future__ import annotations

import pytest

from telnyx_doctor.models import NumberReport, PluginInfo, Report, Status, ToolInfo
from telnyx_doctor.report import github, junit, markdown, text
from telnyx_doctor.runner import FinishedNumbers

from . import factories


def fleet() -> Report:
    """Healthy, troubled and toll-free numbers in several copies, and a plugin that did not load."""
    numbers: list[NumberReport] = []
    for n in range(4):
        healthy = factories.healthy_number(f"+1555765{n:04d}")
        troubled = factories.troubled_number().model_copy(update={"phone_number": f"+1555123{n:04d}"})
        numbers += [healthy, troubled, factories.toll_free_number()]
    plugin = factories.make_check("acme.thing", Status.WARN, "Something is off", details=["Look closer."])
    numbers.append(factories.make_number("+15550000001", None, [plugin]))
    plugins = [PluginInfo(name="builtin", version="0.1.0"), PluginInfo(name="broken", error="ImportError: nope")]
    return factories.make_report(numbers, tool=ToolInfo(version="0.1.0", plugins=plugins))


def compact(report: Report) -> tuple[Report, FinishedNumbers]:
    """The report's header, and its numbers in compact storage, stored out of order."""
    finished = FinishedNumbers(compact=True)
    for index in reversed(range(len(report.numbers))):
        finished[index] = report.numbers[index]
    return report.model_copy(update={"numbers": []}), finished


def reports() -> list[Report]:
    """A fleet, one troubled number, and no numbers at all."""
    return [fleet(), factories.make_report([factories.troubled_number()]), factories.make_report([])]


@pytest.mark.parametrize("report", reports(), ids=["fleet", "one", "none"])
@pytest.mark.parametrize("color", [False, True], ids=["plain", "color"])
@pytest.mark.parametrize("verbose", [False, True], ids=["brief", "verbose"])
@pytest.mark.parametrize("width", [100, 40, 200])
def test_streamed_text_is_the_text_renderers(
    report: Report, color: bool, verbose: bool, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Text written a few lines at a time from compact storage is exactly what the text renderer writes."""
    monkeypatch.setattr(text, "_ROWS_PER_PRINT", 2)
    header, finished = compact(report)
    chunks = list(text.render_chunks(header, finished.in_order(), color=color, width=width, verbose=verbose))
    assert "".join(chunks) == text.render(report, color=color, width=width, verbose=verbose)
    if len(report.numbers) > 1:
        assert len(chunks) > len(report.numbers) // 2


@pytest.mark.parametrize("report", reports(), ids=["fleet", "one", "none"])
def test_streamed_junit_is_the_junit_renderers(report: Report) -> None:
    """JUnit XML written a testsuite at a time from compact storage is exactly what the JUnit renderer writes."""
    header, finished = compact(report)
    chunks = list(junit.render_chunks(header, finished.in_order()))
    assert "".join(chunks) == junit.render(report)
    assert len(chunks) == (len(report.numbers) + 2 if report.numbers else 1)


@pytest.mark.parametrize("report", reports(), ids=["fleet", "one", "none"])
@pytest.mark.parametrize("compact_layout", [False, True], ids=["full", "compact"])
@pytest.mark.parametrize("ascii", [False, True], ids=["emoji", "ascii"])
def test_streamed_markdown_is_the_markdown_renderers(
    report: Report, compact_layout: bool, ascii: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Markdown written a number at a time from compact storage, summary table and "Fix first" included, is
    exactly what the Markdown renderer writes."""
    monkeypatch.setattr(markdown, "_ROWS_PER_CHUNK", 2)
    header, finished = compact(report)
    chunks = list(markdown.render_chunks(header, finished.in_order(), compact=compact_layout, ascii=ascii))
    whole = markdown.render(report, compact=compact_layout, ascii=ascii)
    assert "".join(chunks) == whole
    if len(report.numbers) > 1:
        assert "**Fix first:** +1555123" in whole  # the run's advice, from the first pass
        assert len(chunks) > len(report.numbers) // 2


@pytest.mark.parametrize("report", reports(), ids=["fleet", "one", "none"])
def test_streamed_github_output_is_the_github_renderers(report: Report) -> None:
    """Annotations and the step summary written from compact storage are exactly the GitHub renderer's text."""
    header, finished = compact(report)
    annotations = list(github.render_chunks(header, finished.in_order()))
    assert "".join(annotations) == github.render(report)
    assert annotations[-1].startswith("::notice title=telnyx-doctor::")
    summary = "".join(github.step_summary_chunks(header, finished.in_order()))
    assert summary == github.step_summary(report)


def test_the_run_advice_counts_numbers_sharing_its_check_before_and_after_it() -> None:
    """The run's first finding is the first failure; numbers whose first finding is that check with a milder
    status count as sharing it, wherever they stand, as the whole report counts them."""
    warned = factories.make_check("x.same", Status.WARN, "Risky")
    failed = factories.make_check("x.same", Status.FAIL, "Broken")
    numbers = [factories.make_number(f"+155511100{i:02d}", None, [c]) for i, c in enumerate([warned, failed, warned])]
    report = factories.make_report(numbers)
    header, finished = compact(report)
    streamed = "".join(markdown.render_chunks(header, finished.in_order()))
    assert streamed == markdown.render(report)
    assert "**Fix first:** +15551110001 (and 2 other numbers with the same first finding): `x.same`" in streamed


def test_numbers_in_order_are_read_one_at_a_time_and_not_kept() -> None:
    """The in-order view parses a number each time it is indexed, in target order, slices included."""
    report = fleet()
    _, finished = compact(report)
    view = finished.in_order()
    assert len(view) == len(report.numbers)
    assert [n.phone_number for n in view] == [n.phone_number for n in report.numbers]
    assert view[1] == report.numbers[1] and view[1] is not view[1]
    assert [n.phone_number for n in view[2:4]] == [n.phone_number for n in report.numbers[2:4]]
