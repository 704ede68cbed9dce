"""One block's highlights, computed in one pass over its lines (decisions 002, 014, 017, 020, 048).

Each line is cut at every passage boundary on it, once: one sweep over its boundaries measures
each x once and keeps the stack of fills over each piece as one int, and each piece gets one
opaque fill: the stack of translucent fills over it composed in advance over the page colour
(Porter–Duff "over"), which is what painting the stack layer by layer onto the page gives.
Underline bars are one per tag of each passage, on its lane; in a library with several coders
each bar begins with a flag of its coder's colour (its first FLAG pixels), so two coders'
passages on one span are two lanes with two flags.

A block is kept as one QPainterPath per colour (decision 020): painting is one fillPath per
colour, and no QRectF is made per rectangle (making and freeing ~500 of them a page cost more
than painting them). At most ROWS rows of bars are drawn under a line, what fits between two
lines: where passages stack deeper, the last row is grey over their width, once over the union
of them on a line ("more here"; the tooltip lists them all).
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
_WINDING = Qt.FillRule.WindingFill
_EMPTY = QPainterPath()  # every path is a copy of this one: the fill rule comes with it (one call)
_EMPTY.setFillRule(_WINDING)  # overlapping rectangles stay filled
_BITS = 32  # a stack of fills as one int: 32 bits per fill colour count its layers


class Composer:
    """The opaque colour of a stack of translucent fills over the page, cached by stack. A stack
    is composed in a fixed order (by colour), so the same tags overlapping look the same
    wherever they overlap, and few stacks need composing."""

    def __init__(self, page: QColor) -> None:
        self._page = (page.redF(), page.greenF(), page.blueF())
        self._stacks: dict[tuple[int, ...], QColor] = {}
        self._layers: dict[int, tuple[float, float, float, float]] = {}  # QRgba -> premultiplied, alpha
        self._weights: dict[int, int] = {}  # QRgba -> 1 << (_BITS * its place)
        self._palette: list[int] = []  # QRgba by place
        self._by_weight: dict[int, QColor] = {}  # a stack as the sum of its layers' weights -> colour
        self._by_rgba: dict[int, QColor] = {}  # one object a colour: stacks that compose alike share a path

    def weight(self, rgba: int) -> int:
        """A fill colour's weight: a stack is the sum of its layers' weights, so a sweep keeps it
        as one int (adding at a passage's start, subtracting at its end) and looks it up once."""
        found = self._weights.get(rgba)
        if found is None:
            found = self._weights[rgba] = 1 << (_BITS * len(self._palette))
            self._palette.append(rgba)
        return found

    def stack_color(self, stack: int) -> QColor:
        """The colour of a stack given as the sum of its layers' weights."""
        found = self._by_weight.get(stack)
        if found is None:
            layers = []
            for place, rgba in enumerate(self._palette):
                layers += [rgba] * ((stack >> (_BITS * place)) & ((1 << _BITS) - 1))
            found = self._by_weight[stack] = self.color(layers)
        return found

    def color(self, stack: list[int]) -> QColor:
        as_is = tuple(stack)  # most stacks recur in the order they were seen: no sort then
        found = self._stacks.get(as_is)
        if found is None:
            key = tuple(sorted(stack))
            found = self._stacks.get(key)
            if found is None:
                over = self._over(key)  # deep stacks often compose to one colour (~60 of ~106 at 200k)
                found = self._stacks[key] = self._by_rgba.setdefault(over.rgba(), over)
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
    return counted_block_ops(block, found, lanes, style, composer, bar, coders)[0]


_Adds = list[tuple[Callable[[float, float, float, float], None], float]]  # (a path's addRect, row offset)


def counted_block_ops(
    block: QTextBlock,
    found: Sequence[Highlight],
    lanes: dict[int, int],
    style: Style,
    composer: Composer,
    bar: int,
    coders: dict[int, QColor] | None = None,
) -> tuple[list[Op], int]:
    """block_ops, and how many rectangles its paths hold (counted here: asking each path costs
    a call into Qt). Every piece of Python here runs ~100 times a block of a densely annotated
    article, cold, while a page waits for it (decision 048): hence the unrolled look."""
    layout = block.layout()
    base, length = block.position(), block.length()
    origin = layout.position()
    ox, oy = origin.x(), origin.y()
    line_at = layout.lineAt
    lines = [line_at(i) for i in range(layout.lineCount())]
    starts = [line.textStart() for line in lines]
    ends = [start + line.textLength() for start, line in zip(starts, lines, strict=True)]
    pieces, deep, deltas = _cut(found, base, length, starts, ends, lanes, style, composer)
    step, deepest = bar + 1, ROWS - 1
    fills: dict[int, Op] = {}  # one path a colour: stacks of one composed colour share it
    fill_adds: dict[int, Callable[[float, float, float, float], None]] = {}  # stack -> its path's addRect
    bars: dict[int, Op] = {}
    flags: dict[int, Op] = {}  # painted after the bars they begin
    more = QPainterPath()  # painted last, over the last row
    targets: list[tuple[_Adds, _Adds, bool, int] | None] = [None] * len(found)
    more_dy = deepest * step
    add_more = more.addRect
    stack_color = composer.stack_color
    rects = 0

    def path_of(paths: dict[int, Op], color: QColor) -> QPainterPath:
        # Keyed by the object: colours come from caches, so one colour is one object (a second
        # object of the same colour only makes a second path); rgba() costs a call into Qt.
        key = id(color)
        found = paths.get(key)
        if found is None:
            found = paths[key] = (color, QPainterPath(_EMPTY))  # a copy keeps the fill rule
        return found[1]

    def targets_of(h: Highlight) -> tuple[_Adds, _Adds, bool, int]:
        # A passage's bars and flags, made at its first piece: the paths then come in the order
        # a lookup per piece made them.
        solids = style(h.tag_ids)[1]
        k = lanes.get(h.annotation_id, 0) * len(solids)
        coder = coders.get(h.annotation_id) if coders else None
        own: _Adds = []
        marks: _Adds = []
        for solid in solids:
            if k > deepest:  # deeper than the rows that fit: the last row turns grey here
                return own, marks, True, len(own) + len(marks)
            own.append((path_of(bars, solid).addRect, k * step))
            if coder is not None:
                marks.append((path_of(flags, coder).addRect, k * step))
            k += 1
        return own, marks, False, len(own) + len(marks)

    for line, line_pieces, line_deep, delta in zip(lines, pieces, deep, deltas, strict=True):
        if not delta:
            continue
        to_x = line.cursorToX
        top, height = oy + line.y(), line.height()
        under = top + height + 1
        # Fills: sweep the boundaries, keeping the stack of fills over each piece of the line.
        xs: dict[int, float] = {}
        stack = 0
        x1 = 0.0
        for p, change in sorted(delta.items()):
            x2 = xs[p] = ox + to_x(p)[0]
            if stack:
                add = fill_adds.get(stack)
                if add is None:
                    add = fill_adds[stack] = path_of(fills, stack_color(stack)).addRect
                if x2 >= x1:
                    add(x1, top, x2 - x1, height)
                else:
                    add(x2, top, x1 - x2, height)
                rects += 1
            stack += change
            x1 = x2
        # The last row's grey, from its left to its right.
        greys = [(x1, x2) if x1 <= x2 else (x2, x1) for x1, x2 in [(xs[sa], xs[sb]) for sa, sb in line_deep]]
        for sa, sb, n in line_pieces:
            x1, x2 = xs[sa], xs[sb]
            left, right = (x1, x2) if x2 >= x1 else (x2, x1)
            width = right - left
            target = targets[n]
            if target is None:
                target = targets[n] = targets_of(found[n])
            own, marks, deeper, count = target
            for add, dy in own:
                add(left, under + dy, width, bar)
            if marks:
                flag = min(FLAG, width)
                for add, dy in marks:
                    add(left, under + dy, flag, bar)
            if deeper:
                greys.append((left, right))
            rects += count
        if greys:
            rects += _grey_row(add_more, greys, under + more_dy, bar)
    ops = [*fills.values(), *bars.values(), *flags.values()]
    if not more.isEmpty():
        ops.append((MORE, more))
    return ops, rects


def _cut(
    found: Sequence[Highlight],
    base: int,
    length: int,
    starts: list[int],
    ends: list[int],
    lanes: dict[int, int],
    style: Style,
    composer: Composer,
) -> tuple[list[list[tuple[int, int, int]]], list[list[tuple[int, int]]], list[dict[int, int]]]:
    """The passages cut at the block's line ends."""
    last = len(starts)
    # Each line's pieces as (start, end, passage's place in `found`), and what each boundary
    # changes in the stack of fills over it: the stack is kept as one int (Composer.weight).
    # A passage whose first bar is already below the rows that fit only greys the last row: its
    # pieces go apart (most of them at 200k, where passages stack ~20 deep).
    pieces: list[list[tuple[int, int, int]]] = [[] for _ in starts]
    deep: list[list[tuple[int, int]]] = [[] for _ in starts]
    deltas: list[dict[int, int]] = [{} for _ in starts]
    weights: dict[tuple[int, ...], tuple[int, int]] = {}  # tags -> weight of their fill, bars
    weight_of = composer.weight
    deepest = ROWS - 1
    for n, h in enumerate(found):
        a, b = h.start - base, h.end - base
        if a < 0:
            a = 0
        if b > length:
            b = length
        i = max(0, bisect_right(starts, a) - 1)
        w = 0
        while i < last and starts[i] < b:
            sa = starts[i] if starts[i] > a else a
            sb = ends[i] if ends[i] < b else b
            if sa < sb:
                if not w:
                    tag_ids = h.tag_ids
                    known = weights.get(tag_ids)
                    if known is None:
                        fill, solids = style(tag_ids)
                        known = weights[tag_ids] = (weight_of(fill.rgba()), len(solids))
                    w, rows = known
                    into = deep if lanes.get(h.annotation_id, 0) * rows > deepest else None
                if into is None:
                    pieces[i].append((sa, sb, n))
                else:
                    into[i].append((sa, sb))
                delta = deltas[i]
                delta[sa] = delta.get(sa, 0) + w
                delta[sb] = delta.get(sb, 0) - w
            i += 1
    return pieces, deep, deltas


def _grey_row(
    add: Callable[[float, float, float, float], None], greys: list[tuple[float, float]], y: float, bar: int
) -> int:
    """The grey row once over the union of the pieces too deep for the rows (~20 deep at 200k),
    not once a passage: runs that touch or overlap are merged. Returns the rectangles added."""
    greys.sort()
    added = 1
    left, right = greys[0]
    for a, b in greys:
        if a > right:
            add(left, y, right - left, bar)
            added += 1
            left = a
        if b > right:
            right = b
    add(left, y, right - left, bar)
    return added
