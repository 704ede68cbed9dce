"""A block's highlight pieces, computed in one sweep that keeps the stack of fills as one int
(decision 048), equal the per-line cut of decision 020 that they replaced: the old function is
kept here as the oracle, and both are run on random stacks of passages over laid-out text
(left-to-right and right-to-left lines, coder flags, stacks deeper than the rows that fit).
The grey row is now drawn once over the union of the passages too deep for the rows: there the
oracle is the painted pixels."""

from __future__ import annotations

from bisect import bisect_right

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QTextBlockFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from annotator.domain.models import Tag
from annotator.ui.highlights import Highlight, HighlightIndex
from annotator.ui.widgets.block_highlights import FLAG, MORE, ROWS, Composer, block_ops, counted_block_ops
from annotator.ui.widgets.highlight_layer import BAR, HighlightLayer, _lanes

PARAGRAPHS = [
    "Tanks crossed the river at dawn, and by noon the town hall flew a different flag.",
    "The ministry said nothing; its spokesman, reached by telephone, said he would call back.",
    "Sanctions were announced on Tuesday — the third round this year — and markets shrugged.",
    "ההודעה פורסמה בבוקר ולא נמסרו פרטים נוספים על מספר הנפגעים.",  # right to left
    "Officials in Brussels called the vote “historic”, then spent the night arguing over its text.",
    "x",
    "A longer paragraph that wraps over several lines of the column: refugees reached the border "
    "crossing in the evening, where volunteers handed out water, blankets and SIM cards, and "
    "buses waited to take families further west before the curfew began at ten.",
]
COLORS = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00"]
CODERS = [QColor("#7a0177"), QColor("#1b7837")]


def old_block_ops(block, found, lanes, style, composer, bar, coders=None):
    """Decision 020's block_ops as it was: each line cut at every passage boundary on it, the
    stack of fills kept as a list and composed per piece."""
    layout = block.layout()
    base, length = block.position(), block.length()
    origin = layout.position()
    ox, oy = origin.x(), origin.y()
    lines = [layout.lineAt(i) for i in range(layout.lineCount())]
    starts = [line.textStart() for line in lines]
    ends = [start + line.textLength() for start, line in zip(starts, lines, strict=True)]
    pieces = [[] for _ in lines]
    last = len(lines)
    for h in found:
        a, b = max(0, h.start - base), min(length, h.end - base)
        i = max(0, bisect_right(starts, a) - 1)
        while i < last and starts[i] < b:
            sa, sb = max(a, starts[i]), min(b, ends[i])
            if sa < sb:
                pieces[i].append((sa, sb, h.annotation_id, h.tag_ids))
            i += 1
    styles, fills, bars, flags = {}, {}, {}, {}
    more = QPainterPath()
    # The one change to the old function: its grey row had the default odd-even fill, so where
    # an even number of passages too deep for the rows overlapped, their grey cancelled out (a
    # hole in the row). Decision 020 meant the winding rule for every path; so does the oracle.
    more.setFillRule(Qt.FillRule.WindingFill)
    compose, step, deepest = composer.color, bar + 1, ROWS - 1

    def path_of(paths, color):
        found = paths.get(id(color))
        if found is None:
            path = QPainterPath()
            path.setFillRule(Qt.FillRule.WindingFill)
            found = paths[id(color)] = (color, path)
        return found[1]

    for line, line_pieces in zip(lines, pieces, strict=True):
        if not line_pieces:
            continue
        to_x = line.cursorToX
        points = sorted({p for piece in line_pieces for p in piece[:2]})
        xs = {p: ox + to_x(p)[0] for p in points}
        top, height = oy + line.y(), line.height()
        under = top + height + 1
        changes = {p: [] for p in points}
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
                if k > deepest:
                    more.addRect(left, under + deepest * step, width, bar)
                    break
                path_of(bars, solid).addRect(left, under + k * step, width, bar)
                if coder is not None:
                    path_of(flags, coder).addRect(left, under + k * step, min(FLAG, width), bar)
                k += 1
        active = []
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


