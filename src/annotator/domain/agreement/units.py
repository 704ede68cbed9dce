"""The input of every agreement measure: one coder's passage with one tag, and the overlap rule."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

Span = tuple[int, int]  # code-point offsets, end-exclusive


@dataclass(frozen=True, slots=True)
class Unit:
    """One coder's passage [start, end) of one document, coded with one tag (an annotation with
    three tags is three units), with that passage's field values (name -> text). `key` names the
    annotation it came from (its UUID) where a caller needs to find it again (disagreements)."""

    document: int
    coder: str
    tag: str
    start: int
    end: int
    fields: Mapping[str, str] = field(default_factory=dict)
    key: str = ""


def merged(spans: Iterable[Span]) -> list[Span]:
    """One coder's spans of one tag as the literature requires them: non-overlapping.

    Krippendorff (1995; 2004 §12.4) defines α_U for coders whose units of one category do not
    overlap. Annotator lets a coder mark overlapping passages with the same tag (a quote inside a
    longer quote); we take their union — the characters that coder said are of that tag — rather
    than refuse the data. Spans that only touch ([0, 5) and [5, 9)) do not overlap and stay two
    units, as in Krippendorff's 1995 example B. Empty spans are dropped.
    """
    out: list[Span] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if out and start < out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def covered(spans: list[Span]) -> int:
    """Characters covered by merged (non-overlapping) spans."""
    return sum(end - start for start, end in spans)
