"""Whole-library reads and bulk writes, for `merge` and `copy` (issue 12).

Another library is opened here read-only: an SQLite file through a read-only sqlite3 URI (nothing
of it changes, not even its journal mode; no -wal/-shm is left beside it), a server database in a
REPEATABLE READ, READ ONLY transaction (one snapshot, even while its coders go on tagging). Rows
travel as plain tuples and dicts; the rules (what matches what) are the services'."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import String, Table, any_, bindparam, create_engine, func, insert, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from annotator.storage import raw
from annotator.storage.engine import _describe, _look_read_only, _where
from annotator.storage.errors import LibraryError
from annotator.storage.paths import PARTS, companion_problem, in_memory, part_of, read_only_uri, sqlite_file, to_url
from annotator.storage.revisions import HEAD
from annotator.storage.schema import (
    AnnotationRow,
    AnnotationTagRow,
    CoderRow,
    DocumentMemoRow,
    DocumentPageRow,
    DocumentRow,
    DocumentStatusRow,
    DocumentTextRow,
    DocumentValueRow,
    GoldDecisionRow,
    LexiconTermRow,
    RejectedSuggestionRow,
    TagRow,
    VariableRow,
)

CHUNK = 500  # ids or UUIDs per IN (...) list: well under SQLite's 32,766 parameters
BIG_CHUNK = 10_000  # where round trips cost more than compiling a long list

CODERS: Table = CoderRow.__table__  # type: ignore[assignment]
TAGS: Table = TagRow.__table__  # type: ignore[assignment]
DOCUMENTS: Table = DocumentRow.__table__  # type: ignore[assignment]
TEXTS: Table = DocumentTextRow.__table__  # type: ignore[assignment]
STATUSES: Table = DocumentStatusRow.__table__  # type: ignore[assignment]
ANNOTATIONS: Table = AnnotationRow.__table__  # type: ignore[assignment]
ANNOTATION_TAGS: Table = AnnotationTagRow.__table__  # type: ignore[assignment]
REJECTED: Table = RejectedSuggestionRow.__table__  # type: ignore[assignment]
LEXICON: Table = LexiconTermRow.__table__  # type: ignore[assignment]
GOLD_DECISIONS: Table = GoldDecisionRow.__table__  # type: ignore[assignment]
VARIABLES: Table = VariableRow.__table__  # type: ignore[assignment]
VALUES: Table = DocumentValueRow.__table__  # type: ignore[assignment]
MEMOS: Table = DocumentMemoRow.__table__  # type: ignore[assignment]
PAGES: Table = DocumentPageRow.__table__  # type: ignore[assignment]

# What a copy carries, parents first. The change log is not among them (see decision 017), nor who
# holds a document for adjudication (curators: a hold belongs to the library it was taken in).
LIBRARY_TABLES = (
    CODERS,
    TAGS,
    DOCUMENTS,
    TEXTS,
    PAGES,
    STATUSES,
    ANNOTATIONS,
    ANNOTATION_TAGS,
    REJECTED,
    LEXICON,
    GOLD_DECISIONS,
    VARIABLES,
    VALUES,
    MEMOS,
)
# Tables whose ids are never reused: their high-water marks travel with a copy.
NUMBERED = (CODERS, TAGS, DOCUMENTS, ANNOTATIONS, LEXICON, GOLD_DECISIONS, VARIABLES)
# Columns a copy leaves to the target: the counts its triggers keep.
KEPT_BY_TRIGGERS = {"documents": {"annotation_count"}}


@contextmanager
def reading_other(location: str, this_url: str = "") -> Iterator[Session]:
    """One read-only snapshot of the library at `location` (a file or a database URL) at schema
    HEAD; LibraryError with a sentence if it cannot be read, is not a library, is another
    revision, or is this very library."""
    if in_memory(location):
        raise LibraryError(f"{location} is a database in memory: there is nothing in it to read")
    url = to_url(location)
    same = _same(url, this_url) if this_url else None
    if same is not None:  # refused unread: reading it here would drop this library's locks (058)
        raise LibraryError(f"{_where(url)} is {same.replace('the library', 'this library')}")
    path = sqlite_file(url)
    if path is not None:
        problem = companion_problem(path)
        if problem:
            raise LibraryError(problem)
        if not path.is_file():
            raise LibraryError(f"{path} does not exist (or is not a file)")
        tables, revision = _look_read_only(path)
        _require_head(url, revision, "alembic_version" in tables)
        engine = create_engine("sqlite://", poolclass=NullPool, creator=lambda: _read_only_sqlite(read_only_uri(path)))
    else:
        try:
            engine = create_engine(url, poolclass=NullPool)
        except (ImportError, ArgumentError, ValueError):  # ValueError: a port that is not a number
            raise LibraryError(f"{_where(url)} is not a database Annotator can open") from None
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("BEGIN")  # one snapshot for every read below
            else:
                connection = connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
                revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
                _require_head(url, revision, True)
            with Session(bind=connection) as session:
                yield session
    except DBAPIError as exc:
        raise LibraryError(_describe(exc, url)) from None
    finally:
        engine.dispose()


def _read_only_sqlite(uri: str) -> sqlite3.Connection:
    connection = sqlite3.connect(uri, uri=True, timeout=15, check_same_thread=False)
    connection.isolation_level = None  # BEGIN is ours (reading_other)
    return connection


def _same(url: str, other: str) -> str | None:
    """Which part of the library at `other` the one at `url` is (paths.PARTS: "the library
    itself", "the library's write-ahead log"…), by path and by file identity; None if neither."""
    one, two = sqlite_file(url), sqlite_file(other)
    if one is not None and two is not None:
        part = part_of(one, two)
        return None if part is None else PARTS[part]
    return PARTS[""] if url == other else None


def _require_head(url: str, revision: str | None, ours: bool) -> None:
    if not ours:
        raise LibraryError(f"{_where(url)} is not an Annotator library")
    if revision != HEAD:
        raise LibraryError(
            f"{_where(url)} is at schema {revision}, this version reads {HEAD}: open it once "
            "with this version (annotator --db … check) to upgrade it, then try again"
        )


def read_all(session: Session, table: Table, *, skip: Iterable[str] = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Every row of a table (column names, rows), in primary-key order."""
    columns = [c for c in table.columns if c.name not in set(skip)]
    statement = select(*columns).order_by(*table.primary_key.columns)
    return [c.name for c in columns], raw.all_rows(session, statement)


def pairs(session: Session, table: Table, one: str, two: str) -> list[tuple[Any, Any]]:
    """Two columns of every row, e.g. (id, sha256) of the documents."""
    return [(a, b) for a, b in raw.all_rows(session, select(table.c[one], table.c[two]))]


def texts(session: Session, document_ids: Sequence[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for chunk in _chunks(list(document_ids)):
        found.update(raw.all_rows(session, select(TEXTS.c.document_id, TEXTS.c.text).where(TEXTS.c.document_id.in_(chunk))))
    return found


def pages(session: Session, document_ids: Sequence[int]) -> dict[int, list[tuple[int, int]]]:
    """Document id -> its (page, start) rows, for the documents that have pages (PDFs)."""
    found: dict[int, list[tuple[int, int]]] = {}
    for chunk in _chunks(list(document_ids)):
        statement = select(PAGES.c.document_id, PAGES.c.page, PAGES.c.start_offset).where(PAGES.c.document_id.in_(chunk))
        for document_id, page, start in raw.all_rows(session, statement.order_by(PAGES.c.document_id, PAGES.c.page)):
            found.setdefault(document_id, []).append((page, start))
    return found


def annotations_by_uuid(session: Session, uuids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """uuid -> (id, document sha256, start, end, quote, note, fields, coder login, layer,
    frozenset of tag names) for the annotations here that have one of these UUIDs. One query a
    slice of BIG_CHUNK UUIDs over the annotations and their tag links only (a second merge of
    100,000 annotations is these reads): the documents' hashes, the coders' logins and the tags'
    names are small tables read once and looked up here. Joined in the query, PostgreSQL (which
    guesses 10 rows for `= ANY`) probed the documents once per annotation: half the query's time."""
    a, at = ANNOTATIONS, ANNOTATION_TAGS
    statement = select(
        a.c.uuid,
        a.c.id,
        a.c.document_id,
        a.c.start_offset,
        a.c.end_offset,
        a.c.quote,
        a.c.note,
        a.c.fields,
        a.c.coder_id,
        a.c.layer,
        at.c.tag_id,
    ).outerjoin(at, at.c.annotation_id == a.c.id)
    found: dict[str, list[Any]] = {}
    tags: dict[str, set[int]] = {}
    for chunk in _chunks(list(uuids), BIG_CHUNK):
        for uuid, *rest, tag_id in raw.all_rows(session, statement.where(_among(session, a.c.uuid, chunk))):
            if uuid not in found:
                found[uuid], tags[uuid] = rest, set()
            if tag_id is not None:
                tags[uuid].add(tag_id)
    if not found:
        return {}
    shas = dict(_by_ids(session, DOCUMENTS.c.id, DOCUMENTS.c.sha256, {state[1] for state in found.values()}))
    logins = dict(pairs(session, CODERS, "id", "login"))
    names = dict(pairs(session, TAGS, "id", "name"))
    return {
        uuid: (
            id_,
            shas[doc],
            start,
            end,
            quote,
            note,
            fields,
            logins[coder],
            layer,
            frozenset(names[t] for t in tags[uuid]),
        )
        for uuid, (id_, doc, start, end, quote, note, fields, coder, layer) in found.items()
    }


def _by_ids(session: Session, key: Any, value: Any, ids: Iterable[int]) -> list[tuple[Any, Any]]:
    found: list[tuple[Any, Any]] = []
    for chunk in _chunks(sorted(ids)):
        found.extend((k, v) for k, v in raw.all_rows(session, select(key, value).where(key.in_(chunk))))
    return found


def ids_by_uuid(session: Session, uuids: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(list(uuids), BIG_CHUNK):
        found.update(
            (u, i)
            for i, u in raw.all_rows(
                session, select(ANNOTATIONS.c.id, ANNOTATIONS.c.uuid).where(_among(session, ANNOTATIONS.c.uuid, chunk))
            )
        )
    return found


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Bulk insert, in slices so memory stays flat (every row has the same keys). SQLite: the
    DB-API's executemany. A server: one statement per slice, each column one array
    (`INSERT … SELECT unnest(:a), unnest(:b), …`, zipped row by row): executemany would run one
    statement per row, and each statement runs row security's init plans (`annotator_me()`,
    `annotator_active()`) again — a coder's merge of 100,000 passages paid them ~700,000 times.
    The statement's text stays short (a VALUES list of 1,000 rows costs psycopg more to parse than
    the server to run). Every row trigger fires as before (decision 054)."""
    server = session.get_bind().dialect.name == "postgresql"
    for start in range(0, len(rows), 10_000):
        part = rows[start : start + 10_000]
        if not server:
            session.execute(insert(table), part)
        elif part:
            names = list(part[0])
            columns = (func.unnest(bindparam(n, type_=ARRAY(table.c[n].type))) for n in names)
            session.execute(insert(table).from_select(names, select(*columns)), {n: [r[n] for r in part] for n in names})


def insert_returning_ids(session: Session, table: Table, row: dict[str, Any]) -> int:
    return int(session.execute(insert(table).values(**row).returning(table.c.id)).scalar_one())


def high_water(session: Session) -> dict[str, int]:
    """The highest id each numbered table ever handed out (freed ids included)."""
    connection = session.connection()
    marks: dict[str, int] = {}
    if connection.dialect.name == "sqlite":
        found = dict(connection.exec_driver_sql("SELECT name, seq FROM sqlite_sequence").fetchall())
    else:
        # pg_sequence_last_value (NULL until first used) needs SELECT or USAGE on the sequence, which
        # a coder or the lead may not have (reading the sequence as a table needs SELECT, which only
        # the owner has): without it, the highest id they can see is the mark.
        last = text(
            "SELECT CASE WHEN has_sequence_privilege(s, 'SELECT,USAGE') THEN pg_sequence_last_value(s::regclass) END"
            " FROM (SELECT pg_get_serial_sequence(:t, 'id') AS s) AS q WHERE s IS NOT NULL"
        )
        found = {table.name: connection.execute(last, {"t": table.name}).scalar() for table in NUMBERED}
    for table in NUMBERED:
        top = session.execute(select(table.c.id).order_by(table.c.id.desc()).limit(1)).scalar() or 0
        marks[table.name] = max(int(found.get(table.name) or 0), int(top))
    return marks


def set_high_water(session: Session, marks: dict[str, int]) -> None:
    """Let each table's next id follow the copied library's: an id freed there stays unused here."""
    connection = session.connection()
    for name, mark in marks.items():
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = ?", (name,))
            if mark:
                connection.exec_driver_sql("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (name, mark))
        else:
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v, :called)"),
                {"t": name, "v": max(mark, 1), "called": mark > 0},
            )


def counts(session: Session) -> dict[str, int]:
    from sqlalchemy import func

    return {t.name: int(session.execute(select(func.count()).select_from(t)).scalar_one()) for t in LIBRARY_TABLES}


def delete_all(session: Session, table: Table) -> None:
    session.execute(table.delete())


def _among(session: Session, column: Any, values: list[str]) -> Any:
    """column IN (values): on PostgreSQL one text parameter split into an array on the server
    (= ANY), where 10,000 separate parameters cost psycopg more to parse than the query costs to
    run, and an array parameter is dumped element by element (a regular expression each: a
    second of a 100,000-annotation merge). Values holding a comma (not a UUID the app made: a
    crafted library) go as an array parameter."""
    if session.connection().dialect.name != "postgresql":
        return column.in_(values)
    if any("," in v for v in values):
        return column == any_(bindparam("values", values, type_=ARRAY(String)))
    return column == any_(func.string_to_array(bindparam("values", ",".join(values), type_=String), ","))


def _chunks(values: list[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
