"""Exact hits of a parsed query in one text: code-point offsets, text[start:end] is the match.

Counting every hit of a word across a library costs most in turning each candidate text into a
string and folding its case (str.lower on a text with one curly quote is a 2-byte-per-letter loop):
utf8_hits looks for an ASCII prefix in the UTF-8 bytes with their ASCII letters lowered (a
memory-speed loop) and decodes only a text that holds it. hits() stays the definition
(tests/unit/test_search_matching.py compares the paths).

The index only narrows the documents down (a superset); the hits are found here, the same way on
both backends, so SQLite and PostgreSQL give the same rows."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
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
    """The text folded as words are (fold), letter by letter at the same offsets; None where
    that cannot be: lower() lengthens a few letters (İ), and lowers Σ by its place (ς at a word's
    end), where a word alone folds it to σ."""
    if "Σ" in text:
        return None
    lowered = text.lower()
    return lowered.replace("ё", "е") if len(lowered) == len(text) else None


def _occurrences(haystack: str | bytes, needle: str | bytes) -> Iterator[int]:
    """Every place the needle starts in the haystack, overlapping ones too (C's substring search)."""
    at = haystack.find(needle)  # type: ignore[arg-type]
    while at != -1:
        yield at
        at = haystack.find(needle, at + 1)  # type: ignore[arg-type]


def _accepted(text: str, starts: Iterable[int], m: _WordMatcher) -> list[tuple[int, int]]:
    """What the case-blind regex path finds, from the places the folded prefix starts (ascending):
    each candidate runs to its word's end and the next is looked for after it, as finditer does.
    Letters the regex also takes (ſ for s, ς for σ) fold to themselves, and a word holding one is
    refused by `accepts` either way (tests/unit/test_search_matching.py compares the paths)."""
    found = []
    end = 0
    for at in starts:
        if at < end:
            continue  # inside the last candidate's word
        end = _WORD_REST.match(text, at + len(m.head)).end()  # type: ignore[union-attr]
        if _starts_word(text, at) and m.accepts(text[at:end]):
            found.append((at, end))
    return found


def _word_spans(text: str, word: Word, name: str, limit: int | None = None) -> list[tuple[int, int]]:
    m = _matcher(word, name)
    if limit is None and m.head:
        folded = _folded_text(text)
        if folded is not None:  # about twice as fast as the regex, which cannot skip ahead
            return _accepted(text, _occurrences(folded, m.head), m)
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
    # One line per hit, as long as the text it shows. Printable means no whitespace but the space
    # (whitespace is Unicode's separators and controls): nothing to replace, the usual case.
    return piece if piece.isprintable() else _SPACE.sub(" ", piece)


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
    return kwic(spans(query, text, language, limit)[:limit], document_id, text, width, base, annotation_id, in_note)


def kwic(
    found: Iterable[tuple[int, int]],
    document_id: int,
    text: str,
    width: int = 40,
    base: int = 0,
    annotation_id: int | None = None,
    in_note: bool = False,
) -> list[Hit]:
    """The keyword-in-context rows of these spans of `text`."""
    rows = []
    for start, end in found:
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


# The only letters whose lower() holds an ASCII letter (Kelvin sign → k, İ → i + a dot above): a
# text holding one goes the string way, where they fold as the rest of the search folds them.
# Looked for by their last byte first (memchr; their first bytes begin every curly quote).
_FOLDS_TO_ASCII = tuple((letter.encode()[-1:], letter.encode()) for letter in ("\u212a", "\u0130"))


def _folds_to_ascii(data: bytes) -> bool:
    return any(last in data and letter in data for last, letter in _FOLDS_TO_ASCII)


def utf8_hits(query: Query, document_id: int, data: bytes, language: str, *, width: int = 40) -> list[Hit] | None:
    """hits(query, document_id, data.decode(), language, width=width) for a query of one
    word with an ASCII prefix; None for any other query or text (decode it and call hits)."""
    if len(query.terms) != 1 or len(query.terms[0].words) != 1 or query.terms[0].near is not None:
        return None
    word = query.terms[0].words[0]
    m = _matcher(word, algorithm(language, word.text))
    if not m.head or not m.head.isascii() or _folds_to_ascii(data):
        return None
    places = list(_occurrences(data.lower(), m.head.encode()))
    if not places:
        return []
    # Byte offsets to code points, a piece at a time (each place is an ASCII byte: a letter's start).
    starts, pieces, done, chars = [], [], 0, 0
    for at in places:
        piece = data[done:at].decode()
        pieces.append(piece)
        chars += len(piece)
        starts.append(chars)
        done = at
    pieces.append(data[done:].decode())
    text = "".join(pieces)
    return kwic(_accepted(text, starts, m), document_id, text, width)


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
