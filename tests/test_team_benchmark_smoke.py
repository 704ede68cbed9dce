"""The team benchmark's quick mode runs on both backends (it judges no timings, only that every
section still works: the window tags without an error dialog, the coders lose nothing) and that on
PostgreSQL every measured client is a coder's login role, as the app's (row security in the figures)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_team_benchmark_runs():
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.team", "--quick"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr, done.stderr[-2000:]  # an error dialog in the window is raised
    results = json.loads(done.stdout)
    for backend in ("sqlite", "postgresql"):
        figures = results[backend]
        assert figures["tag_ms"]["n"] == results["sizes"]["tags"] and figures["open_ms"]["median"] > 0
        assert figures["export"]["rows"] > 0 and figures["export"]["tool_s"] > 0
        coders = figures["coders"]
        assert (coders["errors"], coders["lost"], coders["crashed"]) == (0, 0, [])
        assert coders["writes"] == coders["expected_writes"]
        assert results["merge"][backend]["second_s"] > 0
        assert results["merge"][backend]["merged"] == results["merge"]["annotations"]
    server = results["postgresql"]  # the superuser only sets up: it bypasses row security
    assert server["login"] == server["export"]["login"] == results["merge"]["postgresql"]["login"] == "bench"
    assert server["coders"]["logins"] == [f"coder{n}" for n in range(results["sizes"]["coders"])]
