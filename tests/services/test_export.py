"""CSV export read back with the csv module and checked cell by cell against the library."""

import csv

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.exporters.csv_export import COLUMNS, Cancelled, neutralise
from annotator.services import UserError
from annotator.services.exports import ExportOptions
from tests.conftest import write


def read(path, encoding="utf-8"):
    with open(path, encoding=encoding, newline="") as handle:
        return list(csv.reader(handle))


def field_names(services):
    return list(dict.fromkeys(spec.name for tag in services.codebook.tags() for spec in tag.fields))


def expected_rows(services, safe=False):
    docs = {d.id: d for d in services.documents.list()}
    tags = {t.id: t for t in services.codebook.tags()}
    names = field_names(services)
    variables = [v.name for v in services.variables.variables()]  # their columns follow the fields'
    values = services.variables.values()
    cell = neutralise if safe else (lambda v: v)
    shown = {c.login: c.display_name for c in services.coders.list()}  # the annotator column: as typed
    rows = []
    for doc_id in sorted(docs):
        for a in sorted(services.annotations.for_document(doc_id), key=lambda a: (a.start, a.end, a.id)):
            for tag in sorted((tags[t] for t in a.tag_ids), key=lambda t: t.id):
                d = docs[doc_id]
                rows.append(
                    [
                        str(a.id),
                        str(doc_id),
                        cell(d.title),
                        cell(d.meta.source),
                        d.meta.published,
                        cell(tag.name),
                        cell(a.quote),
                        str(a.start),
                        str(a.end),
                        cell(a.note),
                        cell(shown[a.coder]),
                        a.created_at,
                        a.updated_at,
                        cell(a.prefix),
                        cell(a.suffix),
                        cell(a.coder),
                        a.uuid,
                        a.layer,
                        "",  # page: the sample articles are text files, not PDFs
                        *(cell(dict(a.fields).get(n, "")) if n in {f.name for f in tag.fields} else "" for n in names),
                        *(cell(values.get(doc_id, {}).get(v, "")) for v in variables),
                    ]
                )
    return rows


@pytest.fixture
def tagged(loaded):
    ids = {t.name: t.id for t in loaded.codebook.tags()}
    loaded.annotations.tag_quote(1, "Hundreds of Azerbaijani soldiers", ["claim", "quote"], note="two\nlines")
    loaded.annotations.tag_quote(4, "anti-terrorist operation", ["framing"], nth=1, note="=1+2")
    text = loaded.documents.text(4)
    start = text.index("“We have been")
    loaded.annotations.tag(
        4, start, text.index("\n", start) + 5, [ids["quote"]], note="-x", fields={"speaker": "=the head of state"}
    )
    date = text.index("January 5")
    loaded.annotations.tag(4, date, date + 9, [ids["date"], ids["claim"]], fields={"date": "2026-01-05"})
    return loaded


def test_cells_match_the_library(tagged, tmp_path):
    out = tmp_path / "out.csv"
    assert tagged.exports.export_csv(out) == 6
    rows = read(out)
    fields = ["claimant", "speaker", "date", "count_min", "count_max", "qualifier", "kind", "frame"]
    assert rows[0] == [*COLUMNS, *fields, "var:notes"]  # the samples' notes column became a variable
    assert rows[1:] == expected_rows(tagged)
    raw = out.read_bytes()
    assert b"\r\n" in raw and not raw.startswith(b"\xef\xbb\xbf")


def test_passage_with_line_break_round_trips_and_offsets_hold(tagged, tmp_path):
    out = tmp_path / "out.csv"
    tagged.exports.export_csv(out, ExportOptions())
    for row in read(out)[1:]:
        record = dict(zip(read(out)[0], row, strict=True))
        text = tagged.documents.text(int(record["document_id"]))
        assert text[int(record["start"]) : int(record["end"])] == record["text"]
    assert any("\n" in row[6] for row in read(out)[1:])


def test_formula_cells_are_exact_unless_for_a_spreadsheet(tagged, tmp_path):
    excel, exact = tmp_path / "excel.csv", tmp_path / "exact.csv"
    tagged.exports.export_csv(excel, ExportOptions(excel=True))
    tagged.exports.export_csv(exact)
    notes = {row[9] for row in read(excel, "utf-8-sig")[1:]}
    assert "'=1+2" in notes and "'-x" in notes
    assert read(excel, "utf-8-sig")[1:] == expected_rows(tagged, safe=True)
    assert {"=1+2", "-x"} <= {row[9] for row in read(exact)[1:]}
    assert read(exact)[1:] == expected_rows(tagged)


def test_filters_and_excel_bom(tagged, tmp_path):
    out = tmp_path / "f.csv"
    count = tagged.exports.export_csv(out, ExportOptions(document_ids=(4,), tag_names=("quote",), excel=True))
    assert count == 1 and out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = read(out, "utf-8-sig")
    assert rows[1][1] == "4" and rows[1][5] == "quote"


