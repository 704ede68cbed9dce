"""The whole-text search path (str.find in the folded text) finds exactly what the case-blind
regex path (kept for pages, where a long text is read only as far as needed) finds: the same
spans in the same order, on text full of letters that fold unusually."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.search.matching import _word_spans
from annotator.domain.search.query import Word, fold

# Letters the case-blind regex matches beyond lower() (ſ ~ s, K ~ k, ς ~ σ), letters that lower()
# lengthens (İ), ё/е, ß/ẞ, digits, underscore and separators.
ALPHABET = "sSſkKKiIİıσςΣеёЕЁжЖßẞaAn1_ -.\n"
words = st.text(alphabet="sSſkKiIıσςΣеёЕЁжaAnß1", min_size=1, max_size=4)


@settings(max_examples=600, deadline=None)
@given(
    text=st.text(alphabet=ALPHABET, max_size=60),
    word=words,
    prefix=st.booleans(),
    name=st.sampled_from(["english", "russian"]),
)
def test_the_whole_text_path_finds_what_the_regex_path_finds(text: str, word: str, prefix: bool, name: str) -> None:
    query_word = Word(fold(word), prefix)
    whole = _word_spans(text, query_word, name)
    paged = _word_spans(text, query_word, name, limit=10**9)  # a limit: the regex path
    assert whole == paged


def test_a_word_is_found_in_every_case_and_with_yo() -> None:
    text = "Humanitarian aid; HUMANITARIAN, humanitarians. Ёлка и елки"
    assert _word_spans(text, Word("humanitarian"), "english") == [(0, 12), (18, 30), (32, 45)]
    assert _word_spans(text, Word("елк", prefix=True), "russian") == [(47, 51), (54, 58)]
