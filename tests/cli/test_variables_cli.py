"""`annotator vars` and `annotator memo` as a subprocess, as a user runs them (issue 14)."""

import csv
import io

from tests.cli.test_cli import annotator


def test_define_set_show_list_and_remove_variables(db):
    annotator(db, "import", "--samples")
    out = annotator(db, "vars", "define", "outlet_type", "--type", "choice", "--choices", "state|private|foreign")
    assert out.stdout.decode().strip() == "variable outlet_type: one of: state | private | foreign"
    annotator(db, "vars", "define", "founded", "--type", "number")
    out = annotator(db, "vars", "set", "outlet_type=State", "founded=1,904", "--doc", "1", "--doc", "3").stdout.decode()
    assert out.splitlines() == ["document 1: outlet_type=state; founded=1904", "document 3: outlet_type=state; founded=1904"]
    refused = annotator(db, "vars", "set", "outlet_type=public", "--doc", "2", check=False)
    assert refused.returncode == 1
    assert "outlet_type must be one of state, private, foreign, not 'public'" in refused.stderr.decode()
    shown = annotator(db, "vars", "show", "--format", "csv").stdout.decode()
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(shown))}
    assert list(rows["1"])[2:] == ["notes", "outlet_type", "founded"]
    assert (rows["1"]["outlet_type"], rows["2"]["outlet_type"], rows["3"]["founded"]) == ("state", "", "1904")
    listed = annotator(db, "vars", "list").stdout.decode().splitlines()
    assert listed[0].split() == ["name", "type", "documents"]
    assert listed[2].split() == ["outlet_type", "one", "of:", "state", "|", "private", "|", "foreign", "2"]
    out = annotator(db, "vars", "set", "founded=", "--doc", "3").stdout.decode()
    assert out.strip() == "document 3: founded removed"
    assert annotator(db, "vars", "remove", "founded").stdout.decode().strip() == (
        "removed variable founded and its values in 1 document"
    )
    assert "founded" not in annotator(db, "vars", "list").stdout.decode()


def test_memo_written_read_from_input_and_removed(db):
    annotator(db, "import", "--samples")
    assert annotator(db, "memo", "2").stdout == b""
    assert annotator(db, "memo", "2", "Compare with AP").stdout.decode().strip() == "memo of document 2 written"
    read = annotator(db, "memo", "2")
    assert read.stdout.decode() == "Compare with AP\n" and read.stderr.decode().startswith("(written 20")
    annotator(db, "memo", "2", "-", stdin="Two\nlines — ünïcode\n".encode())
    assert annotator(db, "memo", "2").stdout.decode() == "Two\nlines — ünïcode\n"
    assert annotator(db, "memo", "2", "").stdout.decode().strip() == "memo of document 2 removed"
    missing = annotator(db, "memo", "9", "x", check=False)
    assert missing.returncode == 1 and "there is no document 9" in missing.stderr.decode()
