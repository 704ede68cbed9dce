"""Table models of the Analysis window (issue 14): any grid of text cells from domain.tables or
domain.compare, each cell carrying its (row, column) key under Qt.UserRole; and the proxy that
sorts it (numbers as numbers, the total row last) and filters its rows by their names."""

from __future__ import annotations

import math
import re
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from annotator.domain.tables import TOTAL

Index = QModelIndex | QPersistentModelIndex


class GridModel(QAbstractTableModel):
    """A header and rows of text; the first `keys` columns name the row (a tag; a date and kind)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self.keys = 1

    def set_grid(self, header: list[str], rows: list[list[str]], keys: int = 1) -> None:
        self.beginResetModel()
        self.header, self.rows, self.keys = header, rows, keys
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.header)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[row][column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= self.keys:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:  # (the row's key, the column's label)
            return (tuple(self.rows[row][: self.keys]), self.header[column])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and section < len(self.header):
            return self.header[section]
        return None


NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def sort_key(text: str) -> tuple[int, float, str]:
    """Empty cells first, then cells by their first number ("12 (40.0%)", "at least 200",
    "25–30"; ties by their text, so dates order as dates), then words by their text."""
    if not text:
        return (0, -math.inf, "")
    found = NUMBER.search(text)
    if found is not None:
        return (1, float(found.group().replace(",", "")), text.casefold())
    return (2, 0.0, text.casefold())


class GridProxy(QSortFilterProxyModel):
    """A header click sorts the rows by that column, numbers as numbers; the total row stays last
    in either order. The filter keeps the rows whose name (the key columns: a tag; a date or a
    kind) holds the text, case-blind — and the total row."""

    def __init__(self, source: GridModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.needle = ""  # the filter's text, folded

    def set_filter(self, text: str) -> None:
        self.beginFilterChange()
        self.needle = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def grid(self) -> GridModel:
        return self.sourceModel()  # type: ignore[return-value]

    def _is_total(self, row: int) -> bool:
        rows = self.grid().rows
        return 0 <= row < len(rows) and rows[row][0] == TOTAL

    def lessThan(self, left: Index, right: Index) -> bool:
        # Qt reverses the comparison for a descending sort: answer so the total lands last anyway.
        last_first = self.sortOrder() == Qt.SortOrder.DescendingOrder
        if self._is_total(left.row()) != self._is_total(right.row()):
            return last_first if self._is_total(left.row()) else not last_first
        rows = self.grid().rows
        column = left.column()
        return sort_key(rows[left.row()][column]) < sort_key(rows[right.row()][column])

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.needle or self._is_total(source_row):
            return True
        grid = self.grid()
        return any(self.needle in cell.casefold() for cell in grid.rows[source_row][: grid.keys])
