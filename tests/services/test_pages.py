"""The page column of exports (issue 15, revision 0012): a PDF article's page starts are stored at
import, and an exported passage's page is the page it starts on; other documents' rows have none.
Kept through delete and undo, copy and merge. On both backends (the server's CSV is COPY's)."""

from __future__ import annotations

import csv
import json

from sqlalchemy import text as sql

from annotator.services import open_services
from annotator.services.copy import copy_library
from annotator.services.exports import ExportOptions
from tests.conftest import write
from tests.pdfs import make_pdf

PAGES = [["Front page: the summary."], ["Page two says the ceasefire held."], ["Annex three, the figures."]]


def _import(services, tmp_path):
    """A three-page PDF and a text file; the PDF's document and its text."""
    (pdf,) = services.documents.import_files([write(tmp_path / "report.pdf", make_pdf(PAGES))])
    services.documents.import_file(write(tmp_path / "plain.txt", "A plain article, the ceasefire held too.\n"))
    return pdf.document, services.documents.text(pdf.document.id)


def _rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _stored_pages(services, document_id):
    with services.library.reading() as session:
        found = session.execute(
            sql("SELECT page, start_offset FROM document_pages WHERE document_id = :d ORDER BY page"), {"d": document_id}
        )
        return [tuple(r) for r in found]


def test_a_passage_on_page_two_of_a_pdf_is_exported_with_page_2(services, tmp_path):
    document, text = _import(services, tmp_path)
    assert text == "Front page: the summary.\n\nPage two says the ceasefire held.\n\nAnnex three, the figures."
    assert _stored_pages(services, document.id) == [(1, 0), (2, 26), (3, 61)]
    services.annotations.tag_quote(document.id, "ceasefire held", ["claim"])
    services.annotations.tag_quote(document.id, "Annex", ["quote"])  # exactly at page 3's start
    services.annotations.tag_quote(document.id, "summary.\n\nPage", ["quote"])  # across pages: where it starts
    services.annotations.tag_quote(document.id + 1, "ceasefire held", ["claim"])  # the text file
    out = tmp_path / "out.csv"
    assert services.exports.export_csv(out) == 4
    rows = _rows(out)
    header = list(rows[0])
    assert header[header.index("layer") + 1] == "page"  # the last of the fixed columns, before the fields
    for row in rows:
        assert services.documents.text(int(row["document_id"]))[int(row["start"]) : int(row["end"])] == row["text"]
    pages = {(int(r["document_id"]), r["text"]): r["page"] for r in rows}
    assert pages == {
        (document.id, "ceasefire held"): "2",
        (document.id, "Annex"): "3",
        (document.id, "summary.\n\nPage"): "1",
        (document.id + 1, "ceasefire held"): "",  # not a PDF: no page
    }
    lines = tmp_path / "out.jsonl"
    services.exports.export(lines, ExportOptions(format="jsonl"))
    found = {(r["document_id"], r["text"]): r["page"] for r in map(json.loads, lines.read_text("utf-8").splitlines())}
    assert found[document.id, "ceasefire held"] == 2 and found[document.id + 1, "ceasefire held"] is None
    import openpyxl  # a test dependency: never skipped

    book = tmp_path / "out.xlsx"
    services.exports.export(book, ExportOptions(format="xlsx"))
    sheet = openpyxl.load_workbook(book)["passages"]
    header = [c.value for c in sheet[1]]
    cells = {(r[1].value, r[6].value): r[header.index("page")] for r in sheet.iter_rows(min_row=2)}
    assert cells[document.id, "ceasefire held"].value == 2 and cells[document.id, "ceasefire held"].data_type == "n"
    assert cells[document.id + 1, "ceasefire held"].value is None


def test_only_pdfs_have_pages(services, tmp_path):
    services.documents.import_samples()
    with services.library.reading() as session:
        assert session.execute(sql("SELECT count(*) FROM document_pages")).scalar_one() == 0


def test_deleting_a_pdf_takes_its_pages_and_undo_puts_them_back(services, tmp_path):
    document, _ = _import(services, tmp_path)
    services.annotations.tag_quote(document.id, "ceasefire held", ["claim"])
    deleted, _ = services.documents.delete(document.id)
    assert _stored_pages(services, document.id) == []
    services.documents.restore(deleted)
    assert _stored_pages(services, document.id) == [(1, 0), (2, 26), (3, 61)]
    out = tmp_path / "out.csv"
    services.exports.export_csv(out)
    assert [r["page"] for r in _rows(out)] == ["2"]


def test_copy_and_merge_bring_the_pages_along(tmp_path):
    source = open_services(str(tmp_path / "source.sqlite3"), annotator="ann", backup=False)
    try:
        document, _ = _import(source, tmp_path)
        source.annotations.tag_quote(document.id, "ceasefire held", ["claim"])
    finally:
        source.close()
    copied = str(tmp_path / "copy.sqlite3")
    copy_library(str(tmp_path / "source.sqlite3"), copied)
    merged = open_services(str(tmp_path / "merged.sqlite3"), annotator="other", backup=False)
    try:
        merged.documents.import_file(write(tmp_path / "first.txt", "Here first, so the PDF gets another id.\n"))
        merged.merge.merge(str(tmp_path / "source.sqlite3"))
    finally:
        merged.close()
    for location in (copied, str(tmp_path / "merged.sqlite3")):
        services = open_services(location, backup=False)
        try:
            out = tmp_path / "out.csv"
            services.exports.export_csv(out)
            (row,) = _rows(out)
            assert (row["text"], row["page"]) == ("ceasefire held", "2")
            assert _stored_pages(services, int(row["document_id"])) == [(1, 0), (2, 26), (3, 61)]
        finally:
            services.close()
