"""Passages of different coders matched to each other: greedy by overlap, same tag, same document.

Candidate pairs are passages of two different coders that share at least one character; the pair
with the largest overlap (then the larger overlap ÷ union, then position) joins first, and a group
never takes two passages of the same coder. With two coders this is a greedy one-to-one matching.
Groups of two or more passages are "aligned"; a passage left alone is "unmatched". Holsti's CR
counts a pair in a group as matched when its overlap ÷ union is at least `HOLSTI_OVERLAP` (MAXQDA's
default segment overlap, 90%). Field values are compared on the aligned groups.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

from annotator.domain.agreement.units import Unit

HOLSTI_OVERLAP = 0.9


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


Passage = tuple[int, int, str, Mapping[str, str]]  # start, end, coder, field values


def align(passages: Sequence[Unit]) -> list[list[Unit]]:
    """Groups of passages (one document, one tag), each with at most one passage per coder."""
    return [[passages[k] for k in group] for group in align_spans([(u.start, u.end, u.coder, u.fields) for u in passages])]


def align_spans(passages: Sequence[Passage]) -> list[list[int]]:
    """`align` on plain tuples (the agreement read makes no Unit per passage): groups of indices
    into `passages`, each group and the groups in the order `align` gives."""
    # (start, end, index) sorted: by span, equal spans in their given order (a stable sort).
    decorated = sorted([(p[0], p[1], k) for k, p in enumerate(passages)])
    ordered = [k for _, _, k in decorated]
    if len({(s, e) for s, e, _ in decorated}) < len(ordered):
        # Equal spans (rare): their order, and so the order of equal candidates, comes from the
        # field values, never from which coder came first.
        ordered.sort(key=lambda k: (*passages[k][:2], sorted(passages[k][3].items())))
        decorated = [(passages[k][0], passages[k][1], k) for k in ordered]
    coders = [passages[k][2] for k in ordered]
    candidates = []
    n = len(ordered)
    for i in range(n):
        a_start, a_end, _ = decorated[i]
        a_coder = coders[i]
        for j in range(i + 1, n):
            b_start, b_end, _ = decorated[j]
            if b_start >= a_end:
                break
            if b_end > b_start and coders[j] != a_coder:
                # Largest overlap first, then the smaller union (the larger overlap ÷ union), then
                # the spans themselves (i < j follow the spans' order): never which coder comes first.
                # Sorted by start, b.start >= a.start: the overlap begins at b.start, the union at a.start.
                if a_end < b_end:
                    candidates.append((b_start - a_end, b_end - a_start, i, j))
                else:
                    candidates.append((b_start - b_end, a_end - a_start, i, j))
    candidates.sort()
    # Union–find over passages; each root carries the set of its group's coders as a bit mask.
    bit = {coder: 1 << n for n, coder in enumerate(dict.fromkeys(coders))}
    parent = list(range(len(ordered)))
    mask = [bit[c] for c in coders]
    for _, _, i, j in candidates:
        while parent[i] != i:
            i = parent[i]
        while parent[j] != j:
            j = parent[j]
        if i != j and not mask[i] & mask[j]:
            parent[j] = i
            mask[i] |= mask[j]
    groups: dict[int, list[int]] = {}
    for k in range(len(ordered)):
        root = k
        while parent[root] != root:
            root = parent[root]
        groups.setdefault(root, []).append(ordered[k])
    return list(groups.values())


def holsti_matches(group: Sequence[Unit]) -> int:
    """Coder pairs in one group whose passages overlap by at least HOLSTI_OVERLAP of their union."""
    return holsti_pairs([(u.start, u.end) for u in group])


def holsti_pairs(spans: Sequence[tuple[int, int]]) -> int:
    """`holsti_matches` on the group's (start, end) spans."""
    return sum(1 for i, a in enumerate(spans) for b in spans[i + 1 :] if _jaccard(a, b) >= HOLSTI_OVERLAP)


def field_value(value: str | None, metric: str) -> Hashable | None:
    """A field value as α compares it: a number for interval (else missing), trimmed text for nominal."""
    text = (value or "").strip()
    if not text:
        return None
    if metric == "nominal":
        return text
    try:
        return float(text)
    except ValueError:
        return None
