"""`annotator check` and the export's refusal: a library edited behind the app's back (offsets past
the end, start > end, a text changed under its annotations, broken field JSON, a dangling link)
is reported line by line, and the export names the broken rows and writes nothing."""

import csv
import io
import sqlite3

import pytest

from tests.cli.test_cli import annotator
from tests.rawdb import RawDB
from tests.reliability.conftest import sample_library


def _tagged_library(location):
    db = sample_library(location)
    for nth in ("1", "2", "3", "4"):
        annotator(db, "tag", "1", "--quote", "Azerbaijan", "--nth", nth, "--tag", "claim")
    annotator(db, "tag", "2", "--quote", "Karabakh", "--nth", "1", "--tag", "quote", "--field", "speaker=Someone")
    return db


def _edit(db, *statements):
    """Another program's SQL with foreign keys unchecked: SQLite's are off unless a program turns
    them on; on PostgreSQL a superuser can switch them off for its session (replica role)."""
    with RawDB(db) as connection:
        if "://" in str(db):
            connection.run("SET session_replication_role = replica")
        for statement in statements:
            connection.run(statement)


def test_a_sound_library_checks_ok(location):
    db = _tagged_library(location)
    done = annotator(db, "check")
    assert done.stdout.decode().strip().splitlines() == ["library OK: 4 documents, 5 annotations"]


def test_every_broken_row_is_reported_and_the_export_refuses(location, tmp_path):
    db = _tagged_library(location)
    out = tmp_path / "out.csv"
    _edit(
        db,
        "update annotations set end_offset = 999999 where id = 1",  # past the text's end
        "update annotations set start_offset = end_offset + 3 where id = 2",  # start > end
        "update annotations set start_offset = start_offset + 1, end_offset = end_offset + 1 where id = 3",
        "update annotations set fields = '{broken' where id = 5",
        "delete from tags where name = 'framing'",
        "insert into annotation_tags values (4, 12345)",
    )
    done = annotator(db, "check", check=False)
    lines = done.stdout.decode().strip().splitlines()
    assert done.returncode == 1 and "Traceback" not in done.stderr.decode()
    for number in ("1", "2", "3", "5"):
        assert sum(f"annotation {number} " in line for line in lines) == 1, lines
    assert any("12345" in line and "annotation_tags" in line for line in lines), lines
    if "://" in str(db):  # the server's edit ran with triggers off: the link to tag 12345 was not counted
        assert "document 1: 0 passages of coder 1 (coder layer) are counted with tag 12345 but 1 have it" in "\n".join(lines)
    assert len(lines) == 5 + ("://" in str(db)), lines
    refused = annotator(db, "export", "--out", str(out), check=False)
    err = refused.stderr.decode()
    assert refused.returncode == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert "1, 2, 3, 5" in err and not out.exists()


def test_a_text_changed_under_its_annotations(location):
    db = _tagged_library(location)
    _edit(
        db,
        "update document_texts set text = replace(text, 'Azerbaijan', 'AZERBAIJAN') where document_id = 1",  # same length
        "update document_texts set text = substr(text, 3) where document_id = 2",
    )
    lines = annotator(db, "check", check=False).stdout.decode().strip().splitlines()
    assert [line for line in lines if line.startswith("document ")] == [
        "document 1: its text is not the one imported (changed outside Annotator)",
        "document 2: its text is not the one imported (changed outside Annotator)",
    ]
    assert sum(line.startswith("annotation ") for line in lines) == 5 and len(lines) == 7, lines
    err = annotator(db, "export", "--doc", "2", check=False).stderr.decode()
    assert "annotation 5 " in err or "annotations 5" in err
    assert annotator(db, "export", "--doc", "3").returncode == 0  # the rest still exports


def test_offsets_are_code_points(db, tmp_path):
    """Astral characters before the passage: a check that counted UTF-16 units or bytes fails."""
    article = tmp_path / "a.txt"
    article.write_text("😀𝐀🇦🇿 é then the passage we tag, and more text after it.\n", encoding="utf-8")
    annotator(db, "import", str(article))
    annotator(db, "tag", "1", "--quote", "the passage", "--tag", "claim")
    assert annotator(db, "check").stdout.decode().startswith("library OK")
    rows = list(csv.DictReader(io.StringIO(annotator(db, "export").stdout.decode())))
    assert rows[0]["text"] == "the passage"


def test_the_service_reports_problems(loaded):
    from annotator.services.integrity import IntegrityService

    report = IntegrityService(loaded.library).check()
    assert report.problems == [] and report.documents == 4 and report.annotations == 0


