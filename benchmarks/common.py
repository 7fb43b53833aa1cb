"""Shared helpers of the benchmarks: thread pinning, machine description, child processes."""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
               "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


def pin_threads() -> None:
    """One BLAS/OpenMP thread here and in every child (call before importing numpy)."""
    for name in THREAD_VARS:
        os.environ[name] = "1"


def cpu_name() -> str:
    """The CPU model as the kernel reports it, or the platform's guess."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict[str, Any]:
    """CPU, visible cores, Python and OS: what the figures depend on."""
    return {
        "cpu": cpu_name(),
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    import resource

    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / 1024 / 1024


def run_child(args: list[str], timeout: float | None = None) -> tuple[dict[str, Any], float]:
    """Run ``python <args>`` in a fresh process; its last stdout line is JSON.

    Returns (that object, wall seconds from spawn to exit). Raises TimeoutError or
    RuntimeError (with the child's stderr tail) when it does not finish cleanly.
    """
    started = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, *args], capture_output=True, text=True,
                              timeout=timeout, env=dict(os.environ))
    except subprocess.TimeoutExpired:
        raise TimeoutError(f"child {args} ran past {timeout} s") from None
    wall = time.perf_counter() - started
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"child {args} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1]), wall


def median(values: list[float]) -> float:
    """The median of a non-empty list."""
    return statistics.median(values)


def write_json(data: dict[str, Any], path: str | None) -> None:
    """Write ``data`` to ``path`` (if given) as indented JSON."""
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                              encoding="utf-8")


def log(message: str) -> None:
    """Progress on stderr."""
    print(message, file=sys.stderr, flush=True)


def data_json_args(doc: str, argv: list[str] | None = None) -> argparse.Namespace:
    """Pin threads and parse the ``--data DIR --json OUT`` options most benchmarks take."""
    pin_threads()
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--data", help="data folder (default: LETOPIS_DATA or ../shared/data)")
    parser.add_argument("--json", help="write the figures here")
    return parser.parse_args(argv)
