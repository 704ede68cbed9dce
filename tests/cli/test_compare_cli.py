"""`annotator compare`: what each outlet reported, checked against the fields stored in the
passages (read back through `annotator annotations`' service, not the compare code) (issue 14)."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from annotator.services import open_services
from tests.cli.test_cli import annotator

FIGURES = [  # (document, count_min, count_max, qualifier, kind)
    (1, "200", "200", "at least", "killed"),
    (1, "25", "30", "", "wounded"),
    (2, "32", "32", "", "killed"),
    (3, "40", "", "about", "displaced"),
    (4, "7", "7", "", "killed"),
    (4, "3", "3", "", ""),
]


@pytest.fixture
def reported(db):
    annotator(db, "import", "--samples")
    services = open_services(db, annotator="ann", backup=False)
    try:
        tags = {t.name: t.id for t in services.codebook.tags()}
        for n, (doc, low, high, qualifier, kind) in enumerate(FIGURES):
            fields = {"count_min": low, "count_max": high, "qualifier": qualifier, "kind": kind}
            services.annotations.tag(doc, 100 + 40 * n, 110 + 40 * n, [tags["casualty figure"]], fields=fields)
        for doc, start, speaker in ((1, 20, "Aliyev"), (2, 30, "Blinken"), (3, 40, "Aliyev"), (4, 50, "")):
            services.annotations.tag(doc, start, start + 8, [tags["quote"]], fields={"speaker": speaker})
        services.annotations.tag(3, 60, 70, [tags["framing"]], fields={"frame": "loaded term"})
        services.annotations.tag(4, 60, 70, [tags["framing"]], fields={"frame": "conflict"})
    finally:
        services.close()
    return db


def _stored(db, tag):
    """(outlet, date, fields) of every passage with the tag, from the stored annotations."""
    services = open_services(db, backup=False)
    try:
        tag_id = next(t.id for t in services.codebook.tags() if t.name == tag)
        found = []
        for document in services.documents.list():
            for a in services.annotations.for_document(document.id):
                if tag_id in a.tag_ids:
                    found.append((document.meta.source, document.meta.published, dict(a.fields), a.quote))
        return found
    finally:
        services.close()


def test_figures_one_column_per_outlet_by_date_and_kind_as_stored(reported):
    rows = list(
        csv.reader(
            io.StringIO(annotator(reported, "compare", "--tag", "casualty figure", "--format", "csv").stdout.decode())
        )
    )
    header, body = rows[0], rows[1:]
    stored = _stored(reported, "casualty figure")
    assert header[:2] == ["date", "kind"] and sorted(header[2:]) == sorted({s for s, *_ in stored})
    expected = Counter()
    for source, published, fields, _quote in stored:
        low, high, qualifier = fields.get("count_min", ""), fields.get("count_max", ""), fields.get("qualifier", "")
        amount = low if low == high or not high else f"{low}–{high}"
        expected[published, fields.get("kind") or "(none)", source, f"{qualifier} {amount}".strip()] += 1
    got = Counter()
    for row in body:
        for outlet, cell in zip(header[2:], row[2:], strict=True):
            for figure in filter(None, cell.split("; ")):
                got[row[0], row[1], outlet, figure] += 1
    assert got == expected
    assert len(stored) == len(FIGURES) and any("at least 200" in cell for row in body for cell in row)
    assert [r[:2] for r in body] == sorted(r[:2] for r in body)  # by date, then kind


@pytest.mark.parametrize(
    ("tag", "by", "field"), [("quote", "", "speaker"), ("framing", "frame", "frame"), ("framing", "quote", None)]
)
def test_speakers_frames_and_terms_by_outlet_as_stored(reported, tag, by, field):
    args = ["compare", "--tag", tag, "--format", "csv", *(["--by", by] if by else [])]
    header, *body = list(csv.reader(io.StringIO(annotator(reported, *args).stdout.decode())))
    got = {
        (r[0], o): int(n) for r in body if r[0] != "total" for o, n in zip(header[1:-1], r[1:-1], strict=True) if n != "0"
    }
    expected = Counter()
    for source, _published, fields, quote in _stored(reported, tag):
        value = fields.get(field, "") if field else " ".join(quote.split()).casefold()
        expected[value or "(none)", source or "(none)"] += 1
    assert got == dict(expected)


def test_the_table_says_where_the_values_come_from_and_bad_names_are_one_sentence(reported):
    out = annotator(reported, "compare", "--tag", "Casualty Figure").stdout.decode()
    assert "at least 200" in out and out.rstrip().endswith(
        "(values from the coders' fields and accepted suggestions, not read from the text)"
    )
    refused = annotator(reported, "compare", "--tag", "quote", "--by", "frame", check=False)
    assert refused.returncode == 1 and "quote has the fields speaker" in refused.stderr.decode()
    missing = annotator(reported, "compare", "--tag", "nope", check=False)
    assert missing.returncode == 1 and "there is no tag 'nope'" in missing.stderr.decode()


def test_an_outlet_that_reported_nothing_still_has_its_column(db):
    """ "Which figures did each outlet report": an outlet of the compared documents with no figure
    (or no quote) is a column of its own, empty (0), not left out as if it were not compared."""
    annotator(db, "import", "--samples")
    figure = ["--tag", "casualty figure", "--field", "count_min=100000", "--field", "kind=displaced"]
    annotator(db, "tag", "1", "--quote", "More than 100,000 ethnic Armenians", *figure)
    annotator(db, "tag", "1", "--quote", "We showed the whole world", "--tag", "quote", "--field", "speaker=Aliyev")
    sources = {d.id: d.meta.source for d in _documents(db)}
    header, *body = list(
        csv.reader(io.StringIO(annotator(db, "compare", "--tag", "casualty figure", "--format", "csv").stdout.decode()))
    )
    assert header[2:] == sorted(set(sources.values()), key=str.casefold)
    assert body == [["2023-11-08", "displaced", *("100000" if o == sources[1] else "" for o in header[2:])]]
    header, *body = list(
        csv.reader(
            io.StringIO(annotator(db, "compare", "--tag", "quote", "--by", "speaker", "--format", "csv").stdout.decode())
        )
    )
    assert header[1:-1] == sorted(set(sources.values()), key=str.casefold)
    assert body[0] == ["Aliyev", *("1" if o == sources[1] else "0" for o in header[1:-1]), "1"]
    # Only the documents chosen: their outlets, no others.
    args = ["compare", "--tag", "casualty figure", "--doc", "1", "--doc", "2", "--format", "csv"]
    header = next(csv.reader(io.StringIO(annotator(db, *args).stdout.decode())))
    assert header[2:] == sorted({sources[1], sources[2]}, key=str.casefold)


def _documents(db):
    services = open_services(db, backup=False)
    try:
        return services.documents.list()
    finally:
        services.close()


def test_compare_only_the_documents_of_a_date_range_and_a_source(reported):
    """--from/--to take partial dates as search's filters do (2023-09 is all of September), and
    --source one outlet: only those documents' passages are compared, checked against the stored."""
    stored = _stored(reported, "quote")
    dates = sorted({published for _s, published, _f, _q in stored if published})
    month = dates[0][:7]
    args = ["compare", "--tag", "quote", "--by", "speaker", "--format", "csv"]
    header, *body = list(csv.reader(io.StringIO(annotator(reported, *args, "--from", month, "--to", month).stdout.decode())))
    got = {
        (r[0], o): int(n) for r in body if r[0] != "total" for o, n in zip(header[1:-1], r[1:-1], strict=True) if n != "0"
    }
    expected = Counter(
        ((f.get("speaker") or "(none)"), s or "(none)") for s, published, f, _q in stored if published[:7] == month
    )
    assert got == dict(expected) and sum(expected.values()) < len(stored)  # the range left some out
    source = sorted({s for s, *_ in stored})[0]
    header, *body = list(csv.reader(io.StringIO(annotator(reported, *args, "--source", source).stdout.decode())))
    assert header[1:-1] == [source]
    assert sum(int(r[-1]) for r in body if r[0] != "total") == sum(1 for s, *_ in stored if s == source)
    # A range with nothing in it: no rows, no outlets.
    header, *body = list(
        csv.reader(io.StringIO(annotator(reported, *args, "--from", "1999", "--to", "1999").stdout.decode()))
    )
    assert [r for r in body if r[0] != "total"] == []


