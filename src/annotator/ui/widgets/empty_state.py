"""What the reader's side shows while the library has no articles: what to do next, in one place."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    importRequested = Signal()
    samplesRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("Your library has no articles yet"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        title.setFont(font)
        self.hint = QLabel(
            self.tr(
                "Import articles (.txt, .md, .html, .docx, .pdf, or a .csv/.jsonl corpus) with <b>Ctrl+O</b>,"
                " or drop files anywhere on this window.<br>"
                "To look around first, load the four sample articles about the Karabakh conflict."
            ),
            self,
        )
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.import_button = QPushButton(self.tr("Import articles…"), self)
        self.import_button.clicked.connect(self.importRequested)
        self.samples_button = QPushButton(self.tr("Load the sample articles"), self)
        self.samples_button.clicked.connect(self.samplesRequested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.samples_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(12)
        layout.addWidget(self.hint)
        layout.addSpacing(18)
        layout.addLayout(buttons)
        layout.addStretch(3)
