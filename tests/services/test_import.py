"""Import through the service: metadata, duplicates, bad input leaves nothing behind."""

import codecs

from annotator.domain.models import Status
from annotator.services.documents import Overrides
from tests.conftest import SAMPLES, write
from tests.rawdb import RawDB


def test_samples_use_metadata_csv(loaded):
    docs = {d.filename: d for d in loaded.documents.list()}
    assert len(docs) == 4
    ap = docs["ap-2023-11-08-khankendi-parade.txt"]
    assert ap.meta.source.startswith("Associated Press") and ap.meta.published == "2023-11-08"
    assert ap.meta.dateline == "Khankendi" and ap.meta.language == "en"
    assert docs["tass-report-2023-09-blinken-remarks.txt"].meta.published == "2023-09"
    assert ap.status == Status.NEW and ap.annotation_count == 0


def test_samples_stored_byte_for_byte(loaded):
    for doc in loaded.documents.list():
        original = (SAMPLES / doc.filename).read_bytes().decode("utf-8")
        assert loaded.documents.text(doc.id) == original
        assert doc.length == len(original)


def test_same_text_twice_is_reported_not_duplicated(services, tmp_path):
    a = write(tmp_path / "a.txt", "Same text.\n")
    b = write(tmp_path / "b.txt", codecs.BOM_UTF8 + b"Same text.\r\n")  # same canonical text
    first, second = services.documents.import_files([a, b])
    assert first.document is not None and second.duplicate_of == first.document.id
    assert len(services.documents.list()) == 1


def test_overrides_and_guesses(services, tmp_path):
    path = write(tmp_path / "x.txt", "Headline here\n\nBAKU, Azerbaijan, Nov. 8, 2023. Text.")
    (out,) = services.documents.import_files([path], Overrides(source="Trend", published="2023-11"))
    meta = out.document.meta
    assert (meta.title, meta.source, meta.published) == ("Headline here", "Trend", "2023-11")


def test_bad_date_override_fails_the_file(services, tmp_path):
    path = write(tmp_path / "x.txt", "text")
    (out,) = services.documents.import_files([path], Overrides(published="yesterday-ish"))
    assert out.failed and "not a date" in out.problem


def test_batch_goes_on_after_failures_and_keeps_nothing_of_them(services, tmp_path, location):
    good = write(tmp_path / "good.txt", "Good text.")
    bad = [
        write(tmp_path / "empty.txt", b""),
        write(tmp_path / "bin.txt", b"\x00\x01\x02"),
        tmp_path / "missing.txt",
        write(tmp_path / "x.pdf", b"%PDF-1.4"),
    ]
    outcomes = list(services.documents.import_files([bad[0], good, *bad[1:]]))
    assert [o.failed for o in outcomes] == [True, False, True, True, True]
    with RawDB(location) as db:
        rows = db.all("select filename from documents")
    assert rows == [("good.txt",)]


def test_edit_metadata_and_status(loaded):
    from annotator.domain.models import DocumentMeta

    old, _ = loaded.documents.set_meta(1, DocumentMeta("New title", "AP", "2023-11", "Baku"))
    assert old.title.startswith("Azerbaijan's president")
    doc = loaded.documents.get(1)
    assert (doc.meta.title, doc.meta.published, doc.meta.dateline) == ("New title", "2023-11", "Baku")
    loaded.documents.set_status(1, Status.DONE)
    assert loaded.documents.get(1).status == Status.DONE


# --- metadata.csv: what is ignored is said; no NUL is ever stored (issue 10, item 20) ---------
def stored_metadata(location):
    with RawDB(location) as db:
        return db.all("select title, source, published, dateline, url, language from documents")


def test_nul_is_stripped_from_metadata_csv_and_edits(services, tmp_path, location):
    write(
        tmp_path / "metadata.csv",
        "filename,title,source,dateline,url,language\na.txt,Ti\x00tle,Sour\x00ce,BA\x00KU,http://x.example/\x00,e\x00n\n",
    )
    (out,) = services.documents.import_files([write(tmp_path / "a.txt", "Article text.")])
    assert out.document is not None and out.notes == ()
    meta = out.document.meta
    assert (meta.title, meta.source, meta.dateline, meta.url, meta.language) == (
        "Title",
        "Source",
        "BAKU",
        "http://x.example/",
        "en",
    )
    services.documents.set_meta(out.document.id, meta.__class__("New\x00 title", "S\x00", "", "", "", ""))
    assert not any("\x00" in value for row in stored_metadata(location) for value in row)
    assert services.documents.get(out.document.id).meta.title == "New title"


# A text holding NUL (UTF-16 with a BOM) is now refused whole: tests/services/test_nul.py.