def test_loaded_terms_by_outlet_are_the_framing_lexicons_terms(db, tmp_path):
    """'The framing lexicon's terms per outlet': compare --by term counts each framing passage
    under the lexicon term it is (its whole text, any case and spacing, a * for any ending) or
    holds (the longest), else '(not in the lexicon)'; a cell's passages are those it counted."""
    annotator(db, "import", "--samples")
    lexicon = tmp_path / "terms.csv"
    lexicon.write_text("term,frame\nanti-terrorist*,loaded term\nvictory,conflict\ncampaign,conflict\n", encoding="utf-8")
    annotator(db, "lexicon", "--import", str(lexicon))
    sources = {d.id: d.meta.source for d in _documents(db)}
    for doc, quote in ((2, "anti-terrorist campaign"), (4, "anti-terrorist operation"), (4, "Second Karabakh War")):
        annotator(db, "tag", str(doc), "--quote", quote, "--nth", "1", "--tag", "framing")
    out = annotator(db, "compare", "--tag", "framing", "--by", "term", "--format", "csv").stdout.decode()
    header, *body = list(csv.reader(io.StringIO(out)))
    got = {
        (r[0], o): int(n) for r in body if r[0] != "total" for o, n in zip(header[1:-1], r[1:-1], strict=True) if n != "0"
    }
    assert got == {
        ("anti-terrorist*", sources[2]): 1,  # holds both terms: the longest counts
        ("anti-terrorist*", sources[4]): 1,  # its whole text is the term (a * ending)
        ("(not in the lexicon)", sources[4]): 1,
    }
    from annotator.services import open_services

    services = open_services(db, backup=False)
    try:
        cell = services.tables.by_outlet_passages("framing", "term", "anti-terrorist*", sources[4])
        assert [quote for _d, _a, quote in cell] == ["anti-terrorist operation"]
    finally:
        services.close()
