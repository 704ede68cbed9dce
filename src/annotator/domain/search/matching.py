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
    regex: re.Pattern[str]  # whole words beginning with the prefix: candidates
    accepts: Callable[[str], bool]  # is this word (as written in the text) one of ours?


@lru_cache(maxsize=1024)
def _matcher(word: Word, name: str) -> _WordMatcher:
    head = word.text if word.prefix else index_prefix(word.text)
    regex = re.compile(r"(?<![^\W_])" + _pattern(head) + r"[^\W_]*", re.IGNORECASE)
    if word.prefix:
        return _WordMatcher(regex, lambda token: fold(token).startswith(word.text))
    key = stem(word.text, name)
    return _WordMatcher(regex, lambda token: stem(fold(token), name) == key)


def _word_spans(text: str, word: Word, name: str, limit: int | None = None) -> list[tuple[int, int]]:
    m = _matcher(word, name)
    found = []
    for candidate in m.regex.finditer(text):
        if m.accepts(candidate.group()):
            found.append(candidate.span())
            if limit is not None and len(found) >= limit:
                break  # a page is full: the rest of a long text is not read
    return found


def _phrase(text: str, term: Term, name: str) -> list[tuple[int, int]]:
    first, rest = term.words[0], term.words[1:]
    spans = []
    for start, end in _word_spans(text, first, name):
        for word in rest:
            following = TOKEN.search(text, end)
            if following is None or not _matcher(word, name).accepts(following.group()):
                break
            end = following.end()
        else:
            spans.append((start, end))
    return spans


def _near(text: str, term: Term, name: str) -> list[tuple[int, int]]:
    starts = [m.start() for m in TOKEN.finditer(text)]
    places = []  # per word: (token index, start, end) of each occurrence
    for word in term.words:
        places.append([(bisect.bisect_left(starts, s), s, e) for s, e in _word_spans(text, word, name)])
    if any(not p for p in places):
        return []
    assert term.near is not None
    spans = []
    for index, start, end in places[0]:
        low, high = start, end
        for others in places[1:]:
            close = [o for o in others if abs(o[0] - index) - 1 <= term.near]
            if not close:
                break
            nearest = min(close, key=lambda o: abs(o[0] - index))
            low, high = min(low, nearest[1]), max(high, nearest[2])
        else:
            spans.append((low, high))
    return spans


def spans(query: Query, text: str, language: str, limit: int | None = None) -> list[tuple[int, int]]:
    """Where the query matches in `text`, in text order; none unless every term occurs. With a
    limit, at least the first `limit` of them (exactly, for a query of one word)."""
    found: set[tuple[int, int]] = set()
    single = len(query.terms) == 1
    for term in query.terms:
        name = algorithm(language, term.words[0].text)
        if term.near is not None:
            these = _near(text, term, name)
        elif len(term.words) > 1:
            these = _phrase(text, term, name)
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
