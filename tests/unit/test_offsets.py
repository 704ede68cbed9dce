"""The code-point / UTF-16 conversion, checked against Python's own UTF-16 encoding."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.ui.offsets import OffsetMap

PIECES = ["a", "é", "e\u0301", "😀", "🇦🇿", "𝐀", "\n", "\u200d", "👨\u200d👩\u200d👧", "\u2029", "Ş"]


def utf16_index(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_round_trip_matches_utf16(text):
    m = OffsetMap(text)
    assert m.qt_length == len(text.encode("utf-16-le")) // 2
    for cp in range(len(text) + 1):
        qt = m.to_qt(cp)
        assert qt == utf16_index(text, cp)
        assert m.to_cp(qt) == cp


def test_examples_from_the_notes():
    m = OffsetMap("a😀b")
    assert m.to_qt(2) == 3 and m.to_cp(3) == 2
    flag = OffsetMap("🇦🇿x")
    assert flag.to_qt(2) == 4 and flag.qt_length == 5


@pytest.mark.parametrize("qt,forward,expected", [(1, True, 2), (1, False, 0), (2, True, 2)])
def test_positions_inside_a_pair_snap(qt, forward, expected):
    assert OffsetMap("😀b").snap_qt(qt, forward=forward) == expected
    assert OffsetMap("😀b").to_cp(1) == 0


def test_leading_bom_is_dropped_by_qt():
    m = OffsetMap("\ufeffab😀c")
    assert m.to_qt(1) == 0 and m.to_qt(3) == 2 and m.to_qt(4) == 4
    assert m.to_cp(0) == 1 and m.to_cp(4) == 4
