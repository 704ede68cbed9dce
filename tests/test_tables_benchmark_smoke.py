"""The tables benchmark's quick mode runs (it judges no timings)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_tables_benchmark_runs():
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.tables", "--quick"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    assert results["crosstab tags x source, passages"]["app_ms"] > 0
