"""The typed fields of the selected annotation (its tags' fields), edited in place.

A typed value is saved when Enter is pressed or its box loses focus (a list value when it is
chosen); each save is one undoable change, checked by the service (a wrong date gets a sentence)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from annotator.domain.codebook import annotation_fields
from annotator.domain.fields import FieldSpec
from annotator.domain.models import Annotation, Tag
from annotator.ui.widgets.file_drops import pass_file_drops

_HINTS = {"int": "a whole number", "date": "ISO 8601: 2023-11-08, 2023-11, 2023", "text": ""}


class FieldsEditor(QWidget):
    fieldsEdited = Signal(int, object)  # annotation id, {name: value}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form = QFormLayout(self)
        self._form.setContentsMargins(0, 0, 0, 0)
        self._annotation: Annotation | None = None
        self._editors: dict[str, QLineEdit | QComboBox] = {}

    def show_annotation(self, annotation: Annotation | None, tags: Sequence[Tag]) -> None:
        """Rebuild the form for an annotation's fields (nothing when it has none)."""
        focused = next((n for n, e in self._editors.items() if e.hasFocus()), None)
        if annotation is not None and self._annotation is not None and annotation.id == self._annotation.id and focused:
            self._annotation = annotation  # the user is in the form: do not rebuild under their hands,
            self.show_stored()  # but show what is stored wherever they are not typing
            return
        self._annotation = annotation
        while self._form.rowCount():
            self._form.removeRow(0)
        self._editors = {}
        specs = self._specs(annotation, tags)
        self.setVisible(bool(specs))
        if annotation is None:
            return
        values = dict(annotation.fields)
        for spec in specs:
            editor = self._editor(spec, values.get(spec.name, ""))
            self._editors[spec.name] = editor
            label = QLabel(spec.name.replace("_", " "), self)
            label.setBuddy(editor)
            self._form.addRow(label, editor)

    def editor(self, name: str) -> QLineEdit | QComboBox | None:
        return self._editors.get(name)

    @staticmethod
    def _specs(annotation: Annotation | None, tags: Sequence[Tag]) -> list[FieldSpec]:
        if annotation is None:
            return []
        return annotation_fields(annotation.tag_ids, tags)

    def _editor(self, spec: FieldSpec, value: str) -> QLineEdit | QComboBox:
        if spec.kind == "choice":
            combo = QComboBox(self)
            combo.addItem("", "")
            for choice in spec.choices:
                combo.addItem(choice, choice)
            if value and combo.findData(value) < 0:
                combo.addItem(value, value)  # a value from before the list changed stays visible
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.activated.connect(lambda _i, n=spec.name, c=combo: self._save(n, c.currentData()))
            return combo
        line = QLineEdit(value, self)
        pass_file_drops(line)
        line.setPlaceholderText(_HINTS.get(spec.kind, ""))
        # editingFinished also fires when the box merely loses focus: only what was typed is saved,
        # so a box that shows an older value can never write it back.
        line.editingFinished.connect(lambda n=spec.name, e=line: e.isModified() and self._save(n, e.text()))
        return line

    def _save(self, name: str, value: str) -> None:
        annotation = self._annotation
        editor = self._editors.get(name)
        if isinstance(editor, QLineEdit):
            editor.setModified(False)  # submitted; the stored value comes back through show_annotation
        if annotation is not None and dict(annotation.fields).get(name, "") != value.strip():
            self.fieldsEdited.emit(annotation.id, {name: value})

    def show_stored(self) -> None:
        """Show the stored values (normalised, or the old ones after a refusal) in every box not being typed in."""
        stored = dict(self._annotation.fields) if self._annotation is not None else {}
        for name, editor in self._editors.items():
            if isinstance(editor, QLineEdit):
                if not editor.isModified() and editor.text() != stored.get(name, ""):
                    editor.setText(stored.get(name, ""))
            else:
                editor.setCurrentIndex(max(0, editor.findData(stored.get(name, ""))))
