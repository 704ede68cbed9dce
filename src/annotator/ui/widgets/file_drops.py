"""Files dropped anywhere on the window are imported: text boxes pass file drops on to the window
instead of pasting the files' file:// addresses into a note or a filter."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

_DRAGS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


class _PassFileDrops(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _DRAGS:
            mime = event.mimeData()  # type: ignore[attr-defined]
            if mime.hasUrls() and any(url.isLocalFile() for url in mime.urls()):
                event.ignore()  # handled here, not accepted: Qt offers it to the parents, up to the window
                return True
        return False


_FILTER = _PassFileDrops()


def pass_file_drops(root: QWidget) -> None:
    """Make root and every widget in it that takes drops leave file drops to the window."""
    for widget in (root, *root.findChildren(QWidget)):
        if isinstance(widget, QAbstractScrollArea):
            widget = widget.viewport()  # text views receive drags on their viewport
        if widget.acceptDrops() and not widget.isWindow():
            widget.installEventFilter(_FILTER)
