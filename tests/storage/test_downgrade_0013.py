"""Revision 0013 (the lead's merge, inactive coders; PostgreSQL policies) undone and done again:
on a server its function and policies go and come back; on SQLite nothing changes either way.
(Down to 0012 passes through 0014's downgrade, up again through it to HEAD.)"""

from alembic import command
from sqlalchemy import text

from annotator.storage import migrate
from annotator.storage.engine import open_library


def _policies(connection):
    if connection.dialect.name != "postgresql":
        return set()
    return {tuple(row) for row in connection.execute(text("SELECT tablename, policyname FROM pg_policies"))}


def test_0013_downgrades_to_0012_and_upgrades_again(location):
    library = open_library(location, migrate=True)
    try:
        cfg = migrate.config()
        with library.engine.connect() as connection:
            at_head = _policies(connection)
        with library.engine.connect() as connection, connection.begin():
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, "0012")
        with library.engine.connect() as connection:
            before = _policies(connection)
            assert not {p for p in before if p[1] in ("lead_merge", "active_insert")}
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0012"
        with library.engine.connect() as connection, connection.begin():
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")
        with library.engine.connect() as connection:
            assert _policies(connection) == at_head
            if connection.dialect.name == "postgresql":
                assert ("annotations", "lead_merge") in at_head and ("curators", "active_delete") in at_head
    finally:
        library.close()
