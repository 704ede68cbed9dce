"""One block's highlights, computed in one pass over its lines (decisions 002, 014, 017, 020).

Each line is cut at every passage boundary on it, once: the x of each boundary is measured
once, and each piece gets one opaque fill: the stack of translucent fills over it composed in
advance over the page colour (Porter–Duff "over"), which is what painting the stack layer by
layer onto the page gives. Underline bars are one per tag of each passage, on its lane; in a
library with several coders each bar begins with a flag of its coder's colour (its first FLAG
pixels), so two coders' passages on one span are two lanes with two flags.

A block is kept as one QPainterPath per colour (decision 020): painting is one fillPath per
colour, and no QRectF is made per rectangle (making and freeing ~500 of them a page cost more
than painting them). At most ROWS rows of bars are drawn under a line, what fits between two
lines: where passages stack deeper, the last row is grey over their width ("more here"; the
tooltip lists them all).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainterPath, QTextBlock

from annotator.ui.highlights import Highlight

Op = tuple[QColor, QPainterPath]
Style = Callable[[tuple[int, ...]], tuple[QColor, list[QColor]]]

ROWS = 3  # rows of underline bars under a line: what fits in the line spacing (150 %)
MORE = QColor("#8a8a8a")  # the last row where passages stack deeper: "more here"
FLAG = 10  # px: the coder's colour at the start of each bar
_WINDING = Qt.FillRule.WindingFill  # (looking an enum up costs a call per path)


class Composer:
    """The opaque colour of a stack of translucent fills over the page, cached by stack. A stack
    is composed in a fixed order (by colour), so the same tags overlapping look the same
    wherever they overlap, and few stacks need composing."""

    def __init__(self, page: QColor) -> None:
        self._page = (page.redF(), page.greenF(), page.blueF())
        self._stacks: dict[tuple[int, ...], QColor] = {}
        self._layers: dict[int, tuple[float, float, float, float]] = {}  # QRgba -> premultiplied, alpha

    def color(self, stack: list[int]) -> QColor:
        as_is = tuple(stack)  # most stacks recur in the order they were seen: no sort then
        found = self._stacks.get(as_is)
        if found is None:
            key = tuple(sorted(stack))
            found = self._stacks.get(key)
            if found is None:
                found = self._stacks[key] = self._over(key)
            self._stacks[as_is] = found
        return found

    def _over(self, stack: tuple[int, ...]) -> QColor:
        r, g, b = self._page
        for rgba in stack:
            layer = self._layers.get(rgba)
            if layer is None:
                c = QColor.fromRgba(rgba)
                alpha = c.alphaF()
                layer = self._layers[rgba] = (c.redF() * alpha, c.greenF() * alpha, c.blueF() * alpha, alpha)
            lr, lg, lb, la = layer
            keep = 1.0 - la
            r, g, b = lr + r * keep, lg + g * keep, lb + b * keep
        return QColor.fromRgbF(min(1.0, r), min(1.0, g), min(1.0, b))


def block_ops(
    block: QTextBlock,
    found: Sequence[Highlight],
    lanes: dict[int, int],
    style: Style,
    composer: Composer,
    bar: int,
    coders: dict[int, QColor] | None = None,
) -> list[Op]:
    """The fills (first), underline bars and coder flags of the passages `found` (sorted by
    start) in one laid-out block, as one path per colour in document coordinates. `coders`:
    annotation id -> its coder's colour, when the view shows whose passages are whose."""
    layout = block.layout()
    base, length = block.position(), block.length()
    origin = layout.position()
    ox, oy = origin.x(), origin.y()
    lines = [layout.lineAt(i) for i in range(layout.lineCount())]
    starts = [line.textStart() for line in lines]
    ends = [start + line.textLength() for start, line in zip(starts, lines, strict=True)]
    pieces: list[list[tuple[int, int, int, tuple[int, ...]]]] = [[] for _ in lines]  # per line
    last = len(lines)
    for h in found:
        a, b = max(0, h.start - base), min(length, h.end - base)
        i = max(0, bisect_right(starts, a) - 1)
        while i < last and starts[i] < b:
            sa, sb = max(a, starts[i]), min(b, ends[i])
            if sa < sb:
                pieces[i].append((sa, sb, h.annotation_id, h.tag_ids))
            i += 1
    styles: dict[tuple[int, ...], tuple[int, list[QColor]]] = {}
    fills: dict[int, Op] = {}
    bars: dict[int, Op] = {}
    flags: dict[int, Op] = {}  # painted after the bars they begin
    more = QPainterPath()  # painted last, over the last row
    compose, step, deepest = composer.color, bar + 1, ROWS - 1

    def path_of(paths: dict[int, Op], color: QColor) -> QPainterPath:
        # Keyed by the object: colours come from caches, so one colour is one object (a second
        # object of the same colour only makes a second path); rgba() costs a call into Qt.
        key = id(color)
        found = paths.get(key)
        if found is None:
            path = QPainterPath()
            path.setFillRule(_WINDING)  # overlapping rectangles stay filled
            found = paths[key] = (color, path)
        return found[1]

    for line, line_pieces in zip(lines, pieces, strict=True):
        if not line_pieces:
            continue
        to_x = line.cursorToX
        points = sorted({p for piece in line_pieces for p in piece[:2]})
        xs = {p: ox + to_x(p)[0] for p in points}
        top, height = oy + line.y(), line.height()
        under = top + height + 1
        changes: dict[int, list[tuple[int, bool]]] = {p: [] for p in points}  # position -> (fill, opens)
        for sa, sb, annotation_id, tag_ids in line_pieces:
            known = styles.get(tag_ids)
            if known is None:
                fill, solids = style(tag_ids)
                known = styles[tag_ids] = (fill.rgba(), solids)
            rgba, solids = known
            changes[sa].append((rgba, True))
            changes[sb].append((rgba, False))
            x1, x2 = xs[sa], xs[sb]
            left, width = (x1, x2 - x1) if x2 >= x1 else (x2, x1 - x2)
            k = lanes.get(annotation_id, 0) * len(solids)
            coder = coders.get(annotation_id) if coders else None
            for solid in solids:
                if k > deepest:  # deeper than the rows that fit: the last row turns grey here
                    more.addRect(left, under + deepest * step, width, bar)
                    break
                path_of(bars, solid).addRect(left, under + k * step, width, bar)
                if coder is not None:
                    path_of(flags, coder).addRect(left, under + k * step, min(FLAG, width), bar)
                k += 1
        # Fills: sweep the boundaries, keeping the stack of fills over each piece of the line.
        active: list[int] = []
        x1 = 0.0
        for p in points:
            if active:
                x2 = xs[p]
                left, width = (x1, x2 - x1) if x2 >= x1 else (x2, x1 - x2)
                path_of(fills, compose(active)).addRect(left, top, width, height)
            for rgba, opens in changes[p]:
                if opens:
                    active.append(rgba)
                else:
                    active.remove(rgba)
            x1 = xs[p]
    ops = [*fills.values(), *bars.values(), *flags.values()]
    if not more.isEmpty():
        ops.append((MORE, more))
    return ops
