"""The library list: one row per document, the Document under Qt.UserRole.

Sorting and filtering live here, on the Python list, instead of in a QSortFilterProxyModel: a
proxy compares rows through data() calls, which for 10,000 documents costs a second per sort.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from annotator.domain.models import Document, Status

Index = QModelIndex | QPersistentModelIndex
STATUS_MARK = {Status.NEW: "○", Status.IN_PROGRESS: "◐", Status.DONE: "●"}
STATUS_ORDER = {status: i for i, status in enumerate(Status)}
SORT_KEYS: tuple[Callable[[Document], Any], ...] = (
    lambda d: (d.title or d.filename).casefold(),
    lambda d: d.meta.source.casefold(),
    lambda d: d.meta.published,
    lambda d: d.annotation_count,
    lambda d: STATUS_ORDER[d.status],
)


class DocumentsModel(QAbstractTableModel):
    COLUMNS = ("Title", "Source", "Date", "Passages", "Status")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[Document] = []
        self._docs: list[Document] = []  # shown: filtered and sorted
        self._row_of: dict[int, int] = {}
        self._sort = (2, Qt.SortOrder.AscendingOrder)
        self._needle = ""

    # --- content -------------------------------------------------------------------------
    def set_documents(self, documents: Sequence[Document]) -> None:
        self.beginResetModel()
        self._all = list(documents)
        self._arrange()
        self.endResetModel()

    def update_documents(self, documents: Sequence[Document]) -> None:
        """Refresh rows in place (counts, status, metadata); the order is kept until the next sort."""
        changed = {d.id: d for d in documents}
        self._all = [changed.get(d.id, d) for d in self._all]
        for document in documents:
            row = self._row_of.get(document.id)
            if row is not None:
                self._docs[row] = document
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def set_filter(self, needle: str) -> None:
        self.beginResetModel()
        self._needle = needle.casefold().strip()
        self._arrange()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._arrange()
        self.layoutChanged.emit()

    def _arrange(self) -> None:
        needle = self._needle
        shown = [d for d in self._all if _matches(d, needle)] if needle else list(self._all)
        column, order = self._sort
        shown.sort(key=SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self._docs = shown
        self._row_of = {d.id: i for i, d in enumerate(shown)}

    def row_of(self, document_id: int) -> int | None:
        return self._row_of.get(document_id)

    def document_ids(self) -> list[int]:
        return [d.id for d in self._all]

    # --- Qt model interface ----------------------------------------------------------------
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
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{doc.title}\n{doc.meta.source}\n{doc.filename}\nStatus: {doc.status.value}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _matches(document: Document, needle: str) -> bool:
    meta = document.meta
    return any(needle in value.casefold() for value in (meta.title, meta.source, meta.published, meta.dateline,
                                                         document.filename))
