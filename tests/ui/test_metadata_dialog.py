"""The details dialog has one box per declared metadata field and gives back what was typed."""

import dataclasses

from PySide6.QtWidgets import QLabel

from annotator.domain.models import META_FIELDS, Document, DocumentMeta, Status
from annotator.ui.dialogs.metadata_dialog import MetadataDialog


def test_one_box_per_field_and_what_is_typed_comes_back(qtbot):
    meta = DocumentMeta("T", "AP", "2023-11", "BAKU", "https://example.org", "en")
    dialog = MetadataDialog(Document(1, meta, "a.txt", "0" * 64, "2023-11-08T00:00:00Z", Status.NEW, 10))
    qtbot.addWidget(dialog)
    assert list(dialog.fields) == [f.name for f in META_FIELDS]
    assert dialog.meta() == meta
    labels = [w.text() for w in dialog.findChildren(QLabel)]
    assert "&Dateline" in labels and "&URL" in labels
    dialog.fields["dateline"].setText("KHANKENDI")
    assert dataclasses.replace(meta, dateline="KHANKENDI") == dialog.meta()
