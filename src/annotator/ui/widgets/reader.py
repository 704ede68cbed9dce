"""The reader: the article read-only in a centred column, highlights painted under the text.

Highlights are never written into the QTextDocument (that would pollute undo and copy). The
view keeps a HighlightIndex in Qt positions; its HighlightLayer paints the visible part under
the text. Selections become code-point spans here, through ui.offsets only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import shiboken6
from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, QTextBoundaryFinder, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QMenu, QTextEdit, QToolTip, QWidget

from annotator.domain.models import Annotation, MarkedSpan, Tag
from annotator.domain.spans import snap_to_words, trim_space
from annotator.ui import theme
from annotator.ui.coder_marks import CoderMarks
from annotator.ui.highlights import Highlight, HighlightIndex
from annotator.ui.offsets import OffsetMap
from annotator.ui.widgets.block_highlights import ROWS
from annotator.ui.widgets.coder_lanes import CoderLanes
from annotator.ui.widgets.highlight_layer import BAR, HighlightLayer
from annotator.ui.widgets.reader_tips import escape, passage_lines
from annotator.ui.widgets.suggestion_layer import SuggestionLayer

FLASH_MS = 900


class ReaderView(QTextEdit):
    tagKeyPressed = Signal(int)  # a digit key 1-9
    tagRequested = Signal(int)  # tag id, from the context menu
    highlightClicked = Signal(int)  # annotation id
    deleteRequested = Signal()
    suggestionClicked = Signal(int)  # the suggestion's number
    suggestionKeyPressed = Signal(str)  # "accept", "accept all", "reject", "next", "previous"
    currentChanged = Signal(object)  # the current annotation's id, or None: the list and editors follow

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFrameShape(QTextEdit.Shape.NoFrame)
        page = self.palette()  # the margins around the column are part of the page
        page.setColor(page.ColorRole.Window, page.color(page.ColorRole.Base))
        self.setPalette(page)
        self.setAutoFillBackground(True)
        self.setMouseTracking(True)
        self.setUndoRedoEnabled(False)
        self._text = ""
        self._map = OffsetMap("")
        self._index = HighlightIndex()
        self._meanwhile: list[tuple[int, Highlight | None]] | None = None  # changes while a partial load waits
        self._tags: dict[int, Tag] = {}
        self._notes: dict[int, str] = {}
        self._layer = HighlightLayer(self)
        self._lanes = CoderLanes(self._layer)  # whose passage is whose (several coders); lanes by coder
        self._suggestions = SuggestionLayer(self._layer)
        self._suggestion_tips: list[str] = []
        self._current: int | None = None
        self._flash: int | None = None
        self._flash_timer = QTimer(self, singleShot=True, interval=FLASH_MS)
        self._flash_timer.timeout.connect(self._end_flash)
        self.snap_words = True
        self._point_size = theme.DEFAULT_POINT_SIZE
        self._apply_font()

    # --- content -------------------------------------------------------------------------
    def load(self, text: str, spans: Iterable[MarkedSpan], tags: Sequence[Tag], *, complete: bool = True) -> list[object]:
        """Show a text with its highlights. `complete=False`: only some passages (a long
        article's first screen); `install` brings all of them, and changes made meanwhile are
        replayed onto it. Returns what held the previous document, to be let go of off the
        window's thread (Tasks.release)."""
        held: list[object] = [self._index, self._notes, self._map]
        self._text = text
        self._map = OffsetMap(text)
        self._tags = {t.id: t for t in tags}
        self._notes = {}
        self._index = self.index_builder()(spans)
        self._meanwhile = None if complete else []
        self._layer.index, self._layer.tags = self._index, self._tags
        self._layer.complete = complete
        self._layer.invalidate_all()
        self._suggestions.tags = self._tags
        self._suggestions.set([])
        self._current = None
        document = QTextDocument(self)
        document.setUndoRedoEnabled(False)
        document.setDefaultFont(self.font())
        cursor = QTextCursor(document)
        cursor.setBlockFormat(self._block_format())
        cursor.insertText(text)
        # Qt deletes only a document it made itself (the first time); ours (parent: the reader)
        # would stay alive, one whole laid-out article per open (issue 17 §2). Deleted now, not
        # with deleteLater: that waits for a return to the event loop, which never comes when
        # documents are opened in a row from code (the benchmark held 20 of them).
        previous = self.document() if self.document().parent() is self else None
        self.setDocument(document)
        if previous is not None:
            shiboken6.delete(previous)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        return held

    def index_builder(self) -> Callable[[Iterable[MarkedSpan]], HighlightIndex]:
        """What turns spans (code points) into this text's highlight index (Qt positions): plain
        Python, so a long article's can be built off the window's thread."""
        to_qt = self._map.to_qt

        def build(spans: Iterable[MarkedSpan]) -> HighlightIndex:
            return HighlightIndex([Highlight(to_qt(s), to_qt(e), i, t) for i, s, e, t in spans])

        return build

    def install(self, index: HighlightIndex) -> HighlightIndex:
        """All the passages, after a partial load (built by index_builder); the changes made since
        the load are replayed onto them. Returns the partial index, to be let go of."""
        for annotation_id, highlight in self._meanwhile or ():
            if highlight is None:
                index.remove(annotation_id)
            else:
                index.add(highlight)
        self._meanwhile = None
        held, self._index = self._index, index
        self._layer.index, self._layer.complete = index, True
        self._lanes.update() if self._lanes.rows is not None else self._layer.invalidate_all()
        self.viewport().update()
        return held

    def set_tags(self, tags: Sequence[Tag]) -> None:
        self._tags = {t.id: t for t in tags}
        self._layer.tags = self._tags
        self._suggestions.tags = self._tags
        self._layer.invalidate_all()
        self.viewport().update()

    def set_coder_marks(self, marks: CoderMarks | None) -> None:
        """Each passage's coder and each coder's colour: with several coders in the library, a
        flag of the coder's colour at the start of the passage's bars, and the coder in its tooltip."""
        if self._lanes.set_marks(marks):
            self.viewport().update()

    def set_lanes_by_coder(self, on: bool) -> None:
        """Each coder's passages on that coder's own underline row, gold on its own (decision 045)."""
        if on != self._lanes.on:
            self._lanes.set_on(on)
            self.viewport().update()

    def knows_coder(self, login: str) -> bool:
        return self._lanes.marks is None or self._lanes.marks.knows(login)

    def set_notes(self, notes: dict[int, str]) -> None:
        self._notes = dict(notes)

    def upsert(self, annotation: Annotation) -> None:
        old = self._index.get(annotation.id)
        self._notes[annotation.id] = annotation.note
        renew = self._lanes.add(annotation)  # its coder's (or gold's) first passage here: a new row
        new = self._highlight(annotation)
        if old == new and not renew:
            return
        self._index.add(new)
        if self._meanwhile is not None:
            self._meanwhile.append((annotation.id, new))
        if renew:
            self._lanes.update()
            self.viewport().update()
        self._layer.invalidate_span(new.start, new.end)
        self._update_span(new.start, new.end)
        if old is not None:
            self._layer.invalidate_span(old.start, old.end)
            self._update_span(old.start, old.end)

    def remove(self, annotation_id: int) -> None:
        old = self._index.remove(annotation_id)
        if self._meanwhile is not None:
            self._meanwhile.append((annotation_id, None))
        if self._current == annotation_id:
            self._current = None
        if old is not None:
            self._layer.invalidate_span(old.start, old.end)
            self._update_span(old.start, old.end)

    def tags_of(self, annotation_id: int) -> tuple[int, ...]:
        highlight = self._index.get(annotation_id)
        return highlight.tag_ids if highlight else ()

    def highlight_count(self) -> int:
        return len(self._index)

    # --- suggestions -------------------------------------------------------------------
    def set_suggestions(self, spans: Sequence[tuple[int, int, int]], tips: Sequence[str] = ()) -> None:
        """The suggestions to outline: (start, end, tag id) in code points, numbered in order, with
        a line each for the tooltip (tag and field values)."""
        self._suggestion_tips = list(tips)
        to_qt = self._map.to_qt
        self._suggestions.set([Highlight(to_qt(s), to_qt(e), i, (t,)) for i, (s, e, t) in enumerate(spans)])
        self.viewport().update()

    def show_suggestions(self, visible: bool) -> None:
        self._suggestions.visible = visible
        self.viewport().update()

    def suggestions_shown(self) -> bool:
        return self._suggestions.visible

    def set_current_suggestion(self, number: int | None, *, reveal: bool = False) -> None:
        previous, self._suggestions.current = self._suggestions.current, number
        index = self._suggestions.index
        if previous != number:
            for changed in (previous, number):  # repaint only the passages that changed
                if changed is not None and (h := index.get(changed)) is not None:
                    self._update_span(h.start, h.end)
        found = index.get(number) if number is not None else None
        if found is not None and reveal:
            self._bring_into_view(found.start, found.end)

    def current_suggestion(self) -> int | None:
        return self._suggestions.current if self._suggestions.visible else None

    # --- selection and navigation ---------------------------------------------------------
    def selected_span(self) -> tuple[int, int] | None:
        """The selection as code-point offsets, never splitting a character, words completed
        when snapping is on; None if nothing (or only space) is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        qt_start, qt_end = self._grapheme_snap(cursor.selectionStart(), cursor.selectionEnd())
        start, end = self._map.to_cp(qt_start), self._map.to_cp(qt_end)
        snap = snap_to_words if self.snap_words else trim_space
        start, end = snap(self._text, start, end)
        return (start, end) if end > start else None

    def select_span(self, start: int, end: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self._map.to_qt(start))
        cursor.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def show_span(self, start: int, end: int) -> None:
        """Select text[start:end] (code points) and bring it into view: a search hit jumped to."""
        self._bring_into_view(self._map.to_qt(start), self._map.to_qt(end))
        self.select_span(start, end)

    def set_current(self, annotation_id: int | None, *, reveal: bool = False) -> None:
        """The one current annotation (what 1–9, Del and the note and field editors act on)."""
        previous, self._current = self._current, annotation_id
        for changed in (previous, annotation_id):
            if changed is not None and (h := self._index.get(changed)) is not None:
                self._update_span(h.start, h.end)
        if reveal and annotation_id is not None:
            self.reveal(annotation_id)
        if previous != annotation_id:
            self.currentChanged.emit(annotation_id)

    def current(self) -> int | None:
        return self._current

    def reveal(self, annotation_id: int) -> None:
        """Scroll the passage into view and flash it."""
        highlight = self._index.get(annotation_id)
        if highlight is None:
            return
        self._bring_into_view(highlight.start, highlight.end)
        self._flash = annotation_id
        self._flash_timer.start()
        self._update_span(highlight.start, highlight.end)

    def _bring_into_view(self, qt_start: int, qt_end: int) -> None:
        """Put the caret at the passage and, unless all of it is already well inside the view, scroll
        it to a third of the way down (its top near the top when it is taller than that leaves room for)."""
        cursor = self.textCursor()
        cursor.setPosition(qt_start)
        self.setTextCursor(cursor)
        top = self.cursorRect(cursor).top()
        cursor.setPosition(qt_end)
        bottom = self.cursorRect(cursor).bottom()
        height = self.viewport().height()
        if height * 0.1 <= top and bottom <= height * 0.85:
            return
        room = height - (bottom - top)
        place = height // 3 if room >= height // 3 else max(height // 12, 0)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + top - place)

    def first_visible_offset(self) -> int:
        """The code-point offset at the top of the view: where the reader is in the text."""
        hit = self.cursorForPosition(QPoint(0, 0)).position()  # past the text laid out so far it lands later:
        self.document().documentLayout().blockBoundingRect(self.document().findBlock(hit))  # laid out to it,
        return self._map.to_cp(self.cursorForPosition(QPoint(0, 0)).position())  # the hit is right

    def scroll_to_offset(self, offset: int) -> int:
        """Put the line holding this code-point offset at the top; returns the scroll value that does."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_qt(max(0, min(offset, len(self._text)))))
        bar = self.verticalScrollBar()
        bar.setValue(wanted := bar.value() + self.cursorRect(cursor).top())  # (beyond the range laid out yet)
        return wanted

    def neighbour(self, forward: bool) -> int | None:
        """The annotation after (or before) the current one or the caret."""
        anchor = self._index.get(self._current) if self._current is not None else None
        position = anchor.start if anchor else self.textCursor().position()
        found = self._index.next_after(position) if forward else self._index.previous_before(position)
        return found.annotation_id if found else None

    # --- zoom --------------------------------------------------------------------------
    def zoom(self, steps: int) -> None:
        size = theme.DEFAULT_POINT_SIZE if steps == 0 else self._point_size + steps
        self._point_size = max(theme.MIN_POINT_SIZE, min(theme.MAX_POINT_SIZE, size))
        self._apply_font()

    def point_size(self) -> int:
        return self._point_size

    def set_point_size(self, size: int) -> None:
        self._point_size = max(theme.MIN_POINT_SIZE, min(theme.MAX_POINT_SIZE, size))
        self._apply_font()

    def _apply_font(self) -> None:
        font = theme.reading_font(self._point_size)
        self.setFont(font)
        self.document().setDefaultFont(font)
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.setBlockFormat(self._block_format())
        self._layer.invalidate_all()
        self._centre_column()

    def _block_format(self) -> QTextBlockFormat:
        block = QTextBlockFormat()
        block.setLineHeight(theme.LINE_HEIGHT_PERCENT, 1)  # 1 = ProportionalHeight
        block.setBottomMargin(QFontMetricsF(self.font()).height() * theme.PARAGRAPH_SPACING_EM)
        return block

    def _centre_column(self) -> None:
        column = QFontMetricsF(self.font()).averageCharWidth() * theme.COLUMN_CHARS
        side = max(12, int((self.width() - column) / 2))
        self.setViewportMargins(side, 16, side, 16)

    # --- painting ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        if len(self._index) or (self._suggestions.visible and len(self._suggestions.index)):
            painter = QPainter(self.viewport())
            try:
                self._paint_highlights(painter, event.rect())
            finally:
                painter.end()
        super().paintEvent(event)

    def _paint_highlights(self, painter: QPainter, area: QRectF) -> None:
        """The highlight layer's fills and bars, then the current and flashed passages' outlines."""
        dx, dy = -self.horizontalScrollBar().value(), -self.verticalScrollBar().value()
        painter.translate(dx, dy)
        self._layer.paint(painter, area.top() - dy, area.bottom() - dy)
        self._suggestions.paint(painter, area.top() - dy, area.bottom() - dy, self.document().textWidth())
        for special in (self._current, self._flash):
            highlight = self._index.get(special) if special is not None else None
            if highlight is not None:
                self._layer.outline(painter, highlight, strong=special == self._flash)

    def _span_rects(self, start: int, end: int) -> list[QRectF]:
        return self._layer.span_rects(start, end)

    def _update_span(self, start: int, end: int) -> None:
        dx, dy = -self.horizontalScrollBar().value(), -self.verticalScrollBar().value()
        for rect in self._span_rects(start, end):
            self.viewport().update(rect.translated(dx, dy).adjusted(-3, -3, 3, 3 + ROWS * (BAR + 1)).toAlignedRect())

    def _end_flash(self) -> None:
        flashed, self._flash = self._flash, None
        if flashed is not None and (h := self._index.get(flashed)) is not None:
            self._update_span(h.start, h.end)

    # --- events --------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        self._centre_column()
        super().resizeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
        if plain and len(text) == 1 and text in "123456789":
            self.tagKeyPressed.emit(int(text))
            return
        action = _SUGGESTION_KEYS.get(text) if self.current_suggestion() is not None else None
        if action is None and self.current_suggestion() is not None:  # then Del alone deletes the annotation
            action = {Qt.Key.Key_Return: "accept", Qt.Key.Key_Enter: "accept", Qt.Key.Key_Backspace: "reject"}.get(
                Qt.Key(event.key())
            )
        if text in ("n", "N") and event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier == Qt.KeyboardModifier.NoModifier:
            action = "next" if text == "n" else "previous"
        if action is not None:
            self.suggestionKeyPressed.emit(action)
            return
        if plain and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.deleteRequested.emit()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            position = self.cursorForPosition(event.position().toPoint()).position()
            under = self._index.at(position)
            suggestion = self._suggestions.at(position)
            if suggestion is not None:
                self.suggestionClicked.emit(suggestion)
            elif under:
                self.highlightClicked.emit(under[0].annotation_id)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            self._show_tooltip(event.pos(), event.globalPos())  # type: ignore[attr-defined]
            return True
        return super().event(event)

    def _show_tooltip(self, pos: QPoint, global_pos: QPoint) -> None:
        viewport_pos = self.viewport().mapFrom(self, pos)
        position = self.cursorForPosition(viewport_pos).position()
        under = self._index.at(position)
        suggested = self._suggestions.at(position)
        if not under and suggested is None:
            QToolTip.hideText()
            return
        lines = []
        if suggested is not None and suggested < len(self._suggestion_tips):
            lines.append(
                self.tr("Suggested: %s<br><i>A or Enter accepts, X rejects (click it first)</i>")
                % escape(self._suggestion_tips[suggested])
            )
        lines += passage_lines(under, self._tags, self._notes, self._lanes.marks, self._lanes.rows)
        QToolTip.showText(global_pos, "<hr>".join(lines), self)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        if self.selected_span() is not None or self._current is not None:
            tag_menu = QMenu(self.tr("Tag as"), menu)
            for tag in sorted(self._tags.values(), key=lambda t: t.position):
                label = f"{tag.name}\t{tag.shortcut}" if tag.shortcut else tag.name
                action = tag_menu.addAction(theme.swatch(tag.color), label)
                action.triggered.connect(lambda _=False, tag_id=tag.id: self.tagRequested.emit(tag_id))
            menu.insertMenu(menu.actions()[0] if menu.actions() else None, tag_menu)
            menu.insertSeparator(menu.actions()[1] if len(menu.actions()) > 1 else None)
        suggested = self._suggestions.at(self.cursorForPosition(event.pos()).position())
        if suggested is not None:
            first = menu.actions()[0] if menu.actions() else None
            for label, action in ((self.tr("Accept suggestion\tA"), "accept"), (self.tr("Reject suggestion\tX"), "reject")):
                item = QAction(label, menu)
                item.triggered.connect(
                    lambda _=False, n=suggested, a=action: (
                        self.suggestionClicked.emit(n),
                        self.suggestionKeyPressed.emit(a),
                    )
                )
                menu.insertAction(first, item)
            menu.insertSeparator(first)
        menu.exec(event.globalPos())

    # --- helpers -------------------------------------------------------------------------
    def _highlight(self, annotation: Annotation) -> Highlight:
        self._notes[annotation.id] = annotation.note
        to_qt = self._map.to_qt
        return Highlight(to_qt(annotation.start), to_qt(annotation.end), annotation.id, annotation.tag_ids)

    def _grapheme_snap(self, start: int, end: int) -> tuple[int, int]:
        block = self.document().findBlock(start)
        start = _snap(block.text(), start - block.position(), forward=False) + block.position()
        block = self.document().findBlock(end)
        end = _snap(block.text(), end - block.position(), forward=True) + block.position()
        return start, end


_SUGGESTION_KEYS = {"a": "accept", "x": "reject", "A": "accept all"}


def _snap(block_text: str, position: int, *, forward: bool) -> int:
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Grapheme, block_text)
    finder.setPosition(position)
    if finder.isAtBoundary():
        return position
    found = finder.toNextBoundary() if forward else finder.toPreviousBoundary()
    return found if found >= 0 else position
