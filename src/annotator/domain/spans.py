"""Spans in the canonical text: the TextQuoteSelector context, finding a quote, word snapping, and
the one index that answers which spans overlap a range."""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

CONTEXT = 32  # characters of prefix and suffix kept with each annotation (W3C TextQuoteSelector)

# Word characters, plus combining marks and joiners, so snapping never strips an accent.
_WORD = re.compile(r"[\w\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u200c\u200d]")


class SpanError(ValueError):
    """A span that does not fit the text it is meant to mark."""


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise SpanError(f"invalid span {self.start}..{self.end}")


@dataclass(frozen=True, slots=True)
class Selector:
    """The exact quote plus its context: enough to re-find a passage if the text ever changes."""

    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


def select(text: str, start: int, end: int) -> Selector:
    """The selector for text[start:end]; refuses empty or out-of-range spans."""
    if not 0 <= start < end <= len(text):
        raise SpanError(f"span {start}..{end} is outside the text (length {len(text)})")
    return Selector(
        start=start,
        end=end,
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of quote in text."""
    if not quote:
        return []
    found: list[int] = []
    i = text.find(quote)
    while i != -1:
        found.append(i)
        i = text.find(quote, i + 1)
    return found


def trim_space(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a span so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span so it does not cut a word, and trim surrounding whitespace.

    A span that holds no word character at all is only trimmed.
    """
    start, end = trim_space(text, start, end)
    if start == end:
        return start, end
    if _WORD.match(text[start]):
        while start > 0 and _WORD.match(text[start - 1]):
            start -= 1
    if _WORD.match(text[end - 1]):
        while end < len(text) and _WORD.match(text[end]):
            end += 1
    return start, end


S = TypeVar("S", bound=tuple[Any, ...])  # a tuple whose first two items are start and end


class SpanIndex(Generic[S]):
    """Spans sorted by start, asked which overlap a range: a binary search over the starts, looking
    back no further than the longest span, so spans may overlap each other. The one overlap rule
    (a span overlaps [start, end) when it shares a position with it: touching is not overlapping)
    for the detectors, the suggestion filter and the reader's highlights.

    Items are tuples whose first two items are start and end; more may follow (an id, tags) and
    ride along. Tuples compare in C, which matters with 50,000 highlights on a long article."""

    def __init__(self, spans: Iterable[S] = ()) -> None:
        self._spans: list[S] = sorted(spans)  # near-sorted input: a linear pass
        self._longest = max((s[1] - s[0] for s in self._spans), default=0)

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self) -> Iterator[S]:
        return iter(self._spans)

    def add(self, span: S) -> None:
        insort(self._spans, span)
        self._longest = max(self._longest, span[1] - span[0])

    def discard(self, span: S) -> None:
        i = bisect_left(self._spans, span)
        if i < len(self._spans) and self._spans[i] == span:
            del self._spans[i]

    def overlapping(self, start: int, end: int) -> list[S]:
        """The spans that share at least one position with [start, end), by start."""
        # (n,) sorts before every tuple starting with n: the probes need no other items.
        lo = bisect_left(self._spans, (start - self._longest,))
        hi = bisect_left(self._spans, (end,))
        return [s for s in self._spans[lo:hi] if s[1] > start]

    def overlaps(self, start: int, end: int) -> bool:
        return bool(self.overlapping(start, end))

    def first_from(self, position: int) -> S | None:
        """The first span starting at or after position."""
        i = bisect_left(self._spans, (position,))
        return self._spans[i] if i < len(self._spans) else None

    def last_before(self, position: int) -> S | None:
        """The last span starting before position."""
        i = bisect_left(self._spans, (position,))
        return self._spans[i - 1] if i else None
