"""Run the Alembic migrations shipped in the package (imported only when the schema is behind)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = config()
    with engine.connect() as connection, _foreign_keys_off(connection), connection.begin():
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


@contextmanager
def _foreign_keys_off(connection: Connection) -> Iterator[None]:
    """SQLite: foreign keys off while migrating (the one backend-specific step). A table rebuild
    (0003) drops a parent table, and with them on that drop would cascade-delete its children's
    rows; the pragma only takes effect outside a transaction, hence here, before BEGIN. Each
    rebuild checks the keys itself (PRAGMA foreign_key_check) before the commit."""
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.driver_connection  # no BEGIN yet: the pragma takes effect
    raw.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]
