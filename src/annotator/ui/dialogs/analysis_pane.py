"""The base of the Analysis window's panes (issue 14): choices on top, a table (sorted and
filtered through a proxy) beside the passages of the chosen cell, a chart below; computed off the
GUI thread (the window's Tasks); the table exports to CSV, the chart saves as PNG or SVG."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.ui.models.count_table_model import GridModel, GridProxy
from annotator.ui.widgets.chart import ChartWidget

if TYPE_CHECKING:
    from annotator.ui.controller import Controller


class TablePane(QWidget):
    """Choices on top, the table and the passages of the chosen cell, the chart below."""

    passageRequested = Signal(int, int)  # document id, annotation id

    def __init__(self, controller: Controller, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller, self.key = controller, key
        self.choices = QHBoxLayout()
        self.model = GridModel(self)
        self.proxy = GridProxy(self.model, self)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setObjectName(f"{key}-table")
        # A header click sorts; no column is sorted at first: the rows keep the codebook's order.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.filter = QLineEdit(self)
        self.filter.setObjectName(f"{key}-filter")
        self.filter.setPlaceholderText(self.tr("Filter rows"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_filter)
        caption = QLabel(self.tr("&Filter:"), self)
        caption.setBuddy(self.filter)
        self.choices.addWidget(caption)
        self.choices.addWidget(self.filter)
        self.table.activated.connect(self._clicked)
        self.table.clicked.connect(self._clicked)
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
        for text, slot, name in (
            (self.tr("Export &CSV…"), self.export_csv, "csv"),
            (self.tr("Export &XLSX…"), self.export_xlsx, "xlsx"),
            (self.tr("Save c&hart…"), self.save_chart, "chart"),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"{key}-{name}")
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

    def layer_combo(self) -> QComboBox:
        """Whose passages are counted: every layer, the gold layer, every coder's own, or one
        coder's — the export's --layer choices (its value under Qt.UserRole, as the option takes it)."""
        box = self.combo(self.tr("&Layer:"), [], "layer")
        box.blockSignals(True)
        box.addItem(self.tr("all layers"), "")
        box.addItem(self.tr("gold"), "gold")
        box.addItem(self.tr("coders"), "coders")
        for coder in self.controller.services.coders.list():
            box.addItem(coder.login, coder.login)
        box.blockSignals(False)
        return box

    def set_items(self, box: QComboBox, items: list[str]) -> bool:
        """A choice's list, as the library has it now: the current choice is kept if it is still
        there (no recount for the list alone); True if it was not and the first was taken."""
        if [box.itemText(i) for i in range(box.count())] == items:
            return False
        current = box.currentText()
        box.blockSignals(True)
        try:
            box.clear()
            box.addItems(items)
            if current in items:
                box.setCurrentText(current)
        finally:
            box.blockSignals(False)
        return box.currentText() != current

    def compute(self, work: Callable[[Any], Any], show: Callable[[Any], None], part: str = "table") -> None:
        """Off the GUI thread: a big library takes longer than a frame. One task per pane and part
        (the table; a cell's passages): a newer one supersedes the older, a cell opened while the
        table counts again does not drop the count."""
        self.status.setText(self.tr("Counting…") if part == "table" else self.tr("Reading…"))

        def deliver(result: Any) -> None:
            self.status.setText("")
            show(result)

        def failed(exc: BaseException) -> None:
            self.status.setText(str(exc))

        self.controller.tasks.run(
            ("analysis", self.key, part), lambda _ticket: work(self.controller.services), deliver, failed=failed
        )

    def open_cell(self, work: Callable[[Any], list[tuple[int, int, str]]]) -> None:
        """A cell's passages, read off the GUI thread."""
        self.compute(work, self.show_passages, "cell")

    def refresh(self) -> None:  # overridden
        pass

    def _clicked(self, index: QModelIndex) -> None:
        """The view's index is the proxy's (sorted, filtered): the cell is the source's row."""
        self._cell(self.proxy.mapToSource(index))

    def _cell(self, index: Any) -> None:  # overridden: a source index
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

    def export_grid(self) -> tuple[list[str], list[list[str]], int, bool, list[str]]:
        """The table as files hold it (CSV and XLSX alike, as the command line writes them): header,
        rows, how many columns name a row, whether the other cells are counts, notes. Overridden."""
        return self.model.header, self.model.rows, self.model.keys, True, []

    def export_xlsx(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the table"), f"{self.key}.xlsx", "XLSX (*.xlsx)")
        if path:
            self.write_xlsx(path)

    def write_xlsx(self, path: str) -> None:
        """Written off the GUI thread, through the services (services.output: never over the library)."""
        header, rows, keys, numbers, notes = self.export_grid()
        sheet = self.key
        self._save(
            path,
            "xlsx",
            lambda s: s.tables.export_xlsx(path, header, rows, keys=keys, numbers=numbers, sheet=sheet, notes=notes),
        )

    def export_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the table"), f"{self.key}.csv", "CSV (*.csv)")
        if path:
            self.write_csv(path)

    def write_csv(self, path: str) -> None:
        """Written off the GUI thread, through the services (services.output: never over the library)."""
        header, rows, _keys, _numbers, _notes = self.export_grid()
        self._save(path, "csv", lambda s: s.tables.export_csv(path, header, rows))

    def save_chart(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the chart"), f"{self.key}.png", "PNG (*.png);;SVG (*.svg)")
        if path:
            self.write_chart(path)

    def write_chart(self, path: str) -> None:
        """Drawn here (Qt), written by the services as every file is. A name whose suffix is no
        image format Qt writes gets a PNG (the dialog's first choice)."""
        data = self.chart.encoded(Path(path).suffix.removeprefix(".")) or self.chart.encoded("png") or b""
        self._save(path, "chart", lambda s: s.tables.save_file(path, data))

    def _save(self, path: str, kind: str, call: Callable[[Any], object]) -> None:
        """`call(services)` writes `path` off the GUI thread; the status line says when it is saved."""

        def write(services: Any) -> str:
            call(services)
            return path

        self.compute(write, lambda done: self.status.setText(self.tr("Saved %s") % done), kind)
