"""Many annotations with their tag links stored at once, for the import of a whole project
(REFI-QDA): ids handed out here, rows as plain tuples through the DB-API's executemany.

On SQLite the per-row insert triggers of the kept counts and the change log (revisions 0005,
0006, 0011) cost three times the rows themselves; inside the import's write transaction they are
set aside, their work is done once by set statements over the new rows, and they are put back
as they were before the transaction commits (decision 037). Every committed state of the library
has them: SQLite lets one writer in at a time (our BEGIN IMMEDIATE holds the lock from the
start) and readers see the last commit. Where the triggers are not exactly the ones these
statements stand for, they are left alone and fire row by row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

# An annotation's columns as `add` takes them (its id is handed out here).
COLUMNS = (
    "document_id",
    "start_offset",
    "end_offset",
    "quote",
    "prefix",
    "suffix",
    "note",
    "created_at",
    "updated_at",
    "fields",
    "uuid",
    "coder_id",
    "layer",
)
SLICE = 10_000  # rows per executemany: memory stays flat
CACHE_KIB = -65_536  # SQLite's page cache while the rows go in (negative: KiB), then as it was

# The insert triggers whose work `_after` does (their SQL as the revisions wrote it, blanks
# folded). Triggers on these tables that differ in any way — a revision that changes one, or
# another program's — and the import leaves them all in place (slower, never wrong).
REPLACED = {
    "tr_annotations_count_insert": "CREATE TRIGGER tr_annotations_count_insert AFTER INSERT ON annotations BEGIN "
    "UPDATE documents SET annotation_count = annotation_count + 1 WHERE id = NEW.document_id; END",
    "tr_annotations_log_i": "CREATE TRIGGER tr_annotations_log_i AFTER INSERT ON annotations FOR EACH ROW BEGIN "
    "INSERT INTO change_log (tbl, kind, document_id, row_id) VALUES ('annotations', 'i', NEW.document_id, NEW.id); END",
    "tr_annotation_tags_log_i": "CREATE TRIGGER tr_annotation_tags_log_i AFTER INSERT ON annotation_tags FOR EACH ROW "
    "BEGIN INSERT INTO change_log (tbl, kind, document_id, row_id) VALUES ('annotation_tags', 'i', "
    "(SELECT a.document_id FROM annotations a WHERE a.id = NEW.annotation_id), NEW.annotation_id); END",
    # As revision 0015 wrote it (the layer in the key).
    "tr_tag_counts_link_i": "CREATE TRIGGER tr_tag_counts_link_i AFTER INSERT ON annotation_tags BEGIN "
    "INSERT INTO tag_counts (document_id, tag_id, coder_id, layer, n) SELECT a.document_id, NEW.tag_id, a.coder_id, "
    "a.layer, 1 FROM annotations a WHERE a.id = NEW.annotation_id "
    "ON CONFLICT (document_id, tag_id, coder_id, layer) DO UPDATE SET n = n + 1; END",
}
# Tables whose triggers are looked at: the two written, and the counts written in sets here (a
# trigger on tag_counts would see one upsert per group instead of one per link).
WATCHED = ("annotations", "annotation_tags", "tag_counts")
_INSERT = re.compile(r"\b(?:BEFORE|AFTER|INSTEAD\s+OF)\s+INSERT\b", re.IGNORECASE)

# What the triggers above do, once for the new rows (ids lo..hi, consecutive on SQLite). The
# change log gets the rows the triggers would have written, in their order: the annotations,
# then their links (the log's own pruning trigger still runs on each).
AFTER = (
    "UPDATE documents SET annotation_count = annotation_count + "
    "(SELECT count(*) FROM annotations a WHERE a.document_id = documents.id AND a.id BETWEEN :lo AND :hi) "
    "WHERE id IN (SELECT document_id FROM annotations WHERE id BETWEEN :lo AND :hi)",
    "INSERT INTO tag_counts (document_id, tag_id, coder_id, layer, n) "
    "SELECT a.document_id, t.tag_id, a.coder_id, a.layer, count(*) FROM annotation_tags t "
    "JOIN annotations a ON a.id = t.annotation_id "
    "WHERE t.annotation_id BETWEEN :lo AND :hi GROUP BY a.document_id, t.tag_id, a.coder_id, a.layer "
    "ON CONFLICT (document_id, tag_id, coder_id, layer) DO UPDATE SET n = n + excluded.n",
    "INSERT INTO change_log (tbl, kind, document_id, row_id) "
    "SELECT 'annotations', 'i', document_id, id FROM annotations WHERE id BETWEEN :lo AND :hi ORDER BY id",
    "INSERT INTO change_log (tbl, kind, document_id, row_id) "
    "SELECT 'annotation_tags', 'i', a.document_id, t.annotation_id FROM annotation_tags t "
    "JOIN annotations a ON a.id = t.annotation_id WHERE t.annotation_id BETWEEN :lo AND :hi "
    "ORDER BY t.annotation_id, t.tag_id",
)


def add(session: Session, rows: Sequence[tuple[Any, ...]], tags: Sequence[Sequence[int]]) -> list[int]:
    """Store annotations (values in COLUMNS order) with their tags (tag ids, one sequence per row,
    no repeats); their new ids, in order. The kept counts and the change log end as the triggers
    would leave them."""
    if not rows:
        return []
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    mark = "?" if sqlite else "%s"
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    cache = cursor.execute("PRAGMA cache_size").fetchone()[0] if sqlite else None
    try:
        if sqlite:  # five b-trees grow at once: SQLite's 2 MB default spills pages to the WAL mid-way
            cursor.execute(f"PRAGMA cache_size = {CACHE_KIB}")
        ids = _new_ids(cursor, sqlite, len(rows))
        aside = _set_aside(cursor) if sqlite else []
        insert = f"INSERT INTO annotations (id, {', '.join(COLUMNS)}) VALUES ({', '.join([mark] * (len(COLUMNS) + 1))})"
        for start in range(0, len(rows), SLICE):
            part = zip(ids[start : start + SLICE], rows[start : start + SLICE], strict=True)
            cursor.executemany(insert, [(i, *row) for i, row in part])
        links = [(i, t) for i, these in zip(ids, tags, strict=True) for t in these]
        for start in range(0, len(links), SLICE):
            cursor.executemany(
                f"INSERT INTO annotation_tags (annotation_id, tag_id) VALUES ({mark}, {mark})", links[start : start + SLICE]
            )
        if aside:
            for statement in AFTER:
                cursor.execute(statement, {"lo": ids[0], "hi": ids[-1]})
            for sql in aside:
                cursor.execute(sql)
    finally:
        if cache is not None:
            cursor.execute(f"PRAGMA cache_size = {int(cache)}")
        cursor.close()
    return ids


def replaceable(session: Session) -> bool:
    """Whether `add` sets the insert triggers aside here (SQLite, and the triggers are exactly
    the ones its statements stand for); otherwise they fire row by row."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return False
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        return _matches(cursor)
    finally:
        cursor.close()


