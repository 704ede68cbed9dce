"""Compare outlets' figures (issue 14) on awkward data, on both backends: several figures in one
cell from several documents and coders (and the gold layer), ranges, qualifiers, a figure without
a count or without a kind, documents without an outlet or a date, an outlet without figures. The
table must be what the per-passage reading made of it before the cells were grouped fast
(decision 036): the reference below is that reading and grouping, kept here as the oracle."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import pytest

from annotator.domain.compare import FIGURE_READ, figure_grid, figure_text
from annotator.domain.tables import NONE, shown_label
from annotator.storage import compare_query

TAG = "casualty figure"
META = {1: ("AP", "2023-09-20"), 2: ("AP", "2023-09-20"), 3: ("", ""), 4: ("TASS", "2023-09")}
# (coder, document, nth character to start at, count_min, count_max, qualifier, kind); written in
# this order, so a document's later passage is sometimes written first.
FIGURES = [
    ("ann", 1, 300, "200", "200", "at least", "killed"),
    ("ann", 1, 100, "25", "30", "", "killed"),
    ("bob", 1, 100, "25", "30", "", "killed"),  # the same passage by a second coder
    ("ann", 2, 50, "32", "", "", "killed"),
    ("ann", 2, 80, "", "40", "about", "killed"),
    ("ann", 2, 120, "", "", "dozens", "wounded"),  # no count at all: "?"
    ("ann", 3, 10, "100000", "100000", "", "displaced"),  # no outlet, no date
    ("ann", 3, 40, "7", "7", "", ""),  # no kind
    ("bob", 4, 20, "3", "3", "", "killed"),
    ("bob", 4, 20, "3", "3", "", "killed"),  # the same figure twice in one cell
]


@pytest.fixture
def figures(loaded, tmp_path):
    (tmp_path / "wire.txt").write_text("A wire story that gives no figure at all.\n", encoding="utf-8")
    loaded.documents.import_file(tmp_path / "wire.txt")
    documents = loaded.documents.list()
    for document in documents:
        source, published = META.get(document.id, ("Reuters", "2023-10-01"))
        loaded.documents.set_meta(document.id, replace(document.meta, source=source, published=published))
    tag_id = next(t.id for t in loaded.codebook.tags() if t.name == TAG)
    for n, (coder, doc, start, low, high, qualifier, kind) in enumerate(FIGURES):
        loaded.coders.switch(coder)
        fields = {"count_min": low, "count_max": high, "qualifier": qualifier, "kind": kind}
        loaded.annotations.tag(doc, start + n % 2, start + 12, [tag_id], fields=fields)
    # A gold passage (no fields: a "?" without a kind) counts too: compare reads every layer.
    loaded.coders.add("Lea", lead=True)
    loaded.coders.switch("lea")
    loaded.gold.add(1, TAG, 300, 312)
    return loaded


def _reference(services, documents=None):
    """The table as the per-passage reading grouped it (every passage, its fields, in text order)."""
    with services.library.reading() as session:
        tag_id = next(t.id for t in services.codebook.tags() if t.name == TAG)
        found = compare_query.reported(session, tag_id, FIGURE_READ, documents)
        compared = compare_query.outlets(session, documents)
    cells = defaultdict(list)
    for item in found:
        cells[(shown_label(item.date), shown_label(item.fields.get("kind", ""))), shown_label(item.outlet)].append(item)
    rows = sorted({r for r, _o in cells}, key=lambda r: (r[0] == NONE, r))
    every = {o for _r, o in cells} | {shown_label(o) for o in compared}
    outlets = sorted(every, key=lambda o: (o == NONE, o.casefold()))
    header = ["date", "kind", *outlets]
    grid = [
        [date, kind, *("; ".join(figure_text(r.fields) for r in cells[(date, kind), o]) for o in outlets)]
        for date, kind in rows
    ]
    passages = {key: [(r.document_id, r.annotation_id, r.quote) for r in found] for key, found in cells.items()}
    return (header, grid), passages


@pytest.mark.parametrize("documents", [None, [1, 3, 4]])
def test_the_figures_table_is_what_each_passage_said(figures, documents):
    (header, rows), _passages = _reference(figures, documents)
    assert figure_grid(figures.tables.compare(TAG, documents=documents)) == (header, rows)
    # The data is as awkward as meant: several figures in a cell, "?", "(none)" rows and columns.
    flat = [cell for row in rows for cell in row]
    assert any(cell.count("; ") >= 2 for cell in flat) and "?" in flat and NONE in header
    if documents is None:
        assert "dozens ?" in flat and "Reuters" in header and not any(row[header.index("Reuters")] for row in rows)


@pytest.mark.parametrize("documents", [None, [1, 3, 4]])
def test_a_cell_opened_lists_the_passages_of_its_figures_in_text_order(figures, documents):
    (header, rows), passages = _reference(figures, documents)
    for date, kind, *_cells in rows:
        for outlet in header[2:]:
            found = figures.tables.figure_passages(TAG, date, kind, outlet, documents=documents)
            assert found == passages.get(((date, kind), outlet), []), (date, kind, outlet)
    assert max(len(p) for p in passages.values()) >= 3  # several passages, documents and coders in one cell
