"""The benchmark suite's quick mode runs (CI smoke test; it judges no timings)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_benchmarks_run(tmp_path):
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    metrics = {r["metric"].split()[0] for r in json.loads(out.read_text())["results"]}
    assert {"1", "2", "3", "4", "5", "5c", "6", "7", "8", "9", "10", "11a", "11b", "11c", "11d", "4h", "6h", "12"} <= metrics


def test_quick_growth_curves_run(tmp_path):
    """`--growth --quick`: every curve of issue 17 runs, each point beside a baseline of the same
    run, a verdict per curve, and the machine's load stored with the results."""
    out = tmp_path / "growth.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--growth", "--quick", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    stored = json.loads(out.read_text())
    assert stored["load_before"]["cpu_reference_s"] > 0 and "load_1m" in stored["load_after"]
    rows = {r["metric"]: r for r in stored["results"]}
    curves = {m for m in rows if m.endswith("curve")}
    assert {
        "G open: first paint curve",
        "G open: list's first screen curve",
        "G tag at a human pace curve",
        "G resident over opens curve",
        "G library pane curve",
        "G export curve",
        "G import curve",
    } <= curves
    for name in curves:
        assert any(word in rows[name]["note"] for word in ("flat", "linear", "fixed cost")), name
    points = [r for m, r in rows.items() if m not in curves]
    assert {"G open", "G tag", "G resident", "10g", "G export", "G import"} <= {
        " ".join(m.split()[:2]) if m.startswith("G") else m.split()[0] for m in (r["metric"] for r in points)
    }
    assert all(r["baseline"] and r["ratio"] for r in points), [r["metric"] for r in points if not r["ratio"]]