def _matches(cursor: Any) -> bool:
    return _found(cursor) == {name: _folded(sql) for name, sql in REPLACED.items()}


def _found(cursor: Any) -> dict[str, str]:
    """The insert triggers on the watched tables (the file's and this connection's temporary ones)."""
    places = ", ".join("?" * len(WATCHED))
    found = cursor.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({places}) "
        f"UNION ALL SELECT name, sql FROM sqlite_temp_master WHERE type = 'trigger' AND tbl_name IN ({places})",
        WATCHED * 2,
    ).fetchall()
    return {name: _folded(sql) for name, sql in found if _INSERT.search(sql or "")}


def _folded(sql: str) -> str:
    return " ".join(sql.split())


def _set_aside(cursor: Any) -> list[str]:
    """Drop the replaced triggers (inside this transaction: a rollback brings them back) and
    return their SQL as stored, to be run again; [] where they are not exactly REPLACED."""
    if not _matches(cursor):
        return []
    names = list(REPLACED)
    stored = dict(
        cursor.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({', '.join('?' * len(names))})", names
        ).fetchall()
    )
    for name in names:
        cursor.execute(f"DROP TRIGGER {name}")
    return [stored[name] for name in names]


def _new_ids(cursor: Any, sqlite: bool, n: int) -> list[int]:
    """n ids nobody has had: on SQLite the next ones after the table's high-water mark (the write
    lock is ours until commit), on a server drawn from the table's sequence."""
    if sqlite:
        top = cursor.execute(
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'annotations'), 0), "
            "coalesce((SELECT max(id) FROM annotations), 0))"
        ).fetchone()[0]
        return list(range(int(top) + 1, int(top) + 1 + n))
    cursor.execute("SELECT nextval(pg_get_serial_sequence('annotations', 'id')) FROM generate_series(1, %s)", (n,))
    return sorted(int(row[0]) for row in cursor.fetchall())


# PostgreSQL (revision 0014): each passage–tag link's copy of its passage's document and coder,
# which row security reads. A trigger sets it row by row; a bulk load with the triggers off
# (the benchmarks' libraries) sets it with this afterwards.
LINK_OWNERS = (
    "UPDATE annotation_tags t SET document_id = a.document_id, coder_id = a.coder_id "
    "FROM annotations a WHERE a.id = t.annotation_id"
)
