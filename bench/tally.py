"""Worker: count the numbers and the error results of a JSON report file, and print them as JSON.

    python bench/tally.py REPORT.json

A worker of its own so that the benchmark process, whose children inherit its peak memory on Linux, never
holds a large report.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> None:
    report = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    errors = sum(1 for n in report["numbers"] for c in n["checks"] if c["status"] == "error")
    print(json.dumps({"numbers": len(report["numbers"]), "error_results": errors}))


if __name__ == "__main__":
    main()
