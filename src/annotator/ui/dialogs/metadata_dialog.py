"""Edit a document's details: one box per metadata field (domain.models.META_FIELDS), one per
document variable of the library, and the document's memo (issue 14)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from annotator.domain.models import META_FIELDS, Document, DocumentMeta
from annotator.domain.variables import Details, Memo, Variable

_HINTS = {"number": "a number: 12 or 3.5", "date": "a date: 2023-11-08, 2023-09 or 2023", "text": ""}


class MetadataDialog(QDialog):
    def __init__(
        self,
        document: Document,
        parent: QWidget | None = None,
        *,
        variables: Sequence[Variable] = (),
        details: Details | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Document details"))
        self.resize(560, 0)
        meta = document.meta
        held = dict(details.values) if details else {}
        self._memo = details.memo if details else Memo()
        form = QFormLayout(self)
        self.fields: dict[str, QLineEdit] = {}
        for field in META_FIELDS:  # one row per declared field
            edit = QLineEdit(getattr(meta, field.name), self)
            edit.setPlaceholderText(self.tr(field.help))
            form.addRow(self.tr(field.label), edit)
            self.fields[field.name] = edit
        self.variables: dict[str, QLineEdit | QComboBox] = {}
        for variable in variables:  # the library's document variables, in their order
            box: QLineEdit | QComboBox
            if variable.kind == "choice":
                box = QComboBox(self)
                box.addItems(["", *variable.choices])
                box.setCurrentText(held.get(variable.name, ""))
            else:
                box = QLineEdit(held.get(variable.name, ""), self)
                box.setPlaceholderText(self.tr(_HINTS[variable.kind]))
            box.setObjectName(f"variable-{variable.name}")
            form.addRow(variable.name.replace("_", " "), box)
            self.variables[variable.name] = box
        self.memo = QPlainTextEdit(self._memo.text, self)
        self.memo.setObjectName("memo")
        self.memo.setTabChangesFocus(True)
        self.memo.setMaximumHeight(120)
        written = self.tr("&Memo (written %s)") % self._memo.updated_at[:16].replace("T", " ") if self._memo.text else ""
        label = QLabel(written or self.tr("&Memo"), self)
        label.setBuddy(self.memo)
        form.addRow(label, self.memo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def meta(self) -> DocumentMeta:
        return DocumentMeta(**{name: edit.text() for name, edit in self.fields.items()})

    def details(self) -> Details:
        """What was typed; an unchanged memo keeps its time, a changed one is stamped when saved."""
        values = tuple(
            (name, box.currentText() if isinstance(box, QComboBox) else box.text()) for name, box in self.variables.items()
        )
        text = self.memo.toPlainText()
        memo = self._memo if text == self._memo.text else Memo(text)
        return Details(self.meta(), values, memo)
