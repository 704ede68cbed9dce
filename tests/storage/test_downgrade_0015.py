"""Revision 0015 (rejections per coder, tag_counts per layer) undone and done again.

- PostgreSQL: a library built up to 0014 by its own revisions, taken to 0015 and back, has 0014's
  schema word for word: the two tables' columns and constraints, their triggers, the trigger and
  log functions (source, rights, settings), row security and grants.
- SQLite: the shipped library-0014 file up to 0015 and back is the same file in every schema
  statement and every row.
- Both backends: a library coded at 0015 goes down (each rejected span once; the counts without
  the layer, right for the links) and up again to the very rows it had."""

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from annotator.services import open_services
from annotator.storage import integrity, migrate
from annotator.storage.engine import open_library

DATA = Path(__file__).resolve().parents[1] / "data"
TABLES = ("rejected_suggestions", "tag_counts")
STATE = {
    "columns": "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns "
    "WHERE table_name IN ('rejected_suggestions', 'tag_counts')",
    "constraints": "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
    "WHERE conrelid::regclass::text IN ('rejected_suggestions', 'tag_counts')",
    "triggers": "SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid), tgenabled FROM pg_trigger "
    "WHERE NOT tgisinternal AND tgrelid::regclass::text IN "
    "('rejected_suggestions', 'tag_counts', 'annotations', 'annotation_tags')",
    "functions": "SELECT proname, pg_get_function_identity_arguments(oid), prosrc, prosecdef, proconfig::text, "
    "proacl::text FROM pg_proc WHERE proname LIKE 'tag_counts%' OR proname = 'log_change'",
    "tables": "SELECT relname, relrowsecurity, relforcerowsecurity, relacl::text FROM pg_class "
    "WHERE relname IN ('rejected_suggestions', 'tag_counts')",
    "policies": "SELECT tablename, policyname, permissive, roles::text, cmd, qual, with_check FROM pg_policies",
}


def _state(connection):
    return {name: {tuple(row) for row in connection.execute(text(sql))} for name, sql in STATE.items()}


def _to(engine, revision, down=False):
    cfg = migrate.config()
    with engine.connect() as connection, connection.begin():
        cfg.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(cfg, revision)


def test_0015_down_gives_0014_word_for_word(postgres_server):
    url = postgres_server.empty_database()
    engine = create_engine(url)
    try:
        _to(engine, "0014")
        with engine.connect() as connection:
            built = _state(connection)
        _to(engine, "0015")
        with engine.connect() as connection:
            up = _state(connection)
        assert {("rejected_suggestions", True, True)} <= {t[:3] for t in up["tables"]}
        assert {p[1] for p in up["policies"] if p[0] == "rejected_suggestions"} == {
            "own_rejections",
            "lead_read",
            "lead_merge",
            "active_insert",
            "active_update",
            "active_delete",
        }
        assert not [
            p
            for p in up["policies"]
            if "annotator_me()" in f"{p[5]} {p[6]}" and "SELECT annotator_me()" not in f"{p[5]} {p[6]}"
        ]
        assert {c[1] for c in up["columns"]} - {c[1] for c in built["columns"]} == {"layer"}  # coder_id: tag_counts had one
        _to(engine, "0014", down=True)
        with engine.connect() as connection:
            assert _state(connection) == built
    finally:
        engine.dispose()
        postgres_server.drop(url)


def _file(path):
    with sqlite3.connect(path) as db:
        schema = sorted(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall(), key=repr)
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        # (sqlite_stat1: the planner's statistics, which a rebuilt table loses until the next ANALYZE)
        rows = {
            t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
            for t in tables
            if t not in ("alembic_version", "sqlite_stat1")
        }
    return schema, rows


@pytest.mark.sqlite_only("the shipped library-0014 file, statement by statement")
def test_library_0014_up_and_down_is_the_same_file(tmp_path):
    library = tmp_path / "library-0014.sqlite3"
    shutil.copy(DATA / "library-0014.sqlite3", library)
    before = _file(library)
    engine = create_engine(f"sqlite:///{library}")
    try:
        _to(engine, "0015")
        assert _file(library) != before
        _to(engine, "0014", down=True)
    finally:
        engine.dispose()
    assert _file(library) == before


def _rows(connection):
    return {
        "rejected": sorted(connection.execute(text("SELECT * FROM rejected_suggestions")).all()),
        "counts": sorted(connection.execute(text("SELECT * FROM tag_counts")).all()),
    }


def test_0015_downgrades_and_upgrades_again_to_the_same_rows(location):
    admin = open_services(location, annotator="alice_0015", backup=False)
    try:
        admin.documents.import_samples()
        claim = admin.codebook.by_name("claim").id
        dates = admin.suggestions.suggest(1, ["date"])
        for login in ("alice_0015", "bob_0015"):
            admin.coders.switch(login)
            admin.annotations.tag(1, 10, 20, [claim])
            admin.suggestions.reject(1, dates[:2])  # the same rejections: the round trip is exact
        admin.coders.add("lea_0015", lead=True)
        admin.coders.switch("lea_0015")
        assert len(admin.gold.accept_agreed([1])) == 1  # a gold passage: a row of the gold layer
    finally:
        admin.close()
    library = open_library(location, migrate=True)
    try:
        with library.engine.connect() as connection:
            at_head = _rows(connection)
        assert {row[-2] for row in at_head["counts"]} == {"coder", "gold"}
        assert len(at_head["rejected"]) == 2 * 2  # alice's two and bob's; none of lea's
        _to(library.engine, "0014", down=True)
        with library.engine.connect() as connection:
            down = _rows(connection)
            links = connection.execute(
                text(
                    "SELECT a.document_id, t.tag_id, a.coder_id, count(*) FROM annotation_tags t "
                    "JOIN annotations a ON a.id = t.annotation_id GROUP BY 1, 2, 3"
                )
            ).all()
        assert down["rejected"] == sorted({row[:4] for row in at_head["rejected"]})  # each span once
        assert down["counts"] == sorted(links)
        # Up again: every coder gets every shared rejection (the upgrade's rule) — here they had
        # the same ones, so the rows are exactly those of before; the counts refilled per layer.
        _to(library.engine, "head")
        with library.engine.connect() as connection:
            again = _rows(connection)
        coders = 3
        assert len(again["rejected"]) == coders * len(down["rejected"])
        assert again["counts"] == at_head["counts"]
        assert {row for row in again["rejected"] if row[-1] != max(r[-1] for r in again["rejected"])} == set(
            at_head["rejected"]
        )
        with library.reading() as session:
            assert list(integrity.tag_count_problems(session)) == []
    finally:
        library.close()
