"""A document's suggestions kept in step with its annotations, one change at a time.

What the detectors found depends only on the text (and date, language, lexicon); annotations only
filter it: a finding is offered unless a passage with its tag overlaps it. So when one annotation
is added, changed or removed, only the findings near it can change — `Offers.set_mark` re-checks
those few against a per-tag span index instead of re-reading every span of the document (200,000
in a densely annotated article took 1.2 s per key press).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from annotator.domain.models import MarkedSpan
from annotator.domain.suggest.model import SpanSet, Suggestion

Mark = tuple[int, int, tuple[int, ...]]  # start, end, tag ids of one annotation


class Offers:
    """Findings (tag id, suggestion) minus those overlapping a passage with the same tag."""

    def __init__(self, findings: Iterable[tuple[int, Suggestion]], marks: Iterable[MarkedSpan]) -> None:
        ordered = sorted(findings, key=lambda f: (f[1].start, f[1].end))
        self._tag_ids = [tag_id for tag_id, _ in ordered]
        self._found = [s for _, s in ordered]
        self._starts = [s.start for s in self._found]
        self._longest = max((s.end - s.start for s in self._found), default=0)
        self._marks: dict[int, Mark] = {}
        covered: dict[int, list[tuple[int, int]]] = {}
        self._wanted = wanted = set(self._tag_ids)  # only tags that have findings need an index
        for annotation_id, start, end, tag_ids in marks:
            self._marks[annotation_id] = (start, end, tag_ids)
            for tag_id in tag_ids:
                if tag_id in wanted:
                    covered.setdefault(tag_id, []).append((start, end))
        self._covered = {tag_id: SpanSet(spans) for tag_id, spans in covered.items()}
        self._withdrawn: set[int] = set()
        self._shown = [not self._is_covered(i) for i in range(len(self._found))]
        self._offers: list[Suggestion] | None = None

    def offers(self) -> list[Suggestion]:
        """What is offered now, in text order (the same list until something changes)."""
        if self._offers is None:
            self._offers = [s for s, shown in zip(self._found, self._shown, strict=True) if shown]
        return self._offers

    def set_mark(self, annotation_id: int, mark: Mark | None) -> bool:
        """The annotation now covers `mark` (None: it is gone). Idempotent, so a change can be
        applied twice (see the suggestion flow's replay). True if the offers changed."""
        old = self._marks.pop(annotation_id, None)
        if mark is not None:
            self._marks[annotation_id] = mark
        if old == mark:
            return False
        touched: set[int] = set()
        for span, add in ((old, False), (mark, True)):
            if span is None:
                continue
            start, end, tag_ids = span
            for tag_id in tag_ids:
                if tag_id not in self._wanted:
                    continue
                index = self._covered.setdefault(tag_id, SpanSet())
                if add:
                    index.add((start, end))
                else:
                    index.discard((start, end))
            touched.update(self._near(start, end, set(tag_ids)))
        changed = False
        for i in touched:
            shown = i not in self._withdrawn and not self._is_covered(i)
            if shown != self._shown[i]:
                self._shown[i] = shown
                changed = True
        if changed:
            self._offers = None
        return changed

    def withdraw(self, keys: set[tuple[str, int, int]]) -> None:
        """Turned down (rejected): never offered again by this filter."""
        for i, s in enumerate(self._found):
            if s.key in keys:
                self._withdrawn.add(i)
                if self._shown[i]:
                    self._shown[i] = False
                    self._offers = None

    # --- inside ------------------------------------------------------------------------------
    def _is_covered(self, i: int) -> bool:
        index = self._covered.get(self._tag_ids[i])
        s = self._found[i]
        return index is not None and index.overlaps(s.start, s.end)

    def _near(self, start: int, end: int, tag_ids: set[int]) -> list[int]:
        """Findings of these tags that overlap [start, end)."""
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        return [i for i in range(lo, hi) if self._found[i].end > start and self._tag_ids[i] in tag_ids]
