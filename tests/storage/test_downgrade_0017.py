"""Revision 0017 (two indexes in (document, annotation id) order for the agreement's read, on a
server) undone and done again.

- PostgreSQL: a library built up to 0016 by its own revisions, taken to 0017 and back, has 0016's
  indexes, constraints and triggers exactly; at 0017 the two indexes are there as the read needs
  them (the links' side covering the tag). A coded library goes down and up with every row of
  every table as it was.
- SQLite: the shipped library-0016 file up to 0017 and back is the same file in every schema
  statement and every row (0017 changes nothing there)."""

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
STATE = {
    "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    "triggers": "SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal",
    "constraints": "SELECT conrelid::regclass::text, conname, contype FROM pg_constraint "
    "WHERE connamespace = 'public'::regnamespace",
}
ADDED = {
    (
        "annotations",
        "ix_annotations_document_id",
        "CREATE INDEX ix_annotations_document_id ON public.annotations USING btree (document_id, id)",
    ),
    (
        "annotation_tags",
        "ix_annotation_tags_document",
        "CREATE INDEX ix_annotation_tags_document ON public.annotation_tags USING btree (document_id, annotation_id) "
        "INCLUDE (tag_id)",
    ),
}


def _state(connection):
    return {name: {tuple(row) for row in connection.execute(text(sql))} for name, sql in STATE.items()}


def _to(engine, revision, down=False):
    cfg = migrate.config()
    with engine.connect() as connection, connection.begin():
        cfg.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(cfg, revision)


def test_0017_down_gives_0016_exactly(postgres_server):
    url = postgres_server.empty_database()
    engine = create_engine(url)
    try:
        _to(engine, "0016")
        with engine.connect() as connection:
            built = _state(connection)
        _to(engine, "0017")
        with engine.connect() as connection:
            up = _state(connection)
        assert up["indexes"] - built["indexes"] == ADDED
        assert {k: v for k, v in up.items() if k != "indexes"} == {k: v for k, v in built.items() if k != "indexes"}
        _to(engine, "0016", down=True)
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


@pytest.mark.sqlite_only("the shipped library-0016 file, statement by statement")
def test_library_0016_up_and_down_is_the_same_file(tmp_path):
    library = tmp_path / "library-0016.sqlite3"
    shutil.copy(DATA / "library-0016.sqlite3", library)
    before = _file(library)
    engine = create_engine(f"sqlite:///{library}")
    try:
        _to(engine, "0017")
        assert _file(library)[2] == [("0017",)]
        assert _file(library)[:2] == before[:2]
        _to(engine, "0016", down=True)
    finally:
        engine.dispose()
    assert _file(library) == before


def _rows(connection):
    names = sorted(t for t in inspect(connection).get_table_names() if t != "alembic_version")
    return {t: sorted(connection.execute(text(f"SELECT * FROM {t}")).all(), key=repr) for t in names}


def test_0017_downgrades_and_upgrades_again_to_the_same_rows(location):
    admin = open_services(location, annotator="alice_0017", backup=False)
    try:
        admin.documents.import_samples()
        claim = admin.codebook.by_name("claim").id
        for login in ("alice_0017", "bob_0017"):
            admin.coders.switch(login)
            admin.annotations.tag(1, 10, 20, [claim])
            admin.annotations.tag(2, 30, 40, [claim])
    finally:
        admin.close()
    library = open_library(location, migrate=True)
    try:
        with library.engine.connect() as connection:
            at_head = _rows(connection)
        assert at_head["annotation_tags"]
        _to(library.engine, "0016", down=True)
        with library.engine.connect() as connection:
            assert _rows(connection) == at_head
        _to(library.engine, "head")
        with library.engine.connect() as connection:
            assert _rows(connection) == at_head
    finally:
        library.close()
