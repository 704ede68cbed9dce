"""Another program on a library, on either backend: plain SQL through SQLAlchemy Core with named
parameters (:name), each statement committed at once — no Annotator code in the way."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from annotator.storage.paths import to_url


class RawDB:
    def __init__(self, location: object) -> None:
        self.engine = create_engine(to_url(str(location)), isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.connection = self.engine.connect()

    def all(self, sql: str, **params: Any) -> list[tuple]:
        return [tuple(row) for row in self.connection.execute(text(sql), params)]

    def scalar(self, sql: str, **params: Any) -> Any:
        return self.connection.execute(text(sql), params).scalar()

    def run(self, sql: str, **params: Any) -> int:
        return self.connection.execute(text(sql), params).rowcount

    def close(self) -> None:
        self.connection.close()
        self.engine.dispose()

    def __enter__(self) -> RawDB:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def everything(location: object) -> dict[str, list[tuple]]:
    """Every row of every table of a library (the change log and Alembic's included), for "nothing
    changed" on either backend."""
    from sqlalchemy import inspect

    with RawDB(location) as db:
        tables = inspect(db.connection).get_table_names()
        return {t: sorted(db.all(f"SELECT * FROM {t}"), key=repr) for t in tables if not t.startswith("sqlite_")}
