"""One part of a parallel export, run as its own small process (standard library only, so it
starts in milliseconds; its SQLite side is storage.sqlite_files; the part is written by the same
exporter class as a serial export, chosen by format name):
`python -m annotator.services.export_worker DATABASE OUT` with the SQL and its parameters as one
JSON line on standard input; prints the number of rows written. SQLite only: for other databases
the export runs in one process.

The worker also checks every row it writes against its document's text (text[start:end] ==
quote, the offsets inside the text): the export's guarantee, checked in parallel on each part's
own range instead of in one pass before the export (which cost 15-20% of its time). Broken rows'
ids are reported to the parent, which then refuses the export before anything is renamed into place.

The worker dies with its parent: the parent keeps our standard input open until we are done, so
end-of-file there means it is gone (killed, say) — the worker then removes its part and exits.
A pipe closing is portable (Linux, macOS, Windows) and cannot be missed, unlike a signal asked
for after a parent may already have died (prctl PR_SET_PDEATHSIG) or polling the parent's id."""

from __future__ import annotations

import json
import os
import sys
import threading
from typing import Any

from annotator.domain.export_rows import COLUMNS  # standard library only, like this module
from annotator.exporters import exporter_class
from annotator.exporters.base import write_rows
from annotator.storage import sqlite_files

BATCH = 10_000
finished = threading.Event()  # the part is complete: it is the parent's now, never removed here


# Columns of an export row (domain.export_rows.ExportRow): the check reads these.
ID, DOCUMENT, QUOTE, START, END = (COLUMNS.index(name) for name in ("annotation_id", "document_id", "text", "start", "end"))
BROKEN_KEPT = 1_000  # ids reported; the refusal names the first few and counts the rest


def write_part(
    database: str,
    sql: str,
    params: Any,
    out: str,
    pad: int = 0,
    text_sql: str = "",
    format: str = "csv",
    spreadsheet: bool = False,
    field_names: tuple[str, ...] = (),
) -> tuple[int, list[int], int]:
    """Run one compiled export query on a read-only connection; write its rows (no header)
    through the format's exporter, each with `pad` empty cells added. With `text_sql` (the query
    of a document's text by id), check each row against its text: returns (rows written, ids of
    broken rows (the first BROKEN_KEPT), how many rows were broken)."""
    connection, cursor = sqlite_files.rows(database, sql, params)
    broken: list[int] = []
    count = 0
    check = _Checker(connection, text_sql) if text_sql else None

    def batches() -> Any:
        nonlocal count, broken
        while rows := cursor.fetchmany(BATCH):
            if check is not None and (bad := check(rows)):
                count += len(bad)
                broken += bad[: BROKEN_KEPT - len(broken)]
            yield rows

    try:
        with open(out, "w", encoding="utf-8", newline="") as handle:
            exporter = exporter_class(format, spreadsheet)(handle, field_names)
            written = write_rows(exporter, batches(), None, pad)
        return written, broken, count
    finally:
        connection.close()


class _Checker:
    """text[start:end] == quote for rows in document order, each text read once."""

    def __init__(self, connection: sqlite_files.Connection, text_sql: str) -> None:
        self._connection, self._sql = connection, text_sql
        self._current: int | None = None
        self._text: str | None = None

    def __call__(self, rows: list[tuple[Any, ...]]) -> list[int]:
        bad = []
        current, text = self._current, self._text
        for row in rows:  # the hot loop: one slice and one comparison per row
            if row[DOCUMENT] != current:
                current = row[DOCUMENT]
                found = self._connection.execute(self._sql, (current,)).fetchone()
                text = found[0] if found else None
            start, end, quoted = row[START], row[END], row[QUOTE]
            if text is None or not 0 <= start <= end <= len(text) or text[start:end] != quoted:
                bad.append(row[ID])
        self._current, self._text = current, text
        return bad


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
    written, broken, count = write_part(
        database,
        job["sql"],
        job["params"],
        out,
        job.get("pad", 0),
        job.get("text_sql", ""),
        job.get("format", "csv"),
        job.get("spreadsheet", False),
        tuple(job.get("field_names", ())),
    )
    finished.set()
    print(json.dumps({"written": written, "broken": broken, "broken_count": count}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
