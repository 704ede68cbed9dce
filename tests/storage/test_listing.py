"""Listing a big library reads small rows only: texts stored apart, counts kept, ids never reused,
and the export's "any field values?" answered by an index (revision 0004)."""

import sqlite3

import pytest
from sqlalchemy import text

from annotator.storage import export_query, raw
from tests.conftest import write
from tests.rawdb import RawDB


@pytest.mark.sqlite_only("SQLite's page layout (dbstat)")
def test_the_listed_rows_never_spill_into_overflow_pages_however_long_the_texts(loaded, library_path, tmp_path):
    """The library pane reads every document's row: with the text inside that row, SQLite stored
    the columns after it past the text's overflow pages, and a listing read every text (97 s from
    a cold cache at 10,000 documents)."""
    long = write(tmp_path / "long.txt", "A long article. " * 20_000)  # 320 KB
    assert loaded.documents.import_files([long])[0].document is not None
    loaded.close()
    with sqlite3.connect(library_path) as db:
        spilled = db.execute("SELECT count(*) FROM dbstat WHERE name = 'documents' AND pagetype = 'overflow'")
        assert spilled.fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM dbstat WHERE pagetype = 'overflow'").fetchone()[0] > 0  # texts do


def test_the_listing_has_every_document_with_its_passage_count_as_tagging_changes_it(loaded):
    services = loaded
    claim = services.codebook.by_name("claim").id

    def listed():
        return {row[0]: row[-1] for row in services.documents.listing()}

    assert listed() == {1: 0, 2: 0, 3: 0, 4: 0}
    first = services.annotations.tag(2, 0, 5, [claim]).annotation
    second = services.annotations.tag(2, 10, 20, [claim]).annotation
    services.annotations.tag(3, 0, 5, [claim])
    assert listed() == {1: 0, 2: 2, 3: 1, 4: 0}
    services.annotations.delete(first.id)
    assert listed()[2] == 1
    services.annotations.restore(first)  # undo puts it back under its own id
    assert listed()[2] == 2
    assert services.documents.get(2).annotation_count == 2
    assert services.documents.get(2) == next(d for d in services.documents.list() if d.id == 2)
    services.annotations.delete(second.id)
    with services.library.reading() as session:
        counted = dict(session.execute(text("SELECT document_id, count(*) FROM annotations GROUP BY document_id")).all())
    assert {k: v for k, v in listed().items() if v} == counted


def test_a_deleted_documents_id_is_never_given_to_the_next_import(loaded, location, backend, tmp_path):
    """Undo puts a deleted document back under its own id, and reading places are kept by id."""
    newest = max(row[0] for row in loaded.documents.listing())
    with RawDB(location) as db:
        if backend == "sqlite":
            db.run("PRAGMA foreign_keys = ON")
        db.run("DELETE FROM documents WHERE id = :d", d=newest)
    outcome = loaded.documents.import_files([write(tmp_path / "new.txt", "A new article, imported after.")])[0]
    assert outcome.document is not None and outcome.document.id == newest + 1
    with RawDB(location) as db:  # the text went with its document
        assert db.scalar("SELECT count(*) FROM document_texts WHERE document_id = :d", d=newest) == 0


def test_the_exports_field_check_is_an_index_look_up(loaded, backend):
    """Not a scan of every annotation (0.2-0.45 s per million warm, 15.9 s cold). The plan is
    checked on SQLite (PostgreSQL plans by table size: a seq scan of four rows is its right
    choice); the answers on both."""
    services = loaded
    with services.library.reading() as session:
        if backend == "sqlite":
            sql, params = raw.compiled_sql(session, export_query.WITH_FIELDS)
            plan = " ".join(row[3] for row in session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params))
            assert "ix_annotations_with_fields" in plan, plan
        assert not export_query.any_field_values(session)
    figure = services.codebook.by_name("casualty figure").id
    tagged = services.annotations.tag(1, 0, 10, [figure]).annotation
    with services.library.reading() as session:
        assert not export_query.any_field_values(session)  # tagged, but no value yet
    services.annotations.set_fields(tagged.id, {"count_min": "3"})
    with services.library.reading() as session:
        assert export_query.any_field_values(session)
