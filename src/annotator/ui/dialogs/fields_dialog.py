"""Tags → Codebook… → Fields…: a tag's fields as rows (name, type, choices) instead of the one-line
form `count_min:int; kind:killed|wounded`, which the codebook's Fields cell still takes as typed."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.fields import FieldError, FieldSpec, format_specs, parse_specs

KINDS = (("text", "Text"), ("int", "Whole number"), ("date", "Date (ISO 8601)"), ("choice", "One of a list"))
NAME, KIND, CHOICES = 0, 1, 2


class FieldsDialog(QDialog):
    def __init__(self, tag_name: str, specs: tuple[FieldSpec, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Fields of “%s”") % tag_name)
        self.resize(640, 320)
        self._specs = specs
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Type"), self.tr("Choices (one of a list)")])
        self.table.horizontalHeader().setSectionResizeMode(CHOICES, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(NAME, 160)
        self.table.setColumnWidth(KIND, 150)
        self.table.verticalHeader().hide()
        for spec in specs:
            self.add_row(spec)
        buttons = QHBoxLayout()
        for label, slot in (
            (self.tr("&Add field"), lambda: self.add_row(FieldSpec("", "text"))),
            (self.tr("&Remove field"), self._remove),
        ):
            button = QPushButton(label, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        hint = QLabel(self.tr("Names are lower-case letters, digits and _. Choices are separated by “|”."), self)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        layout.addWidget(box)

    def add_row(self, spec: FieldSpec) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setCellWidget(row, NAME, QLineEdit(spec.name, self.table))
        kind = QComboBox(self.table)
        for value, label in KINDS:
            kind.addItem(self.tr(label), value)
        kind.setCurrentIndex(max(0, kind.findData(spec.kind)))
        choices = QLineEdit("|".join(spec.choices), self.table)
        choices.setEnabled(spec.kind == "choice")
        kind.currentIndexChanged.connect(lambda _i, k=kind, c=choices: c.setEnabled(k.currentData() == "choice"))
        self.table.setCellWidget(row, KIND, kind)
        self.table.setCellWidget(row, CHOICES, choices)

    def _remove(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())

    def _line(self) -> str:
        """The rows in the one-line form, so the one parser checks them (no second rule)."""
        parts = []
        for row in range(self.table.rowCount()):
            name = self.table.cellWidget(row, NAME).text().strip()  # type: ignore[attr-defined]
            kind = self.table.cellWidget(row, KIND).currentData()  # type: ignore[attr-defined]
            choices = self.table.cellWidget(row, CHOICES).text()  # type: ignore[attr-defined]
            if not name:
                continue
            parts.append(f"{name}:{choices}|" if kind == "choice" else f"{name}:{kind}")  # "|": a list, even of one
        return "; ".join(parts)

    def accept(self) -> None:
        try:
            specs = parse_specs(self._line())
            if any(s.kind == "choice" and not s.choices for s in specs):
                raise FieldError(self.tr("a field of the type “one of a list” needs its choices, separated by “|”"))
        except FieldError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        self._specs = specs
        super().accept()

    def specs(self) -> tuple[FieldSpec, ...]:
        return self._specs

    def as_text(self) -> str:
        return format_specs(self._specs)
