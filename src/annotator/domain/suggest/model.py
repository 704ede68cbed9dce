"""The suggestion record and the sentence helpers every detector shares."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from annotator.domain.spans import SpanIndex

# The one registry of detectors: each by the name of the tag it serves in the default codebook
# (a tag is linked to one, Tag.detector, so renaming the tag keeps its suggestions) and the module
# of this package whose `detect` it is, imported on first use. Order matters: a later detector
# sees the spans of the earlier ones (dates first, so counts never claim a year).
DETECTOR_MODULES: dict[str, str] = {
    "date": "dates",
    "casualty figure": "casualties",
    "quote": "quotes",
    "framing": "framing",
}
DETECTORS: tuple[str, ...] = tuple(DETECTOR_MODULES)


def alternation(words: Iterable[object]) -> str:
    """A regular-expression alternation of literal words, longest first (so "more than" wins over "more")."""
    return "|".join(re.escape(w) for w in sorted({str(w) for w in words}, key=len, reverse=True))


class SpanSet(SpanIndex[tuple[int, int]]):
    """Spans (start, end) claimed by earlier detectors or already annotated: asked whether any
    overlaps a range (the domain's one overlap rule, spans.SpanIndex)."""


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
ABBREVIATIONS = frozenset(
    (
        "Mr",
        "Ms",
        "Mrs",
        "Dr",
        "St",
        "No",
        "Gen",
        "Gov",
        "Sen",
        "Rep",
        "Lt",
        "Col",
        "Prof",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
    )
)


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
