"""The reader's highlights: the domain's span index (domain.spans.SpanIndex, the one overlap rule)
in Qt positions, with a lookup by annotation id and the reader's navigation.

Plain Python, so it can be tested and measured without a window."""

from __future__ import annotations

from typing import NamedTuple

from annotator.domain.spans import SpanIndex


class Highlight(NamedTuple):
    """A tuple, so sorting and binary search compare in C (50,000 of them on a long article)."""

    start: int  # Qt position
    end: int
    annotation_id: int
    tag_ids: tuple[int, ...] = ()


class HighlightIndex(SpanIndex[Highlight]):
    """Highlights sorted by start, each findable by its annotation's id."""

    def __init__(self, highlights: list[Highlight] | None = None) -> None:
        super().__init__(highlights or [])
        self._by_id = {h.annotation_id: h for h in self}

    def get(self, annotation_id: int) -> Highlight | None:
        return self._by_id.get(annotation_id)

    def add(self, highlight: Highlight) -> None:
        self.remove(highlight.annotation_id)
        super().add(highlight)
        self._by_id[highlight.annotation_id] = highlight

    def remove(self, annotation_id: int) -> Highlight | None:
        old = self._by_id.pop(annotation_id, None)
        if old is not None:
            self.discard(old)
        return old

    def at(self, position: int) -> list[Highlight]:
        """Highlights under one position, innermost (shortest) first."""
        return sorted(self.overlapping(position, position + 1), key=lambda h: h.end - h.start)

    def next_after(self, position: int) -> Highlight | None:
        return self.first_from(position + 1)

    def previous_before(self, position: int) -> Highlight | None:
        return self.last_before(position)
