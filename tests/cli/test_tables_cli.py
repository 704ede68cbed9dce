"""`annotator crosstab` and `annotator cooccurrence` as a user runs them (issue 14). Every count
is checked against counts computed here, independently, from `annotator export`'s CSV (and the
documents' own metadata) of the same library."""

from __future__ import annotations

import csv
import io
import random
from collections import Counter, defaultdict
from itertools import combinations

import pytest

from annotator.domain.models import DocumentMeta, TagSpec
from annotator.services import open_services
from tests.cli.test_cli import annotator

NONE = "(none)"


@pytest.fixture
def coded(db):
    """The samples, one without a source and one known only to the year, a variable set for two
    documents, and two coders' passages: one or two tags each, some spans overlapping."""
    annotator(db, "import", "--samples")
    rng = random.Random(14)
    for login in ("ann", "bob"):
        services = open_services(db, annotator=login, backup=False)
        try:
            if login == "ann":
                meta = services.documents.get(2).meta
                services.documents.set_meta(2, DocumentMeta(meta.title, "", "2023", meta.dateline, meta.url, "ru"))
                services.variables.define("outlet_type", "choice", "state|private")
                services.variables.set_values([1], {"outlet_type": "private"})
                services.variables.set_values([3, 4], {"outlet_type": "state"})
            tags = [t.id for t in services.codebook.tags()]
            for document in services.documents.list():
                length = document.length
                for _ in range(8):
                    start = rng.randrange(0, length - 60)
                    services.annotations.tag(
                        document.id, start, start + rng.randrange(5, 60), rng.sample(tags, rng.choice((1, 1, 2)))
                    )
        finally:
            services.close()
    return db


def _csv(db, *args):
    return list(csv.reader(io.StringIO(annotator(db, *args).stdout.decode())))


def _exported(db):
    return list(csv.DictReader(io.StringIO(annotator(db, "export", "--out", "-").stdout.decode())))


def _cells(table):
    """{(row, column): value} of a CSV table, without its totals."""
    header, *rows = table
    return {(r[0], c): r[i] for r in rows if r[0] != "total" for i, c in enumerate(header) if i > 0 and c != "total"}


def _documents(db):
    services = open_services(db, backup=False)
    try:
        metas = {str(d.id): d.meta for d in services.documents.list()}
        values = {str(d): v for d, v in services.variables.values().items()}
        return metas, values, [t.name for t in services.codebook.tags()]
    finally:
        services.close()


def test_crosstab_counts_agree_with_the_export(coded):
    db = coded
    rows = _exported(db)
    assert len(rows) > 40
    metas, values, order = _documents(db)
    by = {
        "source": lambda r: r["source"],
        "year": lambda r: r["published"][:4],
        "month": lambda r: r["published"][:7] if len(r["published"]) >= 7 else "",
        "language": lambda r: metas[r["document_id"]].language,
        "coder": lambda r: r["coder"],
        "outlet_type": lambda r: values.get(r["document_id"], {}).get("outlet_type", ""),
    }
    for column, key in by.items():
        passages = Counter((r["tag"], key(r) or NONE) for r in rows)
        documents = Counter(tag_col for tag_col, _doc in {((r["tag"], key(r) or NONE), r["document_id"]) for r in rows})
        for count, expected in (("passages", passages), ("documents", documents)):
            table = _csv(db, "crosstab", "--rows", "tag", "--cols", column, "--count", count, "--format", "csv")
            got = {k: int(v) for k, v in _cells(table).items() if v != "0"}
            assert got == dict(expected), (column, count)
            assert table[0][0] == "tag" and [r[0] for r in table[1:-1]] == order  # every tag, codebook order
    assert NONE in _csv(db, "crosstab", "--cols", "source", "--format", "csv")[0]  # document 2 has no source


