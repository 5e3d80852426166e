"""Benchmarks of the doctor against the sandbox, measured against the goals of the fleet-and-speed issue.

    make bench                      (= .venv/bin/python bench/run.py)
    .venv/bin/python bench/run.py --rate 2 --fleet 10000 --runs 15
    .venv/bin/python bench/run.py --formats-only     (peak memory of each report format at --fleet numbers)

Every sandbox runs in a process of its own and every doctor run but the warm one-number runs is a fresh
`doctor` process. Results go to bench/results/latest.json and a table against the goals to stdout; the exit
code is 1 when a goal is missed. See docs/performance.md for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from support import ROOT, Measured, Sandbox, doctor_command, machine, measure, median, worker

HEALTHY_US = "+15550100001"  # the demo account's healthy US long code: profile, webhooks, campaign, brand
RESULTS = ROOT / "bench" / "results" / "latest.json"


def one_number(latency: float, runs: int) -> dict[str, Any]:
    """One number at latency L: the doctor (warm, in one process) vs the critical path and the sequential loop."""
    with Sandbox(latency=latency) as sandbox:
        env = sandbox.env()
        doctor = worker("one_number.py", HEALTHY_US, str(runs), "--", *sandbox.flags(), env=env)["samples"]
        baseline = worker("sequential.py", HEALTHY_US, str(runs), sandbox.base_url, sandbox.ca_file, env=env)
        sandbox.reset_counters()
        cold = measure([*doctor_command(), HEALTHY_US, "--format", "json", *sandbox.flags()], env)
        counters = sandbox.counters()
    wall = median([s["wall_ms"] for s in doctor])
    probe = median([s["probe_ms"] for s in doctor])
    critical = 3 * latency * 1000 + probe
    sequential = median(baseline["wall_ms"])
    return {
        "latency_ms": latency * 1000,
        "runs": runs,
        "doctor_wall_ms": wall,
        "probe_ms": probe,
        "critical_path_ms": critical,
        "ratio_to_critical_path": wall / critical,
        "api_round_trip_ms": median(baseline["request_ms"]),
        "sequential_wall_ms": sequential,
        "speedup_vs_sequential": sequential / wall,
        "cold_process_wall_ms": cold.wall * 1000,
        "cold_process_code": cold.code,
        "requests": counters["total"],
        "requests_by_route": counters["requests"],
        "repeated": counters["repeated"],
    }


def fleet_run(sandbox: Sandbox, args: list[str], numbers: int | None = None) -> dict[str, Any]:
    """One fresh `doctor` process over a fleet, JSON to a file: wall, peak memory, and what the API served."""
    sandbox.reset_counters()
    with tempfile.TemporaryDirectory() as tmp:
        report_path = Path(tmp) / "report.json"
        run: Measured = measure(
            [*doctor_command(), *args, "--format", "json", "-o", str(report_path), *sandbox.flags()], sandbox.env()
        )
        if run.code not in (0, 1):
            raise RuntimeError(f"doctor exited {run.code}: {run.stderr}")
        tally = worker("tally.py", str(report_path))  # read elsewhere: this process must stay small
    counters = sandbox.counters()
    served = counters["total"] - counters["rate_limited"]
    reported, errors = tally["numbers"], tally["error_results"]
    return {
        "numbers": reported,
        "expected_numbers": numbers if numbers is not None else reported,
        "wall_s": run.wall,
        "cpu_s": run.cpu,
        "peak_mb": run.peak_mb,
        "requests": served,
        "throttled": counters["rate_limited"],
        "requests_per_number": served / max(1, reported),
        "repeated": counters["repeated"],
        "error_results": errors,
        "requests_by_route": counters["requests"],
    }


def fleets(size: int, rate: float) -> dict[str, Any]:
    """Requests per number for fleets of 1, 100 and `size`; `size` numbers under `rate` requests/s."""
    results: dict[str, Any] = {}
    with Sandbox() as demo:
        results["1"] = fleet_run(demo, [HEALTHY_US], 1)
    with Sandbox(synthetic=100) as small:
        results["100"] = fleet_run(small, ["--all"], 100)
    with Sandbox(synthetic=size) as large:
        results[str(size)] = fleet_run(large, ["--all"], size)
        with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
            listing.write("\n".join(f"+1555{i:07d}" for i in range(0, 100 * 97, 97)))  # 100 spread-out long codes
            listing.flush()
            results[f"100 of {size} (--from-file)"] = fleet_run(large, ["--from-file", listing.name], 100)
        large.settings(rate_limit=rate)
        limited = fleet_run(large, ["--all"], size)
        limited["rate_limit"] = rate
        limited["requests_over_rate_s"] = limited["requests"] / rate
        limited["wall_vs_requests_over_rate"] = limited["wall_s"] / limited["requests_over_rate_s"]
        results["rate_limited"] = limited
    return results


FORMATS = ("json", "text", "junit", "markdown", "github")


def report_formats(size: int, doctor: list[str] | None = None) -> dict[str, Any]:
    """Peak memory and wall of `--all --probe off` over `size` numbers in each format, the report to `-o`.

    GitHub's step summary goes to a file too. `doctor` is the command to measure (another checkout's, say).
    """
    results: dict[str, Any] = {}
    with Sandbox(synthetic=size) as sandbox, tempfile.TemporaryDirectory() as tmp:
        for fmt in FORMATS:
            report_path = Path(tmp) / f"report.{fmt}"
            env = {**sandbox.env(), "GITHUB_STEP_SUMMARY": str(Path(tmp) / "summary.md")}
            argv = [*(doctor or doctor_command()), "--all", "--probe", "off", "--format", fmt, "-o", str(report_path)]
            run = measure([*argv, *sandbox.flags()], env, keep_stdout=False)
            if run.code not in (0, 1):
                raise RuntimeError(f"doctor --format {fmt} exited {run.code}: {run.stderr}")
            results[fmt] = {"wall_s": run.wall, "peak_mb": run.peak_mb, "bytes": report_path.stat().st_size}
    return results


def startup(runs: int) -> dict[str, Any]:
    """Median wall of `doctor --version`, `doctor --help` and `python -c pass`, fresh processes each."""
    commands = {
        "python_c_pass": [sys.executable, "-c", "pass"],
        "doctor_version": [*doctor_command(), "--version"],
        "doctor_help": [*doctor_command(), "--help"],
    }
    for argv in commands.values():
        measure(argv)  # once first, so Python has compiled and cached every module the command imports
    timings = {name: median([measure(argv).wall * 1000 for _ in range(runs)]) for name, argv in commands.items()}
    return {
        **{f"{name}_ms": value for name, value in timings.items()},
        "version_vs_python": timings["doctor_version"] / timings["python_c_pass"],
        "help_vs_python": timings["doctor_help"] / timings["python_c_pass"],
    }


Goal = tuple[str, Callable[[dict[str, Any]], float | bool], str, Callable[[float | bool], bool]]


def goals(size: int) -> list[Goal]:
    """(name, value from the results, the goal as text, whether the value meets it)."""

    def fleet(key: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
        return lambda r: r["fleets"][key]

    def no_repeats(r: dict[str, Any]) -> bool:
        runs = [r["one_number"], *r["fleets"].values()]
        return all(not run["repeated"] for run in runs) and all(
            n == 1 for n in r["one_number"]["requests_by_route"].values()
        )

    def complete(r: dict[str, Any]) -> bool:
        return all(f["numbers"] == f["expected_numbers"] and not f["error_results"] for f in r["fleets"].values())

    return [
        ("one number / critical path (3L + probe)", lambda r: r["one_number"]["ratio_to_critical_path"], "≤ 1.2",
         lambda v: v <= 1.2),
        ("one number: speed-up vs sequential", lambda r: r["one_number"]["speedup_vs_sequential"], "≥ 2",
         lambda v: v >= 2),
        ("no resource fetched twice", no_repeats, "yes", bool),
        ("every number reported, no error result", complete, "yes", bool),
        (f"API requests / number at {size:,}", lambda r: fleet(str(size))(r)["requests_per_number"], "≤ 0.05",
         lambda v: v <= 0.05),
        ("wall / (requests / R) under the limit", lambda r: r["fleets"]["rate_limited"]["wall_vs_requests_over_rate"],
         "≤ 1.5", lambda v: v <= 1.5),
        (f"peak memory at {size:,} (MB)",
         lambda r: max(fleet(str(size))(r)["peak_mb"], r["fleets"]["rate_limited"]["peak_mb"]), "< 200",
         lambda v: v < 200),
        (f"peak memory at {size:,}, every format (MB)",
         lambda r: max(f["peak_mb"] for f in r["formats"].values()), "< 200", lambda v: v < 200),
        ("doctor --version / python -c pass", lambda r: r["startup"]["version_vs_python"], "≤ 3", lambda v: v <= 3),
    ]  # fmt: skip


def table(results: dict[str, Any], size: int) -> tuple[str, bool]:
    """The figures against the goals, and whether all are met."""
    lines = [f"{'goal':<44} {'measured':>10}  {'target':<8} ok", "-" * 70]
    all_met = True
    for name, value_of, target, met in goals(size):
        value = value_of(results)
        ok = met(value)
        all_met &= ok
        shown = ("yes" if value else "no") if isinstance(value, bool) else f"{value:,.3g}"
        lines.append(f"{name:<44} {shown:>10}  {target:<8} {'✓' if ok else '✗ MISSED'}")
        results.setdefault("goals", []).append({"goal": name, "value": value, "target": target, "met": ok})
    return "\n".join(lines), all_met


def details(results: dict[str, Any], size: int) -> str:
    """The figures behind the goals."""
    one = results["one_number"]
    lines = [
        f"one number, L = {one['latency_ms']:.0f} ms: doctor {one['doctor_wall_ms']:.0f} ms (median of "
        f"{one['runs']}), probe {one['probe_ms']:.1f} ms, critical path {one['critical_path_ms']:.0f} ms, "
        f"sequential {one['sequential_wall_ms']:.0f} ms, API round trip {one['api_round_trip_ms']:.1f} ms, "
        f"fresh process {one['cold_process_wall_ms']:.0f} ms, {one['requests']} requests",
    ]
    for key, run in results["fleets"].items():
        lines.append(
            f"fleet {key}: {run['numbers']} numbers, {run['requests']} requests "
            f"({run['requests_per_number']:.4f}/number, {run['throttled']} answered 429), wall {run['wall_s']:.1f} s, "
            f"CPU {run['cpu_s']:.1f} s, peak {run['peak_mb']:.0f} MB"
        )
    limited = results["fleets"]["rate_limited"]
    lines.append(
        f"under R = {limited['rate_limit']:g}/s: requests/R = {limited['requests_over_rate_s']:.1f} s, "
        f"wall {limited['wall_s']:.1f} s"
    )
    lines += [
        f"{fmt} report of {size:,} numbers (--probe off, -o): peak {run['peak_mb']:.0f} MB, wall {run['wall_s']:.1f} s"
        for fmt, run in results["formats"].items()
    ]
    start = results["startup"]
    lines.append(
        f"start-up: python -c pass {start['python_c_pass_ms']:.0f} ms, doctor --version "
        f"{start['doctor_version_ms']:.0f} ms, doctor --help {start['doctor_help_ms']:.0f} ms"
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--latency", type=float, default=0.05, help="API latency L of the one-number run (s)")
    parser.add_argument("--runs", type=int, default=15, help="repetitions of the timed one-number and start-up runs")
    parser.add_argument("--fleet", type=int, default=10_000, help="numbers in the large fleet")
    parser.add_argument("--rate", type=float, default=2.0, help="the sandbox's request limit R for the large fleet")
    parser.add_argument("--formats-only", action="store_true", help="only the peak memory of each report format")
    parser.add_argument("--doctor", help="the doctor command to measure with --formats-only (default: this one)")
    options = parser.parse_args()
    if options.formats_only:
        doctor = options.doctor.split() if options.doctor else None
        for fmt, run in report_formats(options.fleet, doctor).items():
            print(f"{fmt:<9} peak {run['peak_mb']:4.0f} MB  wall {run['wall_s']:5.1f} s  {run['bytes']:,} bytes")
        return 0
    print(f"benchmarking on {machine()['cpu']} ({machine()['nproc']} CPUs), Python {machine()['python']}")
    results: dict[str, Any] = {
        "machine": machine(),
        "settings": {"latency_s": options.latency, "runs": options.runs, "fleet": options.fleet, "rate": options.rate},
    }
    print("one number…", flush=True)
    results["one_number"] = one_number(options.latency, options.runs)
    print("start-up…", flush=True)
    results["startup"] = startup(options.runs)
    print(f"fleets of 1, 100 and {options.fleet:,}, then {options.fleet:,} at {options.rate:g} requests/s…", flush=True)
    results["fleets"] = fleets(options.fleet, options.rate)
    print(f"each report format over {options.fleet:,} numbers…", flush=True)
    results["formats"] = report_formats(options.fleet)
    text, all_met = table(results, options.fleet)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(details(results, options.fleet))
    print()
    print(text)
    print(f"\nresults written to {RESULTS.relative_to(ROOT)}")
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
