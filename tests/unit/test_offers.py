"""Offers keeps a document's suggestions in step with its annotations one change at a time: after
any sequence of adds, changes and removals it offers exactly what a filter built from scratch
over the same annotations offers."""

import random

from annotator.domain.suggest.model import Suggestion
from annotator.domain.suggest.offers import Offers


def findings(rng: random.Random) -> list[tuple[int, Suggestion]]:
    found = []
    for _ in range(60):
        start = rng.randrange(0, 500)
        tag_id = rng.choice((1, 2))
        found.append((tag_id, Suggestion(start, start + rng.randint(1, 40), f"tag {tag_id}")))
    return found


def test_a_tag_hides_the_overlapping_suggestion_of_that_tag_and_undo_brings_it_back():
    offers = Offers([(1, Suggestion(10, 20, "date")), (2, Suggestion(12, 18, "quote"))], [])
    assert offers.set_mark(7, (15, 30, (1,))) is True
    assert [s.tag for s in offers.offers()] == ["quote"]
    assert offers.set_mark(7, (15, 30, (1,))) is False  # applied twice: no change
    assert offers.set_mark(7, None) is True
    assert [s.tag for s in offers.offers()] == ["date", "quote"]


def test_two_passages_over_one_suggestion_hide_it_until_both_are_gone():
    offers = Offers([(1, Suggestion(10, 20, "date"))], [(1, 5, 12, (1,)), (2, 18, 25, (1,))])
    assert offers.offers() == []
    offers.set_mark(1, None)
    assert offers.offers() == []
    offers.set_mark(2, (30, 40, (1,)))  # moved away (its tags or place changed)
    assert [s.start for s in offers.offers()] == [10]


def test_any_sequence_of_changes_offers_what_a_fresh_filter_offers():
    rng = random.Random(17)
    for _ in range(30):
        found = findings(rng)
        marks: dict[int, tuple[int, int, tuple[int, ...]]] = {}
        for n in range(rng.randint(0, 30)):
            start = rng.randrange(0, 500)
            marks[n] = (start, start + rng.randint(1, 300), tuple(rng.sample((1, 2, 3), rng.randint(1, 2))))
        offers = Offers(found, [(i, *m) for i, m in marks.items()])
        for _ in range(60):
            annotation_id = rng.randrange(0, 40)
            if rng.random() < 0.4:
                marks.pop(annotation_id, None)
                offers.set_mark(annotation_id, None)
            else:
                start = rng.randrange(0, 500)
                marks[annotation_id] = (start, start + rng.randint(1, 300), (rng.choice((1, 2, 3)),))
                offers.set_mark(annotation_id, marks[annotation_id])
            fresh = Offers(found, [(i, *m) for i, m in marks.items()])
            assert offers.offers() == fresh.offers()


def test_a_withdrawn_suggestion_stays_hidden_when_the_passage_over_it_goes():
    offers = Offers([(1, Suggestion(10, 20, "date"))], [(1, 5, 12, (1,))])
    offers.withdraw({("date", 10, 20)})
    offers.set_mark(1, None)
    assert offers.offers() == []
