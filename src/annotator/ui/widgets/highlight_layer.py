"""The reader's highlight layer: fills and underline bars painted under the text, per block.

Rectangles are computed per block in one pass (block_highlights.py) and cached until the layout
width, the page colour or the codebook changes; in idle time the blocks ahead of the view (and a
few behind it) are prepared, then the rest of the article, nearest first, while the cache's
memory budget allows; the blocks farthest from the view are dropped first (decisions 002, 014, 028).
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Iterator
from heapq import heappop, heappush

from PySide6.QtCore import QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QTextBlock
from PySide6.QtWidgets import QTextEdit

from annotator.domain.models import Tag
from annotator.ui import theme
from annotator.ui.highlights import Highlight, HighlightIndex
from annotator.ui.widgets.block_highlights import Composer, Op, counted_block_ops

BAR = 3  # px, one underline bar per tag of a highlight
AHEAD = 150  # blocks below the view prepared first in idle time (about 40 pages of a long article)
BEHIND = 40  # blocks above it; then the rest of the article, nearest first, while KEEP allows
KEEP = 200_000  # rectangles kept prepared (~280 B each, ~57 MB; see PATH_COST): the farthest go first
PATH_COST = 2  # a QPainterPath's own memory (Python wrapper, private data), in rectangles
SLICE_S = 0.001  # idle-time work at a time, so a key press never waits longer than this


class HighlightLayer(QObject):
    def __init__(self, view: QTextEdit) -> None:
        super().__init__(view)
        self._view = view
        self.index = HighlightIndex()
        self.tags: dict[int, Tag] = {}
        self.coders: dict[int, QColor] | None = None  # annotation id -> coder colour: coder flags
        self.rows: dict[int, int] | None = None  # lanes by coder (decision 045): annotation id -> row
        self._ops: dict[int, list[Op]] = {}  # block number -> one path per colour: fills, then bars
        self._sizes: dict[int, int] = {}  # block number -> rectangles in its paths (and paths' own cost)
        self._kept = 0  # the sum of _sizes
        self.complete = True  # the index holds every passage: the whole article is worth preparing
        self._fills: dict[tuple[str, bool], QColor] = {}
        self._solids: dict[str, QColor] = {}
        self._styles: dict[tuple[int, ...], tuple[QColor, list[QColor]]] = {}
        self._page = QColor()
        self._composer = Composer(self._page)
        self._width = -1.0
        self._hint = 0  # the block number block_at found last
        self.generation = 0  # counts layout changes: what others keep of the layout is stale then
        self._queue: list[int] = []  # block numbers to prepare in idle time, nearest last
        self._rest: list[int] | None = None  # then the rest of the article, while KEEP allows
        self._trash: list[dict[int, list[Op]]] = []  # thrown-away caches, freed in idle time first
        self._seen = (0, 0)  # the first and last block numbers of the last paint
        self._prefetch = QTimer(self, singleShot=True, interval=0)
        self._prefetch.timeout.connect(self._prefetch_ops)

    def document(self):  # type: ignore[no-untyped-def]
        return self._view.document()

    def paint(self, painter: QPainter, top: float, bottom: float) -> None:
        """Fill the cached rectangles of each laid-out block between two document y coordinates
        (the painter is already in document coordinates)."""
        width = self.document().textWidth()
        if width != self._width or self._view.palette().color(QPalette.ColorRole.Base) != self._page:
            self.invalidate_all()
            self._width = width
        first = last = -1
        fill_path = painter.fillPath
        for block in self._laid_out_blocks(top, bottom):
            number = block.blockNumber()
            ops = self._ops.get(number)
            if ops is None:
                ops = self._block_ops(block)
            for color, path in ops:
                fill_path(path, color)
            first, last = (number if first < 0 else first), number
        if last >= 0 and (first, last) != self._seen:
            self._seen = (first, last)
            # Nearest last (popped first): the next pages, then a few behind the view.
            self._queue = [*range(first - 1, max(-1, first - 1 - BEHIND), -1), *range(last + AHEAD, last, -1)]
            self._rest = None
            self._prefetch.start()

    def _far(self) -> list[int]:
        """The rest of the article's block numbers, nearest the view last (popped first), once
        every passage is known: paging, even far and fast, then finds its blocks ready (issue 11,
        decision 028). Made in idle time: a paint only sets the near blocks."""
        if not self.complete:  # a long article's first screen: all its passages come soon
            return []
        first, last = self._seen
        below, above = range(last + 1 + AHEAD, self.document().blockCount()), range(first - 1 - BEHIND, -1, -1)
        rest = [n for pair in zip(below, above, strict=False) for n in pair]  # alternate: nearest first
        rest += below[len(above) :] if len(below) > len(above) else above[len(below) :]
        return rest[::-1]

    def outline(self, painter: QPainter, highlight: Highlight, *, strong: bool) -> None:
        """The current passage's outline; a flashed passage also gets a stronger fill."""
        colors = [self.tags[t].color for t in highlight.tag_ids if t in self.tags] or ["#999999"]
        rects = self.span_rects(highlight.start, highlight.end)
        if strong:
            for rect in rects:
                painter.fillRect(rect, self._fill(colors[0], strong=True))
        painter.setPen(QPen(QColor(colors[0]).darker(140), 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in rects:
            painter.drawRect(rect.adjusted(-1, -1, 1, 1))

    def span_rects(self, start: int, end: int) -> list[QRectF]:
        """Rectangles (document coordinates) covering Qt positions [start, end), line by line."""
        rects: list[QRectF] = []
        block = self.document().findBlock(start)
        while block.isValid() and block.position() < end:
            rects.extend(_Lines(block).rects(start, end))
            block = block.next()
        return rects

    def _laid_out_blocks(self, top: float, bottom: float) -> Iterator[QTextBlock]:
        """Blocks between two document y coordinates. QTextEdit lays out a long document lazily;
        a block not laid out yet ends the walk."""
        layout = self.document().documentLayout()
        block = self.block_at(top)
        while block.isValid():
            rect = layout.blockBoundingRect(block)
            if rect.isEmpty() or rect.top() > bottom:
                return
            yield block
            block = block.next()

    def block_at(self, y: float) -> QTextBlock:
        """The block at document y (or the last laid-out one above it), walked to from where the
        last call ended: scrolling a page moves a few blocks. The layout's hitTest costs ~0.35 ms
        a call on a 1 MB article (more than filling a page's highlights); a bisection would ask
        for blocks far below the view and so lay the whole article out on opening. The walk only
        touches blocks above the view (laid out already) and the first in it."""
        document = self.document()
        bounds = document.documentLayout().blockBoundingRect
        block = document.findBlockByNumber(min(self._hint, document.blockCount() - 1))
        rect = bounds(block)
        while (rect.isEmpty() or rect.top() > y) and block.blockNumber() > 0:
            block = block.previous()
            rect = bounds(block)
        while rect.bottom() <= y:
            after = block.next()
            if not after.isValid():
                break
            below = bounds(after)
            if below.isEmpty():  # not laid out yet: nothing further down is
                break
            block, rect = after, below
        self._hint = block.blockNumber()
        return block

    def _block_ops(self, block: QTextBlock) -> list[Op]:
        """The fills and underline bars of every highlight in one block, one path per colour."""
        base = block.position()
        found = self.index.overlapping(base, base + block.length())
        ops: list[Op] = []
        rects = 0
        if found and self.rows is not None:  # lanes by coder: the coder's row, one bar (the first tag's)
            ops, rects = counted_block_ops(block, found, self.rows, self._first_style, self._composer, BAR, self.coders)
        elif found:
            lanes = _lanes(found) if len(found) > 1 else {found[0][2]: 0}
            ops, rects = counted_block_ops(block, found, lanes, self._style, self._composer, BAR, self.coders)
        if block.layout().lineCount():  # not laid out yet: nothing to keep
            number = block.blockNumber()
            size = rects + len(ops) * PATH_COST
            self._kept += size - self._sizes.get(number, 0)
            self._ops[number], self._sizes[number] = ops, size
        return ops

    def _style(self, tag_ids: tuple[int, ...]) -> tuple[QColor, list[QColor]]:
        """The fill (first tag's colour, translucent) and one solid bar colour per tag."""
        found = self._styles.get(tag_ids)
        if found is None:
            colors = [self.tags[t].color for t in tag_ids if t in self.tags] or ["#999999"]
            found = self._styles[tag_ids] = (self._fill(colors[0], strong=False), [self._solid(c) for c in colors])
        return found

    def _first_style(self, tag_ids: tuple[int, ...]) -> tuple[QColor, list[QColor]]:
        """The fill, and one bar only: lanes by coder give a coder one row (block_ops puts a
        passage's bars from its lane × its bars on)."""
        fill, solids = self._style(tag_ids)
        return fill, solids[:1]

    def _solid(self, color: str) -> QColor:
        solid = self._solids.get(color)
        if solid is None:
            solid = self._solids[color] = QColor(color)
        return solid

    def _fill(self, color: str, *, strong: bool) -> QColor:
        key = (color, strong)
        fill = self._fills.get(key)
        if fill is None:
            fill = self._fills[key] = theme.fill_color(color, strong=strong)
        return fill

    def _prefetch_ops(self) -> None:
        """In idle time, prepare the blocks near the view, then the rest of the article while
        KEEP allows, a slice at a time."""
        budget = time.perf_counter() + SLICE_S
        trash = self._trash
        while trash:
            if not trash[-1]:
                trash.pop()
                continue
            for _ in range(20):  # a block's paths take ~50 µs to free
                if trash[-1]:
                    trash[-1].popitem()
            if time.perf_counter() > budget:
                self._prefetch.start()
                return
        document = self.document()
        bounds = document.documentLayout().blockBoundingRect
        count = document.blockCount()
        queue = self._queue
        while True:
            if queue:
                number = queue.pop()
            else:
                if self._rest is None:
                    self._rest = self._far()
                if not self._rest:
                    break
                if self._kept >= KEEP:  # full: the blocks nearest the view are kept, no farther ones
                    self._rest = []
                    break
                number = self._rest.pop()
            if number >= count or number in self._ops:
                continue
            block = document.findBlockByNumber(number)
            if not block.layout().lineCount():
                bounds(block)  # lays the article out down to it (Qt would, lazily, anyway)
            self._block_ops(block)
            if time.perf_counter() > budget:
                self._prefetch.start()
                return
        self._forget_far()

    def _forget_far(self) -> None:
        """Keep at most KEEP rectangles, those of the blocks nearest the view (memory at 200k)."""
        if self._kept <= KEEP:
            return
        first, last = self._seen
        by_distance = sorted(self._ops, key=lambda n: first - n if n < first else max(0, n - last))
        while self._kept > KEEP and by_distance:
            self._drop(by_distance.pop())

    def _drop(self, number: int) -> None:
        if number in self._ops:
            del self._ops[number]
            self._kept -= self._sizes.pop(number)

    def invalidate_all(self) -> None:
        # Idle-time work is kept as block numbers, never as QTextBlocks: the reader deletes the
        # previous document on open. The next paint starts the preparation over.
        self._prefetch.stop()
        self.generation += 1
        self._queue, self._rest = [], None
        self._seen = (0, 0)
        if self._ops:  # freed in idle time: ~100k paths take ~100 ms to free (opening, resizing)
            self._trash.append(self._ops)
            self._prefetch.start()
        self._ops, self._sizes, self._kept = {}, {}, 0
        self._fills.clear()
        self._solids.clear()
        self._styles.clear()
        page = self._view.palette().color(QPalette.ColorRole.Base)
        if page != self._page:  # fills are composed over the page colour; by colour, not by tag:
            self._page, self._composer = page, Composer(page)  # kept across opens and codebook edits

    def invalidate_span(self, start: int, end: int) -> None:
        document = self.document()
        first = document.findBlock(start).blockNumber()
        last = document.findBlock(max(start, end - 1)).blockNumber()
        for number in range(first, last + 1):
            self._drop(number)
            self._queue.append(number)  # prepared again in idle time, unless a paint needs it first
        self._prefetch.start()


class _Lines:
    """The laid-out lines of one block, to turn Qt positions into rectangles line by line.
    A line's own left and right edges are measured once; only a passage's two ends need a
    position measured inside a line."""

    def __init__(self, block: QTextBlock) -> None:
        layout = block.layout()
        self.base = block.position()
        origin = layout.position()
        self.x, self.y = origin.x(), origin.y()
        self.lines = [layout.lineAt(i) for i in range(layout.lineCount())]
        self.starts = [line.textStart() for line in self.lines]
        self.ends = [start + line.textLength() for start, line in zip(self.starts, self.lines, strict=True)]
        self._edges: dict[int, tuple[float, float]] = {}

    def _edge(self, i: int) -> tuple[float, float]:
        edges = self._edges.get(i)
        if edges is None:
            line = self.lines[i]
            edges = self._edges[i] = (line.cursorToX(self.starts[i])[0], line.cursorToX(self.ends[i])[0])
        return edges

    def rects(self, start: int, end: int) -> list[QRectF]:
        a_abs, b_abs = max(0, start - self.base), end - self.base
        found = []
        starts, ends, lines = self.starts, self.ends, self.lines
        i = max(0, bisect_right(starts, a_abs) - 1)
        while i < len(lines) and starts[i] < b_abs:
            a, b = max(a_abs, starts[i]), min(b_abs, ends[i])
            if a < b:
                line = lines[i]
                left, right = self._edge(i)
                x1 = left if a == starts[i] else line.cursorToX(a)[0]
                x2 = right if b == ends[i] else line.cursorToX(b)[0]
                found.append(QRectF(self.x + x1, self.y + line.y(), x2 - x1, line.height()))
            i += 1
        return found


def _lanes(visible: list[Highlight]) -> dict[int, int]:
    """Give overlapping highlights different underline lanes (greedy interval colouring, the
    lowest free lane first; heaps, so a block of a densely annotated article stays cheap)."""
    lanes: dict[int, int] = {}
    active: list[tuple[int, int]] = []  # heap of (end, lane)
    free: list[int] = []  # heap of lanes freed below the highest in use
    top = 0
    for h in visible:
        while active and active[0][0] <= h.start:
            heappush(free, heappop(active)[1])
        if free:
            lane = heappop(free)
        else:
            lane, top = top, top + 1
        lanes[h.annotation_id] = lane
        heappush(active, (h.end, lane))
    return lanes
