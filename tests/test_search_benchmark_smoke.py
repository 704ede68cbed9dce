"""The search benchmark's quick mode runs (it judges no timings)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_search_benchmark_runs():
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.search", "--quick"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    assert results["count"]["hits"] > 0 and results["first_page"]["first_page_p95_ms"] > 0
    assert {"import_with_index_s", "import_without_index_s"} <= set(results["import"])
