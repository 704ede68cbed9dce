"""Spans in the canonical text: the TextQuoteSelector context, finding a quote, word snapping."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
