"""The codebook editor: add, rename, recolour, set key and guideline, reorder, delete — each an
undoable command applied at once, so the reader and the lists follow while the dialog is open."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.fields import FieldError, format_specs, parse_specs
from annotator.domain.models import Tag, TagSpec
from annotator.domain.suggest.model import DETECTORS
from annotator.ui import theme
from annotator.ui.commands import AddTagCommand, DeleteTagCommand, EditCodebookCommand
from annotator.ui.controller import Controller
from annotator.ui.dialogs.fields_dialog import FieldsDialog

NAME, KEY, SUGGESTS, FIELDS, GUIDELINE = 0, 1, 2, 3, 4


class CodebookDialog(QDialog):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Codebook"))
        self.resize(1100, 420)
        self.controller = controller
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Tag"), self.tr("Key"), self.tr("Suggests"), self.tr("Fields"), self.tr("Coding guideline")]
        )
        self.table.setColumnWidth(SUGGESTS, 130)
        self.table.horizontalHeaderItem(SUGGESTS).setToolTip(
            self.tr("Which detector's suggestions this tag gets; renaming the tag keeps them. One tag per detector.")
        )
        self.table.setColumnWidth(FIELDS, 260)
        self.table.horizontalHeaderItem(FIELDS).setToolTip(
            self.tr(
                "Fields each passage of this tag records, separated by “;”: name (text), name:int, name:date, "
                "or name:a|b|c (one of a list). Example: count_min:int; kind:killed|wounded — or use Fields…"
            )
        )
        self.table.horizontalHeader().setSectionResizeMode(GUIDELINE, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(KEY, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(NAME, 200)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.itemChanged.connect(self._on_edit)

        buttons = QHBoxLayout()
        for label, slot in (
            (self.tr("&Add"), self._add),
            (self.tr("&Colour…"), self._recolour),
            (self.tr("&Fields…"), self.edit_fields),
            (self.tr("Move &up"), lambda: self._move(-1)),
            (self.tr("Move &down"), lambda: self._move(1)),
            (self.tr("&Delete…"), self._delete),
        ):
            button = QPushButton(label, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(close)
        controller.codebookChanged.connect(self._fill)
        self._fill(controller.tags)

    def _fill(self, tags: list[Tag]) -> None:
        row_before = self.table.currentRow()
        self.table.blockSignals(True)
        self.table.setRowCount(len(tags))
        for row, tag in enumerate(tags):
            name = QTableWidgetItem(theme.swatch(tag.color), tag.name)
            name.setData(Qt.ItemDataRole.UserRole, tag)
            self.table.setItem(row, NAME, name)
            key = QTableWidgetItem(tag.shortcut)
            key.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, KEY, key)
            fields = QTableWidgetItem(format_specs(tag.fields))
            fields.setToolTip(format_specs(tag.fields).replace("; ", "\n"))
            self.table.setItem(row, FIELDS, fields)
            self.table.setCellWidget(row, SUGGESTS, self._detector_box(tag))
            guideline = QTableWidgetItem(tag.description)
            guideline.setToolTip(tag.description)  # long guidelines are cut in the cell
            self.table.setItem(row, GUIDELINE, guideline)
        self.table.blockSignals(False)
        if 0 <= row_before < len(tags):
            self.table.selectRow(row_before)

    def _detector_box(self, tag: Tag) -> QComboBox:
        box = QComboBox(self.table)
        box.addItem(self.tr("nothing"), "")
        for name in DETECTORS:
            box.addItem(name, name)
        box.setCurrentIndex(max(0, box.findData(tag.detector)))
        box.activated.connect(
            lambda _i, t=tag, b=box: (
                self._push_change(t, replace(t.spec, detector=b.currentData()), self.tr("Suggestions for “%s”") % t.name)
                if b.currentData() != t.detector
                else None
            )
        )
        return box

    def _tag(self, row: int) -> Tag | None:
        item = self.table.item(row, NAME)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _push_change(self, tag: Tag, spec: TagSpec, label: str) -> None:
        services = self.controller.services
        self.controller.perform(EditCodebookCommand(self.controller, label, lambda: services.codebook.change(tag.id, spec)))
        self._fill(self.controller.tags)

    def _on_edit(self, item: QTableWidgetItem) -> None:
        tag = self._tag(item.row())
        if tag is None:
            return
        name = self.table.item(item.row(), NAME).text()
        key = self.table.item(item.row(), KEY).text().strip()
        guideline = self.table.item(item.row(), GUIDELINE).text()
        try:
            fields = parse_specs(self.table.item(item.row(), FIELDS).text())
        except FieldError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            self._fill(self.controller.tags)
            return
        label = self.tr("Rename tag") if name != tag.name else self.tr("Edit tag “%s”") % tag.name
        self._push_change(tag, replace(tag.spec, name=name, shortcut=key, description=guideline, fields=fields), label)

    def _add(self) -> None:
        used = {t.name for t in self.controller.tags}
        name = next(f"new tag {i}" for i in range(1, 1000) if f"new tag {i}" not in used)
        free = next((k for k in "123456789" if k not in {t.shortcut for t in self.controller.tags}), "")
        spec = TagSpec(name, self.controller.services.codebook.suggest_color(), free, "")
        self.controller.perform(AddTagCommand(self.controller, spec))
        self.table.selectRow(self.table.rowCount() - 1)
        self.table.editItem(self.table.item(self.table.rowCount() - 1, NAME))

    def _recolour(self) -> None:
        tag = self._tag(self.table.currentRow())
        if tag is None:
            return
        color = QColorDialog.getColor(QColor(tag.color), self, self.tr("Colour of “%s”") % tag.name)
        if color.isValid():
            spec = replace(tag.spec, color=color.name().upper())
            self._push_change(tag, spec, self.tr("Recolour tag “%s”") % tag.name)

    def edit_fields(self) -> None:
        """The selected tag's fields in a small editor (the Fields cell takes the one-line form too)."""
        tag = self._tag(self.table.currentRow())
        if tag is None:
            return
        dialog = FieldsDialog(tag.name, tag.fields, self)
        if dialog.exec() and dialog.specs() != tag.fields:
            self._push_change(tag, replace(tag.spec, fields=dialog.specs()), self.tr("Fields of “%s”") % tag.name)

    def _move(self, step: int) -> None:
        row = self.table.currentRow()
        ids = [t.id for t in self.controller.tags]
        if not 0 <= row < len(ids) or not 0 <= row + step < len(ids):
            return
        ids[row], ids[row + step] = ids[row + step], ids[row]
        services = self.controller.services
        self.controller.perform(
            EditCodebookCommand(self.controller, self.tr("Reorder tags"), lambda: services.codebook.reorder(ids))
        )
        self.table.selectRow(row + step)

    def _delete(self) -> None:
        tag = self._tag(self.table.currentRow())
        if tag is None:
            return
        used = self.controller.services.codebook.usage(tag.id)
        answer = QMessageBox.question(
            self,
            self.tr("Delete tag"),
            self.tr(
                "Delete the tag “%s”? It marks %d passage(s); passages with no other tag are "
                "deleted with it. You can undo this with Ctrl+Z."
            )
            % (tag.name, used),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.controller.perform(DeleteTagCommand(self.controller, tag))
