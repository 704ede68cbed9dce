"""How the window's width is shared between the library pane and the open document.

Until the user drags the divider, the library gets room for a 60-character title (its
preferred width) but never more than a third of the window, and the document the rest; once
dragged, the library keeps the width given to it (remembered across restarts) and the document
takes every change of the window's width.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings
from PySide6.QtWidgets import QSplitter

from annotator.ui.widgets.library_pane import LibraryPane

KEY = "panes"  # saved only once the divider was dragged ("splitter" kept the older, narrower default)
SHARE = 1 / 3  # of the window, at most, while the divider was never dragged


class PaneSplit(QObject):
    def __init__(self, splitter: QSplitter, library: LibraryPane) -> None:
        super().__init__(splitter)
        self._splitter, self._library = splitter, library
        self.dragged = False
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.splitterMoved.connect(self._on_dragged)
        splitter.installEventFilter(self)

    def _on_dragged(self, *_args: object) -> None:
        self.dragged = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and not self.dragged:
            width = self._splitter.width() - self._splitter.handleWidth()
            library = min(self._library.preferred_width(), int(width * SHARE))
            self._splitter.setSizes([library, width - library])
        return False

    def restore(self, settings: QSettings) -> None:
        state = settings.value(KEY)
        if isinstance(state, QByteArray) and self._splitter.restoreState(state):
            self.dragged = True

    def save(self, settings: QSettings) -> None:
        if self.dragged:
            settings.setValue(KEY, self._splitter.saveState())