def test_percentages_and_the_table_format(coded):
    db = coded
    counts = _cells(_csv(db, "crosstab", "--cols", "source", "--format", "csv"))
    for of in ("row", "col"):
        shares = _cells(_csv(db, "crosstab", "--cols", "source", "--percent", of, "--format", "csv"))
        for (row, column), share in shares.items():
            whole = sum(
                int(v) for (r, c), v in counts.items() if (r if of == "row" else c) == (row if of == "row" else column)
            )
            assert share == ("" if whole == 0 else f"{100 * int(counts[row, column]) / whole:.1f}")
    out = annotator(db, "crosstab", "--cols", "year", "--percent", "row").stdout.decode().splitlines()
    assert out[0] == "passages by year, % of each row"
    assert out[1].split()[:2] == ["tag", "2023"] and out[1].split()[-1] == "total"


@pytest.mark.parametrize("within", ["passage", "overlap", "document"])
def test_cooccurrence_agrees_with_the_export(coded, within):
    rows = _exported(coded)
    passages = defaultdict(lambda: [0, 0, set()])
    for r in rows:
        passage = passages[r["document_id"], r["annotation_id"]]
        passage[0], passage[1] = int(r["start"]), int(r["end"])
        passage[2].add(r["tag"])
    expected = Counter()
    if within == "passage":
        for _s, _e, tags in passages.values():
            for a in tags:
                for b in tags:
                    expected[a, b] += 1
    elif within == "document":
        present = defaultdict(set)
        for (document, _a), (_s, _e, tags) in passages.items():
            present[document] |= tags
        for tags in present.values():
            for a in tags:
                for b in tags:
                    expected[a, b] += 1
    else:
        for (k1, p1), (k2, p2) in combinations(passages.items(), 2):
            if k1[0] == k2[0] and p1[0] < p2[1] and p2[0] < p1[1]:  # same document, a character shared
                for a in p1[2]:
                    for b in p2[2]:
                        expected[a, b] += 1
                        if a != b:
                            expected[b, a] += 1
        assert expected, "the data must have overlapping passages"
    table = _csv(coded, "cooccurrence", "--within", within, "--format", "csv")
    got = {k: int(v) for k, v in _cells(table).items() if v != "0"}
    assert got == dict(expected)


def _xlsx(db, tmp_path, *args):
    """The table's XLSX read back by openpyxl: (header, rows of cells)."""
    import openpyxl

    out = tmp_path / "table.xlsx"
    annotator(db, *args, "--format", "xlsx", "--output", str(out))
    book = openpyxl.load_workbook(out)
    sheet = book[book.sheetnames[0]]
    cells = list(sheet.iter_rows())
    return book, [c.value for c in cells[0]], cells[1:]


def _agrees(cell, written):
    """An XLSX cell holds what the CSV wrote: the same text, or the same number (a count, a share)."""
    if cell.value is None:
        return written == ""
    if cell.data_type == "n":
        return float(written) == cell.value
    return cell.value == written


def _same_as_csv(db, tmp_path, keys, *args):
    """Every cell of the XLSX equals the CSV's of the same table: the names (the first `keys`
    columns) are text, counts are numbers."""
    header, *rows = _csv(db, *args, "--format", "csv")
    book, got_header, got = _xlsx(db, tmp_path, *args)
    assert got_header == header and len(got) == len(rows)
    for row, cells in zip(rows, got, strict=True):
        assert all(_agrees(c, w) for c, w in zip(cells, row, strict=True)), (row, [c.value for c in cells])
        assert all(c.data_type == "s" for c in cells[:keys] if c.value is not None)
    return book, got


def test_crosstab_cooccurrence_and_compare_as_xlsx_hold_the_csv_cells(coded, tmp_path):
    services = open_services(coded, backup=False)
    try:  # an outlet whose name a spreadsheet would run as a formula, a tag whose name is a number
        meta = services.documents.get(1).meta
        services.documents.set_meta(1, DocumentMeta(meta.title, "=SUM(A1)", meta.published, meta.dateline, meta.url, "en"))
        services.codebook.add(TagSpec("2023", "#123456"))
    finally:
        services.close()
    book, cells = _same_as_csv(coded, tmp_path, 1, "crosstab", "--cols", "source")
    assert book.sheetnames == ["crosstab", "notes"]
    assert cells[0][1].data_type == "n"  # a count is a number
    header = [c.value for c in next(book["crosstab"].iter_rows())]
    assert "=SUM(A1)" in header and book["crosstab"].cell(1, header.index("=SUM(A1)") + 1).data_type == "s"
    assert "2023" in [r[0].value for r in cells]  # the tag named 2023 is text
    notes = [r[0].value for r in book["notes"].iter_rows(min_row=2)]
    assert notes[0] == "passages by source" and any("never" in n or "nothing here" in n for n in notes)
    _same_as_csv(coded, tmp_path, 1, "crosstab", "--cols", "year", "--percent", "row")
    for within in ("passage", "overlap", "document"):
        _same_as_csv(coded, tmp_path, 1, "cooccurrence", "--within", within)


