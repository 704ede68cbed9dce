"""What every row of the benchmark suite shares: the sizes (full and quick), the Result row, and
timing helpers (a median over repeats, the CLI as a whole process, this process's resident size).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
FULL = dict(
    big=1_000_000,
    big_annotations=50_000,
    library_annotations=1_000_000,
    docs=10_000,
    import_files=1_000,
    import_big=10_000_000,
    export_rows=1_000_000,
    tags=200,
    pages=40,
    repeats=7,
)
QUICK = dict(
    big=50_000,
    big_annotations=500,
    library_annotations=5_000,
    docs=100,
    import_files=20,
    import_big=200_000,
    export_rows=5_000,
    tags=20,
    pages=5,
    repeats=2,
)


@dataclass
class Result:
    metric: str
    value: float
    unit: str
    target: str
    baseline: float | None = None
    ratio: float | None = None
    met: bool | None = None
    note: str = ""


def median_time(fn, repeats: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def annotator_cli(*args: str, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "annotator", *args], check=True, capture_output=True, env={**os.environ, **(env or {})}
    )
    return time.perf_counter() - start


def rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
