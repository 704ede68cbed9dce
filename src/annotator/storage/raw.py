"""Rows straight from the DB-API cursor, for reads that return many rows or sit on the tagging
path. SQLAlchemy still builds and compiles each statement for the dialect in use — once, then
cached — so the SQL stays portable; only the per-row Result wrapping and re-compiling is skipped."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.engine import Compiled
from sqlalchemy.orm import Session

BATCH = 10_000
_compiled: dict[tuple[int, str], tuple[Executable, Compiled]] = {}


def _compile(statement: Executable, dialect: Any) -> Compiled:
    key = (id(statement), dialect.name)
    cached = _compiled.get(key)
    if cached is None or cached[0] is not statement:
        cached = _compiled[key] = (statement, _compile_now(statement, dialect))
    return cached[1]


def _compile_now(statement: Executable, dialect: Any) -> Compiled:
    # "IN (...)" lists become plain parameters now, as the DB-API cursor cannot expand them.
    return statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})  # type: ignore[attr-defined]


def rows(session: Session, statement: Executable, params: Mapping[str, Any] | None = None,
         *, batch: int = BATCH, cache: bool = True) -> Iterator[Sequence[tuple[Any, ...]]]:
    """Batches of plain tuples. Statements built once (module level, with bindparam()s) keep
    their compiled form; pass cache=False for a statement built per call."""
    connection = session.connection()
    if cache:
        compiled = _compile(statement, connection.dialect)
    else:
        compiled = _compile_now(statement, connection.dialect)
    values = compiled.construct_params(params or {})
    arguments: Any = tuple(values[name] for name in compiled.positiontup) if compiled.positional else values  # type: ignore[union-attr]
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(compiled.string, arguments)
        while True:
            chunk = cursor.fetchmany(batch)
            if not chunk:
                break
            yield chunk
    finally:
        cursor.close()


def compiled_sql(session: Session, statement: Executable) -> tuple[str, Any]:
    """The SQL text and DB-API parameters of a statement, for another process to run."""
    compiled = _compile_now(statement, session.connection().dialect)
    values = compiled.construct_params({})
    if compiled.positional:
        return compiled.string, tuple(values[name] for name in compiled.positiontup)  # type: ignore[union-attr]
    return compiled.string, values


def all_rows(session: Session, statement: Executable, params: Mapping[str, Any] | None = None,
             *, cache: bool = True) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    for chunk in rows(session, statement, params, cache=cache):
        found.extend(chunk)
    return found

