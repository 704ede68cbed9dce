"""Compare outlets for a chosen set of documents (search's filters: source, a partial date range)
and the passages of a speaker × outlet / frame × outlet cell (issue 14), on both backends; checked
against the passages as stored, read through the annotations service."""

from __future__ import annotations

from collections import defaultdict

import pytest

from annotator.domain.tables import NONE
from annotator.services.search import Filters

QUOTES = [(1, 20, "Aliyev"), (1, 60, "Aliyev"), (2, 30, "Blinken"), (3, 40, "Aliyev"), (4, 50, ""), (4, 90, "Blinken")]


@pytest.fixture
def quoted(loaded):
    tag = next(t.id for t in loaded.codebook.tags() if t.name == "quote")
    for doc, start, speaker in QUOTES:
        loaded.annotations.tag(doc, start, start + 8, [tag], fields={"speaker": speaker})
    return loaded


def _stored(services, keep=lambda meta: True):
    """(speaker shown, outlet shown) -> [(document id, annotation id, quote)] in text order."""
    tag = next(t.id for t in services.codebook.tags() if t.name == "quote")
    cells = defaultdict(list)
    for document in sorted(services.documents.list(), key=lambda d: d.id):
        if not keep(document.meta):
            continue
        for a in sorted(services.annotations.for_document(document.id), key=lambda a: (a.start, a.id)):
            if tag in a.tag_ids:
                cell = (dict(a.fields).get("speaker") or NONE, document.meta.source or NONE)
                cells[cell].append((document.id, a.id, a.quote))
    return dict(cells)


def test_each_speaker_by_outlet_cell_opens_the_passages_it_counts(quoted):
    table = quoted.tables.compare("quote")
    stored = _stored(quoted)
    opened = {}
    for speaker in table.rows:
        for outlet in table.columns:
            found = quoted.tables.by_outlet_passages("quote", "", speaker, outlet)
            assert len(found) == table.cell(speaker, outlet)
            if found:
                opened[speaker, outlet] = found
    assert opened == stored and len(opened) >= 4


def test_a_cell_of_the_words_table_and_an_empty_cell(quoted):
    table = quoted.tables.compare("quote", by="quote")
    words, outlet = next((r, c) for r in table.rows for c in table.columns if table.cell(r, c))
    found = quoted.tables.by_outlet_passages("quote", "quote", words, outlet)
    assert len(found) == table.cell(words, outlet) and all(" ".join(q.split()).casefold() == words for *_, q in found)
    assert quoted.tables.by_outlet_passages("quote", "", "Nobody", outlet) == []


def test_compare_and_its_cells_for_a_partial_date_range_and_a_source(quoted):
    month = Filters(published_from="2023-09", published_to="2023-09")  # all of September 2023
    table = quoted.tables.compare("quote", filters=month)
    stored = _stored(quoted, lambda meta: meta.published.startswith("2023-09"))
    assert stored and sum(len(v) for v in stored.values()) < len(QUOTES)
    got = {(r, c): table.cell(r, c) for r in table.rows for c in table.columns if table.cell(r, c)}
    assert got == {cell: len(found) for cell, found in stored.items()}
    for (speaker, outlet), found in stored.items():
        assert quoted.tables.by_outlet_passages("quote", "", speaker, outlet, filters=month) == found
    source = sorted(c for _r, c in _stored(quoted))[0]
    table = quoted.tables.compare("quote", filters=Filters(source=source))
    assert table.columns == (source,)
    everything = quoted.tables.compare("quote", filters=Filters())  # no filter: the whole library
    assert len(everything.columns) == len(
        {c for _r, c in _stored(quoted)} | {d.meta.source for d in quoted.documents.list()}
    )
