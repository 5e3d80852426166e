"""Runs fault-matrix jobs in a process of its own: JSON jobs on stdin, JSON outcomes on stdout.

A job is CLI arguments plus the faults to put in force first; each runs against a fresh sandbox of the
scenario given on the command line, several at once on a pool of sandboxes. The matrix splits its jobs over
two such processes so the runs (CPU-bound between their waits) are not all serialised by one interpreter lock.

    python matrix_worker.py SCENARIO THREADS < jobs.json > outcomes.json
"""

from __future__ import annotations

import io
import json
import queue
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from telnyx_doctor.cli.main import Streams, main
from telnyx_doctor.sandbox import Fault, SandboxServer


def run_job(server: SandboxServer, job: dict[str, Any]) -> dict[str, Any]:
    """Reset the sandbox, add the job's faults, run the CLI, and say how often each fault fired."""
    server.state.reset()
    faults = [server.state.faults.add(Fault(**fields)) for fields in job["faults"]]
    out, err = io.StringIO(), io.StringIO()
    code = main([*job["argv"], "--base-url", server.base_url], Streams(out, err))
    hits = {id(status.fault): status.hits for status in server.state.faults.statuses()}
    return {"code": code, "out": out.getvalue(), "err": err.getvalue(), "hits": [hits[id(f)] for f in faults]}


def run_all(scenario: str, threads: int, jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every job's outcome, in job order."""
    servers = [SandboxServer(scenario) for _ in range(threads)]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(SandboxServer.start, servers))
        idle: queue.Queue[SandboxServer] = queue.Queue()
        for server in servers:
            idle.put(server)

        def one(job: dict[str, Any]) -> dict[str, Any]:
            server = idle.get()
            try:
                return run_job(server, job)
            finally:
                idle.put(server)

        try:
            return list(pool.map(one, jobs))
        finally:
            list(pool.map(SandboxServer.stop, servers))


if __name__ == "__main__":
    json.dump(run_all(sys.argv[1], int(sys.argv[2]), json.load(sys.stdin)), sys.stdout)
