"""The library list: one row per document, its ListedDocument under Qt.UserRole.

Rows are the listing's plain tuples (domain.listing); a ListedDocument is built only for a row a
view asks for, so 100,000 documents cost one list, not 100,000 objects. Sorting and filtering live
here, on that list, instead of in a QSortFilterProxyModel: a proxy compares rows through data()
calls, which for 10,000 documents costs a second per sort.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from annotator.domain import listing
from annotator.domain.listing import COUNT, DATELINE, FILENAME, ID, PUBLISHED, SOURCE, STATUS, TITLE, Row
from annotator.domain.models import Document, Status

Index = QModelIndex | QPersistentModelIndex
STATUS_MARK = {status.value: mark for status, mark in {Status.NEW: "○", Status.IN_PROGRESS: "◐", Status.DONE: "●"}.items()}
STATUS_ORDER = {status.value: i for i, status in enumerate(Status)}
SORT_KEYS: tuple[Callable[[Row], Any], ...] = (
    lambda r: (r[TITLE] or r[FILENAME]).casefold(),
    lambda r: r[SOURCE].casefold(),
    itemgetter(PUBLISHED),
    itemgetter(COUNT),
    lambda r: STATUS_ORDER[r[STATUS]],
)


class DocumentsModel(QAbstractTableModel):
    COLUMNS = ("Title", "Source", "Date", "Passages", "Status")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[Row] = []
        self._rows: list[Row] = []  # shown: filtered and sorted
        self._row_of: dict[int, int] | None = {}  # made when first asked for (a reset costs nothing)
        self._sort = (2, Qt.SortOrder.AscendingOrder)
        self._needle = ""

    # --- content -------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Row]) -> None:
        """The whole library, as listed (services.documents.listing)."""
        self.beginResetModel()
        self._all = list(rows)
        self._arrange()
        self.endResetModel()

    def update_documents(self, documents: Sequence[Document]) -> None:
        """Refresh rows in place (counts, status, metadata); the order is kept until the next sort."""
        changed = {d.id: listing.row(d) for d in documents}
        self._all = [changed.get(r[ID], r) for r in self._all]
        for document_id, new in changed.items():
            row = self.row_of(document_id)
            if row is not None:
                self._rows[row] = new
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
        shown = [r for r in self._all if _matches(r, needle)] if needle else list(self._all)
        column, order = self._sort
        shown.sort(key=SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = shown
        self._row_of = None

    def row_of(self, document_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {r[ID]: i for i, r in enumerate(self._rows)}
        return self._row_of.get(document_id)

    def document_ids(self) -> list[int]:
        return [r[ID] for r in self._all]

    def shown_ids(self) -> list[int]:
        """The documents the list shows (its filter applied), in its order."""
        return [r[ID] for r in self._rows]

    def total(self) -> int:
        """Documents in the library, shown or filtered out."""
        return len(self._all)

    # --- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return listing.listed(row)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row[TITLE] or row[FILENAME]
            return (None, row[SOURCE], row[PUBLISHED], str(row[COUNT]), STATUS_MARK[row[STATUS]])[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row[TITLE]}\n{row[SOURCE]}\n{row[FILENAME]}\nStatus: {row[STATUS]}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _matches(row: Row, needle: str) -> bool:
    return any(needle in row[i].casefold() for i in (TITLE, SOURCE, PUBLISHED, DATELINE, FILENAME))
