"""The library agreement benchmark's quick mode runs on SQLite (it judges no timings)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_agreement_library_benchmark_runs(tmp_path):
    out = tmp_path / "agreement_library.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.agreement_library", "--quick", "--backend", "sqlite", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(out.read_text())["sqlite"]
    assert found["rows"] == 20_000 and found["overall"]["alpha_u"] is not None
