"""The export's CSV written by a PostgreSQL server itself (COPY … TO STDOUT, FORMAT csv), byte for
byte what exporters.csv_export.CsvExporter writes: reading typed rows into Python and quoting each
cell there cost about three times `psql \\copy` (decision 033). SQLite: None (no COPY; the
parallel export is its fast path).

Why the bytes are the same: both quote a cell only if it holds the delimiter, the quote character,
\\n or \\r, and double the quote character inside (Python's csv QUOTE_MINIMAL, excel dialect; the
server's CSV format). Two differences are taken away here: the server also quotes a cell equal to
its NULL string — set to a random marker per export, which no cell can equal by chance (the select
list holds no NULL); and the server ends rows with \\n, the exporter with \\r\\n — each COPY message
is one row, so its last byte is the row's end and is replaced (a \\n inside a quoted cell stays)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from sqlalchemy import Select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from annotator.storage import raw

ROWS_PER_CHUNK = 5_000  # rows joined before they are written: few writes, a flat memory
CR = ord("\r")


def csv_chunks(session: Session, statement: Select) -> Iterator[tuple[int, bytes]] | None:  # type: ignore[type-arg]
    """(rows, UTF-8 CSV bytes with \\r\\n row ends) chunks of the statement's rows, written by the
    server; None if the library is not on PostgreSQL."""
    if session.connection().dialect.name != "postgresql":
        return None
    return _copy(session, statement)


def _copy(session: Session, statement: Select) -> Iterator[tuple[int, bytes]]:  # type: ignore[type-arg]
    sql, params = raw.compiled_sql(session, statement)
    marker = "N" + uuid.uuid4().hex  # the NULL string: never a cell (see the module's docstring)
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    import psycopg

    try:
        # psycopg merges the parameters into the statement on the client: COPY takes none.
        with cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, NULL '{marker}')", params) as copy:
            # Each row's bytes are appended to the chunk at once and its final \n made \r\n there
            # (a \n inside a quoted cell stays, as Python writes it). Keeping psycopg's row
            # buffers until a chunk was joined, then mending the row ends row by row (a passage
            # over two paragraphs is common), cost about 2 s more client CPU per million rows
            # (measured, decision 038).
            chunk, rows = bytearray(), 0
            for row in copy:
                chunk += row
                chunk.insert(-1, CR)
                rows += 1
                if rows == ROWS_PER_CHUNK:
                    yield rows, bytes(chunk)
                    chunk, rows = bytearray(), 0
            if rows:
                yield rows, bytes(chunk)
    except psycopg.Error as exc:  # as SQLAlchemy would have raised it: the library's sentences apply
        raise DBAPIError.instance(sql, params, exc, psycopg.Error) from None
    finally:
        cursor.close()
