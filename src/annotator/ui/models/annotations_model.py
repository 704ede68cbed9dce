"""The annotations of the open document, in text order, the Annotation under Qt.UserRole."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel,
                            Qt)

from annotator.domain.models import Annotation, Tag

Index = QModelIndex | QPersistentModelIndex


def _key(a: Annotation) -> tuple[int, int, int]:
    return (a.start, a.end, a.id)


class AnnotationsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Annotation] = []
        self._keys: list[tuple[int, int, int]] = []  # parallel to _items, for binary search
        self._key_of: dict[int, tuple[int, int, int]] = {}
        self.tags: dict[int, Tag] = {}

    def set_annotations(self, annotations: Sequence[Annotation]) -> None:
        self.beginResetModel()
        self._items = sorted(annotations, key=_key)
        self._keys = [_key(a) for a in self._items]
        self._key_of = {a.id: k for a, k in zip(self._items, self._keys, strict=True)}
        self.endResetModel()

    def set_tags(self, tags: Sequence[Tag]) -> None:
        self.tags = {t.id: t for t in tags}
        if self._items:
            self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1))

    def upsert(self, annotation: Annotation) -> None:
        row = self.row_of(annotation.id)
        if row is not None and _key(self._items[row]) == _key(annotation):
            self._items[row] = annotation
            self.dataChanged.emit(self.index(row), self.index(row))
            return
        if row is not None:
            self.remove(annotation.id)
        key = _key(annotation)
        row = bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.insert(row, annotation)
        self._keys.insert(row, key)
        self._key_of[annotation.id] = key
        self.endInsertRows()

    def remove(self, annotation_id: int) -> None:
        row = self.row_of(annotation_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._items[row]
        del self._keys[row]
        del self._key_of[annotation_id]
        self.endRemoveRows()

    def row_of(self, annotation_id: int) -> int | None:
        key = self._key_of.get(annotation_id)
        return None if key is None else bisect_left(self._keys, key)

    def at_span(self, start: int, end: int) -> Annotation | None:
        """The oldest annotation covering exactly [start, end), if any."""
        row = bisect_left(self._keys, (start, end, -1))
        if row < len(self._keys) and self._keys[row][:2] == (start, end):
            return self._items[row]
        return None

    def annotation(self, annotation_id: int) -> Annotation | None:
        row = self.row_of(annotation_id)
        return self._items[row] if row is not None else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        a = self._items[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return a
        if role == Qt.ItemDataRole.DisplayRole:
            return " ".join(a.quote.split())
        if role == Qt.ItemDataRole.ToolTipRole:
            names = ", ".join(self.tags[t].name for t in a.tag_ids if t in self.tags)
            return f"{names}\n{a.quote}" + (f"\n\nNote: {a.note}" if a.note else "")
        return None


class AnnotationFilterModel(QSortFilterProxyModel):
    """Shows the annotations carrying one tag (or any) whose passage or note contains a text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tag_id: int | None = None
        self._needle = ""

    def set_tag(self, tag_id: int | None) -> None:
        self._tag_id = tag_id
        self._refilter()

    def set_text(self, needle: str) -> None:
        self._needle = needle.casefold().strip()
        self._refilter()

    def _refilter(self) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9; invalidateFilter is deprecated there
            self.beginFilterChange()
            self.endFilterChange()
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        a: Annotation = self.sourceModel().index(source_row, 0, source_parent).data(Qt.ItemDataRole.UserRole)
        if self._tag_id is not None and self._tag_id not in a.tag_ids:
            return False
        return not self._needle or self._needle in a.quote.casefold() or self._needle in a.note.casefold()
