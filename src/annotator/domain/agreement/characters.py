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
    # Binary coincidences (coded–coded, coded–not, not–not), missing coders allowed: per document,
    # Σ pairs / (m − 1) with m the coders who coded it. Kept as whole-number sums per m − 1 and
    # divided only in alpha_binary, so sums over documents are exact in any order: parts merged
    # from processes give the one-process figure to the last bit.
    pairs: dict[int, list[int]] = field(default_factory=dict)  # m − 1 -> [o11, o10, o00] × (m − 1)

    def add(self, spans_by_coder: Sequence[list[Span]], length: int, complete: bool, shared: int | None = None) -> None:
        """One document and tag: the merged spans of each coder who coded the document (in a fixed
        coder order), and whether those are all the coders in scope. `shared`: with two coders,
        the characters both cover, if the caller has it (then no sweep is needed here)."""
        m = len(spans_by_coder)
        if m < 2 or length <= 0:
            return
        if m == 2 and shared is not None:
            # Two coders: the histogram is arithmetic (both, one only, neither), added directly.
            a, b = covered(spans_by_coder[0]), covered(spans_by_coder[1])
            one = a + b - 2 * shared
            neither = length - a - b + shared
            o = self.pairs.get(1)
            if o is None:
                o = self.pairs[1] = [0, 0, 0]
            o[0] += 2 * shared
            o[1] += one
            o[2] += 2 * neither
            if not complete:
                return
            counts = self.complete
            counts[0] += neither  # in the histogram's order (0, 1, 2), as runs() would give it
            if one:
                counts[1] += one
            if shared:
                counts[2] += shared
            self.both += shared
            self.first_only += a - shared
            self.second_only += b - shared
            return
        histogram = runs(spans_by_coder, length)
        o = self.pairs.setdefault(m - 1, [0, 0, 0])
        for k, w in histogram.items():
            o[0] += w * k * (k - 1)
            o[1] += w * k * (m - k)
            o[2] += w * (m - k) * (m - k - 1)
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
        for d, (o11, o10, o00) in other.pairs.items():
            o = self.pairs.setdefault(d, [0, 0, 0])
            o[0] += o11
            o[1] += o10
            o[2] += o00

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
        o11 = o10 = o00 = 0.0
        for d, (c11, c10, c00) in sorted(self.pairs.items()):  # exact sums, divided once per m − 1
            o11, o10, o00 = o11 + c11 / d, o10 + c10 / d, o00 + c00 / d
        return alpha_from({(1, 1): o11, (1, 0): o10, (0, 1): o10, (0, 0): o00})
