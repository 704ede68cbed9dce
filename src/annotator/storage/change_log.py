"""The change log (revision 0006): "what changed after id N", written by triggers in the same
transaction as each change; and a new epoch when a restore gives the library another history."""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass

from sqlalchemy import text

from annotator.storage.engine import Session

CHANNEL = "annotator_changes"  # PostgreSQL: the triggers' pg_notify hint (see revision 0006)


@dataclass(frozen=True, slots=True)
class LogEntry:
    id: int
    table: str  # annotations, annotation_tags, documents, tags, rejected_suggestions, lexicon_terms
    kind: str  # i, u, d
    document_id: int | None
    row_id: int | None  # the annotation (annotations, annotation_tags), tag, document, term
    origin: str  # the writing window's session id ('' for every other writer)


@dataclass(frozen=True, slots=True)
class LogRead:
    epoch: str  # this log's history: another one (a restore) means "read everything again"
    pruned_through: int  # rows up to this id are gone: a reader behind it reads everything again
    newest: int  # the highest id handed out so far (as far as this reader can tell)
    entries: list[LogEntry]  # after the asked id, oldest first
    complete: bool  # False: more than the limit asked for followed (read everything again)


def read_after(session: Session, after: int, limit: int) -> LogRead:
    """The entries after id `after` (at most `limit`) and the log's state, in one snapshot."""
    epoch, pruned = session.execute(text("SELECT epoch, pruned_through FROM change_log_state WHERE id = 1")).one()
    rows = session.execute(
        text("SELECT id, tbl, kind, document_id, row_id, origin FROM change_log WHERE id > :after ORDER BY id LIMIT :limit"),
        {"after": after, "limit": limit + 1},
    ).all()
    entries = [LogEntry(*row) for row in rows[:limit]]
    if entries:
        newest = entries[-1].id
    else:
        newest = session.execute(text("SELECT coalesce(max(id), 0) FROM change_log")).scalar_one()
    return LogRead(epoch, int(pruned), max(int(newest), int(pruned)), entries, len(rows) <= limit)


def newest(session: Session) -> tuple[str, int]:
    """The log's epoch and its highest id: where a reader that has just read everything starts."""
    read = read_after(session, 1 << 62, 0)
    return read.epoch, read.newest


def draw_new_epoch(connection: sqlite3.Connection) -> None:
    """The library was replaced by a backup (another history): every window reads it all again.
    A file older than the change log (no such table) is upgraded, and given an epoch, on open."""
    try:
        with connection:
            connection.execute("UPDATE change_log_state SET epoch = ? WHERE id = 1", (str(uuid.uuid4()),))
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise
