"""Which highlights overlap a range of Qt positions: a sorted index kept in step with edits.

Plain Python, so it can be tested and measured without a window. Spans are in Qt positions.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from typing import NamedTuple


class Highlight(NamedTuple):
    """A tuple, so sorting and binary search compare in C (50,000 of them on a long article)."""

    start: int  # Qt position
    end: int
    annotation_id: int
    tag_ids: tuple[int, ...] = ()


class HighlightIndex:
    """Highlights sorted by start; a query looks back at most the longest highlight's length."""

    def __init__(self, highlights: list[Highlight] | None = None) -> None:
        self._items: list[Highlight] = sorted(highlights or [])  # near-sorted input: a linear pass
        self._by_id = {h.annotation_id: h for h in self._items}
        self._longest = max((h.end - h.start for h in self._items), default=0)

    def __len__(self) -> int:
        return len(self._items)

    def get(self, annotation_id: int) -> Highlight | None:
        return self._by_id.get(annotation_id)

    def add(self, highlight: Highlight) -> None:
        self.remove(highlight.annotation_id)
        insort(self._items, highlight)
        self._by_id[highlight.annotation_id] = highlight
        self._longest = max(self._longest, highlight.end - highlight.start)

    def remove(self, annotation_id: int) -> Highlight | None:
        old = self._by_id.pop(annotation_id, None)
        if old is not None:
            i = bisect_left(self._items, old)
            del self._items[i]
        return old

    def overlapping(self, start: int, end: int) -> list[Highlight]:
        """Highlights that share at least one position with [start, end)."""
        lo = bisect_left(self._items, Highlight(start - self._longest, -1, -1))
        hi = bisect_left(self._items, Highlight(end, -1, -1))
        return [h for h in self._items[lo:hi] if h.end > start]

    def at(self, position: int) -> list[Highlight]:
        """Highlights under one position, innermost (shortest) first."""
        return sorted(self.overlapping(position, position + 1), key=lambda h: h.end - h.start)

    def next_after(self, position: int) -> Highlight | None:
        i = bisect_left(self._items, Highlight(position + 1, -1, -1))
        return self._items[i] if i < len(self._items) else None

    def previous_before(self, position: int) -> Highlight | None:
        i = bisect_left(self._items, Highlight(position, -1, -1))
        return self._items[i - 1] if i else None
