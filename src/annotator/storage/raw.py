"""Rows straight from the DB-API cursor, for the few reads that return tens of thousands of rows
(a document's annotations, the export). SQLAlchemy still builds and compiles the statement for
the dialect in use, so the SQL stays portable; only the per-row Result wrapping is skipped."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.orm import Session

BATCH = 10_000


def rows(session: Session, statement: Executable, params: Mapping[str, Any] | None = None,
         *, batch: int = BATCH) -> Iterator[Sequence[tuple[Any, ...]]]:
    """Batches of plain tuples for a SELECT, run on the session's own connection."""
    connection = session.connection()
    compiled = statement.compile(dialect=connection.dialect)  # type: ignore[attr-defined]
    values = compiled.construct_params(params or {})
    if compiled.positional:
        arguments: Any = tuple(values[name] for name in compiled.positiontup)
    else:
        arguments = values
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


def all_rows(session: Session, statement: Executable, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    for chunk in rows(session, statement, params):
        found.extend(chunk)
    return found
