"""Passages of different coders matched to each other: greedy by overlap, same tag, same document.

Candidate pairs are passages of two different coders that share at least one character; the pair
with the largest overlap (then the larger overlap ÷ union, then position) joins first, and a group
never takes two passages of the same coder. With two coders this is a greedy one-to-one matching.
Groups of two or more passages are "aligned"; a passage left alone is "unmatched". Holsti's CR
counts a pair in a group as matched when its overlap ÷ union is at least `HOLSTI_OVERLAP` (MAXQDA's
default segment overlap, 90%). Field values are compared on the aligned groups.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from operator import attrgetter

from annotator.domain.agreement.units import Unit

HOLSTI_OVERLAP = 0.9
_span = attrgetter("start", "end")


def _jaccard(a: Unit, b: Unit) -> float:
    inter = min(a.end, b.end) - max(a.start, b.start)
    return inter / (max(a.end, b.end) - min(a.start, b.start))


def align(passages: Sequence[Unit]) -> list[list[Unit]]:
    """Groups of passages (one document, one tag), each with at most one passage per coder."""
    ordered = sorted(passages, key=_span)
    if len(set(map(_span, ordered))) < len(ordered):
        # Equal spans (rare): their order, and so the order of equal candidates, comes from the
        # field values, never from which coder came first.
        ordered.sort(key=lambda u: (u.start, u.end, sorted(u.fields.items())))
    candidates = []
    for i, a in enumerate(ordered):
        a_start, a_end, a_coder = a.start, a.end, a.coder
        for j in range(i + 1, len(ordered)):
            b = ordered[j]
            if b.start >= a_end:
                break
            if b.coder != a_coder and b.end > b.start:
                # Largest overlap first, then the smaller union (the larger overlap ÷ union), then
                # the spans themselves (i < j follow the spans' order): never which coder comes first.
                # Sorted by start, b.start >= a.start: the overlap begins at b.start, the union at a.start.
                b_end = b.end
                candidates.append((b.start - min(a_end, b_end), max(a_end, b_end) - a_start, i, j))
    candidates.sort()
    # Union–find over passages; each root carries the set of its group's coders as a bit mask.
    bit = {coder: 1 << n for n, coder in enumerate(dict.fromkeys(u.coder for u in ordered))}
    parent = list(range(len(ordered)))
    mask = [bit[u.coder] for u in ordered]
    for _, _, i, j in candidates:
        while parent[i] != i:
            i = parent[i]
        while parent[j] != j:
            j = parent[j]
        if i != j and not mask[i] & mask[j]:
            parent[j] = i
            mask[i] |= mask[j]
    groups: dict[int, list[Unit]] = {}
    for k, u in enumerate(ordered):
        root = k
        while parent[root] != root:
            root = parent[root]
        groups.setdefault(root, []).append(u)
    return list(groups.values())


def holsti_matches(group: Sequence[Unit]) -> int:
    """Coder pairs in one group whose passages overlap by at least HOLSTI_OVERLAP of their union."""
    return sum(1 for i, a in enumerate(group) for b in group[i + 1 :] if _jaccard(a, b) >= HOLSTI_OVERLAP)


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
