"""Everyone's progress as a table: one row per document, one column per coder, and a compact
"2/3 done" column whose tooltip lists who is where (per-coder progress, issue 12)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from annotator.services.progress import Progress
from annotator.ui.models.documents_model import STATUS_MARK

Index = QModelIndex | QPersistentModelIndex


class ProgressModel(QAbstractTableModel):
    """Column 0: the document; 1: how many coders are done; then each coder's status."""

    FIXED = 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.progress = Progress((), (), {}, True)

    def set_progress(self, progress: Progress) -> None:
        self.beginResetModel()
        self.progress = progress
        self.endResetModel()

    def status_text(self, row: int, login: str) -> str:
        """What the cell of a document's row and a coder's column says (tests read it)."""
        column = next(i for i, c in enumerate(self.progress.coders) if c.login == login) + self.FIXED
        return str(self.data(self.index(row, column)))

    def row_of(self, document_id: int) -> int | None:
        return next((i for i, (d, _) in enumerate(self.progress.documents) if d == document_id), None)

    # --- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.progress.documents)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.FIXED + len(self.progress.coders)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or section >= self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section < self.FIXED:
                return (self.tr("Document"), self.tr("Done"))[section]
            return self.progress.coders[section - self.FIXED].display_name
        if role == Qt.ItemDataRole.ToolTipRole and section >= self.FIXED:
            return self.progress.coders[section - self.FIXED].login
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        progress = self.progress
        document_id, title = progress.documents[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return document_id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return title
            if column == 1:
                return progress.summary(document_id)
            status = progress.status(document_id, progress.coders[column - self.FIXED].id).value
            return f"{STATUS_MARK[status]} {status}"
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return "\n".join(f"{c.display_name}: {progress.status(document_id, c.id).value}" for c in progress.coders)
        return None
