"""Suggestions are hidden only where the span already has THAT tag: a passage tagged with one tag
hides none of the other tags' suggestions, and an annotation that only touches a suggestion
(ends where it starts) hides nothing."""


def offers(services, doc_id):
    return {(s.tag, s.start, s.end) for s in services.suggestions.suggest(doc_id)}


def test_a_passage_with_one_tag_hides_only_that_tags_suggestions(loaded):
    before = offers(loaded, 1)
    tags = {tag for tag, _, _ in before}
    assert {"date", "casualty figure", "quote", "framing"} <= tags
    length = len(loaded.documents.text(1))
    loaded.annotations.tag(1, 0, length, [loaded.codebook.by_name("quote").id])  # the whole text
    after = offers(loaded, 1)
    assert after == {o for o in before if o[0] != "quote"}
    claim = loaded.codebook.by_name("claim").id
    for _, start, end in sorted(before)[:8]:
        loaded.annotations.tag(1, start, end, [claim])  # exactly a suggestion's span, another tag
    assert offers(loaded, 1) == after


def test_an_annotation_that_only_touches_a_suggestion_does_not_hide_it(loaded):
    text = loaded.documents.text(1)
    date = loaded.codebook.by_name("date").id
    wanted = next(o for o in sorted(offers(loaded, 1)) if o[0] == "date" and o[1] > 2)
    _, start, end = wanted
    before = loaded.annotations.tag(1, start - 2, start, [date]).annotation  # ends where the suggestion starts
    assert before.end == start
    if end + 2 <= len(text):
        after = loaded.annotations.tag(1, end, end + 2, [date]).annotation  # starts where it ends
        assert after.start == end
    assert wanted in offers(loaded, 1)
    loaded.annotations.tag(1, start - 2, start + 1, [date])  # one character inside: now it overlaps
    assert wanted not in offers(loaded, 1)
