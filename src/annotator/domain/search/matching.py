"""Exact hits of a parsed query in one text: code-point offsets, text[start:end] is the match.

The index only narrows the documents down (a superset); the hits are found here, the same way on
both backends, so SQLite and PostgreSQL give the same rows."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from annotator.domain.search.query import TOKEN, Query, Term, Word, fold
from annotator.domain.search.stems import algorithm, index_prefix, stem


@dataclass(frozen=True)
class Hit:
    """One match in a text (or a passage, or a note: then `annotation_id` names it)."""

    document_id: int
    start: int
    end: int
    left: str
    match: str
    right: str
    annotation_id: int | None = None
    in_note: bool = False  # the offsets are into the annotation's note, not the document's text


def _pattern(prefix: str) -> str:
    # е and ё are one letter to a reader; the text keeps either, so either matches.
    return "".join("[её]" if c == "е" else re.escape(c) for c in prefix)


@dataclass(frozen=True)
class _WordMatcher:
    head: str  # the folded prefix every candidate begins with
    regex: re.Pattern[str]  # whole words beginning with the prefix: candidates
    accepts: Callable[[str], bool]  # is this word (as written in the text) one of ours?


@lru_cache(maxsize=1024)
def _matcher(word: Word, name: str) -> _WordMatcher:
    head = word.text if word.prefix else index_prefix(word.text)
    # No look-behind for the word's start: with one, the regex engine tries every position of a
    # long text (6x slower); the start is checked in Python instead (_starts_word).
    regex = re.compile(_pattern(head) + r"[^\W_]*", re.IGNORECASE)
    if word.prefix:
        return _WordMatcher(head, regex, lambda token: fold(token).startswith(word.text))
    key = stem(word.text, name)
    return _WordMatcher(head, regex, lambda token: stem(fold(token), name) == key)


def _starts_word(text: str, at: int) -> bool:
    return at == 0 or not (text[at - 1].isalnum())  # the TOKEN rule: letters and digits make words


_WORD_REST = re.compile(r"[^\W_]*")


def _folded_text(text: str) -> str | None:
    """The text folded as words are (fold), if that keeps every offset (lower() lengthens a few
    letters, e.g. İ; then None)."""
    lowered = text.lower()
    return lowered.replace("ё", "е") if len(lowered) == len(text) else None


def _word_spans_folded(text: str, folded: str, m: _WordMatcher) -> list[tuple[int, int]]:
    """_word_spans for a whole text, by str.find of the folded prefix in the folded text (C's
    substring search: about twice as fast as the case-blind regex on a library's texts). The
    same candidates in the same order: each runs to its word's end, and the next is looked for
    after it, as finditer does. Letters the case-blind regex also takes (ſ for s, ς for σ) fold to
    themselves, and a word holding one is refused by `accepts` either way
    (tests/unit/test_search_matching.py compares the two)."""
    found = []
    head = m.head
    at = folded.find(head)
    while at != -1:
        end = _WORD_REST.match(text, at + len(head)).end()  # type: ignore[union-attr]
        if _starts_word(text, at) and m.accepts(text[at:end]):
            found.append((at, end))
        at = folded.find(head, end)
    return found


def _word_spans(text: str, word: Word, name: str, limit: int | None = None) -> list[tuple[int, int]]:
    m = _matcher(word, name)
    if limit is None and m.head:
        folded = _folded_text(text)
        if folded is not None:
            return _word_spans_folded(text, folded, m)
    found = []
    for candidate in m.regex.finditer(text):
        if _starts_word(text, candidate.start()) and m.accepts(candidate.group()):
            found.append(candidate.span())
            if limit is not None and len(found) >= limit:
                break  # a page is full: the rest of a long text is not read
    return found


@lru_cache(maxsize=256)
def _phrase_regex(words: tuple[Word, ...]) -> re.Pattern[str]:
    """The phrase's words' prefixes with only non-word characters between: its candidates, found
    by the regex engine (a long text is not walked word by word in Python)."""
    heads = [_pattern(w.text if w.prefix else index_prefix(w.text)) + r"[^\W_]*" for w in words]
    return re.compile(r"[\W_]+".join(heads), re.IGNORECASE)


def _phrase(text: str, term: Term, name: str, limit: int | None) -> list[tuple[int, int]]:
    matchers = [_matcher(word, name) for word in term.words]
    regex = _phrase_regex(term.words)
    spans = []
    position = 0
    while (candidate := regex.search(text, position)) is not None:
        start, end = candidate.span()
        tokens = list(TOKEN.finditer(text, start, end))
        position = tokens[0].end()  # the next try starts after this first word: overlaps are seen
        if not _starts_word(text, start) or len(tokens) != len(matchers):
            continue
        if all(m.accepts(t.group()) for m, t in zip(matchers, tokens, strict=True)):
            spans.append((start, end))
            if limit is not None and len(spans) >= limit:
                break
    return spans


def _within(text: str, a: tuple[int, int], b: tuple[int, int], near: int) -> bool:
    """At most `near` words between two occurrences (counting stops past `near`: a long text
    is never tokenized whole)."""
    (_, left_end), (right_start, _) = (a, b) if a[0] <= b[0] else (b, a)
    between = TOKEN.finditer(text, left_end, max(left_end, right_start))
    return all(count <= near for count, _word in enumerate(between, 1))


def _near(text: str, term: Term, name: str, limit: int | None) -> list[tuple[int, int]]:
    assert term.near is not None
    places = [_word_spans(text, word, name) for word in term.words]
    if any(not p for p in places):
        return []
    starts = [[s for s, _ in p] for p in places]
    spans = []
    for here in places[0]:
        low, high = here
        for others, others_starts in zip(places[1:], starts[1:], strict=True):
            # The nearest occurrence on either side is the nearest in words too.
            i = bisect.bisect_left(others_starts, here[0])
            close = [o for o in others[max(0, i - 1) : i + 1] if o != here and _within(text, here, o, term.near)]
            if not close:
                break
            nearest = min(close, key=lambda o: abs(o[0] - here[0]))
            low, high = min(low, nearest[0]), max(high, nearest[1])
        else:
            spans.append((low, high))
            if limit is not None and len(spans) >= limit:
                break
    return spans


def spans(query: Query, text: str, language: str, limit: int | None = None) -> list[tuple[int, int]]:
    """Where the query matches in `text`, in text order; none unless every term occurs. With a
    limit, at least the first `limit` of them (exactly, for a query of one word)."""
    found: set[tuple[int, int]] = set()
    single = len(query.terms) == 1
    for term in query.terms:
        name = algorithm(language, term.words[0].text)
        cap = limit if single else None
        if term.near is not None:
            these = _near(text, term, name, cap)
        elif len(term.words) > 1:
            these = _phrase(text, term, name, cap)
        else:
            these = _word_spans(text, term.words[0], name, limit if single else None)
        if not these:
            return []
        found.update(these)
    return sorted(found)


_SPACE = re.compile(r"\s")


def _context(piece: str) -> str:
    return _SPACE.sub(" ", piece)  # one line per hit; as long as the text it shows


def hits(
    query: Query,
    document_id: int,
    text: str,
    language: str,
    *,
    width: int = 40,
    base: int = 0,
    annotation_id: int | None = None,
    in_note: bool = False,
    limit: int | None = None,
) -> list[Hit]:
    """Keyword-in-context rows; `base` is added to the offsets (a passage's start in its text).
    With a limit: the first `limit` rows (the text is read only as far as needed, where it can)."""
    rows = []
    for start, end in spans(query, text, language, limit)[:limit]:
        left = text[max(0, start - width) : start]
        right = text[end : end + width]
        rows.append(
            Hit(
                document_id,
                base + start,
                base + end,
                _context(left),
                text[start:end],
                _context(right),
                annotation_id,
                in_note,
            )
        )
    return rows


def index_terms(query: Query) -> list[list[str]]:
    """For the index: per word, the prefix every matching word begins with (all must occur).
    Empty prefixes (nothing to narrow by) are left out."""
    wanted = []
    for term in query.terms:
        for word in term.words:
            head = word.text if word.prefix else index_prefix(word.text)
            if head:
                wanted.append([head])
    return wanted
