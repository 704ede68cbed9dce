"""Chance-corrected agreement on category tables: Cohen's κ, Fleiss' κ, Brennan–Prediger κ_n, Holsti's CR.

Each takes counts (which may be weights: a run of characters counts as its length) and returns
None where the figure is undefined (no data, or chance agreement already 1), never a made-up 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def observed(table: Sequence[Sequence[float]]) -> float | None:
    """Percent agreement of a two-coder table (rows coder A, columns coder B): Σ diagonal / N."""
    total = sum(sum(row) for row in table)
    return sum(table[i][i] for i in range(len(table))) / total if total else None


def cohen_chance(table: Sequence[Sequence[float]]) -> float | None:
    """Cohen's P_e = Σ_k (row_k / N)(column_k / N): each coder's own margins, multiplied per
    category, then added over categories (not multiplied: QualCoder's mistake)."""
    total = sum(sum(row) for row in table)
    if not total:
        return None
    q = len(table)
    return sum(sum(table[k]) * sum(table[i][k] for i in range(q)) for k in range(q)) / (total * total)


def cohen_kappa(table: Sequence[Sequence[float]]) -> float | None:
    """Cohen (1960): κ = (P_o − P_e) / (1 − P_e) on a q × q table (rows coder A, columns coder B)."""
    po, pe = observed(table), cohen_chance(table)
    return None if po is None or pe is None or pe >= 1 else (po - pe) / (1 - pe)


def fleiss_terms(subjects: Iterable[tuple[Sequence[int], float]]) -> tuple[float, float] | None:
    """Fleiss (1971): (P̄, P̄_e) over subjects rated by the same number n of coders.

    `subjects`: (counts per category, weight) — how many coders put the subject in each category,
    and how many such subjects. P_i = (Σ_j n_ij² − n) / (n(n − 1)), P̄ their mean; P̄_e = Σ_j p_j²,
    p_j the share of all ratings in category j.
    """
    agree, weight, raters = 0.0, 0.0, 0
    totals: list[float] = []
    for counts, w in subjects:
        if not w:
            continue
        n = sum(counts)
        if raters and n != raters:
            raise ValueError("Fleiss' κ needs the same number of coders for every subject")
        raters = n
        if len(totals) < len(counts):
            totals += [0.0] * (len(counts) - len(totals))
        agree += w * (sum(c * c for c in counts) - n) / (n * (n - 1)) if n > 1 else 0.0
        for j, c in enumerate(counts):
            totals[j] += w * c
        weight += w
    if not weight or raters < 2:
        return None
    return agree / weight, sum((t / (weight * raters)) ** 2 for t in totals)


def fleiss_kappa(subjects: Iterable[tuple[Sequence[int], float]]) -> float | None:
    """Fleiss' κ = (P̄ − P̄_e) / (1 − P̄_e); with two coders this is Scott's π."""
    terms = fleiss_terms(subjects)
    if terms is None or terms[1] >= 1:
        return None
    return (terms[0] - terms[1]) / (1 - terms[1])


def fleiss_category_kappa(subjects: Sequence[Sequence[int]], category: int) -> float | None:
    """Fleiss (1971) eq. 10: κ_j = 1 − Σ_i n_ij(n − n_ij) / (N n (n − 1) p_j q_j)."""
    n = sum(subjects[0])
    big_n = len(subjects)
    p = sum(s[category] for s in subjects) / (big_n * n)
    if p in (0, 1):
        return None
    return 1 - sum(s[category] * (n - s[category]) for s in subjects) / (big_n * n * (n - 1) * p * (1 - p))


def bp_kappa(po: float | None, categories: int) -> float | None:
    """Brennan & Prediger (1981) κ_n = (P_o − 1/q) / (1 − 1/q): chance is q equally likely categories."""
    if po is None or categories < 2:
        return None
    return (po - 1 / categories) / (1 - 1 / categories)


def holsti(n1: int, n2: int, matched: int) -> float | None:
    """Holsti (1969) CR = 2M / (N₁ + N₂): matched units over all units marked by the two coders."""
    return 2 * matched / (n1 + n2) if n1 + n2 else None
