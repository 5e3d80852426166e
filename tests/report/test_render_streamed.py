"""The text and JUnit reports written piece by piece from compact storage, byte for byte the whole renderers'."""

from __future__ import annotations

import pytest

from telnyx_doctor.models import NumberReport, PluginInfo, Report, Status, ToolInfo
from telnyx_doctor.report import junit, text
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


def test_numbers_in_order_are_read_one_at_a_time_and_not_kept() -> None:
    """The in-order view parses a number each time it is indexed, in target order, slices included."""
    report = fleet()
    _, finished = compact(report)
    view = finished.in_order()
    assert len(view) == len(report.numbers)
    assert [n.phone_number for n in view] == [n.phone_number for n in report.numbers]
    assert view[1] == report.numbers[1] and view[1] is not view[1]
    assert [n.phone_number for n in view[2:4]] == [n.phone_number for n in report.numbers[2:4]]
