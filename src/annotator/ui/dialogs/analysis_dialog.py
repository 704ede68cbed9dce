"""Analysis → Crosstab… and Compare outlets… (issue 14): the tables of services.tables with a
chart of ours (widgets.chart), computed off the GUI thread (the window's Tasks); a cell opens its
passages; the table exports to CSV, the chart saves as PNG or SVG."""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.compare import FigureTable, figure_grid, figure_text
from annotator.domain.tables import TOTAL, CountTable, grid
from annotator.services.search import Filters
from annotator.ui.models.count_table_model import GridModel
from annotator.ui.widgets.chart import ChartWidget, Series

if TYPE_CHECKING:
    from annotator.ui.controller import Controller

SOURCE_NOTE = "Values come from the coders' fields (and suggestions accepted as passages), not from the raw text."


class _Pane(QWidget):
    """Choices on top, the table and the passages of the chosen cell, the chart below."""

    passageRequested = Signal(int, int)  # document id, annotation id

    def __init__(self, controller: Controller, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller, self.key = controller, key
        self.choices = QHBoxLayout()
        self.model = GridModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setObjectName(f"{key}-table")
        self.table.activated.connect(self._cell)
        self.table.clicked.connect(self._cell)
        self.passages = QListWidget(self)
        self.passages.setObjectName(f"{key}-passages")
        self.passages.itemActivated.connect(self._open)
        self.chart = ChartWidget(self)
        self.status = QLabel(self)
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(self.table)
        top.addWidget(self.passages)
        top.setStretchFactor(0, 3)
        whole = QSplitter(Qt.Orientation.Vertical, self)
        whole.addWidget(top)
        whole.addWidget(self.chart)
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("Export &CSV…"), self.export_csv), (self.tr("Save c&hart…"), self.save_chart)):
            button = QPushButton(text, self)
            button.setAutoDefault(False)  # Enter opens a passage of the list, never a file dialog
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addLayout(self.choices)
        layout.addWidget(whole, 1)
        layout.addLayout(buttons)

    def combo(self, label: str, items: list[str], name: str) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(name)
        box.addItems(items)
        box.currentIndexChanged.connect(lambda _i: self.refresh())
        caption = QLabel(label, self)
        caption.setBuddy(box)
        self.choices.addWidget(caption)
        self.choices.addWidget(box)
        return box

    def compute(self, work: Callable[[Any], Any], show: Callable[[Any], None]) -> None:
        """Off the GUI thread: a big library takes longer than a frame (one task per pane)."""
        self.status.setText(self.tr("Counting…"))

        def deliver(result: Any) -> None:
            self.status.setText("")
            show(result)

        def failed(exc: BaseException) -> None:
            self.status.setText(str(exc))

        self.controller.tasks.run(
            ("analysis", self.key), lambda _ticket: work(self.controller.services), deliver, failed=failed
        )

    def refresh(self) -> None:  # overridden
        pass

    def _cell(self, index: Any) -> None:
        pass

    def show_passages(self, found: list[tuple[int, int, str]]) -> None:
        self.passages.clear()
        for document_id, annotation_id, quote in found:
            item = QListWidgetItem(self.tr("%d: %s") % (document_id, " ".join(quote.split())[:120]))
            item.setData(Qt.ItemDataRole.UserRole, (document_id, annotation_id))
            self.passages.addItem(item)
        if found:
            self.passages.setCurrentRow(0)

    def _open(self, item: QListWidgetItem) -> None:
        document_id, annotation_id = item.data(Qt.ItemDataRole.UserRole)
        self.passageRequested.emit(document_id, annotation_id)

    def export_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the table"), f"{self.key}.csv", "CSV (*.csv)")
        if path:
            self.write_csv(path)

    def write_csv(self, path: str) -> None:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(self.model.header)
            writer.writerows(self.model.rows)

    def save_chart(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the chart"), f"{self.key}.png", "PNG (*.png);;SVG (*.svg)")
        if path:
            self.chart.save(path)


class CrosstabPane(_Pane):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, "crosstab", parent)
        variables = [v.name for v in controller.services.variables.variables()]
        self.columns = self.combo(
            self.tr("&Columns:"), ["source", "year", "month", "language", "coder", *variables], "columns"
        )
        self.count = self.combo(self.tr("C&ount:"), ["passages", "documents"], "count")
        self.percent = self.combo(self.tr("&Percent:"), ["—", "row", "col"], "percent")
        self.choices.addStretch(1)
        self.result: CountTable | None = None

    def refresh(self) -> None:
        columns, count = self.columns.currentText(), self.count.currentText()
        self.compute(lambda services: services.tables.crosstab(columns, count=count), self.show)

    def show(self, table: CountTable) -> None:
        self.result = table
        percent = self.percent.currentText() if self.percent.currentText() in ("row", "col") else None
        header, rows = grid(table, percent, totals=True, bare=False)
        self.model.set_grid(header, rows)
        self.table.resizeColumnsToContents()
        series = [Series(c, tuple(float(table.cell(r, c)) for r in table.rows)) for c in table.columns]
        self.chart.set_data(list(table.rows), series, x_title=self.tr("tag"), y_title=table.counting)

    def _cell(self, index: Any) -> None:
        (row,), column = index.data(Qt.ItemDataRole.UserRole)
        if self.result is None or TOTAL in (row, column) or column == self.model.header[0]:
            return
        columns = self.result.column_title
        self.compute(lambda services: services.tables.cell_passages(row, columns, column), self.show_passages)


