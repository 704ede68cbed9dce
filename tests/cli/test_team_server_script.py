"""scripts/team-server.sh, the README's local team server: it starts a cluster of its own that the
walk-through's commands use, says why when it cannot start, and stops."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "team-server.sh"

pytestmark = pytest.mark.skipif(
    not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")), reason="PostgreSQL's server is not installed"
)


def _script(folder: Path, port: int, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ANNOTATOR_TEAM_DIR": str(folder), "ANNOTATOR_TEAM_PORT": str(port)}
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def folder():
    """A folder the postgres user can reach (as root the script runs the server as postgres, and
    pytest's own tmp_path is private to root)."""
    parent = Path(tempfile.mkdtemp(prefix="team-server-"))
    parent.chmod(0o755)
    yield parent / "server"
    if (parent / "server" / "data" / "postmaster.pid").exists():
        _script(parent / "server", 0, "stop")
    shutil.rmtree(parent, ignore_errors=True)


def test_a_taken_port_is_named_with_the_log_then_the_walkthrough_starts_migrates_and_stops(folder):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        refused = _script(folder, port, "start")
        assert refused.returncode == 1
        # Before: pg_ctl's "could not start server. Examine the log output." and no word of where.
        assert f"{folder}/server.log" in refused.stderr, refused.stderr
        assert f"another program listens on 127.0.0.1:{port}" in refused.stderr, refused.stderr
        assert "ANNOTATOR_TEAM_PORT=" in refused.stderr
    started = _script(folder, port, "start")
    assert started.returncode == 0, started.stdout + started.stderr
    admin = f"postgresql+psycopg://postgres@127.0.0.1:{port}/team"
    assert f"admin URL: {admin}" in started.stdout
    try:
        assert _script(folder, port, "start").returncode == 0  # again: already running, said the same
        for args in (("migrate",), ("coders", "add", "alice")):
            done = subprocess.run(
                [sys.executable, "-m", "annotator", "--db", admin, *args], capture_output=True, text=True, timeout=120
            )
            assert done.returncode == 0, done.stdout + done.stderr
        assert "added coder alice" in done.stdout
    finally:
        stopped = _script(folder, port, "stop")
    assert stopped.returncode == 0 and "team server stopped" in stopped.stdout, stopped.stderr
    assert _script(folder, port, "status").returncode != 0
