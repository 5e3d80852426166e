"""Effective sequential round trips of one number, with and without evidence, from injected latency.

    .venv/bin/python bench/round_trips.py [RUNS]

The demo's healthy US long code is diagnosed warm at API latencies of 100 ms and 200 ms; the slope of the wall
time (less the doctor's own probe time) between them, in units of the latency, is the number of round trips
that had to wait for each other. See docs/performance.md.
"""

from __future__ import annotations

import json
import sys

from support import Sandbox, median, worker

HEALTHY_US = "+15550100001"
LATENCIES = (0.1, 0.2)


def main() -> None:
    runs = sys.argv[1] if len(sys.argv) > 1 else "7"
    walls: dict[tuple[float, str], float] = {}
    for latency in LATENCIES:
        with Sandbox(latency=latency) as sandbox:
            for evidence in ("on", "off"):
                flags = [*sandbox.flags(), "--evidence", evidence]
                samples = worker("one_number.py", HEALTHY_US, runs, "--", *flags, env=sandbox.env())["samples"]
                walls[(latency, evidence)] = median([s["wall_ms"] - s["probe_ms"] for s in samples])
    low, high = LATENCIES
    result = {
        evidence: round((walls[(high, evidence)] - walls[(low, evidence)]) / ((high - low) * 1000), 2)
        for evidence in ("on", "off")
    }
    print(json.dumps({"effective_round_trips": result, "goal": 2.5}))
    sys.exit(0 if result["on"] <= 2.5 else 1)


if __name__ == "__main__":
    main()