def test_unknown_filter_and_missing_folder(tagged, tmp_path):
    with pytest.raises(UserError, match="no tag named"):
        tagged.exports.export_csv(tmp_path / "x.csv", ExportOptions(tag_names=("nope",)))
    with pytest.raises(UserError, match="no document 42"):
        tagged.exports.export_csv(tmp_path / "x.csv", ExportOptions(document_ids=(42,)))
    with pytest.raises(UserError, match="does not exist"):
        tagged.exports.export_csv(tmp_path / "no" / "x.csv")


def test_cancel_leaves_no_file(tagged, tmp_path):
    out = tmp_path / "c.csv"
    with pytest.raises(Cancelled):
        tagged.exports.export_csv(out, progress=lambda rows: False)
    assert list(tmp_path.glob("*.csv")) == [] and list(tmp_path.glob(".*")) == []


PIECES = list("ab \n\r\t,\"'=+-@é") + ["😀", "🇦🇿", "𝐀", "e\u0301", "\u200d", "\u2029", "\u00a0", "\r\n"]
TRICKY = st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join).filter(str.strip)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TRICKY, data=st.data())
def test_round_trip_random_texts_and_spans(services, tmp_path, text, data):
    """For random texts and spans, text[start:end] == quote survives import and CSV round-trip."""
    path = write(tmp_path / f"{abs(hash(text))}.txt", text)
    (outcome,) = services.documents.import_files([path])
    doc_id = outcome.document.id if outcome.document else outcome.duplicate_of
    stored = services.documents.text(doc_id)
    start = data.draw(st.integers(0, len(stored) - 1))
    end = data.draw(st.integers(start + 1, len(stored)))
    services.annotations.tag(doc_id, start, end, [services.codebook.tags()[0].id])
    out = tmp_path / "rt.csv"
    services.exports.export_csv(out, ExportOptions(document_ids=(doc_id,)))
    for row in read(out)[1:]:
        assert stored[int(row[7]) : int(row[8])] == row[6]


def test_parallel_export_writes_the_same_bytes(tagged, tmp_path, monkeypatch):
    import annotator.services.exports as exports

    single, parallel = tmp_path / "single.csv", tmp_path / "parallel.csv"
    for n in (2, 3, 4):  # passages in more documents, so the parts have work
        tagged.annotations.tag(n, 0, 10, [tagged.codebook.tags()[0].id], note="=x")
    assert tagged.exports.export_csv(single, ExportOptions(excel=True)) == 9
    monkeypatch.setattr(exports, "PARALLEL_FROM", 1)
    monkeypatch.setattr(exports.os, "cpu_count", lambda: 3)
    assert tagged.exports.export_csv(parallel, ExportOptions(excel=True)) == 9
    assert parallel.read_bytes() == single.read_bytes()
    filtered = tmp_path / "filtered.csv"
    assert tagged.exports.export_csv(filtered, ExportOptions(document_ids=(1, 4), tag_names=("quote",))) == 2


def test_parallel_export_cancel_leaves_nothing(tagged, tmp_path, monkeypatch):
    import annotator.services.exports as exports

    monkeypatch.setattr(exports, "PARALLEL_FROM", 1)
    monkeypatch.setattr(exports.os, "cpu_count", lambda: 2)
    with pytest.raises(Cancelled):
        tagged.exports.export_csv(tmp_path / "c.csv", progress=lambda rows: False)
    assert [p.name for p in tmp_path.iterdir() if "library" not in p.name] == []


def test_field_values_fill_their_own_tags_columns_only(tagged, tmp_path):
    out = tmp_path / "out.csv"
    tagged.exports.export_csv(out, ExportOptions())
    header, *rows = read(out)
    records = [dict(zip(header, row, strict=True)) for row in rows]
    by_tag = {(r["text"], r["tag"]): r for r in records}
    assert by_tag[("January 5", "date")]["date"] == "2026-01-05"
    assert by_tag[("January 5", "claim")]["date"] == ""  # the claim row does not repeat the date
    assert [r["speaker"] for r in records if r["speaker"]] == ["=the head of state"]
    safe = tmp_path / "safe.csv"
    tagged.exports.export_csv(safe, ExportOptions(excel=True))
    assert "'=the head of state" in safe.read_text(encoding="utf-8-sig")


