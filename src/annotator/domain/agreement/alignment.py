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
    n = len(passages)
    if not n:
        return []
    # Three columns in one transposition (zip in C: no three list comprehensions).
    starts, ends, ordered = (
        list(column) for column in zip(*sorted([(p[0], p[1], k) for k, p in enumerate(passages)]), strict=True)
    )
    if len(set(zip(starts, ends, strict=True))) < n:
        # Equal spans: their order, and so the order of equal candidates, comes from the field
        # values, never from which coder came first. Only each run of equal spans is reordered
        # (a stable sort by the values): the same order as sorting all by (span, values).
        k = 0
        while k < n:
            run = k + 1
            while run < n and starts[run] == starts[k] and ends[run] == ends[k]:
                run += 1
            if run - k > 1:
                ordered[k:run] = sorted(ordered[k:run], key=lambda x: sorted(passages[x][3].items()))
            k = run
    coders = [passages[k][2] for k in ordered]
    candidates = []
    append = candidates.append
    for i in range(n):
        a_start, a_end, a_coder = starts[i], ends[i], coders[i]
        j = i + 1
        while j < n:
            b_start = starts[j]
            if b_start >= a_end:
                break
            b_end = ends[j]
            if b_end > b_start and coders[j] != a_coder:
                # Largest overlap first, then the smaller union (the larger overlap ÷ union), then
                # the spans themselves (i < j follow the spans' order): never which coder comes first.
                # Sorted by start, b.start >= a.start: the overlap begins at b.start, the union at a.start.
                if a_end < b_end:
                    append((b_start - a_end, b_end - a_start, i, j))
                else:
                    append((b_start - b_end, a_end - a_start, i, j))
            j += 1
    candidates.sort()
    bit = {coder: 1 << b for b, coder in enumerate(dict.fromkeys(coders))}
    if len(bit) <= 2:
        # Two coders (the usual case): a group holds at most one passage of each, so a candidate
        # pair joins exactly when neither passage has joined one yet; the groups come out as the
        # union-find below gives them (a pair at its first passage's place, that one first).
        partner = [-1] * n
        for _, _, i, j in candidates:
            if partner[i] < 0 and partner[j] < 0:
                partner[i], partner[j] = j, i
        return [[ordered[k]] if p < 0 else [ordered[k], ordered[p]] for k, p in enumerate(partner) if p < 0 or p > k]
    # Union–find over passages; each root carries the set of its group's coders as a bit mask.
    parent = list(range(n))
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
    for k in range(n):
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
