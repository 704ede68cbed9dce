"""The suggestion record and the sentence helpers every detector shares."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

# The detectors, by the name of the tag they serve in the default codebook. A tag is linked to one
# (Tag.detector), so renaming the tag keeps its suggestions.
DETECTORS: tuple[str, ...] = ("date", "casualty figure", "quote", "framing")


def alternation(words: Iterable[object]) -> str:
    """A regular-expression alternation of literal words, longest first (so "more than" wins over "more")."""
    return "|".join(re.escape(w) for w in sorted({str(w) for w in words}, key=len, reverse=True))


class SpanSet:
    """Spans (start, end), asked whether any overlaps a range: a binary search over the starts,
    looking back no further than the longest span, so spans may overlap each other."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._spans = sorted(spans)
        self._starts = [s for s, _ in self._spans]
        self._longest = max((e - s for s, e in self._spans), default=0)

    def __len__(self) -> int:
        return len(self._spans)

    def add(self, start: int, end: int) -> None:
        """One more span (a passage tagged): a local edit, not a rebuild."""
        i = bisect.bisect_left(self._spans, (start, end))
        self._spans.insert(i, (start, end))
        self._starts.insert(i, start)
        self._longest = max(self._longest, end - start)

    def remove(self, start: int, end: int) -> bool:
        """Take one copy of the span out (False if there is none). The longest length stays an
        upper bound: a query may look back further than needed, never not far enough."""
        i = bisect.bisect_left(self._spans, (start, end))
        if i < len(self._spans) and self._spans[i] == (start, end):
            del self._spans[i]
            del self._starts[i]
            return True
        return False

    def overlaps(self, start: int, end: int) -> bool:
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        return any(e > start for _, e in self._spans[lo:hi])


@dataclass(frozen=True, slots=True)
class Suggestion:
    start: int
    end: int
    tag: str  # the tag's name in the codebook: "date", "casualty figure", "quote", "framing"
    fields: tuple[tuple[str, str], ...] = ()

    @property
    def field_dict(self) -> dict[str, str]:
        return dict(self.fields)

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.tag, self.start, self.end)


# A sentence ends at . ! ? (optionally followed by a closing quote) before a space and a capital
# or an opening quote, or at a line break. Abbreviations such as "Nov." and "U.S." are not ends.
_SENTENCE_END = re.compile(r"[.!?][\"'”»“]?(?=\s+[\"'“«„‘A-ZА-ЯЁ0-9])|\n")
ABBREVIATIONS = frozenset((
    "Mr", "Ms", "Mrs", "Dr", "St", "No", "Gen", "Gov", "Sen", "Rep", "Lt", "Col", "Prof",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
))


def _is_end(text: str, m: re.Match[str]) -> bool:
    if m.group() == "\n" or text[m.start()] != ".":
        return True
    i = m.start()
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    word = text[i : m.start()]
    return not (word in ABBREVIATIONS or (len(word) == 1 and word.isupper()))


def sentence_bounds(text: str, start: int, end: int, limit: int = 600) -> tuple[int, int]:
    """The sentence (or line) around text[start:end], looking at most ``limit`` characters each way."""
    lo = max(0, start - limit)
    left = lo
    for m in _SENTENCE_END.finditer(text, lo, min(len(text), start + 2)):  # +2: the lookahead sees past start
        if m.end() <= start and _is_end(text, m):
            left = m.end()
    hi = min(len(text), end + limit)
    right = hi
    for m in _SENTENCE_END.finditer(text, end, hi):
        if _is_end(text, m):
            right = m.end()
            break
    return left, right
