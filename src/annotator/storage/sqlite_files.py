"""SQLite library files handled whole, with the standard library only: consistent copies (SQLite's
backup API), a backup opened for reading and checked, and the rows a parallel export's worker
process reads. The backup service and the export worker reach SQLite only through here."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import quote

from annotator.storage.errors import LibraryError

Connection = sqlite3.Connection
FileError = sqlite3.Error  # what a copy, a check or a read of a file raises (caught with OSError)
TIMEOUT = 30  # seconds a copy waits for another program's write lock

_NO_SHM = {sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY}  # how a missing -shm fails


def _uri(path: Path | str, query: str) -> str:
    return f"file:{quote(str(Path(path).absolute()))}?{query}"


def read_only(path: Path | str, *, timeout: float = TIMEOUT) -> Connection:
    """The library (or a copy) opened for reading only."""
    return sqlite3.connect(_uri(path, "mode=ro"), uri=True, timeout=timeout)


def writable(path: Path | str) -> Connection:
    return sqlite3.connect(path, timeout=TIMEOUT)


def copy(source: Connection, target: Path | str) -> None:
    """A consistent copy of an open database into the file `target` (made or replaced whole)."""
    with closing(writable(target)) as into:
        source.backup(into)


def open_backup(path: Path) -> Connection:
    """A backup opened for reading, also on read-only media or a full disk. Backups are WAL-mode
    files, and SQLite reads those (mode=ro) only where it can make a -shm beside them. Where it
    cannot, the file is opened as immutable: a backup is never written after it is made. A
    -wal beside it would hold changes immutable=1 ignores: such a file is refused instead
    (LibraryError, a sentence)."""
    connection = read_only(path)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection
    except sqlite3.OperationalError as exc:
        connection.close()
        if exc.sqlite_errorcode & 0xFF not in _NO_SHM:  # busy, locked, damaged: a real answer
            raise
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise LibraryError(
            f"{path} cannot be read where it is (its changes in {wal.name} need a "
            "writable folder); copy both files to one and try again"
        )
    return sqlite3.connect(_uri(path, "immutable=1"), uri=True)


def revision_and_health(connection: Connection) -> tuple[str | None, bool]:
    """The schema revision a library file was written at (None: not ours) and whether SQLite's
    quick check finds it sound."""
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    ok = connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    return (row[0] if row else None), ok


def pages(connection: Connection) -> int:
    return int(connection.execute("PRAGMA page_count").fetchone()[0])


def copy_in_steps(source: Connection, target: Connection, step: int, first_step_done: Callable[[], None]) -> None:
    """Copy `source` over `target` in steps of `step` pages; the target's write lock is held from
    the first step to the last, and `first_step_done` is called once, right after the first."""
    called: list[bool] = []

    def progress(status: int, _remaining: int, _total: int) -> None:
        if status == sqlite3.SQLITE_OK and not called:
            called.append(True)
            first_step_done()

    source.backup(target, pages=step, progress=progress)


def has_documents(path: Path) -> bool:
    with closing(read_only(path, timeout=5)) as connection:
        return connection.execute("SELECT count(*) FROM documents").fetchone()[0] > 0


def rows(database: str, sql: str, params: Any) -> tuple[Connection, sqlite3.Cursor]:
    """A compiled query run on a read-only connection (the parallel export's worker): the
    connection, for the caller to close, and its cursor."""
    connection = read_only(database)
    try:
        return connection, connection.execute(sql, params)
    except BaseException:
        connection.close()
        raise
