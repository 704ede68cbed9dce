"""File → Export…: scope, tags, format (with a sentence on when to use it), file name, and
whether the CSV is for a spreadsheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.export_rows import FORMATS
from annotator.domain.models import Document, Tag
from annotator.services.options import ExportOptions
from annotator.ui import theme


class ExportDialog(QDialog):
    def __init__(self, tags: list[Tag], document: Document | None, folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export passages"))
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

        # One entry per format (domain.export_rows.FORMATS), each with when to use it.
        self._when = {
            "csv": (self.tr("CSV"), self.tr("CSV for pandas, R and scripts: every cell exactly as stored.")),
            "xlsx": (
                self.tr("Excel workbook (XLSX)"),
                self.tr("XLSX for spreadsheets: safe (text is never run as a formula), with the codebook."),
            ),
            "jsonl": (self.tr("JSON Lines"), self.tr("JSON Lines: one row per line, for pandas and jq.")),
            "qdpx": (
                self.tr("REFI-QDA project (QDPX)"),
                self.tr("QDPX for other QDA tools (MAXQDA, NVivo, ATLAS.ti, QualCoder): texts, codes, coders, passages."),
            ),
            "jsonld": (
                self.tr("W3C Web Annotations (JSON-LD)"),
                self.tr("JSON-LD for web annotation tools and archives: documents named by their text's hash."),
            ),
        }
        self.format = QComboBox(self)
        for name in FORMATS:
            self.format.addItem(self._when[name][0], name)
        self.when = QLabel(self._when["csv"][1], self)
        self.when.setWordWrap(True)

        self._folder = Path(folder)
        self._confirmed = ""  # a path the file dialog already asked about
        self.path = QLineEdit(self._automatic_path(), self)
        self.format.currentIndexChanged.connect(self._follow_format)
        self.this_doc.toggled.connect(self._follow_scope)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        # One choice: a CSV for a spreadsheet (BOM, formula-like cells shown as text) or, by default,
        # every cell exactly as stored (pandas, R, scripts).
        self.excel = QCheckBox(
            self.tr(
                "For a spreadsheet (Excel, LibreOffice): add a byte-order mark and show "
                "cells that start with = + - @ as text"
            ),
            self,
        )

        form = QFormLayout()
        form.addRow(self.tr("Tags"), self.tags)
        form.addRow(self.tr("Format"), self.format)
        form.addRow("", self.when)
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

    def chosen_format(self) -> str:
        return str(self.format.currentData() or "csv")

    def _automatic_path(self, this_document: bool | None = None, format: str | None = None) -> str:
        """The file name the dialog proposes: the document's for one document, "passages" for all."""
        one = self.this_doc.isChecked() if this_document is None else this_document
        name = self._document.filename.rsplit(".", 1)[0] if self._document and one else "passages"
        return str(self._folder / f"{name}{FORMATS[format or self.chosen_format()]}")

    def _follow_format(self) -> None:
        """A new format: its sentence, its suffix on the file name, the spreadsheet box for CSV only."""
        chosen = self.chosen_format()
        self.when.setText(self._when[chosen][1])
        self.excel.setEnabled(chosen == "csv")
        path = Path(self.path.text())
        if path.suffix in FORMATS.values() and path.suffix != FORMATS[chosen]:
            self.path.setText(str(path.with_suffix(FORMATS[chosen])))

    def _follow_scope(self, this_document: bool) -> None:
        """Switching scope renames the file, unless the user typed or chose a name of their own."""
        if self.path.text() == self._automatic_path(not this_document):
            self.path.setText(self._automatic_path(this_document))

    def accept(self) -> None:
        checked = [self.tags.item(i).checkState() == Qt.CheckState.Checked for i in range(self.tags.count())]
        if self.tags.count() and not any(checked):
            QMessageBox.information(self, self.windowTitle(), self.tr("Tick at least one tag to export."))
            return
        path = self.chosen_path()
        if path.exists() and str(path) != self._confirmed:
            answer = QMessageBox.question(
                self,
                self.windowTitle(),
                self.tr("%s already exists. Replace it?") % path,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().accept()

    def _browse(self) -> None:
        label, suffix = self._when[self.chosen_format()][0], FORMATS[self.chosen_format()]
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.path.text(), f"{label} (*{suffix})")
        if path:  # the file dialog has asked about replacing it already
            self.path.setText(path)
            self._confirmed = str(self.chosen_path())

    def options(self) -> ExportOptions:
        checked = [self.tags.item(i) for i in range(self.tags.count())]
        names = tuple(i.data(Qt.ItemDataRole.UserRole) for i in checked if i.checkState() == Qt.CheckState.Checked)
        every = len(names) == self.tags.count()
        documents = (self._document.id,) if self.this_doc.isChecked() and self._document else ()
        chosen = self.chosen_format()
        excel = self.excel.isChecked() and chosen == "csv"
        return ExportOptions(documents, () if every else names, excel=excel, format=chosen)

    def chosen_path(self) -> Path:
        return Path(self.path.text()).expanduser()
