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

from annotator.domain.agreement.units import Unit

HOLSTI_OVERLAP = 0.9


def _jaccard(a: Unit, b: Unit) -> float:
    inter = min(a.end, b.end) - max(a.start, b.start)
    return inter / (max(a.end, b.end) - min(a.start, b.start))


def _order(a: Unit, b: Unit) -> tuple[object, ...]:
    """Largest overlap first; ties broken by what the passages are, never by which coder is first."""
    inter = min(a.end, b.end) - max(a.start, b.start)
    key = sorted(((a.start, a.end, sorted(a.fields.items())), (b.start, b.end, sorted(b.fields.items()))))
    return (-inter, -_jaccard(a, b), key)


def align(passages: Sequence[Unit]) -> list[list[Unit]]:
    """Groups of passages (one document, one tag), each with at most one passage per coder."""
    ordered = sorted(passages, key=lambda u: (u.start, u.end))
    candidates = []
    for i, a in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            b = ordered[j]
            if b.start >= a.end:
                break
            if b.coder != a.coder and b.end > b.start:
                candidates.append((_order(a, b), i, j))
    group = list(range(len(ordered)))  # passage index -> its group's index
    members: dict[int, list[int]] = {i: [i] for i in range(len(ordered))}
    for _, i, j in sorted(candidates, key=lambda c: c[0]):
        gi, gj = group[i], group[j]
        if gi == gj or {ordered[k].coder for k in members[gi]} & {ordered[k].coder for k in members[gj]}:
            continue
        for k in members[gj]:
            group[k] = gi
        members[gi] += members.pop(gj)
    return [[ordered[k] for k in sorted(ks)] for ks in members.values()]


def holsti_matches(group: Sequence[Unit]) -> int:
    """Coder pairs in one group whose passages overlap by at least HOLSTI_OVERLAP of their union."""
    return sum(
        1 for i, a in enumerate(group) for b in group[i + 1 :] if _jaccard(a, b) >= HOLSTI_OVERLAP
    )


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
