"""Revision 0010 (document variables) undone: its tables and triggers go, and on PostgreSQL the
change log's function is 0009's again, which still logs the gold layer's decisions (0008)."""

from alembic import command
from sqlalchemy import inspect, text

from annotator.storage import migrate
from annotator.storage.engine import open_library

VARIABLE_TABLES = {"variables", "document_values", "document_memos"}


def test_0010_downgrades_to_0009_and_upgrades_again(location):
    library = open_library(location, migrate=True)
    try:
        cfg = migrate.config()
        with library.engine.connect() as connection, connection.begin():
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, "0009")
        with library.engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            assert not tables & VARIABLE_TABLES
            assert {"gold_decisions", "curators"} <= tables
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0009"
            if connection.dialect.name == "postgresql":
                body = connection.execute(text("SELECT prosrc FROM pg_proc WHERE proname = 'log_change'")).scalar_one()
                assert "'gold_decisions'" in body
                assert "'variables'" not in body
            else:
                found = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars()
                triggers = set(found)
                assert not {
                    t for t in triggers if t.startswith(("tr_variables_", "tr_document_values_", "tr_document_memos_"))
                }
                assert "tr_gold_decisions_log_i" in triggers
    finally:
        library.close()
    again = open_library(location, migrate=True)  # up to 0010 again
    try:
        with again.engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) >= VARIABLE_TABLES
    finally:
        again.close()
