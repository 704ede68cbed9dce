"""Typography and colours shared by the views: the reading font, highlight fills, swatches."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QComboBox

from annotator.domain.models import Tag

READING_FONTS = ("Charter", "Source Serif 4", "Literata", "Georgia", "Noto Serif", "Liberation Serif", "DejaVu Serif")
DEFAULT_POINT_SIZE = 13
MIN_POINT_SIZE, MAX_POINT_SIZE = 8, 32
COLUMN_CHARS = 70  # line length of the reading column
LINE_HEIGHT_PERCENT = 150
PARAGRAPH_SPACING_EM = 0.7


def reading_font(point_size: int = DEFAULT_POINT_SIZE) -> QFont:
    families = set(QFontDatabase.families())
    family = next((f for f in READING_FONTS if f in families), "")
    font = QFont(family) if family else QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    if not family:
        font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSize(point_size)
    return font


def is_dark() -> bool:
    palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def fill_color(color: str, *, strong: bool = False) -> QColor:
    """A highlight fill: the tag colour, translucent so overlaps blend and text stays legible."""
    fill = QColor(color)
    alpha = 0.30 if not is_dark() else 0.40
    fill.setAlphaF(min(1.0, alpha * (2.0 if strong else 1.0)))
    return fill


def swatch(color: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(QColor(color).darker(130))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)


def fill_tag_filter(combo: QComboBox, tags: Sequence[Tag], everything: str, key: Callable[[Tag], object]) -> None:
    """Refill a "which tag" filter: `everything` first (data None), then a swatch and name per tag
    (data key(tag)); the choice is kept if that tag still exists, and no signal is sent."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, None)
    for tag in tags:
        combo.addItem(swatch(tag.color), tag.name, key(tag))
    combo.setCurrentIndex(max(0, combo.findData(chosen)))
    combo.blockSignals(False)
