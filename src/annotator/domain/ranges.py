"""Work cut into consecutive ranges of documents of about equal weight (passages per document):
the parallel export's parts (004) and the agreement's (039). Each document lies in one range."""

from __future__ import annotations

from collections.abc import Mapping


def weighted_ranges(weights: Mapping[int, int], parts: int) -> list[tuple[int, int]]:
    """Consecutive (first, last) document ids, at most `parts` of them, of about equal weight;
    none for no documents."""
    ordered = sorted(weights.items())
    total = sum(weights.values())
    found: list[tuple[int, int]] = []
    first = None
    running = 0
    for document, weight in ordered:
        first = document if first is None else first
        running += weight
        if running >= total * (len(found) + 1) / parts and len(found) < parts - 1:
            found.append((first, document))
            first = None
    if first is not None:
        found.append((first, ordered[-1][0]))
    return found
