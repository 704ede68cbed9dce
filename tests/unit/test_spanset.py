"""SpanSet answers 'does any span overlap this range' for the detectors and the suggestion filter:
spans that only touch (one ends where the other starts) do not overlap."""

import random

import pytest

from annotator.domain.suggest.model import SpanSet


@pytest.mark.parametrize(
    "start,end,expected",
    [
        (20, 30, False),
        (0, 10, False),
        (25, 40, False),
        (0, 5, False),  # touching or apart
        (19, 21, True),
        (5, 11, True),
        (12, 13, True),
        (0, 30, True),
        (10, 20, True),
    ],
)
def test_touching_is_not_overlapping(start, end, expected):
    assert SpanSet([(10, 20)]).overlaps(start, end) is expected


def test_against_the_definition():
    """Random spans (overlapping each other, of very different lengths) against a plain loop."""
    rng = random.Random(7)
    for _ in range(300):
        spans = [(s, s + rng.choice([1, 2, 5, 40])) for s in (rng.randrange(100) for _ in range(rng.randrange(6)))]
        start = rng.randrange(110)
        end = start + rng.randrange(1, 30)
        assert SpanSet(spans).overlaps(start, end) == any(s < end and start < e for s, e in spans), (spans, start, end)


def test_one_overlap_rule_for_the_detectors_and_the_reader():
    """The reader's highlight index and the detectors' span set are one domain structure: the
    overlap rule (touching is not overlapping) is written once."""
    from annotator.domain.spans import SpanIndex
    from annotator.ui.highlights import Highlight, HighlightIndex

    assert issubclass(SpanSet, SpanIndex) and issubclass(HighlightIndex, SpanIndex)
    assert HighlightIndex.overlapping is SpanIndex.overlapping is SpanSet.overlapping
    index = HighlightIndex([Highlight(10, 20, 1), Highlight(20, 30, 2)])
    assert [h.annotation_id for h in index.overlapping(20, 25)] == [2]  # 10..20 only touches


def test_items_carry_more_than_the_span():
    """Tuples whose first two items are start and end: what else they hold rides along."""
    from annotator.domain.spans import SpanIndex

    rng = random.Random(11)
    items = [(s, s + rng.choice([1, 3, 60]), i) for i, s in enumerate(rng.randrange(500) for _ in range(80))]
    index = SpanIndex(items[:40])
    for item in items[40:]:
        index.add(item)
    for item in items[:10]:
        index.discard(item)
    alive = items[10:]
    for _ in range(200):
        start = rng.randrange(520)
        end = start + rng.randrange(1, 40)
        assert sorted(index.overlapping(start, end)) == sorted(t for t in alive if t[0] < end and start < t[1])
