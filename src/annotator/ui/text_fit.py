"""Fitting text into a few lines: wrap at the width, and elide the last line that fits with "…"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextLayout


def fit_lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """text wrapped at width into at most max_lines lines; when more would be needed the last is elided."""
    metrics = QFontMetrics(font)
    layout = QTextLayout(text, font)
    layout.beginLayout()
    lines: list[str] = []
    while len(lines) < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        start, end = line.textStart(), line.textStart() + line.textLength()
        piece = text[start:end]
        if len(lines) == max_lines - 1 and end < len(text):
            piece = metrics.elidedText(text[start:].replace("\n", " "), Qt.TextElideMode.ElideRight, width)
        lines.append(piece.rstrip())
    layout.endLayout()
    return lines
