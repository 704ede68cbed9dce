"""The reads behind a long article's first screen and its list fetched as shown: on a real library."""

import random

from annotator.domain.spans import SpanIndex


def _tagged(services, count=300, seed=5):
    text = services.documents.text(1)
    rng = random.Random(seed)
    claim = services.codebook.by_name("claim").id
    quote = services.codebook.by_name("quote").id
    items = []
    for _ in range(count):
        start = rng.randrange(0, len(text) - 80)
        items.append((start, start + rng.randint(1, 70), rng.sample([claim, quote], rng.randint(1, 2)), {}))
    services.annotations.tag_many(1, items)
    return text


def test_spans_overlapping_a_range_are_those_the_one_overlap_rule_finds(loaded):
    _tagged(loaded)
    every = loaded.annotations.spans(1)
    index = SpanIndex([(s, e, i, t) for i, s, e, t in every])
    for start, end in ((0, 1), (0, 500), (200, 260), (1000, 1001), (250, 250 + 3000)):
        expected = sorted((i, s, e, t) for s, e, i, t in index.overlapping(start, end))
        found = loaded.annotations.spans_overlapping(1, start, end)
        assert sorted(found) == expected
        assert found == sorted(found, key=lambda m: (m[1], m[2], m[0]))  # in text order, as spans()


def test_many_gives_whole_annotations_in_text_order(loaded):
    _tagged(loaded)
    every = {a.id: a for a in loaded.annotations.for_document(1)}
    wanted = random.Random(1).sample(sorted(every), 40) + [10**9]  # an id that does not exist
    found = loaded.annotations.many(wanted)
    assert found == sorted((every[i] for i in wanted if i in every), key=lambda a: (a.start, a.end, a.id))


def test_matching_finds_words_in_passages_and_notes_casefolded(loaded):
    text = loaded.documents.text(1)
    claim = [loaded.codebook.by_name("claim").id]
    start = text.index("Hundreds of Azerbaijani soldiers")
    by_quote = loaded.annotations.tag(1, start, start + 32, claim).annotation
    by_note = loaded.annotations.tag(1, 0, 5, claim, note="Straße über Ärger").annotation
    loaded.annotations.tag(1, 40, 50, claim)
    assert loaded.annotations.matching(1, "azerbaijani SOLDIERS") == {by_quote.id}
    assert loaded.annotations.matching(1, "STRASSE") == {by_note.id}  # ß casefolds to ss; SQL lower() would not
    assert loaded.annotations.matching(1, "ärger") == {by_note.id}
    spans, notes = loaded.annotations.for_list(1)
    assert notes == {by_note.id: "Straße über Ärger"}
    assert {m[0] for m in spans} == {a.id for a in loaded.annotations.for_document(1)}
