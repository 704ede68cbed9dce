"""Krippendorff's unitizing α_U (1995; 2004 §12.4) over code-point spans, per category and overall.

Each coder's continuum (length L) is cut, for category c, into units of c and gaps. Between a
segment g of coder i and h of coder j: δ² = (b_g − b_h)² + (e_g − e_h)² if both are units and they
overlap; l_g² if g is a unit lying inside the gap h (and l_h² the other way round); else 0.
D_o^c = Σ_{i≠j} Σ_g Σ_h δ² / (m(m − 1) L²); D_e^c =
(2/L) Σ_{units g} [(N_c − 1)(2l_g³ − 3l_g² + l_g)/3 + l_g² Σ_{gaps h: l_h ≥ l_g} (l_h − l_g + 1)]
/ [mL(mL − 1) − Σ_{units g} l_g(l_g − 1)]; α_U^c = 1 − D_o^c / D_e^c, α_U = 1 − Σ_c D_o^c / Σ_c D_e^c.
Several documents form one continuum: their lengths add up, and a gap never runs across the end
of a document (a passage cannot either). Sums are exact integers until the last division.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from annotator.domain.agreement.units import Span, merged


def observed_pair(a: Sequence[Span], b: Sequence[Span]) -> int:
    """Σ_g Σ_h δ² from coder a's units to coder b's (one direction), for merged, sorted spans.

    A unit that overlaps none of the other coder's units lies inside one of their gaps: l². Overlapping
    units: squared differences of their begins and of their ends."""
    return observed_and_shared(a, b)[0]


def observed_and_shared(a: Sequence[Span], b: Sequence[Span]) -> tuple[int, int]:
    """(`observed_pair(a, b)`, the characters both a and b cover) in one sweep: two coders' merged
    spans meet only where they overlap, and those overlaps add up to the shared characters."""
    total = shared = 0
    n_a, n_b = len(a), len(b)
    hit_a = [False] * n_a
    hit_b = [False] * n_b
    i = j = 0
    while i < n_a and j < n_b:
        sa, ea = a[i]
        sb, eb = b[j]
        if sa < eb and sb < ea:
            total += (sa - sb) ** 2 + (ea - eb) ** 2
            shared += (ea if ea < eb else eb) - (sa if sa > sb else sb)
            hit_a[i] = hit_b[j] = True
        if ea <= eb:  # the one that ends first cannot meet anything further on the other side
            i += 1
        else:
            j += 1
    for (s, e), hit in zip(a, hit_a, strict=True):
        if not hit:
            total += (e - s) ** 2
    for (s, e), hit in zip(b, hit_b, strict=True):
        if not hit:
            total += (e - s) ** 2
    return total, shared


def gaps(spans: Sequence[Span], length: int) -> Iterable[int]:
    """The positive lengths between merged, sorted spans on a continuum [0, length)."""
    position = 0
    for start, end in spans:
        if start > position:
            yield start - position
        position = max(position, end)
    if length > position:
        yield length - position


@dataclass
class Unitizing:
    """The sums behind α_U for one category, added up document by document (coders fixed)."""

    coders: int
    observed: int = 0  # Σ over coder pairs i < j of observed_pair
    length: int = 0
    units: Counter[int] = field(default_factory=Counter)  # unit length -> how many, all coders
    gap_lengths: Counter[int] = field(default_factory=Counter)

    def add(self, spans_by_coder: Sequence[list[Span]], length: int, observed: int | None = None) -> None:
        """One document: every coder's merged spans of this category (an empty list: none);
        `observed`: their Σ observed_pair if the caller has it already."""
        self.length += length
        units, gap_lengths = [], []
        for spans in spans_by_coder:  # gaps() inlined (a loop per document and tag): merged spans
            position = 0
            for start, end in spans:
                units.append(end - start)
                if start > position:
                    gap_lengths.append(start - position)
                position = end
            if length > position:
                gap_lengths.append(length - position)
        self.units.update(units)
        self.gap_lengths.update(gap_lengths)
        if observed is not None:
            self.observed += observed
            return
        for a, b in combinations(spans_by_coder, 2):
            if a or b:
                self.observed += observed_pair(a, b)

    def merge(self, other: Unitizing) -> None:
        """Add the sums of other documents (the same coders)."""
        self.observed += other.observed
        self.length += other.length
        self.units.update(other.units)
        self.gap_lengths.update(other.gap_lengths)

    def disagreements(self) -> tuple[float, float]:
        """(D_o, D_e); both 0 where nobody marked a unit of this category."""
        m, big_l = self.coders, self.length
        if m < 2 or not big_l or not self.units:
            return 0.0, 0.0
        do = 2 * self.observed / (m * (m - 1) * big_l * big_l)
        n_c = sum(self.units.values())
        # For each unit length l: the gaps at least as long (count and total), by bisection.
        by_length = sorted(self.gap_lengths.items())
        lengths = [h for h, _ in by_length]
        count_from, sum_from = [0] * (len(by_length) + 1), [0] * (len(by_length) + 1)
        for k in range(len(by_length) - 1, -1, -1):
            h, c = by_length[k]
            count_from[k] = count_from[k + 1] + c
            sum_from[k] = sum_from[k + 1] + c * h
        numerator = 0
        for ell, count in self.units.items():
            k = bisect_left(lengths, ell)
            placements = sum_from[k] - (ell - 1) * count_from[k]  # Σ_{h ≥ l} (h − l + 1)
            within = (n_c - 1) * ell * (ell - 1) * (2 * ell - 1) // 3  # exact: l(l−1)(2l−1) = 6 Σk²
            numerator += count * (within + ell * ell * placements)
        denominator = m * big_l * (m * big_l - 1) - sum(c * ell * (ell - 1) for ell, c in self.units.items())
        return do, 2 * numerator / (big_l * denominator)


def alpha(do: float, de: float) -> float | None:
    """1 − D_o / D_e, None where D_e = 0 (nobody marked anything: undefined, not perfect)."""
    return None if de == 0 else 1 - do / de


def alpha_u(
    units: Iterable[tuple[int, int, str, str]], begin: int, end: int
) -> tuple[float | None, dict[str, float | None]]:
    """α_U of one continuum [begin, end) from (start, end, coder, category): overall and per category.
    Every coder who appears is taken to have coded the whole continuum."""
    spans: dict[str, dict[str, list[Span]]] = {}
    coders: list[str] = []
    for s, e, coder, category in units:
        spans.setdefault(category, {}).setdefault(coder, []).append((s - begin, e - begin))
        if coder not in coders:
            coders.append(coder)
    sums = {}
    for category, by_coder in spans.items():
        sums[category] = Unitizing(len(coders))
        sums[category].add([merged(by_coder.get(c, [])) for c in coders], end - begin)
    pairs = {category: s.disagreements() for category, s in sums.items()}
    total_do = sum(do for do, _ in pairs.values())
    total_de = sum(de for _, de in pairs.values())
    return alpha(total_do, total_de), {category: alpha(*p) for category, p in pairs.items()}
