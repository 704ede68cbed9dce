"""Set one document variable for several documents at once (the library pane's "Set variable…")."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from annotator.domain.variables import Variable

_HINTS = {"number": "a number: 12 or 3.5", "date": "a date: 2023-11-08, 2023-09 or 2023", "text": "any text"}


class SetVariableDialog(QDialog):
    """A variable and a value; a choice variable offers its choices, the others an editable box.
    An empty value removes the variable's value from the documents."""

    def __init__(self, variables: Sequence[Variable], documents: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set variable"))
        self._variables = {v.name: v for v in variables}
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("For %d selected documents; an empty value removes it.") % documents, self))
        self.variable = QComboBox(self)
        self.variable.setObjectName("variable")
        self.variable.addItems(list(self._variables))
        self.value = QComboBox(self)
        self.value.setObjectName("value")
        form.addRow(self.tr("&Variable"), self.variable)
        form.addRow(self.tr("V&alue"), self.value)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.variable.currentTextChanged.connect(self._fit_value)
        self._fit_value(self.variable.currentText())

    def _fit_value(self, name: str) -> None:
        variable = self._variables.get(name)
        self.value.clear()
        choice = variable is not None and variable.kind == "choice"
        # A choice is picked from its list (a typo cannot reach the service); other kinds are typed.
        self.value.setEditable(not choice)
        if variable is not None and choice:
            self.value.addItems(["", *variable.choices])
        elif variable is not None and self.value.lineEdit() is not None:
            self.value.lineEdit().setPlaceholderText(self.tr(_HINTS[variable.kind]))

    def chosen(self) -> tuple[str, str]:
        """(variable name, value) as chosen."""
        return self.variable.currentText(), self.value.currentText()
