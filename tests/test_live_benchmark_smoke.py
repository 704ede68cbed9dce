"""The live-update benchmark's quick mode runs (it judges no timings): it rotted once unnoticed when
the schema moved on (a server library is made by `migrate`; the status became per coder). On
PostgreSQL the window is the lead's (a blind document) and a coder's (a revealed one), each with its
login role: every tag of the coder `writer` reached it (row security lets it through)."""

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
    visible = results["visible_ms"]
    assert set(visible) == {"postgresql_lead_blind", "postgresql_coder_revealed", "sqlite"}
    assert [row["n"] for row in visible.values()] == [5, 5, 5]  # --quick: five tags, each seen
    assert results["sqlite_poll_ms"]["after_log"] > 0
