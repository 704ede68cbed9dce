"""Revision 0016 (a link's log row from the link's copies; the policy functions in PL/pgSQL) undone
and done again.

- PostgreSQL: a library built up to 0015 by its own revisions, taken to 0016 and back, has 0015's
  functions (source, language, rights, settings) and log triggers word for word; a coded library
  goes down and up with every row of every table as it was.
- SQLite: the shipped library-0015 file up to 0016 and back is the same file in every schema
  statement and every row (0016 changes nothing there)."""

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from annotator.services import open_services
from annotator.storage import migrate
from annotator.storage.engine import open_library

DATA = Path(__file__).resolve().parents[1] / "data"
FUNCTIONS = ("log_change", "annotator_me", "annotator_active")
STATE = {
    "functions": "SELECT p.proname, l.lanname, p.prosrc, p.provolatile, p.prosecdef, p.proconfig::text, p.proacl::text "
    "FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.proname IN ('log_change', 'annotator_me', "
    "'annotator_active')",
    "triggers": "SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid), tgenabled, tgdeferrable, tginitdeferred "
    "FROM pg_trigger WHERE NOT tgisinternal",
    "constraints": "SELECT conrelid::regclass::text, conname, contype, condeferrable, condeferred FROM pg_constraint "
    "WHERE connamespace = 'public'::regnamespace",
    "policies": "SELECT tablename, policyname, permissive, roles::text, cmd, qual, with_check FROM pg_policies",
}


def _state(connection):
    return {name: {tuple(row) for row in connection.execute(text(sql))} for name, sql in STATE.items()}


def _to(engine, revision, down=False):
    cfg = migrate.config()
    with engine.connect() as connection, connection.begin():
        cfg.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(cfg, revision)


def test_0016_down_gives_0015_word_for_word(postgres_server):
    url = postgres_server.empty_database()
    engine = create_engine(url)
    try:
        _to(engine, "0015")
        with engine.connect() as connection:
            built = _state(connection)
        _to(engine, "0016")
        with engine.connect() as connection:
            up = _state(connection)
        languages = {f[0]: f[1] for f in up["functions"]}
        assert languages == {"log_change": "plpgsql", "annotator_me": "plpgsql", "annotator_active": "plpgsql"}
        assert {f[0]: f[1] for f in built["functions"]}["annotator_me"] == "sql"
        assert up != built
        _to(engine, "0015", down=True)
        with engine.connect() as connection:
            assert _state(connection) == built
    finally:
        engine.dispose()
        postgres_server.drop(url)


def _file(path):
    with sqlite3.connect(path) as db:
        schema = sorted(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall(), key=repr)
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows = {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables if t != "alembic_version"}
        version = db.execute("SELECT version_num FROM alembic_version").fetchall()
    return schema, rows, version


@pytest.mark.sqlite_only("the shipped library-0015 file, statement by statement")
def test_library_0015_up_and_down_is_the_same_file(tmp_path):
    library = tmp_path / "library-0015.sqlite3"
    shutil.copy(DATA / "library-0015.sqlite3", library)
    before = _file(library)
    engine = create_engine(f"sqlite:///{library}")
    try:
        _to(engine, "0016")
        assert _file(library)[2] == [("0016",)]
        _to(engine, "0015", down=True)
    finally:
        engine.dispose()
    assert _file(library) == before


def _rows(connection):
    names = sorted(t for t in inspect(connection).get_table_names() if t != "alembic_version")
    return {t: sorted(connection.execute(text(f"SELECT * FROM {t}")).all(), key=repr) for t in names}


def test_0016_downgrades_and_upgrades_again_to_the_same_rows(location):
    admin = open_services(location, annotator="alice_0016", backup=False)
    try:
        admin.documents.import_samples()
        claim = admin.codebook.by_name("claim").id
        for login in ("alice_0016", "bob_0016"):
            admin.coders.switch(login)
            made = admin.annotations.tag(1, 10, 20, [claim])
            admin.annotations.tag(1, 30, 40, [claim])
            admin.annotations.delete(made.annotation.id)  # a cascaded link in the log
    finally:
        admin.close()
    library = open_library(location, migrate=True)
    try:
        with library.engine.connect() as connection:
            at_head = _rows(connection)
        assert at_head["change_log"]
        _to(library.engine, "0015", down=True)
        with library.engine.connect() as connection:
            assert _rows(connection) == at_head
        _to(library.engine, "head")
        with library.engine.connect() as connection:
            assert _rows(connection) == at_head
    finally:
        library.close()
