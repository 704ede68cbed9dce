"""Suggestions in the reader: a dashed outline in the tag's colour, never a fill, so they can't be
mistaken for annotations; the current one gets a solid outline and a faint fill."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from annotator.domain.models import Tag
from annotator.ui import theme
from annotator.ui.highlights import Highlight, HighlightIndex
from annotator.ui.widgets.highlight_layer import HighlightLayer


class SuggestionLayer:
    def __init__(self, layer: HighlightLayer) -> None:
        self._layer = layer
        self.index = HighlightIndex()  # Highlight.annotation_id is the suggestion's number
        self.tags: dict[int, Tag] = {}
        self.visible = True
        self.current: int | None = None
        # Each suggestion's rectangles, kept while the layout stays (measuring them on every
        # paint cost ~0.15 ms a suggestion: half the highlights' cost of a page on a long article).
        self._rects: dict[int, list[QRectF]] = {}
        self._generation = -1

    def set(self, spans: list[Highlight]) -> None:
        self.index = HighlightIndex(spans)
        self._rects = {}
        if self.current is not None and self.index.get(self.current) is None:
            self.current = None

    def at(self, position: int) -> int | None:
        if not self.visible:
            return None
        under = self.index.at(position)
        return under[0].annotation_id if under else None

    def paint(self, painter: QPainter, top: float, bottom: float, width: float) -> None:
        """Outline the suggestions between two document y coordinates."""
        if not self.visible or not len(self.index):
            return
        # Whole blocks from the first to the last in view (the layout's hitTest is slow: see block_at)
        first = self._layer.block_at(max(0.0, top)).position()
        end = self._layer.block_at(bottom)
        last = end.position() + end.length()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self._generation != self._layer.generation:  # the layout changed (width, font, text)
            self._rects, self._generation = {}, self._layer.generation
        cache = self._rects
        for h in self.index.overlapping(max(0, first), last + 1):
            color = QColor(self.tags[h.tag_ids[0]].color if h.tag_ids and h.tag_ids[0] in self.tags else "#777777")
            current = h.annotation_id == self.current
            pen = QPen(color.darker(130) if current else color, 2.0 if current else 1.4)
            pen.setStyle(Qt.PenStyle.SolidLine if current else Qt.PenStyle.DashLine)
            painter.setPen(pen)
            rects = cache.get(h.annotation_id)
            if rects is None:
                rects = self._layer.span_rects(h.start, h.end)
                if rects:  # none: its block is not laid out yet (kept, it would stay unpainted)
                    cache[h.annotation_id] = rects
            for rect in rects:
                if current:
                    painter.fillRect(rect, theme.fill_color(color.name(), strong=False))
                painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 3, 3)
