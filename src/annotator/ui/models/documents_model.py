"""The library list: one row per document, the Document under Qt.UserRole."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from annotator.domain.models import Document, Status

Index = QModelIndex | QPersistentModelIndex
STATUS_MARK = {Status.NEW: "○", Status.IN_PROGRESS: "◐", Status.DONE: "●"}


class DocumentsModel(QAbstractTableModel):
    COLUMNS = ("Title", "Source", "Date", "Tags", "")
    SORT_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._docs: list[Document] = []
        self._row_of: dict[int, int] = {}

    def set_documents(self, documents: Sequence[Document]) -> None:
        self.beginResetModel()
        self._docs = list(documents)
        self._row_of = {d.id: i for i, d in enumerate(self._docs)}
        self.endResetModel()

    def update_documents(self, documents: Sequence[Document]) -> None:
        for document in documents:
            row = self._row_of.get(document.id)
            if row is None:
                continue
            self._docs[row] = document
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def row_of(self, document_id: int) -> int | None:
        return self._row_of.get(document_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._docs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        doc = self._docs[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return doc
        if role == Qt.ItemDataRole.DisplayRole:
            return (doc.title or doc.filename, doc.meta.source, doc.meta.published,
                    str(doc.annotation_count), STATUS_MARK[doc.status])[column]
        if role == self.SORT_ROLE:
            return (doc.title.lower(), doc.meta.source.lower(), doc.meta.published,
                    doc.annotation_count, list(Status).index(doc.status))[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{doc.title}\n{doc.meta.source}\n{doc.filename}\nStatus: {doc.status.value}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
