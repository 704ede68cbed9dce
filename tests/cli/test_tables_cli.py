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

from annotator.domain.models import DocumentMeta
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
