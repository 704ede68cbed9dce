"""Edit a document's details: one box per metadata field (domain.models.META_FIELDS)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from annotator.domain.models import META_FIELDS, Document, DocumentMeta


class MetadataDialog(QDialog):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Document details"))
        self.resize(560, 0)
        meta = document.meta
        form = QFormLayout(self)
        self.fields: dict[str, QLineEdit] = {}
        for field in META_FIELDS:  # one row per declared field
            edit = QLineEdit(getattr(meta, field.name), self)
            edit.setPlaceholderText(self.tr(field.help))
            form.addRow(self.tr(field.label), edit)
            self.fields[field.name] = edit
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def meta(self) -> DocumentMeta:
        return DocumentMeta(**{name: edit.text() for name, edit in self.fields.items()})
