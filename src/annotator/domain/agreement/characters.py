"""Character-level agreement: each code point of a document is coded or not by each coder (per tag).

A run of characters counts with its length, so the work is per span, not per character. Cohen's κ
(two coders), Fleiss' κ (the coders who coded every document in scope; with two it is Scott's π),
percent agreement (the share of agreeing coder pairs per character, averaged), Brennan–Prediger κ_n
with q = 2, and Krippendorff's binary α, which also takes documents only some of the coders coded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from annotator.domain.agreement import kappa
from annotator.domain.agreement.alpha import alpha_from
from annotator.domain.agreement.units import Span, covered


def runs(spans_by_coder: Sequence[list[Span]], length: int) -> Counter[int]:
    """How many characters of [0, length) are coded by exactly k coders, for each k (merged spans)."""
    events: list[tuple[int, int]] = []
    for spans in spans_by_coder:
        for start, end in spans:
            events.append((start, 1))
            events.append((end, -1))
    events.sort()
    out: Counter[int] = Counter()
    position = depth = 0
    for at, step in events:
        if at > position:
            out[depth] += at - position
            position = at
        depth += step
    out[0] += length - position
    return out


@dataclass
class Characters:
    """The character counts behind the character-level figures, added up over documents and tags."""

    coders: int
    both: int = 0  # two coders: coded by A and B, by A only, by B only (the rest: by neither)
    first_only: int = 0
    second_only: int = 0
    complete: Counter[int] = field(default_factory=Counter)  # k coders of all -> characters
    o11: float = 0.0  # binary coincidences (coded–coded, coded–not, not–not), missing coders allowed
    o10: float = 0.0
    o00: float = 0.0

    def add(self, spans_by_coder: Sequence[list[Span]], length: int, complete: bool, shared: int | None = None) -> None:
        """One document and tag: the merged spans of each coder who coded the document (in a fixed
        coder order), and whether those are all the coders in scope. `shared`: with two coders,
        the characters both cover, if the caller has it (then no sweep is needed here)."""
        m = len(spans_by_coder)
        if m < 2 or length <= 0:
            return
        if m == 2 and shared is not None:
            a, b = covered(spans_by_coder[0]), covered(spans_by_coder[1])
            histogram = Counter({0: length - a - b + shared})
            if a + b > 2 * shared:
                histogram[1] = a + b - 2 * shared
            if shared:
                histogram[2] = shared
        else:
            histogram = runs(spans_by_coder, length)
        for k, w in histogram.items():
            self.o11 += w * k * (k - 1) / (m - 1)
            self.o10 += w * k * (m - k) / (m - 1)
            self.o00 += w * (m - k) * (m - k - 1) / (m - 1)
        if not complete:
            return
        self.complete.update(histogram)
        if m == 2:
            self.both += histogram[2]
            self.first_only += covered(spans_by_coder[0]) - histogram[2]
            self.second_only += covered(spans_by_coder[1]) - histogram[2]

    def merge(self, other: Characters) -> None:
        self.both += other.both
        self.first_only += other.first_only
        self.second_only += other.second_only
        self.complete.update(other.complete)
        self.o11 += other.o11
        self.o10 += other.o10
        self.o00 += other.o00

    def kappa(self) -> float | None:
        if self.coders != 2:
            return None
        neither = self.complete[0]
        return kappa.cohen_kappa([[self.both, self.first_only], [self.second_only, neither]])

    def fleiss_kappa(self) -> float | None:
        m = self.coders
        return kappa.fleiss_kappa(((k, m - k), w) for k, w in self.complete.items())

    def percent(self) -> float | None:
        m = self.coders
        total = sum(self.complete.values())
        if m < 2 or not total:
            return None
        agreeing = sum(w * (k * (k - 1) + (m - k) * (m - k - 1)) for k, w in self.complete.items())
        return agreeing / (total * m * (m - 1))

    def bp_kappa(self) -> float | None:
        return kappa.bp_kappa(self.percent(), 2)

    def alpha_binary(self) -> float | None:
        return alpha_from({(1, 1): self.o11, (1, 0): self.o10, (0, 1): self.o10, (0, 0): self.o00})
