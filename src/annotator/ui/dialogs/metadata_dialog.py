"""Edit a document's title, source, date, dateline and URL."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from annotator.domain.models import Document, DocumentMeta


class MetadataDialog(QDialog):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Document details"))
        self.resize(560, 0)
        meta = document.meta
        self.fields = {name: QLineEdit(getattr(meta, name), self)
                       for name in ("title", "source", "published", "dateline", "url", "language")}
        self.fields["published"].setPlaceholderText("2023-11-08, 2023-09 or 2023")
        form = QFormLayout(self)
        labels = {"title": self.tr("&Title"), "source": self.tr("&Source (outlet)"),
                  "published": self.tr("&Published"), "dateline": self.tr("&Dateline"),
                  "url": self.tr("&URL"), "language": self.tr("&Language")}
        for name, edit in self.fields.items():
            form.addRow(labels[name], edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def meta(self) -> DocumentMeta:
        return DocumentMeta(**{name: edit.text() for name, edit in self.fields.items()})
