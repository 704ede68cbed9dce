"""File → Export…: scope, tags, file name, and whether the CSV is for a spreadsheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.models import Document, Tag
from annotator.services.options import ExportOptions
from annotator.ui import theme


class ExportDialog(QDialog):
    def __init__(self, tags: list[Tag], document: Document | None, folder: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export passages to CSV"))
        self.resize(520, 480)
        self._document = document
        self.this_doc = QRadioButton(self.tr("This document: %s") % (document.title if document else "—"), self)
        self.all_docs = QRadioButton(self.tr("All documents"), self)
        self.this_doc.setEnabled(document is not None)
        (self.this_doc if document is not None else self.all_docs).setChecked(True)
        scope = QGroupBox(self.tr("Documents"), self)
        box = QVBoxLayout(scope)
        box.addWidget(self.this_doc)
        box.addWidget(self.all_docs)

        self.tags = QListWidget(self)
        for tag in tags:
            item = QListWidgetItem(theme.swatch(tag.color), tag.name)
            item.setData(Qt.ItemDataRole.UserRole, tag.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.tags.addItem(item)

        name = (document.filename.rsplit(".", 1)[0] if document and self.this_doc.isChecked() else "passages")
        self.path = QLineEdit(str(Path(folder) / f"{name}.csv"), self)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        # One choice: a CSV for a spreadsheet (BOM, formula-like cells shown as text) or, by default,
        # every cell exactly as stored (pandas, R, scripts).
        self.excel = QCheckBox(self.tr("For a spreadsheet (Excel, LibreOffice): add a byte-order mark and show "
                                       "cells that start with = + - @ as text"), self)

        form = QFormLayout()
        form.addRow(self.tr("Tags"), self.tags)
        form.addRow(self.tr("File"), row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scope)
        layout.addLayout(form, 1)
        layout.addWidget(self.excel)
        layout.addWidget(buttons)

    def accept(self) -> None:
        checked = [self.tags.item(i).checkState() == Qt.CheckState.Checked for i in range(self.tags.count())]
        if self.tags.count() and not any(checked):
            QMessageBox.information(self, self.windowTitle(), self.tr("Tick at least one tag to export."))
            return
        super().accept()

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.path.text(), "CSV (*.csv)")
        if path:
            self.path.setText(path)

    def options(self) -> ExportOptions:
        checked = [self.tags.item(i) for i in range(self.tags.count())]
        names = tuple(i.data(Qt.ItemDataRole.UserRole) for i in checked if i.checkState() == Qt.CheckState.Checked)
        every = len(names) == self.tags.count()
        documents = (self._document.id,) if self.this_doc.isChecked() and self._document else ()
        return ExportOptions(documents, () if every else names, excel=self.excel.isChecked())

    def chosen_path(self) -> Path:
        return Path(self.path.text()).expanduser()
