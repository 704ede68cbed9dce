"""A small chart of our own, painted with QPainter (issue 14): grouped bars (a crosstab) or points
joined by lines over ordered categories (figures over time), with axis titles, a value axis, a
legend, the palette's colours (light or dark), and saving as PNG or SVG. No QtCharts (a 417 MB
add-on, deprecated) and no matplotlib (1–1.8 s to import)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

# Series colours when none are given: distinguishable, and readable on light and dark bases.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f")
MARGIN = 10.0


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # one per category; None: nothing there
    color: str = ""
    labels: tuple[str, ...] = ()  # lines: each point's text beside it ("at least 200"), '' for none


class ChartWidget(QWidget):
    """set_data(categories, series, kind="bars"|"lines", x_title, y_title); save(path)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(220)
        self.categories: tuple[str, ...] = ()
        self.series: tuple[Series, ...] = ()
        self.kind = "bars"
        self.x_title = self.y_title = ""
        self.setAccessibleName(self.tr("Chart"))

    def sizeHint(self) -> QSize:
        return QSize(640, 320)

    def set_data(
        self, categories: list[str], series: list[Series], *, kind: str = "bars", x_title: str = "", y_title: str = ""
    ) -> None:
        self.categories = tuple(categories)
        self.series = tuple(
            s if s.color else Series(s.name, s.values, PALETTE[i % len(PALETTE)], s.labels) for i, s in enumerate(series)
        )
        self.kind, self.x_title, self.y_title = kind, x_title, y_title
        self.update()

    # --- saving ------------------------------------------------------------------------------
    def encoded(self, suffix: str) -> bytes | None:
        """The chart as a file's bytes: SVG as vectors, else an image format Qt writes (PNG…) by
        the suffix; None if Qt writes no such format. The file is written by the services."""
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if suffix.lower() == "svg":
            from PySide6.QtSvg import QSvgGenerator

            generator = QSvgGenerator()
            generator.setOutputDevice(buffer)
            generator.setSize(self.size())
            generator.setViewBox(QRectF(0, 0, self.width(), self.height()))
            generator.setTitle(self.y_title or "chart")
            painter = QPainter(generator)
            try:
                self.paint(painter, QRectF(0, 0, self.width(), self.height()))
            finally:
                painter.end()
        elif not self.grab().save(buffer, suffix.upper()):
            return None
        return bytes(buffer.data().data())

    # --- painting ----------------------------------------------------------------------------
    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        try:
            self.paint(painter, QRectF(self.rect()))
        finally:
            painter.end()

    def paint(self, painter: QPainter, area: QRectF) -> None:
        palette = self.palette()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(area, palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        painter.setFont(self.font())
        metrics = QFontMetricsF(self.font())
        line = metrics.height()
        if not self.categories or not self.series:
            painter.setPen(text)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.tr("Nothing to show"))
            return
        legend = self._legend_rect(area, metrics)
        top = max(self._max_value(), 1.0)
        step = _nice_step(top / 5)
        # A tenth of room above the highest value: a point on the frame's top line is half cut
        # off, and its label (lines) would be drawn outside the chart.
        top = math.ceil(top * 1.1 / step) * step
        label_width = max(metrics.horizontalAdvance(_number(top)), metrics.horizontalAdvance("0"))
        plot = QRectF(
            area.left() + MARGIN + line + label_width + 6,  # y title, tick labels
            area.top() + MARGIN,
            0,
            0,
        )
        plot.setRight(legend.left() - MARGIN)
        plot.setBottom(area.bottom() - MARGIN - 2 * line - 6)  # category labels, x title
        self._axes(painter, plot, top, step, text, metrics)
        self._marks(painter, plot, top)
        self._category_labels(painter, plot, text, metrics)
        self._titles(painter, plot, area, text, line)
        self._legend(painter, legend, text, metrics)

    def _max_value(self) -> float:
        return max((v for s in self.series for v in s.values if v is not None), default=0.0)

    def _legend_rect(self, area: QRectF, metrics: QFontMetricsF) -> QRectF:
        width = max(metrics.horizontalAdvance(s.name) for s in self.series) + 2 * metrics.height()
        width = min(width, area.width() / 3)
        return QRectF(area.right() - MARGIN - width, area.top() + MARGIN, width, area.height() - 2 * MARGIN)

    def _axes(self, painter: QPainter, plot: QRectF, top: float, step: float, text: QColor, metrics: QFontMetricsF) -> None:
        grid = QColor(text)
        grid.setAlphaF(0.15)
        value = 0.0
        while value <= top + step / 2:
            y = plot.bottom() - plot.height() * value / top
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            label = _number(value)
            painter.drawText(
                QPointF(plot.left() - 4 - metrics.horizontalAdvance(label), y + metrics.ascent() / 2 - 1), label
            )
            value += step
        painter.setPen(QPen(text, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())

    def _slot(self, plot: QRectF, index: int) -> QRectF:
        width = plot.width() / len(self.categories)
        return QRectF(plot.left() + index * width, plot.top(), width, plot.height())

    def _marks(self, painter: QPainter, plot: QRectF, top: float) -> None:
        if self.kind == "lines":
            for series in self.series:
                color = QColor(series.color)
                painter.setPen(QPen(color, 2))
                painter.setBrush(color)
                previous: QPointF | None = None
                for index, value in enumerate(series.values):
                    if value is None:
                        continue
                    point = QPointF(self._slot(plot, index).center().x(), plot.bottom() - plot.height() * value / top)
                    if previous is not None:
                        painter.drawLine(previous, point)
                    painter.drawEllipse(point, 3.5, 3.5)
                    previous = point
            painter.setBrush(Qt.BrushStyle.NoBrush)
            self._point_labels(painter, plot, top)
            return
        count = len(self.series)
        for index in range(len(self.categories)):
            slot = self._slot(plot, index)
            inner = slot.adjusted(slot.width() * 0.1, 0, -slot.width() * 0.1, 0)
            width = inner.width() / count
            for n, series in enumerate(self.series):
                value = series.values[index] if index < len(series.values) else None
                if not value:
                    continue
                height = plot.height() * value / top
                bar = QRectF(inner.left() + n * width, plot.bottom() - height, max(1.0, width - 1), height)
                painter.fillRect(bar, QColor(series.color))

    def _point_labels(self, painter: QPainter, plot: QRectF, top: float) -> None:
        """Each point's text above it (or below, if that place is taken), in its series' colour: a
        point alone loses the qualifier ("at least", "about") and the range of the figure as
        reported. A label that would cover another one is left out: the table has them all."""
        metrics = QFontMetricsF(painter.font())
        taken: list[QRectF] = []
        for series in self.series:
            painter.setPen(QColor(series.color))
            for index, (value, label) in enumerate(zip(series.values, series.labels, strict=False)):
                if value is None or not label:
                    continue
                x = self._slot(plot, index).center().x()
                y = plot.bottom() - plot.height() * value / top
                width = metrics.horizontalAdvance(label)
                left = min(max(x - width / 2, plot.left() + 2), plot.right() - width - 2)
                for box_top in (y - 6 - metrics.height(), y + 6):  # above the point, else below it
                    box = QRectF(left, box_top, width, metrics.height())
                    if plot.contains(box) and not any(box.intersects(other) for other in taken):
                        taken.append(box)
                        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
                        break

    def _category_labels(self, painter: QPainter, plot: QRectF, text: QColor, metrics: QFontMetricsF) -> None:
        painter.setPen(text)
        for index, category in enumerate(self.categories):
            slot = self._slot(plot, index)
            shown = metrics.elidedText(category, Qt.TextElideMode.ElideRight, slot.width() - 2)
            box = QRectF(slot.left(), plot.bottom() + 3, slot.width(), metrics.height())
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, shown)

    def _titles(self, painter: QPainter, plot: QRectF, area: QRectF, text: QColor, line: float) -> None:
        painter.setPen(text)
        bold = painter.font()
        bold.setBold(True)
        painter.setFont(bold)
        below = QRectF(plot.left(), area.bottom() - MARGIN - line, plot.width(), line)
        painter.drawText(below, Qt.AlignmentFlag.AlignCenter, self.x_title)
        painter.save()
        painter.translate(area.left() + MARGIN + line / 2, plot.center().y())
        painter.rotate(-90)
        painter.drawText(
            QRectF(-plot.height() / 2, -line / 2, plot.height(), line), Qt.AlignmentFlag.AlignCenter, self.y_title
        )
        painter.restore()
        bold.setBold(False)
        painter.setFont(bold)

    def _legend(self, painter: QPainter, box: QRectF, text: QColor, metrics: QFontMetricsF) -> None:
        line = metrics.height()
        for n, series in enumerate(self.series):
            y = box.top() + n * (line + 4)
            if y + line > box.bottom():
                break
            painter.fillRect(QRectF(box.left(), y + line * 0.2, line * 0.6, line * 0.6), QColor(series.color))
            painter.setPen(text)
            name = metrics.elidedText(series.name, Qt.TextElideMode.ElideRight, box.width() - line)
            painter.drawText(QPointF(box.left() + line, y + metrics.ascent()), name)


def _nice_step(raw: float) -> float:
    """1, 2 or 5 times a power of ten, at least raw: round ticks."""
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return max(1.0, factor * power)
    return 10 * power


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