def test_without_field_values_the_empty_field_cells_are_the_same_in_parallel(loaded, tmp_path, monkeypatch):
    import annotator.services.exports as exports

    tag = loaded.codebook.tags()[0].id
    for n in (1, 2, 3, 4):
        loaded.annotations.tag(n, 0, 10, [tag], note="=x")
    notes = loaded.variables.values()
    loaded.variables.remove("notes")  # the samples' metadata.csv column: no variables at first
    for round_ in ("no variables", "a variable"):
        single, parallel = tmp_path / f"single-{round_}.csv", tmp_path / f"parallel-{round_}.csv"
        monkeypatch.setattr(exports, "PARALLEL_FROM", 200_000)
        assert loaded.exports.export_csv(single) == 4
        header, *records = read(single)
        fields = slice(len(COLUMNS), len(COLUMNS) + 8)
        assert all(len(r) == len(header) and r[fields] == [""] * 8 for r in records)
        monkeypatch.setattr(exports, "PARALLEL_FROM", 1)
        monkeypatch.setattr(exports.os, "cpu_count", lambda: 3)
        assert loaded.exports.export_csv(parallel) == 4
        assert parallel.read_bytes() == single.read_bytes()
        if round_ == "no variables":
            assert len(header) == len(COLUMNS) + 8
            loaded.variables.define("notes")
            for document_id, held in notes.items():
                loaded.variables.set_values([document_id], {"notes": held["notes"]})
        else:  # after the empty field cells (no field values: not read), the variable's column
            assert header[len(COLUMNS) + 8 :] == ["var:notes"]
            assert [r[-1] for r in records] == [notes.get(int(r[1]), {}).get("notes", "") for r in records]
            assert any(r[-1] for r in records)


# --- The text is exact; neutralising belongs to the spreadsheet flavour only ----------------------
# Written out here, not imported from the code: dropping one of them there must fail a test.
FORMULA_FIRST = ["=", "+", "-", "@", "\t", "\r"]
IN_TEXT = ["=", "+", "-", "@", "\t"]  # a document's canonical text holds no \r


@pytest.fixture
def formulas(services, tmp_path):
    """A document with a passage starting with each formula character (note and speaker too)."""
    lines = [f"{c}SUM(A{n}) begins line {n}." for n, c in enumerate(IN_TEXT)]
    path = write(tmp_path / "formulas.txt", "Title line\n" + "\n".join(lines) + "\n")
    (outcome,) = services.documents.import_files([path])
    doc = outcome.document.id
    text = services.documents.text(doc)
    quote_tag = services.codebook.by_name("quote").id
    for n, c in enumerate(FORMULA_FIRST):
        start = text.index(f"SUM(A{n % len(IN_TEXT)})") - (1 if n < len(IN_TEXT) else 0)
        end = text.index(".", start)
        fields = {"speaker": f"{c}speaker {n}"} if c.strip() else {}
        services.annotations.tag(doc, start, end, [quote_tag], note=f"{c}note {n}", fields=fields)
    return services


def records(path, encoding="utf-8"):
    header, *rows = read(path, encoding)
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("parallel", [False, True])
def test_default_export_writes_every_cell_exactly_as_stored(formulas, tmp_path, monkeypatch, parallel):
    import annotator.services.exports as exports

    if parallel:
        monkeypatch.setattr(exports, "PARALLEL_FROM", 1)
        monkeypatch.setattr(exports.os, "cpu_count", lambda: 2)
    out = tmp_path / "exact.csv"
    formulas.exports.export_csv(out)
    rows = records(out)
    stored = {a.id: a for d in formulas.documents.list() for a in formulas.annotations.for_document(d.id)}
    assert len(rows) == len(FORMULA_FIRST)
    for row in rows:
        a = stored[int(row["annotation_id"])]
        text = formulas.documents.text(int(row["document_id"]))
        assert row["text"] == text[int(row["start"]) : int(row["end"])] == a.quote
        assert (row["prefix"], row["suffix"], row["note"]) == (a.prefix, a.suffix, a.note)
        assert row["speaker"] == dict(a.fields).get("speaker", "")
    assert {row["text"][0] for row in rows} >= set(IN_TEXT)
    assert {row["note"][0] for row in rows} == set(FORMULA_FIRST)


@pytest.mark.parametrize("parallel", [False, True])
@pytest.mark.parametrize("first", FORMULA_FIRST)
def test_the_spreadsheet_flavour_neutralises_each_formula_character(formulas, tmp_path, monkeypatch, parallel, first):
    import annotator.services.exports as exports

    if parallel:
        monkeypatch.setattr(exports, "PARALLEL_FROM", 1)
        monkeypatch.setattr(exports.os, "cpu_count", lambda: 2)
    out = tmp_path / "excel.csv"
    formulas.exports.export_csv(out, ExportOptions(excel=True))
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    (row,) = [r for r in records(out, "utf-8-sig") if r["note"].lstrip("'").startswith(first)]
    assert row["note"].startswith("'" + first)
    if first in IN_TEXT:
        assert row["text"].startswith("'" + first)
    if first.strip():
        assert row["speaker"] == f"'{first}speaker {FORMULA_FIRST.index(first)}"
    assert not row["document_title"].startswith("'")  # only cells that start with one of them
