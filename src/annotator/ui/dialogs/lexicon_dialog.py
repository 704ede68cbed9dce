"""The framing lexicon editor: loaded terms and the frame each suggests; import and export as CSV.

Saved with OK as one undoable change. A term ending in * matches any ending ("separatis*")."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.services import UserError
from annotator.ui.controller import Controller

TERM, FRAME = 0, 1


class LexiconDialog(QDialog):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.setWindowTitle(self.tr("Framing lexicon"))
        self.resize(560, 520)
        framing = next((t for t in controller.tags if t.detector == "framing"), None)
        frame_field = next((f for f in framing.fields if f.name == "frame"), None) if framing else None
        self._frames = list(frame_field.choices) if frame_field else []
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Term (* matches any ending)"), self.tr("Frame")])
        self.table.horizontalHeader().setSectionResizeMode(TERM, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(FRAME, 200)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for term, frame in controller.services.suggestions.lexicon():
            self._append(term, frame)
        buttons = QHBoxLayout()
        for label, slot in (
            (self.tr("&Add term"), self._add),
            (self.tr("&Remove"), self._remove),
            (self.tr("&Import CSV…"), self._import),
            (self.tr("&Export CSV…"), self._export),
        ):
            button = QPushButton(label, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        box.accepted.connect(self._check_and_accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Terms found in a document are suggested as <b>%s</b>, with their "
                    "frame filled in. Matching ignores case."
                )
                % (framing.name if framing else "framing"),
                self,
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(box)

    def _append(self, term: str, frame: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, TERM, QTableWidgetItem(term))
        combo = QComboBox(self.table)
        combo.setEditable(True)
        combo.addItems(self._frames)
        combo.setCurrentText(frame)
        self.table.setCellWidget(row, FRAME, combo)

    def entries(self) -> list[tuple[str, str]]:
        found = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, TERM)
            combo = self.table.cellWidget(row, FRAME)
            term = item.text().strip() if item else ""
            if term:
                found.append((term, combo.currentText().strip() if isinstance(combo, QComboBox) else ""))
        return found

    def _check_and_accept(self) -> None:
        seen: set[str] = set()
        for term, frame in self.entries():
            problem = (
                self.tr("“%s” needs a frame.") % term
                if not frame
                else self.tr("“%s” is in the list twice.") % term
                if term.lower() in seen
                else ""
            )
            if problem:
                QMessageBox.warning(self, self.windowTitle(), problem)
                return
            seen.add(term.lower())
        self.accept()

    def _add(self) -> None:
        self._append("", self._frames[-1] if self._frames else "")
        self.table.scrollToBottom()
        self.table.editItem(self.table.item(self.table.rowCount() - 1, TERM))

    def _remove(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def _import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a lexicon"), str(Path.home()), "CSV (*.csv)")
        if not path:
            return
        try:
            entries = self._controller.services.suggestions.read_lexicon(path)
        except UserError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        self.table.setRowCount(0)
        for term, frame in entries:
            self._append(term, frame)

    def _export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the lexicon"), str(Path.home() / "lexicon.csv"), "CSV (*.csv)"
        )
        if path:
            try:  # as every file is written: never onto the library, never over a non-file
                self._controller.services.suggestions.write_lexicon(path, self.entries())
            except UserError as exc:
                QMessageBox.warning(self, self.windowTitle(), str(exc))
