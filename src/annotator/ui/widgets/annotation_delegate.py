"""Paints one annotation row: tag chips, the passage (two lines at most) and the note."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from annotator.domain.models import Annotation
from annotator.ui import theme

PAD = 6
CHIP_GAP = 4


class AnnotationDelegate(QStyledItemDelegate):
    def __init__(self, model_tags: object, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._tags = model_tags  # the AnnotationsModel, whose .tags maps id -> Tag

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        annotation: Annotation = index.data(Qt.ItemDataRole.UserRole)
        if annotation is None:
            return QSize(200, metrics.height() * 3)
        width = max(50, option.rect.width() - 2 * PAD)
        one_line = metrics.horizontalAdvance(" ".join(annotation.quote.split())) <= width
        lines = 1 + (1 if one_line else 2) + (1 if annotation.note else 0)
        return QSize(200, PAD * 2 + metrics.height() * lines + 6)

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
        x = option.rect.left() + PAD
        y = option.rect.top() + PAD
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.85))
        small_metrics = QFontMetrics(small)
        painter.setFont(small)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for tag_id in annotation.tag_ids:
            tag = self._tags.tags.get(tag_id)  # type: ignore[attr-defined]
            if tag is None:
                continue
            width = small_metrics.horizontalAdvance(tag.name) + 10
            chip = QRectF(x, y + 1, width, metrics.height() - 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.fill_color(tag.color, strong=True))
            painter.drawRoundedRect(chip, 4, 4)
            painter.setPen(text_color)
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, tag.name)
            x += width + CHIP_GAP
        painter.setFont(option.font)
        painter.setPen(text_color)
        width = option.rect.width() - 2 * PAD
        text = " ".join(annotation.quote.split())
        lines = 1 if metrics.horizontalAdvance(text) <= width else 2
        passage = QRectF(option.rect.left() + PAD, y + metrics.height() + 2, width, metrics.height() * lines)
        text = _elide_two_lines(text, metrics, int(width))
        flow = QTextOption()
        flow.setWrapMode(QTextOption.WrapMode.WordWrap)
        painter.drawText(passage, text, flow)
        if annotation.note:
            note_font = QFont(option.font)
            note_font.setItalic(True)
            painter.setFont(note_font)
            muted = QColor(text_color)
            muted.setAlphaF(0.7)
            painter.setPen(muted)
            note_rect = QRectF(passage.left(), passage.bottom() + 1, width, metrics.height())
            note = metrics.elidedText("✎ " + " ".join(annotation.note.split()), Qt.TextElideMode.ElideRight, int(width))
            painter.drawText(note_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, note)
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        painter.restore()


def _elide_two_lines(text: str, metrics: QFontMetrics, width: int) -> str:
    if metrics.horizontalAdvance(text) <= width * 2 - metrics.averageCharWidth() * 4:
        return text
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width * 2 - metrics.averageCharWidth() * 6)
