"""View → Everyone's progress: each coder's status of each document, kept current while open —
the window's own changes and other coders' (through the change log) both refresh it. A coder on
a team server sees their own column only (blind coding; the server's row security agrees)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QDialog, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from annotator.services import Changes
from annotator.ui.models.progress_model import ProgressModel

if TYPE_CHECKING:
    from annotator.services.progress import Progress
    from annotator.ui.controller import Controller

TASK = "everyone's progress"  # its key in the window's Tasks: a burst of changes reads it once


class ProgressDialog(QDialog):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Everyone's progress"))
        self._controller = controller
        self.model = ProgressModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._open)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self.resize(720, 480)
        # A burst of changes (a merge, another coder's clicks) reads the table once, a moment later.
        self._later = QTimer(self, singleShot=True, interval=100)
        self._later.timeout.connect(self.refresh)
        controller.changed.connect(self._on_changed)
        controller.documentsChanged.connect(lambda _docs: self._later.start())  # own status changes
        self.refresh()

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.documents or changes.library:
            self._later.start()

    def refresh(self) -> None:
        """Read everyone's statuses off the window's thread (100,000 documents: a listing)."""
        if not self.isVisible() and self.model.rowCount():
            return  # hidden: read again when shown
        services = self._controller.services
        self._controller.tasks.run(TASK, lambda _ticket: services.progress.progress(), self._show, failed=lambda _e: None)

    def _show(self, progress: Progress) -> None:
        self.model.set_progress(progress)
        self.note.setText(
            ""
            if progress.everyone
            else self.tr("Only your own column: while coding is blind, the others' progress is the lead's to see.")
        )

    def showEvent(self, event: object) -> None:  # type: ignore[override]
        super().showEvent(event)  # type: ignore[arg-type]
        self.refresh()

    def _open(self, index: object) -> None:
        document_id = self.model.data(index, Qt.ItemDataRole.UserRole)  # type: ignore[arg-type]
        if document_id is not None:
            self._controller.open_document(int(document_id))
