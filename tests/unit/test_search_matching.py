"""The whole-text search path (str.find in the folded text) finds exactly what the case-blind
regex path (kept for pages, where a long text is read only as far as needed) finds: the same
spans in the same order, on text full of letters that fold unusually."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from annotator.domain.search.matching import _word_spans, hits, utf8_hits
from annotator.domain.search.query import QueryError, Word, fold, parse

# Letters the case-blind regex matches beyond lower() (ſ ~ s, K ~ k, ς ~ σ), letters that lower()
# lengthens (İ), ё/е, ß/ẞ, digits, underscore and separators.
ALPHABET = "sSſkK\u212aiIİıσςΣеёЕЁжЖßẞaAn1_ -.\n"
words = st.text(alphabet="sSſkKiIıσςΣеёЕЁжaAnß1", min_size=1, max_size=4)


@settings(max_examples=600, deadline=None)
@given(
    text=st.text(alphabet=ALPHABET, max_size=60),
    word=words,
    prefix=st.booleans(),
    name=st.sampled_from(["english", "russian"]),
)
@example(text="A.Σ", word="Σ", prefix=False, name="english")  # lower() makes a word's last Σ ς
def test_the_whole_text_path_finds_what_the_regex_path_finds(text: str, word: str, prefix: bool, name: str) -> None:
    query_word = Word(fold(word), prefix)
    whole = _word_spans(text, query_word, name)
    paged = _word_spans(text, query_word, name, limit=10**9)  # a limit: the regex path
    assert whole == paged


def test_a_word_is_found_in_every_case_and_with_yo() -> None:
    text = "Humanitarian aid; HUMANITARIAN, humanitarians. Ёлка и елки"
    assert _word_spans(text, Word("humanitarian"), "english") == [(0, 12), (18, 30), (32, 45)]
    assert _word_spans(text, Word("елк", prefix=True), "russian") == [(47, 51), (54, 58)]


@settings(max_examples=600, deadline=None)
@given(
    text=st.text(alphabet=ALPHABET + "’“—Kk𝐀", max_size=60),
    query=st.text(alphabet="sSkKaAiIınd1ж* ", min_size=1, max_size=6),
    language=st.sampled_from(["en", "ru", ""]),
)
@example(text="\u212a and k", query="k*", language="en")  # the Kelvin sign folds to k
@example(text="\u0130s is", query="i*", language="en")  # İ folds to i and a dot above
def test_hits_from_utf8_bytes_are_the_hits_of_the_text(text: str, query: str, language: str) -> None:
    try:
        parsed = parse(query)
    except QueryError:
        return
    from_bytes = utf8_hits(parsed, 7, text.encode(), language, width=5)
    if from_bytes is not None:
        assert from_bytes == hits(parsed, 7, text, language, width=5)


def test_the_utf8_path_is_taken_for_a_word_and_left_for_what_it_cannot_fold() -> None:
    text = "“Said” he — SAID, said’s; 𝐀 unsaid"
    assert utf8_hits(parse("said"), 1, text.encode(), "en") == hits(parse("said"), 1, text, "en")
    assert len(utf8_hits(parse("said"), 1, text.encode(), "en") or []) == 3
    assert utf8_hits(parse("said"), 1, "Kelvin \u212a".encode(), "en") is None
    assert utf8_hits(parse('"he said"'), 1, text.encode(), "en") is None