def _painted(ops):
    """What a block's ops paint, in painting order: each path's colour, fill rule and elements."""
    return [
        (color.rgba(), path.fillRule(), [(e.type, e.x, e.y) for e in map(path.elementAt, range(path.elementCount()))])
        for color, path in ops
    ]


def _colored(ops):
    return [op for op in ops if op[0] is not MORE]


def _image(ops, document):
    """The block's ops painted as the reader paints them (no antialiasing) on a white page."""
    size = document.size().toSize()
    image = QImage(size.width() + 40, size.height() + 80, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for color, path in ops:
        painter.fillPath(path, color)
    painter.end()
    return image


passages = st.lists(
    st.tuples(
        st.integers(0, 1200),  # start, as a share of the text (per mille and a bit beyond)
        st.integers(1, 400),  # length in characters
        st.lists(st.integers(1, len(COLORS)), min_size=1, max_size=3, unique=True),
        st.integers(0, len(CODERS)),  # coder (0: none known)
    ),
    max_size=90,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chosen=st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=6), stack=passages, flags=st.booleans())
def test_pieces_in_one_sweep_equal_the_per_line_cut(qapp, chosen, stack, flags):
    text = "\n".join(chosen)
    view = QTextEdit()  # the layer's styles (the fills and bars of a tag's colour)
    document = QTextDocument(view)
    document.setTextWidth(420)
    cursor = QTextCursor(document)
    spacing = QTextBlockFormat()
    spacing.setLineHeight(150, 1)
    cursor.setBlockFormat(spacing)
    cursor.insertText(text)
    document.size()  # laid out
    layer = HighlightLayer(view)
    layer.tags = {i + 1: Tag(i + 1, f"t{i}", c, "", "", i) for i, c in enumerate(COLORS)}
    layer.invalidate_all()
    highlights = []
    coders = {}
    for n, (at, size, tag_ids, coder) in enumerate(stack):
        start = min(len(text) - 1, at * len(text) // 1000)
        highlights.append(Highlight(start, min(len(text), start + size), n + 1, tuple(tag_ids)))
        if coder:
            coders[n + 1] = CODERS[coder - 1]
    index = HighlightIndex(highlights)
    oracle_composer, composer = Composer(QColor("white")), Composer(QColor("white"))
    block = document.begin()
    while block.isValid():
        base = block.position()
        found = index.overlapping(base, base + block.length())
        if found:
            lanes = _lanes(found)
            shown = coders if flags else None
            want = old_block_ops(block, found, lanes, layer._style, oracle_composer, BAR, shown)
            got, rects = counted_block_ops(block, found, lanes, layer._style, composer, BAR, shown)
            # Fills, bars and flags: the same rectangles in the same paths in the same order.
            assert _painted(_colored(got)) == _painted(_colored(want))
            # The grey row: once over the union of the passages too deep for the rows, which
            # paints the same pixels as once a passage.
            assert [c.rgba() for c, _ in got] == [c.rgba() for c, _ in want]
            assert _image(got, document) == _image(want, document)
            assert rects == sum(path.elementCount() for _, path in got) // 5  # an addRect is 5 elements
            assert _painted(block_ops(block, found, lanes, layer._style, composer, BAR, shown)) == _painted(got)
        assert block.layout().lineCount()
        block = block.next()
    view.deleteLater()


def test_stacks_that_compose_to_one_colour_share_it(qapp):
    """Deep stacks often compose to the same colour (~60 colours for ~106 stacks a block at 200k
    passages): one colour object each, so a block paints one path a colour (decision 055)."""
    composer = Composer(QColor("white"))
    red, clear = QColor(255, 0, 0, 60).rgba(), QColor(0, 0, 255, 0).rgba()
    assert composer.color([red]) is composer.color([red, clear])
    assert composer.stack_color(composer.weight(red)) is composer.stack_color(composer.weight(red) + composer.weight(clear))