def test_compare_figures_as_xlsx_keep_each_figure_as_reported(db, tmp_path):
    annotator(db, "import", "--samples")
    services = open_services(db, backup=False)
    try:
        tag = next(t for t in services.codebook.tags() if t.name == "casualty figure")
        services.annotations.tag(1, 10, 20, [tag.id], fields={"count_min": "200", "qualifier": "at least", "kind": "killed"})
        services.annotations.tag(2, 10, 20, [tag.id], fields={"count_min": "32", "count_max": "32", "kind": "killed"})
    finally:
        services.close()
    book, cells = _same_as_csv(db, tmp_path, 2, "compare", "--tag", "casualty figure")
    values = {c.value for row in cells for c in row[2:]} - {None}
    assert values == {"at least 200", "32"} and all(c.data_type == "s" for row in cells for c in row if c.value)
    _same_as_csv(db, tmp_path, 1, "compare", "--tag", "quote", "--by", "quote")


def test_xlsx_needs_an_output_file(db):
    annotator(db, "import", "--samples")
    done = annotator(db, "crosstab", "--format", "xlsx", check=False)
    assert done.returncode != 0 and "--output FILE" in done.stderr.decode()


def test_crosstab_and_compare_by_layer_as_the_export_takes_it(db):
    """--layer gold|coders|CODER (decision 044): the same choices as `export --layer`, default all."""
    annotator(db, "import", "--samples")
    annotator(db, "coders", "add", "Lea", "--lead")
    for who, quote, claimant in (("ann", "Armenia and Azerbaijan", "Aliyev"), ("bob", "Armenia and Azerbaijan", "Aliyev")):
        annotator(db, "--annotator", who, "tag", "4", "--quote", quote, "--tag", "claim", "--field", f"claimant={claimant}")
    annotator(db, "--annotator", "bob", "tag", "4", "--quote", "anti-terrorist operation", "--tag", "claim")
    annotator(db, "--annotator", "lea", "gold", "accept-agreed")

    def claims(*args):
        table = _csv(db, *args, "--format", "csv")
        return {c: v for c, v in zip(table[0][1:], next(r for r in table if r[0] == "claim")[1:], strict=True)}

    assert claims("crosstab", "--cols", "coder") == {"ann": "1", "bob": "2", "lea": "1", "total": "4"}
    assert claims("crosstab", "--cols", "coder", "--layer", "gold") == {"lea": "1", "total": "1"}
    assert claims("crosstab", "--cols", "coder", "--layer", "coders") == {"ann": "1", "bob": "2", "total": "3"}
    assert claims("crosstab", "--cols", "coder", "--layer", "bob") == {"bob": "2", "total": "2"}
    aliyev = {
        layer: _cells(_csv(db, "compare", "--tag", "claim", "--layer", layer, "--format", "csv"))
        for layer in ("", "gold", "ann")
    }
    trend = "Trend News Agency"
    assert [aliyev[layer][("Aliyev", trend)] for layer in ("", "gold", "ann")] == ["3", "1", "1"]
    exported = _csv(db, "export", "--layer", "gold")
    assert len(exported) - 1 == 1  # the export's rule: the same one gold row
    wrong = annotator(db, "crosstab", "--layer", "nobody", check=False)
    assert wrong.returncode != 0 and "there is no coder 'nobody'" in wrong.stderr.decode()
    assert "Traceback" not in wrong.stderr.decode()