@pytest.mark.sqlite_only("damages a page of the SQLite file")
def test_a_damaged_page_is_reported(tmp_path):
    db = _tagged_library(tmp_path / "lib.sqlite3")
    connection = sqlite3.connect(db)
    (page_size,) = connection.execute("PRAGMA page_size").fetchone()
    (root,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'annotations'").fetchone()
    connection.close()
    data = bytearray(db.read_bytes())
    data[(root - 1) * page_size : (root - 1) * page_size + 8] = bytes(8)  # the table's page header
    db.write_bytes(bytes(data))
    done = annotator(db, "check", check=False)
    said = done.stdout.decode() + done.stderr.decode()
    assert done.returncode != 0 and "Traceback" not in said
    assert "damaged" in said or "integrity check" in said


@pytest.mark.sqlite_only("backups are of SQLite files")
def test_check_makes_no_backup(tmp_path):
    """A library being checked may be damaged: its copy must not push a good backup out."""
    db = sample_library(tmp_path / "lib.sqlite3")
    annotator(db, "check")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lib.sqlite3"]


def test_a_parallel_export_refuses_broken_rows_checked_by_its_workers(location, tmp_path, monkeypatch):
    """Big exports run in worker processes, which check the rows they write: the same refusal,
    naming the ids, and no file; a sound library (a quote starting with '=' exported for a
    spreadsheet, too) exports the same rows as one process does."""
    import random

    import pytest
    from benchmarks.data import add_annotations

    from annotator.services import UserError, exports, open_services
    from annotator.services.options import ExportOptions

    db = sample_library(location)
    services = open_services(str(db), backup=False)
    try:
        rng = random.Random(3)
        next_id = 1
        for document in services.documents.list():
            text = services.documents.text(document.id)
            next_id = add_annotations(services.library, document.id, text, 300, rng, [1, 2, 3], next_id)
        with RawDB(db) as connection:
            start = connection.scalar("select min(start_offset) from annotations where document_id = 3")
        _edit(
            db,
            f"update document_texts set text = substr(text, 1, {start}) || '=' || substr(text, {start} + 2) "
            "where document_id = 3",  # a passage starting with a formula character, its quotes to match
            "update annotations set quote = (select substr(d.text, annotations.start_offset + 1, "
            "annotations.end_offset - annotations.start_offset) from document_texts d where d.document_id = 3) "
            "where document_id = 3",
        )
        serial = tmp_path / "serial.csv"
        services.exports.export_csv(serial, ExportOptions(excel=True))
        monkeypatch.setattr(exports, "PARALLEL_FROM", 100)  # the threshold, not the code: workers run
        parallel = tmp_path / "parallel.csv"
        assert services.exports.export_csv(parallel, ExportOptions(excel=True)) > 1000
        assert parallel.read_bytes() == serial.read_bytes() and "'=" in serial.read_text(encoding="utf-8-sig")
        _edit(
            db,
            "update annotations set start_offset = start_offset + 1 where id in (7, 1000)",
            "update annotations set end_offset = 99999999 where id = 1100",
        )
        out = tmp_path / "out.csv"
        with pytest.raises(UserError, match="nothing was exported: annotations 7, 1000, 1100 no longer match"):
            services.exports.export_csv(out)
        assert not out.exists() and not any(p.name.startswith(".") for p in tmp_path.iterdir())
    finally:
        services.close()


def test_a_stored_count_that_is_not_the_number_of_annotations_is_reported(location):
    """The library pane and `annotator docs` show documents.annotation_count, kept by triggers; a
    program that changed it (or wrote annotations with triggers off) makes them lie: check says so."""
    db = _tagged_library(location)
    _edit(db, "update documents set annotation_count = 9 where id = 1")
    done = annotator(db, "check", check=False)
    lines = done.stdout.decode().strip().splitlines()
    assert done.returncode == 1 and "Traceback" not in done.stderr.decode()
    assert lines == ["document 1: 9 annotations are counted but it has 4 (changed outside Annotator)"], lines


def test_a_kept_tag_count_that_is_not_the_number_of_links_is_reported(location):
    """The crosstab reads tag_counts, kept by triggers (revision 0011); a program that changed it
    (or wrote links with triggers off) makes the crosstab lie: check says so."""
    db = _tagged_library(location)
    with RawDB(db) as raw:
        claim = raw.scalar("SELECT id FROM tags WHERE name = 'claim'")
        coder = raw.scalar("SELECT coder_id FROM annotations WHERE document_id = 1")
    _edit(db, f"update tag_counts set n = 9 where document_id = 1 and tag_id = {claim}")
    done = annotator(db, "check", check=False)
    lines = done.stdout.decode().strip().splitlines()
    assert done.returncode == 1 and "Traceback" not in done.stderr.decode()
    assert lines == [
        f"document 1: 9 passages of coder {coder} (coder layer) are counted with tag {claim} but 4 have it "
        "(changed outside Annotator)"
    ], lines


def test_a_negative_start_and_a_missing_text_are_named_for_what_they_are(location, tmp_path):
    """On a server the check reads each document's text in the same streamed read as its
    annotations, just ahead of them (decision 038): a start below zero must still be checked
    against its own text, a document without its text must not borrow the one read before, the
    lines come in annotation order, and the export's document and tag choices still hold."""
    db = _tagged_library(location)
    with RawDB(db) as raw:
        end = raw.scalar("SELECT end_offset FROM annotations WHERE id = 5")
    _edit(db, "update annotations set start_offset = -5 where id = 5", "delete from document_texts where document_id = 1")
    lines = annotator(db, "check", check=False).stdout.decode().strip().splitlines()
    assert [line for line in lines if line.startswith("annotation ")] == [
        *(f"annotation {n} (document 1): the document does not exist" for n in (1, 2, 3, 4)),
        f"annotation 5 (document 2): the offsets -5..{end} are not a span (start after end, or negative)",
    ], lines
    out = tmp_path / "out.csv"
    refused = annotator(db, "export", "--out", str(out), check=False)
    assert refused.returncode == 1 and "annotations 1, 2, 3, 4, 5 no longer match" in refused.stderr.decode()
    assert not out.exists()
    refused = annotator(db, "export", "--tag", "quote", check=False)  # only annotation 5 has it
    assert refused.returncode == 1 and "exported: annotation 5 no longer matches its document" in refused.stderr.decode()
    refused = annotator(db, "export", "--doc", "1", check=False)
    assert refused.returncode == 1 and "annotations 1, 2, 3, 4 no longer match" in refused.stderr.decode()
    rows = list(csv.DictReader(io.StringIO(annotator(db, "export", "--doc", "2", "--tag", "claim").stdout.decode())))
    assert rows == []  # document 2's broken annotation 5 has no tag claim: nothing of it is refused
