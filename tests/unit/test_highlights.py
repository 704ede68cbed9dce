import random

from annotator.ui.highlights import Highlight, HighlightIndex


def brute(items, start, end):
    return sorted(h for h in items if h.start < end and h.end > start)


def test_overlapping_matches_brute_force():
    rng = random.Random(7)
    items = [Highlight(s, s + rng.randint(1, 50), i) for i, s in enumerate(rng.sample(range(2000), 300))]
    index = HighlightIndex(items[:200])
    for h in items[200:]:
        index.add(h)
    for h in items[:50]:
        index.remove(h.annotation_id)
    alive = items[50:]
    for _ in range(200):
        a = rng.randint(0, 2100)
        b = a + rng.randint(1, 80)
        assert sorted(index.overlapping(a, b)) == brute(alive, a, b)


def test_at_innermost_first_and_navigation():
    index = HighlightIndex([Highlight(0, 100, 1), Highlight(10, 20, 2), Highlight(50, 60, 3)])
    assert [h.annotation_id for h in index.at(15)] == [2, 1]
    assert index.next_after(10).annotation_id == 3
    assert index.previous_before(50).annotation_id == 2
    assert index.next_after(50) is None
