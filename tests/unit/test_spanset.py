"""SpanSet answers 'does any span overlap this range' for the detectors and the suggestion filter:
spans that only touch (one ends where the other starts) do not overlap."""

import random

import pytest

from annotator.domain.suggest.model import SpanSet


@pytest.mark.parametrize("start,end,expected", [
    (20, 30, False), (0, 10, False), (25, 40, False), (0, 5, False),  # touching or apart
    (19, 21, True), (5, 11, True), (12, 13, True), (0, 30, True), (10, 20, True),
])
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
