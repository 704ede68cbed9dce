"""The document's title over the reader: wrapped to at most two lines, the rest elided with "…"
(the whole title in the tooltip), so a long title never pushes the text off a small window."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from annotator.ui.text_fit import fit_lines


class ElidedTitle(QLabel):
    MAX_LINES = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def set_title(self, title: str) -> None:
        self._full = title
        self.setToolTip(title)
        self._fit()

    def full_title(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        lines = max(1, self.text().count("\n") + 1)
        return QSize(super().sizeHint().width(), metrics.lineSpacing() * lines + 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.sizeHint().height())

    def _fit(self) -> None:
        shown = "\n".join(fit_lines(self._full, self.font(), max(40, self.contentsRect().width()), self.MAX_LINES))
        if shown != self.text():
            self.setText(shown)
            self.updateGeometry()
