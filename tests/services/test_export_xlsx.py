"""XLSX export read back with openpyxl (an independent reader): strings stay strings, numbers and
dates are typed, the header is frozen and filtered, the codebook has its sheet, and Excel's
limits (rows per sheet, characters per cell) are kept and said."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl  # noqa: E402  (a test dependency: never skipped)

from annotator.exporters import xlsx
from annotator.services.exports import ExportOptions
from tests.rawdb import RawDB
from tests.services.test_export_formats import small  # noqa: F401  (the fixture)


def test_cells_are_typed_and_text_is_never_a_formula_or_a_link(small, location, tmp_path):  # noqa: F811
    with RawDB(location) as db:
        db.run("UPDATE documents SET published = '2023-11-08'")
        db.run("UPDATE annotations SET note = 'http://x' WHERE id = 2")
    out = tmp_path / "out.xlsx"
    assert small.exports.export(out, ExportOptions(format="xlsx")) == 4
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["passages", "codebook", "notes"]
    sheet = book["passages"]
    header = [c.value for c in sheet[1]]
    assert header[:19] == [
        "annotation_id", "document_id", "document_title", "source", "published", "tag", "text", "start", "end",
        "note", "annotator", "created_at", "updated_at", "prefix", "suffix", "coder", "annotation_uuid", "layer", "page",
    ]  # fmt: skip
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:AA{sheet.max_row}"
    rows = [{name: cell for name, cell in zip(header, row, strict=True)} for row in sheet.iter_rows(min_row=2)]
    first, second = rows[0], rows[1]
    assert first["note"].value == "http://x" and first["note"].data_type == "s" and first["note"].hyperlink is None
    assert second["note"].value == "=1+1" and second["note"].data_type == "s"
    assert second["text"].value == '"=SUM(A1)"' and second["text"].data_type == "s"
    assert rows[3]["text"].value == "-5" and rows[3]["text"].data_type == "s"
    assert second["start"].value == 32 and second["start"].data_type == "n"
    assert second["published"].value == datetime(2023, 11, 8) or second["published"].value == date(2023, 11, 8)
    assert second["created_at"].value == datetime(2026, 1, 2, 3, 4, 5)
    assert [r["layer"].value for r in rows] == ["coder", "coder", "coder", "gold"]
    assert [r["page"].value for r in rows] == [None] * 4  # a text file: no page, an empty cell
    tags = [row[0].value for row in book["codebook"].iter_rows(min_row=2)]
    assert tags == ["claim", "quote", "date", "casualty figure", "framing"]


def test_long_cells_are_cut_and_rows_continue_on_a_new_sheet_with_a_sentence(small, location, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setattr(xlsx, "SHEET_ROWS", 3)  # Excel's 1,048,575 rows, made small
    with RawDB(location) as db:
        db.run("UPDATE annotations SET note = :n WHERE id = 3", n="n" * 40_000)
    out = tmp_path / "out.xlsx"
    heard: list[str] = []
    assert small.exports.export(out, ExportOptions(format="xlsx"), said=heard.append) == 4
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["passages", "passages 2", "codebook", "notes"]
    # Said to the person exporting too (the command line and the window show it), not only in a sheet.
    assert any("continue on 2 sheets" in n for n in heard) and any("were cut" in n for n in heard)
    ids = [row[0].value for name in ("passages", "passages 2") for row in book[name].iter_rows(min_row=2)]
    assert ids == [2, 1, 1, 3]
    (last,) = book["passages 2"].iter_rows(min_row=2)
    assert len(last[9].value) == 32_767
    notes = " ".join(row[0].value for row in book["notes"].iter_rows(min_row=2))
    assert "continue on 2 sheets" in notes and "1 cell(s) were longer than Excel's 32,767 characters" in notes


def test_count_and_date_fields_are_numbers_and_dates_where_excel_holds_them_exactly(small, location, tmp_path):  # noqa: F811
    """Field columns are typed by their fields' kind in the codebook: count_min/count_max (int)
    as numbers — but one past 2**53 stays text, exact; a date field's full date as a date, a
    partial one as text. Before, every field value was text."""
    gold = "uuid-3"
    with RawDB(location) as db:
        db.run(
            "UPDATE annotations SET fields = :f WHERE uuid = :u",
            f='{"count_min": "200", "count_max": "12345678901234567890"}',
            u=gold,
        )
    text = small.documents.text(1)
    date_tag = small.codebook.by_name("date").id
    small.annotations.tag(1, 0, 4, [date_tag], fields={"date": "2025-09-25"})
    small.annotations.tag(1, 5, 9, [date_tag], fields={"date": "2025-09"})
    out = tmp_path / "out.xlsx"
    small.exports.export(out, ExportOptions(format="xlsx"))
    sheet = openpyxl.load_workbook(out)["passages"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    figure = next(r for r in rows if r["annotation_uuid"].value == gold)
    assert figure["count_min"].value == 200 and figure["count_min"].data_type == "n"
    assert figure["count_max"].value == "12345678901234567890" and figure["count_max"].data_type == "s"
    dates = {r["text"].value: r["date"] for r in rows if r["tag"].value == "date"}
    assert dates[text[0:4]].value in (date(2025, 9, 25), datetime(2025, 9, 25))
    assert dates[text[5:9]].value == "2025-09" and dates[text[5:9]].data_type == "s"
