"""The merge-window benchmark's quick mode runs (it judges no timings)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_merge_window_benchmark_runs():
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.merge_window", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    assert {"before", "after", "gap_ratio_after_to_before"} <= set(results)
