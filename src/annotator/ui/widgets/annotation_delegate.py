"""Paints one annotation row: tag chips, field values and the note on the first line, the
passage beneath in two lines at most. Rows have one height, so a list of 50,000 annotations lays out at once."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from annotator.domain.models import Annotation
from annotator.ui import theme
from annotator.ui.text_fit import fit_lines

PAD = 6
CHIP_GAP = 4


class AnnotationDelegate(QStyledItemDelegate):
    def __init__(self, model_tags: object, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._tags = model_tags  # the AnnotationsModel, whose .tags maps id -> Tag

    @staticmethod
    def row_height(font: QFont) -> int:
        return PAD * 2 + QFontMetrics(font).lineSpacing() * 3 + 4  # line spacing: a theme's leading counts too

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(200, self.row_height(option.font))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        annotation: Annotation = index.data(Qt.ItemDataRole.UserRole)
        if annotation is None:
            return
        painter.save()
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, palette.color(QPalette.ColorRole.Highlight))
        text_color = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        metrics = QFontMetrics(option.font)
        left, right = option.rect.left() + PAD, option.rect.right() - PAD
        y = option.rect.top() + PAD
        x = self._paint_chips(painter, option.font, annotation, left, y, metrics.height(), text_color)
        first_line = " · ".join(v for _, v in annotation.fields)
        if annotation.note:
            first_line = (first_line + "  " if first_line else "") + "✎ " + " ".join(annotation.note.split())
        if first_line:
            note_font = QFont(option.font)
            note_font.setItalic(True)
            painter.setFont(note_font)
            muted = QColor(text_color)
            muted.setAlphaF(0.7)
            painter.setPen(muted)
            width = max(0, right - x)
            note = QFontMetrics(note_font).elidedText(first_line, Qt.TextElideMode.ElideRight, width)
            painter.drawText(QRectF(x, y, width, metrics.height()), Qt.AlignmentFlag.AlignVCenter, note)
        painter.setFont(option.font)
        painter.setPen(text_color)
        width = right - left
        line_y = y + metrics.lineSpacing() + 2
        for line in fit_lines(" ".join(annotation.quote.split()), option.font, int(width), 2):
            painter.drawText(QRectF(left, line_y, width, metrics.lineSpacing()), Qt.AlignmentFlag.AlignLeft, line)
            line_y += metrics.lineSpacing()
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        painter.restore()

    def _paint_chips(
        self, painter: QPainter, font: QFont, annotation: Annotation, x: int, y: int, height: int, text_color: QColor
    ) -> int:
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        metrics = QFontMetrics(small)
        painter.setFont(small)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for tag_id in annotation.tag_ids:
            tag = self._tags.tags.get(tag_id)  # type: ignore[attr-defined]
            if tag is None:
                continue
            width = metrics.horizontalAdvance(tag.name) + 10
            chip = QRectF(x, y + 1, width, height - 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.fill_color(tag.color, strong=True))
            painter.drawRoundedRect(chip, 4, 4)
            painter.setPen(text_color)
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, tag.name)
            x += int(width) + CHIP_GAP
        return x + 2
