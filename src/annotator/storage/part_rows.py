"""The rows of one part of a long read, fetched by a worker process through the DB-API alone
(sqlite3, or psycopg for a team library): no SQLAlchemy import, so the worker starts in about a
tenth of a second. The parent compiles the statement (storage.raw.compiled_sql) and names the
library with `target(library)`; the worker logs in with the same credentials, so a coder's row
security applies to the worker's rows exactly as to the parent's."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing
from typing import Any

BATCH = 10_000
# A server's rows in binary: integers arrive as four bytes, not digits to print and parse, and
# text as its UTF-8 bytes; the same Python values (int, str) as the text format for the columns the
# parts read. Per million agreement rows ~0.1 s less of the client's CPU (decision 056).
BINARY = True
_names = itertools.count()


def target(library: Any) -> dict[str, Any]:
    """How a worker reaches `library` (a storage.engine.Library): {"sqlite": path} or
    {"postgresql": psycopg's connection arguments, the password included}. JSON-able: it goes to
    the worker through a pipe, never on a command line another user could read."""
    if library.file is not None:
        return {"sqlite": str(library.file)}
    engine = library.engine
    _, arguments = engine.dialect.create_connect_args(engine.url)
    # SQLAlchemy adds its own adapters ("context"): not needed by plain rows, and not JSON.
    return {"postgresql": {k: v for k, v in arguments.items() if isinstance(v, str | int)}}


def batches(
    where: dict[str, Any], sql: str, params: Any, batch: int = BATCH, settings: Mapping[str, str] | None = None
) -> Iterator[Sequence[tuple[Any, ...]]]:
    """Batches of the rows of a compiled query on the library `where` names (target()), read
    only: in SQLite from a read-only connection, on a server through a server-side cursor in a
    read-only transaction (psycopg's ordinary cursor would hold the whole result), with the
    server `settings` for that transaction only."""
    if "sqlite" in where:
        from annotator.storage import sqlite_files

        connection, cursor = sqlite_files.rows(where["sqlite"], sql, params)
        with closing(connection):
            while chunk := cursor.fetchmany(batch):
                yield chunk
        return
    import psycopg

    with psycopg.connect(**where["postgresql"]) as connection:
        connection.read_only = True
        for name, value in (settings or {}).items():
            connection.execute("SELECT set_config(%s, %s, true)", (name, value))
        with connection.cursor(name=f"annotator_part_{next(_names)}", binary=BINARY) as cursor:
            cursor.execute(sql, params)
            while chunk := cursor.fetchmany(batch):
                yield chunk
