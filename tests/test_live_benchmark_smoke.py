"""The live-update benchmark's quick mode runs (it judges no timings): it rotted once unnoticed when
the schema moved on (a server library is made by `migrate`; the status became per coder)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_live_benchmark_runs():
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.live", "--quick"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    assert {"postgresql", "sqlite"} <= set(results["visible_ms"]) and results["sqlite_poll_ms"]["after_log"] > 0
