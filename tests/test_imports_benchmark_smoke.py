"""The imports benchmark's quick mode runs (it judges no timings)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_imports_benchmark_runs():
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.imports", "--quick"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    assert results["corpus"]["import_jsonl_s"] > 0 and results["corpus"]["baseline_import_txt_files_s"] > 0
    assert results["pdf"]["pypdf_import_s"] > 0
