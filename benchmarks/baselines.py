"""Baselines measured in the same run as the app, and the state of the machine while it ran.

A baseline must do the same work the app does, minus the app: the export's plain loop runs the
app's OWN export SQL (compiled by storage.export_query, run with the standard library), so a
ratio says what the app adds, not which query happens to be faster. The load average and a fixed
CPU reference (a pure-Python loop of fixed work) tell a missed target from a noisy run.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

CPU_WORK = 2_000_000


def cpu_reference(repeats: int = 3) -> float:
    """Seconds for a fixed pure-Python loop (median): on an idle machine of this kind ~0.1 s;
    more means the run shared its core."""

    def work() -> int:
        total = 0
        for i in range(CPU_WORK):
            total += i * i % 7
        return total

    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def machine_state() -> dict[str, float]:
    """Load average (1, 5, 15 min) and the CPU reference, now."""
    one, five, fifteen = os.getloadavg()
    return {
        "load_1m": round(one, 2),
        "load_5m": round(five, 2),
        "load_15m": round(fifteen, 2),
        "cpu_reference_s": round(cpu_reference(), 4),
        "cores": os.cpu_count() or 1,
    }


def describe(state: dict[str, float]) -> str:
    return (
        f"load average {state['load_1m']:g} / {state['load_5m']:g} / {state['load_15m']:g} on "
        f"{state['cores']:g} cores; CPU reference {state['cpu_reference_s'] * 1000:.0f} ms "
        f"({CPU_WORK:,} pure-Python steps)"
    )


# --- export -------------------------------------------------------------------------------
def export_sql(db: Path) -> tuple[str, list[object]]:
    """The SQL the app's export runs (all documents, all tags, no field columns) and its parameters."""
    from annotator.storage import export_query, raw
    from annotator.storage.engine import open_library

    library = open_library(str(db))
    try:
        with library.reading() as session:
            sql, params = raw.compiled_sql(session, export_query.query((), ()))
    finally:
        library.close()
    return sql, list(params)


PLAIN_LOOP = """
import csv, json, sqlite3, sys, time
start = time.perf_counter()
db = sqlite3.connect(sys.argv[1])
with open(sys.argv[2], "w", newline="", encoding="utf-8") as handle:
    writer = csv.writer(handle, lineterminator="\\r\\n")
    for row in db.execute(sys.argv[3], json.loads(sys.argv[4])):
        writer.writerow(row)
print(time.perf_counter() - start)
"""


def plain_export(db: Path, out: Path, sql: str, params: list[object]) -> float:
    """A plain sqlite3 + csv loop over the app's own export SQL, timed inside its process."""
    import json

    done = subprocess.run(
        [sys.executable, "-c", PLAIN_LOOP, str(db), str(out), sql, json.dumps(params)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout)


SHELL = "/usr/bin/sqlite3"


def literal(sql: str, params: list[object]) -> str | None:
    """The SQL with its (integer) parameters written in, for the shell; None if there are others."""
    if not all(isinstance(p, int) for p in params) or sql.count("?") != len(params):
        return None
    parts = sql.split("?")
    return "".join(part + (str(params[i]) if i < len(params) else "") for i, part in enumerate(parts))


def shell_export(db: Path, out: Path, sql: str, params: list[object]) -> float | None:
    """The sqlite3 shell's CSV mode over the same SQL (None without a shell)."""
    written = literal(sql, params)
    if not Path(SHELL).exists() or written is None:
        return None
    sql = written
    start = time.perf_counter()
    with open(out, "w") as handle:
        subprocess.run([SHELL, "-csv", str(db), sql + ";"], stdout=handle, check=True)
    return time.perf_counter() - start


# --- import -------------------------------------------------------------------------------
IMPORT_LOOP = """
import hashlib, pathlib, sqlite3, sys, time
start = time.perf_counter()
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("CREATE TABLE IF NOT EXISTS docs (id INTEGER PRIMARY KEY, name TEXT, sha256 TEXT UNIQUE, text TEXT)")
db.execute("BEGIN")
for name in sys.argv[2:]:
    data = pathlib.Path(name).read_bytes()
    text = data.decode("utf-8")
    db.execute("INSERT INTO docs (name, sha256, text) VALUES (?, ?, ?)",
               (name, hashlib.sha256(data).hexdigest(), text))
db.execute("COMMIT")
print(time.perf_counter() - start)
"""


def import_loop(db: Path, files: list[str]) -> float:
    """A plain read + decode + hash + insert loop over the same files, as a whole process (as the
    app's import is timed): interpreter start-up included."""
    db.unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", IMPORT_LOOP, str(db), *files], check=True, capture_output=True)
    return time.perf_counter() - start


# --- 4 baseline: one committed single-row insert --------------------------------------------
def sqlite_insert_baseline(work: Path, count: int = 300) -> float:
    path = work / "baseline.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, a INT, b INT, q TEXT)")
    times = []
    for i in range(count):
        start = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO t (a, b, q) VALUES (?, ?, ?)", (i, i + 5, "passage text"))
        connection.execute("COMMIT")
        times.append(time.perf_counter() - start)
    connection.close()
    return statistics.median(times)
