"""What the command line prints for people shows control characters escaped (a title or note
holding ESC ] 0 ; … BEL or ESC [ 2 J must not retitle or clear the terminal); data stays exact."""

import csv
import io

from tests.cli.test_cli import annotator

TITLE = "Pwned \x1b]0;owned terminal\x07 then \x1b[2J cleared\x9b31m \u202eevil"
NOTE = "note \x1b[31mred\x1b[0m\x07"
CONTROLS = (b"\x1b", b"\x07", b"\xc2\x9b", "\u202e".encode())


def clean(data: bytes) -> bool:
    return not any(c in data for c in CONTROLS)


def test_tables_and_messages_escape_control_characters(db, tmp_path):
    article = tmp_path / "article \x1b[2J.txt"
    article.write_text("Body of the article about the parade in Baku today.\n", encoding="utf-8")
    done = annotator(db, "import", str(article), "--title", TITLE)
    assert clean(done.stdout) and clean(done.stderr)
    assert b"\\x1b]0;owned terminal\\x07" in done.stdout and b"\\u202e" in done.stdout
    done = annotator(
        db,
        "tag",
        "1",
        "--quote",
        "parade",
        "--tag",
        "claim",
        "--note",
        NOTE,
        "--tag",
        "quote",
        "--field",
        "speaker=\x1b]0;x\x07",
    )
    assert clean(done.stdout) and clean(done.stderr)
    for args in (("docs",), ("annotations", "1")):
        out = annotator(db, *args).stdout
        assert clean(out) and b"\\x1b" in out, out
    err = annotator(db, "import", str(tmp_path / "missing \x1b]0;t\x07.txt"), check=False).stderr
    assert clean(err) and b"\\x1b]0;t\\x07" in err
    again = annotator(db, "import", str(article), check=False)
    assert clean(again.stdout) and clean(again.stderr)


def test_text_and_csv_export_stay_exact(db, tmp_path):
    body = "Before \x1b[2J the \x07 passage after.\n" + "A plain sentence of the article follows here. " * 10
    article = tmp_path / "a.txt"
    article.write_bytes(body.encode())
    annotator(db, "import", str(article), "--title", TITLE)
    annotator(db, "tag", "1", "--quote", "the \x07 passage", "--tag", "claim", "--note", NOTE)
    assert annotator(db, "text", "1").stdout == body.encode()
    rows = list(csv.DictReader(io.StringIO(annotator(db, "export").stdout.decode())))
    assert rows[0]["text"] == "the \x07 passage" and rows[0]["note"] == NOTE and rows[0]["document_title"] == TITLE
