"""What the benchmarks share: a sandbox in its own process, timed doctor runs, medians and the machine."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def base_env() -> dict[str, str]:
    """This environment, but letting Python cache compiled modules as an installed doctor always has them."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def doctor_command() -> list[str]:
    """The installed `doctor` next to this Python, else `python -m telnyx_doctor`."""
    script = Path(sys.executable).with_name("doctor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "telnyx_doctor"]


class Sandbox:
    """`doctor sandbox` in a process of its own, so its work never competes with the measured doctor's GIL."""

    def __init__(self, *, synthetic: int | None = None, latency: float = 0.0) -> None:
        argv = [*doctor_command(), "sandbox"]
        if synthetic is not None:
            argv += ["--synthetic", str(synthetic)]
        if latency:
            argv += ["--latency", str(latency)]
        self.process = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=base_env()
        )
        self.base_url = self.api_key = self.ca_file = ""
        assert self.process.stdout is not None
        for line in self.process.stdout:  # the sandbox announces itself, then waits
            if line.startswith("sandbox serving at "):
                self.base_url = line.split()[3]
            elif line.startswith("export TELNYX_API_KEY="):
                self.api_key = line.split("=", 1)[1].split()[0]
            elif "--ca-bundle" in line:
                self.ca_file = line.split("--ca-bundle", 1)[1].split()[0]
            elif line.startswith("# press Ctrl-C"):
                break
        if not (self.base_url and self.api_key and self.ca_file):
            self.stop()
            raise RuntimeError("the sandbox did not start")
        self.admin = self.base_url.removesuffix("/v2") + "/_sandbox"

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop it the way Ctrl-C does."""
        if self.process.poll() is None:
            self.process.send_signal(2)  # SIGINT
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def call(self, path: str, body: dict[str, Any] | None = None) -> Any:
        """GET (or POST `body` to) an admin route."""
        data = json.dumps(body).encode() if body is not None else None
        method = "POST" if body is not None else "GET"
        request = urllib.request.Request(f"{self.admin}/{path}", data=data, method=method)
        request.add_header("content-type", "application/json")
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read())

    def settings(self, **values: Any) -> None:
        """Change latency (s) or rate_limit (requests/s; None lifts it)."""
        self.call("settings", values)

    def reset_counters(self) -> None:
        """Zero the request counters."""
        self.call("reset-counters", {})

    def counters(self) -> dict[str, Any]:
        """`total`, `requests` by route, `rate_limited`, `repeated` resources and `webhooks`."""
        result: dict[str, Any] = self.call("requests")
        return result

    def env(self) -> dict[str, str]:
        """The environment a doctor run against this sandbox needs (built-in checks only)."""
        return {**base_env(), "TELNYX_API_KEY": self.api_key, "TELNYX_DOCTOR_PLUGINS": "", "NO_COLOR": "1"}

    def flags(self) -> list[str]:
        """The flags that point a doctor run at this sandbox."""
        return ["--base-url", self.base_url, "--ca-bundle", self.ca_file, "--allow-private", "--no-config"]


@dataclass(frozen=True)
class Measured:
    """One process run: exit code, wall seconds, peak resident memory (MB) and CPU seconds."""

    code: int
    wall: float
    peak_mb: float
    cpu: float
    stdout: str
    stderr: str


def measure(argv: Sequence[str], env: dict[str, str] | None = None, *, keep_stdout: bool = True) -> Measured:
    """Run `argv` to the end; its peak memory comes from wait4's rusage of that very process.

    Linux carries the high-water mark of a process's memory across exec, so a child starts from its parent's
    resident size: this process must stay small (it never loads a report itself) for the figure to be the
    doctor's own, as /usr/bin/time would report it.
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        stdout = out if keep_stdout else subprocess.DEVNULL
        process = subprocess.Popen(list(argv), stdout=stdout, stderr=err, env=env if env is not None else base_env())
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
        return Measured(
            code=process.returncode,
            wall=wall,
            peak_mb=usage.ru_maxrss / scale,
            cpu=usage.ru_utime + usage.ru_stime,
            stdout=out.read() if keep_stdout else "",
            stderr=err.read(),
        )


def median(values: Sequence[float]) -> float:
    """The median."""
    return float(statistics.median(values))


def worker(script: str, *args: str, env: dict[str, str] | None = None) -> Any:
    """Run a benchmark worker (a script in bench/) and return the JSON it prints."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        env=env if env is not None else base_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{script} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def machine() -> dict[str, Any]:
    """Where the figures were measured."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
