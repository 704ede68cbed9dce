"""The streamed agreement sums (what the service computes from the database's rows, document by
document) equal the straightforward definition (`report.tally` on Units) on random spans."""

import itertools
import json
import random
from dataclasses import replace

from hypothesis import example, given, settings
from hypothesis import strategies as st

from annotator.domain.agreement import Unit, tally
from annotator.domain.agreement.stream import tally_rows

MEASURES = ("alpha_u", "kappa", "fleiss_kappa", "alpha_binary", "percent", "holsti", "bp_kappa")
LENGTH = 40
FIELDS = {"a": {"n": "interval", "k": "nominal"}, "b": {"n": "nominal"}}


@st.composite
def passages(draw):
    """Units of up to three coders on three documents (document 4 is not in scope), spans that
    often touch, repeat or nest: the boundary cases."""
    out = []
    for _ in range(draw(st.integers(0, 14))):
        start = draw(st.integers(0, LENGTH))
        end = draw(st.integers(start, min(LENGTH, start + draw(st.sampled_from((0, 1, 5, 12, LENGTH))))))
        fields = {"n": str(draw(st.integers(0, 3))), "k": draw(st.sampled_from(("x", "y", "")))}
        out.append(
            Unit(
                draw(st.sampled_from((1, 2, 3, 4))),
                draw(st.sampled_from(("A", "B", "C"))),
                draw(st.sampled_from(("a", "b", "c"))),
                start,
                end,
                fields if draw(st.booleans()) else {},
            )
        )
    return out


def close(a, b):
    return (a is None) == (b is None) and (a is None or abs(a - b) < 1e-9)


def same_reports(one, other):
    assert one.coders == other.coders and one.single_coder_documents == other.single_coder_documents
    assert len(one.rows) == len(other.rows)
    for a, b in zip(one.rows, other.rows, strict=True):
        assert (a.tag, a.document, a.passages, a.aligned, a.unmatched, a.documents) == (
            b.tag,
            b.document,
            b.passages,
            b.aligned,
            b.unmatched,
            b.documents,
        )
        for m in MEASURES:
            assert close(getattr(a, m), getattr(b, m)), (a.tag, a.document, m, getattr(a, m), getattr(b, m))
        assert a.fields.keys() == b.fields.keys()
        assert all(close(a.fields[n], b.fields[n]) for n in a.fields), (a.fields, b.fields)


def rows_of(units, seed):
    """The units as the read gives them: document by document, in some order within each."""
    rng = random.Random(seed)
    rows = [(u.document, u.coder, u.tag, u.start, u.end, json.dumps(u.fields) if u.fields else "") for u in units]
    rng.shuffle(rows)
    return sorted(rows, key=lambda r: r[0])  # stable: within a document, the shuffled order


@settings(max_examples=300, deadline=None)
@given(passages(), st.integers(0, 2**16), st.booleans(), st.sampled_from((("A", "B"), ("A", "B", "C"), ("B", "A"))))
def test_streamed_sums_equal_the_straightforward_ones(units, seed, by_document, coders):
    lengths = {1: LENGTH, 2: LENGTH, 3: 0 if seed % 5 == 0 else LENGTH}
    scope = dict(coders=coders, tags=["a", "b", "c"], fields=FIELDS, by_document=by_document)
    try:
        expected = tally(units, lengths, **scope).report()
    except ValueError:  # a passage outside a document of length 0: refused by both
        expected = None
    if expected is None:
        try:
            tally_rows(rows_of(units, seed), lengths, **scope)
        except ValueError:
            return
        raise AssertionError("the streamed tally took a passage outside its document")
    same_reports(tally_rows(rows_of(units, seed), lengths, **scope).report(), expected)


def test_rows_that_come_back_to_a_document_are_refused():
    import pytest

    rows = [(1, "A", "a", 0, 5, ""), (2, "A", "a", 0, 5, ""), (1, "B", "a", 0, 5, "")]
    with pytest.raises(ValueError, match="document by document"):
        tally_rows(rows, {1: 10, 2: 10}, coders=["A", "B"], tags=["a"])


SAME_SPAN = [Unit(1, "A", "a", 0, 4, {"k": "x"}), Unit(1, "A", "a", 0, 4, {"k": "y"}), Unit(1, "B", "a", 0, 4, {"k": "x"})]


@settings(max_examples=300, deadline=None)
@given(passages(), st.integers(0, 2**16), st.booleans(), st.sampled_from((("A", "B"), ("A", "B", "C"))))
@example(SAME_SPAN, 0, False, ("A", "B"))  # which of A's two passages pairs with B's must not depend on the order
def test_the_order_within_equal_spans_changes_nothing_to_the_last_bit(units, seed, by_document, coders):
    """The server's read is ordered by (document, start, end) only (decision 056): rows of equal
    spans may come in any order, and the Tallies must be equal with ==, field value counts included."""
    lengths = {1: LENGTH, 2: LENGTH, 3: LENGTH}
    scope = dict(coders=coders, tags=["a", "b", "c"], fields=FIELDS, by_document=by_document)
    # Equal spans often: every passage of a few fixed spans, values as drawn.
    units = [replace(u, start=u.start % 3 * 5, end=u.start % 3 * 5 + 4) for u in units] * 2
    rng = random.Random(seed)
    rows = [(u.document, u.coder, u.tag, u.start, u.end, json.dumps(u.fields) if u.fields else "") for u in units]
    one, other = sorted(rows, key=lambda r: r[0:1] + r[3:5]), []
    for _, run in itertools.groupby(one, key=lambda r: r[0:1] + r[3:5]):
        run = list(run)
        rng.shuffle(run)
        other += run
    assert tally_rows(one, lengths, **scope) == tally_rows(other, lengths, **scope)
