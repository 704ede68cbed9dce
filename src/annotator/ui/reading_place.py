"""Holds the reader at a place (a code-point offset) through resizes, until it is scrolled.

A place restored once is lost when the reader changes size afterwards: at start-up the reader
is laid out narrow first and widens as the window and its splitters settle, and the same scroll
position then shows text much further on. So the place is held: every resize, relayout or longer
layout (the scroll range changes) puts that character back at the top, until the reader is
scrolled by anything else (the user, a passage revealed, a find). A reopened document's place is
held from the start; a resize holds the character at the top then. While held, the place saved is
the held one, so restarts at other sizes never drift.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer

from annotator.ui.widgets.reader import ReaderView


class ReadingPlace(QObject):
    def __init__(self, reader: ReaderView) -> None:
        super().__init__(reader)
        self._reader = reader
        self._held: int | None = None  # the code-point offset kept at the top of the view
        self._wanted = 0  # the scroll value that shows it (it may be beyond the range laid out so far)
        self._applying = False
        self._again = QTimer(self, singleShot=True, interval=0)  # after Qt has relaid out the text
        self._again.timeout.connect(self._apply)
        bar = reader.verticalScrollBar()
        bar.valueChanged.connect(self._moved)
        bar.rangeChanged.connect(lambda *_: self._later())
        reader.installEventFilter(self)

    def hold(self, offset: int | None) -> None:
        """Show this offset's line at the top now and after any resize; None: hold nothing."""
        self._held = offset or None
        if self._held is not None:
            self._apply()

    def held(self) -> bool:
        return self._held is not None

    def offset(self) -> int:
        """Where the reader is: the held place, else the first character on screen."""
        return self._held if self._held is not None else self._reader.first_visible_offset()

    def _later(self) -> None:
        if self._held is not None:
            self._again.start()

    def _apply(self) -> None:
        if self._held is None:
            return
        self._applying = True
        try:
            self._wanted = self._reader.scroll_to_offset(self._held)
        finally:
            self._applying = False

    def _moved(self, value: int) -> None:
        """Scrolled by something else: the place is no longer held. A value cut to a range not yet
        laid out that far (or shortened by a relayout) is not a move."""
        if self._applying or self._held is None:
            return
        bar = self._reader.verticalScrollBar()
        if value == bar.maximum() and value < self._wanted:
            return
        self._held = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            if self._held is None:  # (still laid out at the old size:) the line at the top stays there
                self._held = self._reader.first_visible_offset() or None
            self._later()
        return False
