"""Krippendorff's α for coding (nominal, ordinal, interval, ratio), missing values allowed.

Krippendorff (2004 §11; 2011): values pairable within a unit (m_u ≥ 2 values) enter the coincidence
matrix o_ck = Σ_u (pairs c–k in u) / (m_u − 1); with n_c = Σ_k o_ck and n = Σ_c n_c,
α = 1 − D_o / D_e, D_o = Σ o_ck δ²_ck / n, D_e = Σ n_c n_k δ²_ck / (n (n − 1)).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence

Coincidences = dict[tuple[Hashable, Hashable], float]
Metric = Callable[[Hashable, Hashable, dict[Hashable, float]], float]


def coincidences(units: Iterable[tuple[Sequence[Hashable], float]]) -> Coincidences:
    """The coincidence matrix of units given as (the values the coders gave, weight)."""
    o: Coincidences = defaultdict(float)
    for values, weight in units:
        m = len(values)
        if m < 2 or not weight:
            continue  # a value nobody else coded cannot be compared
        counts = Counter(values)
        for c, nc in counts.items():
            for k, nk in counts.items():
                pairs = nc * (nc - 1) if c == k else nc * nk
                if pairs:
                    o[(c, k)] += weight * pairs / (m - 1)
    return o


def nominal(c: Hashable, k: Hashable, _n: dict[Hashable, float]) -> float:
    return 0.0 if c == k else 1.0


def interval(c: Hashable, k: Hashable, _n: dict[Hashable, float]) -> float:
    return (float(c) - float(k)) ** 2  # type: ignore[arg-type]


def ratio(c: Hashable, k: Hashable, _n: dict[Hashable, float]) -> float:
    a, b = float(c), float(k)  # type: ignore[arg-type]
    return 0.0 if a + b == 0 else ((a - b) / (a + b)) ** 2


def ordinal(c: Hashable, k: Hashable, n: dict[Hashable, float]) -> float:
    """(Σ_{g from c to k} n_g − (n_c + n_k) / 2)², over the values in their order."""
    lo, hi = sorted((c, k))  # type: ignore[type-var]
    return (sum(v for g, v in n.items() if lo <= g <= hi) - (n[lo] + n[hi]) / 2) ** 2  # type: ignore[operator]


METRICS: dict[str, Metric] = {"nominal": nominal, "ordinal": ordinal, "interval": interval, "ratio": ratio}


def disagreements(o: Coincidences, metric: str = "nominal") -> tuple[float, float] | None:
    """(D_o, D_e) of a coincidence matrix, or None with fewer than two pairable values."""
    delta = METRICS[metric]
    n_c: dict[Hashable, float] = defaultdict(float)
    for (c, _k), v in o.items():
        n_c[c] += v
    n = sum(n_c.values())
    if n <= 1:
        return None
    do = sum(v * delta(c, k, n_c) for (c, k), v in o.items()) / n
    de = sum(n_c[c] * n_c[k] * delta(c, k, n_c) for c in n_c for k in n_c) / (n * (n - 1))
    return do, de


def alpha_from(o: Coincidences, metric: str = "nominal") -> float | None:
    """α = 1 − D_o / D_e; None where D_e = 0 (one value only: no variation to agree on)."""
    found = disagreements(o, metric)
    if found is None or found[1] == 0:
        return None
    return 1 - found[0] / found[1]


def krippendorff_alpha(data: Sequence[Sequence[Hashable | None]], metric: str = "nominal") -> float | None:
    """α of reliability data: one row per coder, one column per unit, None where a coder gave no value."""
    columns = zip(*data, strict=True)
    return alpha_from(coincidences(([v for v in column if v is not None], 1.0) for column in columns), metric)
