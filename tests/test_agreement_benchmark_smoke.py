"""The agreement benchmark's quick mode runs (it judges no timings)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_agreement_benchmark_runs(tmp_path):
    out = tmp_path / "agreement.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.agreement", "--quick", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    metrics = [r["metric"].split()[0] for r in json.loads(out.read_text())["results"]]
    assert metrics == ["A1", "A2", "A3", "A4", "A5"]
