"""Rows straight from the DB-API cursor, for reads that return many rows or sit on the tagging
path. SQLAlchemy still builds and compiles each statement for the dialect in use — once, then
cached — so the SQL stays portable; only the per-row Result wrapping and re-compiling is skipped."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.engine import Compiled
from sqlalchemy.orm import Session

BATCH = 10_000
_names = itertools.count()  # server-side cursors need a name, unique on their connection


class Prepared:
    """A statement built once (at module level, with bindparam()s) and compiled once per dialect:
    the hot paths' statements. Anything else is compiled when it runs."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._compiled: dict[str, Compiled] = {}

    def compiled(self, dialect: Any) -> Compiled:
        found = self._compiled.get(dialect.name)
        if found is None:
            found = self._compiled[dialect.name] = _compile_now(self.statement, dialect)
        return found


def _compile_now(statement: Executable, dialect: Any) -> Compiled:
    # "IN (...)" lists become plain parameters now, as the DB-API cursor cannot expand them.
    return statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})  # type: ignore[attr-defined]


def _arguments(compiled: Compiled, params: Mapping[str, Any] | None) -> Any:
    """The parameters in the form the DB-API wants: a tuple for positional styles (SQLite's ?)."""
    values = compiled.construct_params(dict(params or {}))
    if compiled.positional:  # type: ignore[attr-defined]
        return tuple(values[name] for name in compiled.positiontup)  # type: ignore[attr-defined, index]
    return values


def rows(
    session: Session,
    statement: Executable | Prepared,
    params: Mapping[str, Any] | None = None,
    *,
    batch: int = BATCH,
    streamed: bool = False,
    binary: bool = False,
) -> Iterator[Sequence[tuple[Any, ...]]]:
    """Batches of plain tuples from the session's own connection. `streamed`: on a server, through
    a server-side cursor, batch by batch (psycopg's ordinary cursor holds the whole result in the
    client: 2M agreement rows were +320 MB); SQLite's cursor steps through the rows anyway.
    `binary`: that cursor's rows in PostgreSQL's binary format (integers and text give the same
    Python values, for less decoding in the client: storage.part_rows.BINARY)."""
    connection = session.connection()
    if isinstance(statement, Prepared):
        compiled = statement.compiled(connection.dialect)
    else:
        compiled = _compile_now(statement, connection.dialect)
    dbapi = connection.connection.dbapi_connection
    if streamed and connection.dialect.name != "sqlite":
        extra = {"binary": True} if binary else {}  # psycopg 3's keyword (psycopg2 has none)
        cursor = dbapi.cursor(name=f"annotator_rows_{next(_names)}", **extra)  # type: ignore[union-attr, call-arg]
    else:
        cursor = dbapi.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(compiled.string, _arguments(compiled, params))
        while True:
            chunk = cursor.fetchmany(batch)
            if not chunk:
                break
            yield chunk
    finally:
        cursor.close()


def streamed(session: Session, statement: Executable) -> Iterator[tuple[Any, ...]]:
    """Rows one by one as the server sends them, in chunks (psycopg's stream(), chunked with libpq
    ≥ 17, else row by row): memory stays flat and no cursor is declared on the server (DECLARE and
    FETCH cost about a third more CPU on both sides than one streamed result, measured: decision
    038). The connection is busy until the rows end: no other statement can run in between.
    SQLite: its cursor, which steps through the rows anyway."""
    connection = session.connection()
    compiled = _compile_now(statement, connection.dialect)
    dbapi = connection.connection.dbapi_connection
    if connection.dialect.name == "sqlite":
        for chunk in rows(session, statement):
            yield from chunk
        return
    import psycopg

    size = BATCH if psycopg.capabilities.has_stream_chunked() else 1
    with dbapi.cursor() as cursor:  # type: ignore[union-attr]
        yield from cursor.stream(compiled.string, _arguments(compiled, None), size=size)


def compiled_sql(session: Session, statement: Executable) -> tuple[str, Any]:
    """The SQL text and DB-API parameters of a statement, for another process to run."""
    compiled = _compile_now(statement, session.connection().dialect)
    return compiled.string, _arguments(compiled, None)


def all_rows(
    session: Session, statement: Executable | Prepared, params: Mapping[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    for chunk in rows(session, statement, params):
        found.extend(chunk)
    return found
