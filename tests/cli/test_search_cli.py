"""`annotator search` as a user runs it: KWIC rows whose offsets are exact in the stored text,
counts per document, filters, passages and notes, a query it cannot read."""

import csv
import io

from tests.cli.test_cli import annotator


def _rows(done):
    assert done.returncode == 0, done.stderr.decode()
    return list(csv.DictReader(io.StringIO(done.stdout.decode())))


def _text(db, doc):
    return annotator(db, "text", str(doc)).stdout.decode()


def test_kwic_rows_are_exact_and_counts_add_up(db):
    annotator(db, "import", "--samples")
    rows = _rows(annotator(db, "search", "Azerbaijan*", "--format", "csv"))
    assert len(rows) == 48 and list(rows[0]) == ["document_id", "start", "end", "left", "match", "right", "annotation_id"]
    texts = {d: _text(db, d) for d in {r["document_id"] for r in rows}}
    for r in rows:
        text = texts[r["document_id"]]
        start, end = int(r["start"]), int(r["end"])
        assert text[start:end] == r["match"] and r["match"].lower().startswith("azerbaijan")
    counts = _rows(annotator(db, "search", "Azerbaijan*", "--count", "--format", "csv"))
    assert {c["document_id"]: int(c["hits"]) for c in counts} == {d: sum(r["document_id"] == d for r in rows) for d in texts}
    table = annotator(db, "search", '"Armenia and Azerbaijan"', "--source", "Trend News Agency")
    assert table.returncode == 0 and "[Armenia and Azerbaijan]" in table.stdout.decode()
    assert "1 hit in 1 document\n" in table.stderr.decode()  # it said "1 hits in 1 documents"


def test_filters_tags_passages_and_notes(db):
    annotator(db, "import", "--samples")
    annotator(db, "tag", "4", "--quote", "Armenia and Azerbaijan", "--nth", "1", "--tag", "claim", "--note", "Armenia again")
    only_tagged = _rows(annotator(db, "search", "Armenia", "--tag", "claim", "--format", "csv"))
    assert {r["document_id"] for r in only_tagged} == {"4"}
    untagged = _rows(annotator(db, "search", "Armenia", "--no-tag", "claim", "--format", "csv"))
    assert {r["document_id"] for r in untagged} == {"1", "2", "3"}
    passages = _rows(annotator(db, "search", "Armenia", "--in", "passages", "--format", "csv"))
    assert [(r["document_id"], r["match"]) for r in passages] == [("4", "Armenia")] and passages[0]["annotation_id"]
    assert _text(db, 4)[int(passages[0]["start"]) : int(passages[0]["end"])] == "Armenia"
    notes = _rows(annotator(db, "search", "Armenia", "--in", "notes", "--format", "csv"))
    assert [(r["start"], r["end"], r["match"]) for r in notes] == [("0", "7", "Armenia")]


def test_a_query_it_cannot_read_is_one_sentence(db):
    annotator(db, "import", "--samples")
    done = annotator(db, "search", '"Armenia and', check=False)
    assert done.returncode != 0 and "closing quote" in done.stderr.decode()
    assert done.stderr.decode().count("\n") == 1


def test_var_filters_by_document_variables_as_vars_set_stores_them(db):
    annotator(db, "import", "--samples")
    annotator(db, "vars", "define", "outlet_country")
    annotator(db, "vars", "define", "outlet_type", "--type", "choice", "--choices", "state|private|foreign")
    annotator(db, "vars", "define", "circulation", "--type", "number")
    annotator(db, "vars", "set", "outlet_country=United States", "outlet_type=foreign", "--doc", "1", "--doc", "2")
    annotator(db, "vars", "set", "outlet_country=Azerbaijan", "outlet_type=state", "circulation=12000", "--doc", "3")
    annotator(db, "vars", "set", "outlet_country=Azerbaijan", "outlet_type=private", "--doc", "4")

    def docs(*args):
        return {r["document_id"] for r in _rows(annotator(db, "search", "Armenia", *args, "--format", "csv"))}

    assert docs() == {"1", "2", "3", "4"}
    assert docs("--var", "outlet_country=Azerbaijan") == {"3", "4"}
    assert docs("--var", " Outlet_Country = United States") == {"1", "2"}  # quoted: spaces kept in the value
    # A name as metadata.csv's column heads it (as an import made it a variable) is the variable.
    assert docs("--var", "Outlet Country=Azerbaijan", "--var", "outlet-type=state") == {"3"}
    assert docs("--var", "outlet_country=Azerbaijan", "--var", "outlet_type=STATE") == {"3"}
    assert docs("--var", "circulation=12,000", "--source", "Trend News Agency") == {"3"}
    assert docs("--var", "outlet_type=foreign", "--source", "Trend News Agency") == set()
    counted = _rows(annotator(db, "search", "Armenia", "--var", "outlet_type=private", "--count", "--format", "csv"))
    assert [c["document_id"] for c in counted] == ["4"]
    assert "--var NAME=VALUE" in annotator(db, "search", "--help").stdout.decode()


def test_a_var_filter_that_cannot_be_read_is_one_sentence(db):
    annotator(db, "import", "--samples")
    annotator(db, "vars", "define", "circulation", "--type", "number")
    for given, said, code in (
        ("circulation", "'circulation' is not NAME=VALUE", 2),
        ("colour=red", "no document variable 'colour'", 1),
        ("circulation=many", "circulation must be a number", 1),
    ):
        done = annotator(db, "search", "Armenia", "--var", given, check=False)
        err = done.stderr.decode()
        assert done.returncode == code and said in err.splitlines()[-1], err  # one sentence, last
        assert err.startswith("usage:") if code == 2 else err.count("\n") == 1, err
