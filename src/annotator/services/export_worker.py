"""One part of a parallel CSV export, run as its own small process (standard library only, so it
starts in milliseconds): `python -m annotator.services.export_worker DATABASE OUT` with the SQL
and its parameters as JSON on standard input; prints the number of rows written. SQLite only:
for other databases the export runs in one process."""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from typing import Any
from urllib.parse import quote

BATCH = 10_000


def write_part(database: str, sql: str, params: Any, out: str, pad: int = 0) -> int:
    """Run one compiled export query on a read-only connection; write its rows (no header), each
    with `pad` empty cells added (as csv_export.write_csv does)."""
    connection = sqlite3.connect(f"file:{quote(database)}?mode=ro", uri=True, timeout=30)
    try:
        cursor = connection.execute(sql, params)
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


def main() -> int:
    database, out = sys.argv[1], sys.argv[2]
    job = json.load(sys.stdin)
    print(write_part(database, job["sql"], job["params"], out, job.get("pad", 0)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
