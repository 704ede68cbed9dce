"""The REFI-QDA benchmark's quick mode runs (it judges no timings)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_refi_benchmark_runs():
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.refi", "--quick"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    assert results["median_s"]["qdpx import"] > 0 and results["rows"] > 1000
