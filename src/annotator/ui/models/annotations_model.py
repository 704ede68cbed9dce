"""The annotations of the open document, in text order, the Annotation under Qt.UserRole.

Filtering (by tag, by text) is built in rather than put behind a QSortFilterProxyModel: a proxy
calls back into Python once per row, which for 50,000 annotations costs a quarter of a second on
every open. Here an unfiltered model shows its list as it is, and a filter is one list pass.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from annotator.domain.models import Annotation, Tag

Index = QModelIndex | QPersistentModelIndex
Key = tuple[int, int, int]


def _key(a: Annotation) -> Key:
    return (a.start, a.end, a.id)


class _Sorted:
    """Annotations sorted by position, with their keys alongside for binary search."""

    def __init__(self, items: Sequence[Annotation] = ()) -> None:
        self.items = sorted(items, key=_key)
        self.keys = [_key(a) for a in self.items]

    def row(self, key: Key) -> int | None:
        row = bisect_left(self.keys, key)
        return row if row < len(self.keys) and self.keys[row] == key else None

    def insert(self, annotation: Annotation) -> int:
        key = _key(annotation)
        row = bisect_left(self.keys, key)
        self.items.insert(row, annotation)
        self.keys.insert(row, key)
        return row

    def delete(self, row: int) -> None:
        del self.items[row]
        del self.keys[row]


class AnnotationsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all = _Sorted()
        self._shown = self._all  # the same object while no filter is set
        self._key_of: dict[int, Key] = {}
        self._tag_id: int | None = None
        self._needle = ""
        self.tags: dict[int, Tag] = {}

    # --- content -------------------------------------------------------------------------
    def set_annotations(self, annotations: Sequence[Annotation]) -> None:
        self.beginResetModel()
        self._all = _Sorted(annotations)
        self._key_of = {a.id: k for a, k in zip(self._all.items, self._all.keys, strict=True)}
        self._shown = self._filtered()
        self.endResetModel()

    def set_tags(self, tags: Sequence[Tag]) -> None:
        self.tags = {t.id: t for t in tags}
        if self._shown.items:
            self.dataChanged.emit(self.index(0), self.index(len(self._shown.items) - 1))

    def set_filter(self, tag_id: int | None, needle: str) -> None:
        self.beginResetModel()
        self._tag_id, self._needle = tag_id, needle.casefold().strip()
        self._shown = self._filtered()
        self.endResetModel()

    def upsert(self, annotation: Annotation) -> None:
        old_key = self._key_of.get(annotation.id)
        if old_key == _key(annotation):
            all_row = self._all.row(old_key)
            assert all_row is not None
            self._all.items[all_row] = annotation
            if self._shown is not self._all:
                shown_row = self._shown.row(old_key)
                if shown_row is not None and not self.accepts(annotation):
                    self._remove_shown(shown_row)
                elif shown_row is not None:
                    self._shown.items[shown_row] = annotation
                elif self.accepts(annotation):
                    self._insert_shown(annotation)
            row = self._shown.row(old_key)
            if row is not None:
                self.dataChanged.emit(self.index(row), self.index(row))
            return
        if old_key is not None:
            self.remove(annotation.id)
        self._key_of[annotation.id] = _key(annotation)
        if self._shown is self._all:
            self._insert_shown(annotation)
        else:
            self._all.insert(annotation)
            if self.accepts(annotation):
                self._insert_shown(annotation)

    def remove(self, annotation_id: int) -> None:
        key = self._key_of.pop(annotation_id, None)
        if key is None:
            return
        shown_row = self._shown.row(key)
        if self._shown is not self._all:
            all_row = self._all.row(key)
            if all_row is not None:
                self._all.delete(all_row)
        if shown_row is not None:
            self._remove_shown(shown_row)

    def _insert_shown(self, annotation: Annotation) -> None:
        row = bisect_left(self._shown.keys, _key(annotation))
        self.beginInsertRows(QModelIndex(), row, row)
        self._shown.insert(annotation)
        self.endInsertRows()

    def _remove_shown(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        self._shown.delete(row)
        self.endRemoveRows()

    # --- queries -------------------------------------------------------------------------
    def accepts(self, a: Annotation) -> bool:
        if self._tag_id is not None and self._tag_id not in a.tag_ids:
            return False
        return not self._needle or self._needle in a.quote.casefold() or self._needle in a.note.casefold()

    def _filtered(self) -> _Sorted:
        if self._tag_id is None and not self._needle:
            return self._all
        shown = _Sorted()
        shown.items = [a for a in self._all.items if self.accepts(a)]
        shown.keys = [_key(a) for a in shown.items]
        return shown

    def row_of(self, annotation_id: int) -> int | None:
        """The row showing this annotation, or None (unknown, or hidden by the filter)."""
        key = self._key_of.get(annotation_id)
        return None if key is None else self._shown.row(key)

    def annotation(self, annotation_id: int) -> Annotation | None:
        key = self._key_of.get(annotation_id)
        row = None if key is None else self._all.row(key)
        return None if row is None else self._all.items[row]

    def all(self) -> list[Annotation]:
        return list(self._all.items)

    # --- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        a = self._shown.items[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return a
        if role == Qt.ItemDataRole.DisplayRole:
            return " ".join(a.quote.split())
        if role == Qt.ItemDataRole.ToolTipRole:
            names = ", ".join(self.tags[t].name for t in a.tag_ids if t in self.tags)
            return f"{names}\n{a.quote}" + (f"\n\nNote: {a.note}" if a.note else "")
        return None
