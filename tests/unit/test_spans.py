import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.spans import CONTEXT, SpanError, occurrences, select, snap_to_words


def test_select_keeps_quote_and_context():
    text = "x" * 40 + "passage" + "y" * 40
    s = select(text, 40, 47)
    assert s.quote == "passage"
    assert s.prefix == "x" * CONTEXT and s.suffix == "y" * CONTEXT


@pytest.mark.parametrize("start,end", [(-1, 2), (3, 3), (5, 2), (0, 99)])
def test_select_refuses_bad_spans(start, end):
    with pytest.raises(SpanError):
        select("short text", start, end)


def test_occurrences_overlap():
    assert occurrences("aaaa", "aa") == [0, 1, 2]
    assert occurrences("abc", "") == []


@pytest.mark.parametrize(
    "text,span,expected",
    [
        ("the quick brown fox", (5, 12), "quick brown"),
        ("the quick brown fox", (3, 10), "quick"),  # leading space trimmed, word completed
        ("Baku, Azerbaijan.", (7, 10), "Azerbaijan"),
        ("a 😀 b", (2, 3), "😀"),
        ("Ağdam və Şuşa", (1, 7), "Ağdam və"),
        ("Cafe\u0301 noir", (0, 3), "Cafe\u0301"),
    ],
)
def test_snap_to_words(text, span, expected):
    start, end = snap_to_words(text, *span)
    assert text[start:end] == expected


@given(st.text(min_size=1), st.data())
def test_select_invariant(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    s = select(text, start, end)
    assert text[s.start : s.end] == s.quote
    assert text[s.start - len(s.prefix) : s.start] == s.prefix
