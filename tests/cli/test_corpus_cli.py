"""`annotator import corpus.csv / corpus.jsonl`: one article per row, run as a user runs it (a
subprocess on real files of several encodings), on both backends."""

import codecs
import csv
import io
import json

from tests.cli.test_cli import annotator

HEADER = ["text", "title", "source", "published", "dateline", "language", "url", "outlet_type"]
ROWS = [
    [
        'First article.\nIt has "quotes", a comma\nand three lines.',
        "One",
        "AP",
        "2023-11-08",
        "BAKU",
        "en",
        "https://a.example/1",
        "state",
    ],
    ["Второй текст — кириллица.", "Два", "TASS", "2023-09", "", "ru", "", "state"],
    ["Third: café, naïve, 😀.", "Three", "AFP", "2023", "", "fr", "", "private"],
]


def corpus_csv(rows=ROWS, header=HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def docs_text(db, doc_id):
    return annotator(db, "text", str(doc_id)).stdout.decode("utf-8")


def test_csv_in_utf8_with_bom_keeps_each_text_exactly_and_its_fields(db, tmp_path):
    path = tmp_path / "corpus.csv"
    path.write_bytes(codecs.BOM_UTF8 + corpus_csv().encode("utf-8"))
    done = annotator(db, "import", str(path))
    assert "3 imported, 0 already in the library, 0 skipped" in done.stderr.decode()
    # the embedded newline and quotes: the cell exactly (its CRLF line endings are the file's, not the cell's)
    assert docs_text(db, 1) == ROWS[0][0]
    assert docs_text(db, 2) == ROWS[1][0]
    assert docs_text(db, 3) == ROWS[2][0]
    docs = annotator(db, "docs").stdout.decode()
    assert "One" in docs and "AP" in docs and "2023-11-08" in docs and "TASS" in docs
    shown = annotator(db, "vars", "show").stdout.decode()
    assert "outlet_type" in shown and "private" in shown


def test_csv_in_utf16_reads_the_same_articles(db, tmp_path):
    path = tmp_path / "corpus.csv"
    path.write_bytes(corpus_csv().encode("utf-16"))  # with its byte-order mark, as Excel writes "Unicode text"
    annotator(db, "import", str(path))
    assert [docs_text(db, i) for i in (1, 2, 3)] == [r[0] for r in ROWS]


def test_csv_in_a_legacy_encoding_is_detected(db, tmp_path):
    path = tmp_path / "corpus.csv"
    rows = [["Le café était fermé à Genève, dit-il, et la réunion fut reportée à jeudi.", "Café"]]
    path.write_bytes(corpus_csv(rows, ["text", "title"]).encode("cp1252"))
    done = annotator(db, "import", str(path))
    assert "cp1252" in done.stderr.decode()
    assert docs_text(db, 1) == rows[0][0]


def test_bad_rows_are_said_by_number_and_skipped_the_rest_imported(db, tmp_path):
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"text": "A good first article.", "title": "Good"}),
        "{not json",
        json.dumps({"text": "", "title": "Empty"}),
        json.dumps({"text": "A dated article.", "published": "the day after tomorrow"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "A good last article.", "words": 42, "tags": ["x", "y"]}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = annotator(db, "import", str(path), check=False)
    err = done.stderr.decode()
    assert done.returncode == 1
    assert "corpus.jsonl row 2: is not JSON" in err
    assert "corpus.jsonl row 3: has no text" in err
    assert "corpus.jsonl row 4: the date 'the day after tomorrow' is not a date" in err
    assert "corpus.jsonl row 5: is not a JSON object" in err
    assert "2 imported, 0 already in the library, 4 skipped" in err
    assert docs_text(db, 2) == "A good last article."
    shown = annotator(db, "vars", "show").stdout.decode()
    assert "words" in shown and '["x","y"]' in shown


def test_nothing_is_imported_twice(db, tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text(
        "\n".join(json.dumps({"text": t}) for t in ("Alpha text.", "Beta text.", "Alpha text.")), encoding="utf-8"
    )
    first = annotator(db, "import", str(path))
    assert "skipped " + str(path) + " row 3: the same text is already document 1" in first.stdout.decode()
    again = annotator(db, "import", str(path))
    assert "0 imported, 3 already in the library" in again.stderr.decode()
    assert len(annotator(db, "docs").stdout.decode().strip().splitlines()) == 1 + 2  # header + two documents


def test_columns_named_otherwise_are_chosen_on_the_command_line(db, tmp_path):
    path = tmp_path / "scraped.csv"
    path.write_text(
        corpus_csv([["Body of the article.", "Headline", "Reuters"]], ["Body", "Headline", "Outlet"]), encoding="utf-8"
    )
    refused = annotator(db, "import", str(path), check=False)
    assert refused.returncode == 1
    assert (
        "has no 'text' column (its columns are: body, headline, outlet); name the text's column with --text-column"
        in refused.stderr.decode()
    )
    annotator(db, "import", str(path), "--text-column", "Body", "--title-column", "headline", "--source-column", "Outlet")
    docs = annotator(db, "docs").stdout.decode()
    assert "Headline" in docs and "Reuters" in docs
    assert docs_text(db, 1) == "Body of the article."


def test_a_field_of_100_mb_is_refused_with_a_sentence(db, tmp_path):
    path = tmp_path / "hostile.csv"
    with open(path, "w", encoding="utf-8") as out:
        out.write('text,title\nA fine article.,Fine\n"')
        chunk = "x" * (1024 * 1024)
        for _ in range(100):
            out.write(chunk)
        out.write('",Huge\nAfter the huge one.,After\n')
    done = annotator(db, "import", str(path), check=False)
    err = done.stderr.decode()
    assert done.returncode == 1
    assert (
        "hostile.csv row 2: has a field longer than 16,000,000 characters (the limit); the rest of the file was not read"
        in err
    )
    assert docs_text(db, 1) == "A fine article."


def test_progress_is_said_on_the_command_line(db, tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(json.dumps({"text": f"Article number {i}."}) for i in range(2500)) + "\n", encoding="utf-8")
    err = annotator(db, "import", str(path)).stderr.decode()
    assert "many.jsonl: 1,000 rows read" in err and "many.jsonl: 2,000 rows read" in err
    assert "2,500 imported" in err
    assert docs_text(db, 2500) == "Article number 2499."


def test_word_and_pdf_articles_are_imported_by_the_command_line(db, tmp_path):
    from tests.pdfs import make_docx, make_pdf, paragraph

    word = tmp_path / "report.docx"
    word.write_bytes(make_docx(paragraph("Baku, 8 November — first paragraph.") + paragraph("Second paragraph.")))
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(make_pdf([["Page one text."], ["Page two text."]]))
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(make_pdf([[]], text_layer=False))
    done = annotator(db, "import", str(word), str(pdf), str(scan), check=False)
    assert done.returncode == 1
    assert "scan.pdf: has no text layer (a scanned PDF?)" in done.stderr.decode()
    assert docs_text(db, 1) == "Baku, 8 November — first paragraph.\n\nSecond paragraph."
    assert docs_text(db, 2) == "Page one text.\n\nPage two text."
