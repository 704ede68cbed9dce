"""One part of a parallel CSV export, run as its own small process (standard library only, so it
starts in milliseconds; its SQLite side is storage.sqlite_files):
`python -m annotator.services.export_worker DATABASE OUT` with the SQL and its parameters as one
JSON line on standard input; prints the number of rows written. SQLite only: for other databases
the export runs in one process.

The worker dies with its parent: the parent keeps our standard input open until we are done, so
end-of-file there means it is gone (killed, say) — the worker then removes its part and exits.
A pipe closing is portable (Linux, macOS, Windows) and cannot be missed, unlike a signal asked
for after a parent may already have died (prctl PR_SET_PDEATHSIG) or polling the parent's id."""

from __future__ import annotations

import csv
import json
import os
import sys
import threading
from typing import Any

from annotator.storage import sqlite_files  # standard library only, like this module

BATCH = 10_000
finished = threading.Event()  # the part is complete: it is the parent's now, never removed here


def write_part(database: str, sql: str, params: Any, out: str, pad: int = 0) -> int:
    """Run one compiled export query on a read-only connection; write its rows (no header), each
    with `pad` empty cells added (as csv_export.write_csv does)."""
    connection, cursor = sqlite_files.rows(database, sql, params)
    try:
        written = 0
        empty = ("",) * pad
        with open(out, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, dialect="excel", lineterminator="\r\n")
            while True:
                rows = cursor.fetchmany(BATCH)
                if not rows:
                    return written
                writer.writerows([(*row, *empty) for row in rows] if pad else rows)
                written += len(rows)
    finally:
        connection.close()


def watch_parent(out: str) -> None:
    """Block until standard input closes (the parent is gone or cancelled), then remove the part
    and end the process at once (a thread cannot raise into the main thread's C call)."""
    sys.stdin.read()
    if finished.is_set():
        return
    try:
        os.unlink(out)
    except OSError:
        pass
    os._exit(1)


def main() -> int:
    database, out = sys.argv[1], sys.argv[2]
    job = json.loads(sys.stdin.readline())
    threading.Thread(target=watch_parent, args=(out,), daemon=True).start()
    written = write_part(database, job["sql"], job["params"], out, job.get("pad", 0))
    finished.set()
    print(written, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
