"""Search hits as keyword-in-context rows: document | left context | match | right context, the
left context right-aligned so every match starts in one column. The Hit under Qt.UserRole."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

if TYPE_CHECKING:
    from annotator.domain.search.matching import Hit  # the stemmers load on the first search

Index = QModelIndex | QPersistentModelIndex
DOCUMENT, LEFT, MATCH, RIGHT = range(4)


class KwicModel(QAbstractTableModel):
    COLUMNS = ("Document", "Left", "Match", "Right")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []
        self._titles: dict[int, str] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def set_hits(self, hits: Sequence[Hit], titles: dict[int, str]) -> None:
        self.beginResetModel()
        self._hits, self._titles = list(hits), titles
        self.endResetModel()

    def hit(self, row: int) -> Hit:
        return self._hits[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit, column = self._hits[index.row()], index.column()
        if role == Qt.ItemDataRole.UserRole:
            return hit
        if role == Qt.ItemDataRole.DisplayRole:
            if column == DOCUMENT:
                return f"{hit.document_id} · {self._titles.get(hit.document_id, '')}"
            return (hit.left, " ".join(hit.match.split("\n")), hit.right)[column - 1]
        if role == Qt.ItemDataRole.ToolTipRole and column == DOCUMENT:
            return self._titles.get(hit.document_id, "")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = {LEFT: Qt.AlignmentFlag.AlignRight, MATCH: Qt.AlignmentFlag.AlignHCenter}
            return horizontal.get(column, Qt.AlignmentFlag.AlignLeft) | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.FontRole and column == MATCH:
            return self._bold
        return None