class ComparePane(_Pane):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, "compare", parent)
        tags = [t.name for t in controller.services.codebook.tags() if t.fields]
        self.tag = self.combo(self.tr("&Tag:"), tags, "tag")
        # The documents compared: a published-date range, partial dates as search's filters take them.
        self.date_from = self._date(self.tr("&From:"), "date-from", self.tr("2023, 2023-09 or 2023-09-20"))
        self.date_to = self._date(self.tr("T&o:"), "date-to", self.tr("on or before"))
        self.result: FigureTable | CountTable | None = None
        self._shown_tag, self._shown_filters = "", Filters()
        if "casualty figure" in tags:
            self.tag.setCurrentText("casualty figure")
        note = QLabel(self.tr(SOURCE_NOTE), self)
        note.setWordWrap(True)
        self.choices.addWidget(note, 1)

    def _date(self, label: str, name: str, hint: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(hint)
        edit.setMaximumWidth(130)
        edit.editingFinished.connect(self.refresh)
        caption = QLabel(label, self)
        caption.setBuddy(edit)
        self.choices.addWidget(caption)
        self.choices.addWidget(edit)
        return edit

    def filters(self) -> Filters:
        """The documents compared, as typed (search's filters: the one rule for partial dates)."""
        return Filters(published_from=self.date_from.text().strip(), published_to=self.date_to.text().strip())

    def refresh(self) -> None:
        tag, filters = self.tag.currentText(), self.filters()
        if tag:

            def shown(table: FigureTable | CountTable) -> None:
                self._shown_tag, self._shown_filters = tag, filters
                self.show(table)

            self.compute(lambda services: services.tables.compare(tag, filters=filters), shown)

    def show(self, table: FigureTable | CountTable) -> None:
        self.result = table
        self.passages.clear()  # the last table's cell
        if isinstance(table, FigureTable):
            header, rows = figure_grid(table)
            self.model.set_grid(header, rows, keys=2)
            self._figures_chart(table)
        else:
            header, rows = grid(table, None, totals=True, bare=False)
            self.model.set_grid(header, rows)
            series = [Series(o, tuple(float(table.cell(r, o)) for r in table.rows)) for o in table.columns]
            self.chart.set_data(list(table.rows), series, x_title=table.row_title, y_title=table.counting)
        self.table.resizeColumnsToContents()

    def _figures_chart(self, table: FigureTable) -> None:
        """Figures over time, one line per outlet: the highest figure each reported that day."""
        dates = sorted({date for date, _kind in table.rows})
        series = []
        for outlet in table.outlets:
            values: list[float | None] = []
            labels: list[str] = []
            for date in dates:
                # Each cell's distinct figures (shared objects): the first highest is the same one.
                found = [f.fields for (d, k) in table.rows if d == date for f in dict.fromkeys(table.cell((d, k), outlet))]
                numbers = [(n, f) for f in found if (n := _amount(f)) is not None]
                highest = max(numbers, key=lambda pair: pair[0], default=None)
                values.append(highest[0] if highest else None)
                labels.append(figure_text(_grouped(highest[1])) if highest else "")
            # An outlet that reported no figure keeps its place in the legend, saying so.
            name = outlet if any(v is not None for v in values) else self.tr("%s: no figure") % outlet
            series.append(Series(name, tuple(values), labels=tuple(labels)))
        self.chart.set_data(dates, series, kind="lines", x_title=self.tr("date"), y_title=self.tr("figure reported"))

    def _cell(self, index: Any) -> None:
        filters = self._shown_filters  # the table's documents, whatever the boxes say now
        if isinstance(self.result, CountTable):  # speaker × outlet, frame × outlet, words × outlet
            (value,), outlet = index.data(Qt.ItemDataRole.UserRole)
            if TOTAL in (value, outlet) or outlet not in self.result.columns:
                return
            tag, by = self._shown_tag, self.result.row_title
            self.compute(
                lambda services: services.tables.by_outlet_passages(tag, by, value, outlet, filters=filters),
                self.show_passages,
            )
            return
        if not isinstance(self.result, FigureTable):
            return
        (date, kind), outlet = index.data(Qt.ItemDataRole.UserRole)
        if outlet not in self.result.outlets:
            return
        tag = self.result.tag  # the table's tag, whatever the combo says now
        self.compute(
            lambda services: services.tables.figure_passages(tag, date, kind, outlet, filters=filters), self.show_passages
        )


def _grouped(fields: Any) -> dict[str, str]:
    """The counts with thousands grouped ("100,000"), as articles print them, for the chart. Only
    ASCII digits: "10²" is a digit string to str.isdigit, not a number to int."""
    return {
        k: f"{int(v):,}" if k in ("count_min", "count_max") and v.isascii() and v.isdecimal() else v
        for k, v in fields.items()
    }


def _amount(fields: Any) -> float | None:
    for name in ("count_max", "count_min"):
        try:
            return float(fields[name])
        except (KeyError, ValueError):
            continue
    return None


class AnalysisDialog(QDialog):
    """Not modal: it stays open beside the reader while one opens the passages of its cells."""

    passageRequested = Signal(int, int)

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Analysis"))
        self.resize(980, 720)
        self.tabs = QTabWidget(self)
        self.crosstab = CrosstabPane(controller, self)
        self.compare = ComparePane(controller, self)
        self.tabs.addTab(self.crosstab, self.tr("&Crosstab"))
        self.tabs.addTab(self.compare, self.tr("Compare &outlets"))
        for pane in (self.crosstab, self.compare):
            pane.passageRequested.connect(self.passageRequested)
        QVBoxLayout(self).addWidget(self.tabs)

    def show_tab(self, which: str) -> None:
        pane = self.crosstab if which == "crosstab" else self.compare
        self.tabs.setCurrentWidget(pane)
        pane.refresh()
