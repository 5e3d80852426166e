"""Worker: diagnose one number several times in this process (imports warm) and print the timings as JSON.

    python bench/one_number.py NUMBER RUNS -- DOCTOR_FLAGS...     (TELNYX_API_KEY in the environment)

Each run is the whole `doctor NUMBER --format json` from argument parsing to the written report; the first
run also pays for the lazy imports and is left out. The probe time is the doctor's own measurement of the
primary webhook probe (DNS, connect, TLS, answer), read from the report.
"""

from __future__ import annotations

import io
import json
import sys
import time

from telnyx_doctor.cli.main import Streams, main


def one(number: str, flags: list[str]) -> dict[str, float]:
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    code = main([number, "--format", "json", *flags], Streams(out, err))
    wall = time.perf_counter() - started
    if code not in (0, 1):
        raise SystemExit(f"doctor exited {code}: {err.getvalue()}")
    report = json.loads(out.getvalue())
    checks = {c["id"]: c for c in report["numbers"][0]["checks"]}
    timings = checks["webhook.reachable"]["evidence"].get("timings", {})
    return {"wall_ms": wall * 1000, "probe_ms": float(timings.get("total_ms", 0.0))}


def main_() -> None:
    number, runs, separator, *flags = sys.argv[1:]
    assert separator == "--", __doc__
    one(number, flags)  # warm-up: imports, plugin discovery
    samples = [one(number, flags) for _ in range(int(runs))]
    print(json.dumps({"samples": samples}))


if __name__ == "__main__":
    main_()
