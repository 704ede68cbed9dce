"""`annotator export --format … --layer …` as a user runs it: a subprocess on a real library."""

import json

from tests.cli.test_cli import annotator


def test_export_format_and_layer_from_the_command_line(db):
    annotator(db, "import", "--samples")
    annotator(db, "tag", "4", "--quote", "anti-terrorist operation", "--nth", "1", "--tag", "claim", "--note", "=1+2")
    lines = annotator(db, "export", "--format", "jsonl").stdout.decode("utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert [(r["tag"], r["text"], r["note"], r["layer"]) for r in rows] == [
        ("claim", "anti-terrorist operation", "=1+2", "coder")
    ]
    assert isinstance(rows[0]["start"], int)
    assert annotator(db, "export", "--format", "jsonl", "--layer", "gold").stdout == b""  # no gold yet
    coders = annotator(db, "export", "--format", "jsonl", "--layer", "coders").stdout
    assert coders.decode("utf-8").splitlines() == lines
    wrong = annotator(db, "export", "--format", "pdf", check=False)
    assert wrong.returncode == 2 and b"invalid choice" in wrong.stderr


def test_export_jsonld_names_documents_by_text_hash(db):
    annotator(db, "import", "--samples")
    annotator(db, "tag", "4", "--quote", "anti-terrorist operation", "--nth", "1", "--tag", "claim")
    collection = json.loads(annotator(db, "export", "--format", "jsonld").stdout)
    (item,) = collection["first"]["items"]
    assert item["target"]["source"].startswith("urn:sha256:") and len(item["target"]["source"]) == 11 + 64


def test_export_xlsx_to_a_file_and_an_empty_one_has_its_header(db, tmp_path):
    import openpyxl  # a test dependency: never skipped

    annotator(db, "import", "--samples")
    empty = tmp_path / "empty.xlsx"
    annotator(db, "export", "--format", "xlsx", "--out", str(empty))
    sheet = openpyxl.load_workbook(empty)["passages"]
    assert sheet["A1"].value == "annotation_id" and sheet["A2"].value is None
    annotator(db, "tag", "4", "--quote", "anti-terrorist operation", "--nth", "1", "--tag", "claim", "--note", "=1+2")
    out = tmp_path / "out.xlsx"
    done = annotator(db, "export", "--format", "xlsx", "--out", str(out))
    assert b"exported 1 row to" in done.stderr
    sheet = openpyxl.load_workbook(out)["passages"]
    assert sheet["J2"].value == "=1+2" and sheet["J2"].data_type == "s"


def test_export_of_a_pdf_passage_shows_its_page(db, tmp_path):
    """Issue 15: `annotator import report.pdf`, a passage tagged on page 2, `annotator export`:
    its row's page column reads 2 (a text article's row has none)."""
    import csv
    import io

    from tests.pdfs import make_pdf

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(make_pdf([["Cover of the report."], ["On page two the ceasefire held."], ["Annex."]]))
    annotator(db, "import", str(pdf))
    annotator(db, "import", "--samples")
    annotator(db, "tag", "1", "--quote", "ceasefire held", "--tag", "claim")
    annotator(db, "tag", "2", "--quote", "Azerbaijan", "--nth", "1", "--tag", "claim")
    out = annotator(db, "export").stdout.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert [(r["document_id"], r["text"], r["page"]) for r in rows] == [
        ("1", "ceasefire held", "2"),
        ("2", "Azerbaijan", ""),
    ]


def test_export_xlsx_says_on_the_command_line_what_it_cut(db, tmp_path):
    """A note longer than Excel's 32,767 characters is cut in the XLSX: the command says so (it was
    said only in the workbook's notes sheet, which nobody opens first)."""
    annotator(db, "import", "--samples")
    annotator(db, "tag", "1", "--quote", "military parade", "--nth", "1", "--tag", "claim", "--note", "n" * 40_000)
    done = annotator(db, "export", "--format", "xlsx", "--out", str(tmp_path / "out.xlsx"))
    said = done.stderr.decode("utf-8")
    assert "annotator: note: 1 cell(s) were longer than Excel's 32,767 characters and were cut" in said
    plain = annotator(db, "export", "--format", "csv", "--out", str(tmp_path / "out.csv")).stderr.decode("utf-8")
    assert "note:" not in plain