def test_other_metadata_columns_become_document_variables_and_are_said(services, tmp_path):
    """Issue 14: a column beyond the known ones is a document variable (text); a column whose
    name cannot be a variable's is still said, never dropped silently."""
    write(tmp_path / "metadata.csv", "filename,titel,source,Outlet Type,2nd\na.txt,Kept,The source,state,x\n")
    (out,) = services.documents.import_files([write(tmp_path / "a.txt", "Article text.")])
    assert out.document.meta.source == "The source"
    assert services.variables.values() == {out.document.id: {"titel": "Kept", "outlet_type": "state"}}
    assert [(v.name, v.kind) for v in services.variables.variables()] == [("titel", "text"), ("outlet_type", "text")]
    assert out.notes == (
        f"{tmp_path / 'metadata.csv'}: the column 2nd was not used (the columns read are filename, title, "
        "source, published, dateline, url, language, and any other whose name can be a variable's: "
        "lower-case letters, digits and _, starting with a letter)",
        f"{tmp_path / 'metadata.csv'}: new document variables titel, outlet_type (text) from its columns",
    )


def test_a_metadata_value_that_does_not_fit_its_variable_is_left_out_and_said(services, tmp_path):
    services.variables.define("casualties", "number")
    write(tmp_path / "metadata.csv", 'filename,casualties\na.txt,many\nb.txt,"1,200"\n')
    a, b = services.documents.import_files([write(tmp_path / "a.txt", "One."), write(tmp_path / "b.txt", "Two.")])
    assert a.document is not None and b.document is not None
    assert services.variables.values() == {b.document.id: {"casualties": "1200"}}
    assert a.notes == ("a.txt: a value of metadata.csv was left out: casualties must be a number, not 'many'",)


def test_ignored_metadata_csv_is_a_note_on_each_outcome(services, tmp_path):
    write(tmp_path / "metadata.csv", b"filename,title\na.txt,Caf\xe9\n")
    (out,) = services.documents.import_files([write(tmp_path / "a.txt", "Article text.")])
    assert out.document is not None and out.document.meta.title == "Article text."
    assert out.notes == (f"{tmp_path / 'metadata.csv'} was ignored: it is not UTF-8 text (byte 0xe9 at offset 24)",)


def test_a_batch_is_stored_in_one_transaction_not_one_per_file(services, tmp_path):
    """1,000 files took 1,000 transactions (2 ms each, most of an import's time: issue 17)."""
    from sqlalchemy import event

    paths = [write(tmp_path / f"a{n:02d}.txt", f"Article number {n}.\n") for n in range(30)]
    commits = []
    event.listen(services.library.engine, "commit", lambda _connection: commits.append(1))
    outcomes = services.documents.import_files(paths)
    assert all(o.document is not None for o in outcomes)
    assert len(commits) <= 2


def test_a_batch_keeps_order_duplicates_and_failures_file_by_file(services, tmp_path):
    (before,) = services.documents.import_files([write(tmp_path / "old.txt", "Already here.\n")])
    paths = [
        write(tmp_path / "one.txt", "First new text.\n"),
        write(tmp_path / "again.txt", "Already here.\n"),  # in the library before the batch
        write(tmp_path / "empty.txt", b""),
        write(tmp_path / "two.txt", "Second new text.\n"),
        write(tmp_path / "one-again.txt", "First new text.\r\n"),  # earlier in this batch
    ]
    one, again, empty, two, one_again = services.documents.import_files(paths)
    assert again.duplicate_of == before.document.id and empty.failed
    assert one.document.id < two.document.id and one_again.duplicate_of == one.document.id
    assert [d.filename for d in services.documents.list()] == ["old.txt", "one.txt", "two.txt"]
    assert services.documents.text(two.document.id) == "Second new text.\n"
    assert services.documents.get(two.document.id) == two.document


def test_a_batch_stores_its_document_variables_in_its_one_transaction_and_says_a_new_one_once(services, tmp_path):
    """The batch import (decision 027) and metadata.csv's other columns (issue 14) together: each
    new document's values in the batch's transaction, the new variable said by the file that made it."""
    from sqlalchemy import event

    rows = "".join(f"a{n:02d}.txt,{'state' if n % 2 else 'private'}\n" for n in range(20))
    write(tmp_path / "metadata.csv", "filename,outlet_type\n" + rows)
    paths = [write(tmp_path / f"a{n:02d}.txt", f"Article number {n}.\n") for n in range(20)]
    paths.append(write(tmp_path / "a19-again.txt", "Article number 19.\n"))  # a duplicate in the batch
    commits = []
    event.listen(services.library.engine, "commit", lambda _connection: commits.append(1))
    outcomes = services.documents.import_files(paths)
    assert len(commits) <= 2
    *stored, again = outcomes
    assert again.duplicate_of == stored[-1].document.id and again.notes == ()
    assert services.variables.values() == {
        o.document.id: {"outlet_type": "state" if n % 2 else "private"} for n, o in enumerate(stored)
    }
    said = f"{tmp_path / 'metadata.csv'}: new document variable outlet_type (text) from its columns"
    assert [o.notes for o in stored] == [(said,)] + [()] * 19
