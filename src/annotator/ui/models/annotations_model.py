"""The annotations of the open document, in text order, the Annotation under Qt.UserRole.

Every row is known by its key (start, end, id) and its tags; the Annotation itself (passage,
note, fields) is fetched when the row is shown, a page at a time, through the `fetch` the window
gives (issue 17 §3: 200,000 Annotations built up front cost seconds and most of a gigabyte). A
short article's list is given whole and nothing is fetched.

Filtering (by tag, by text) is built in rather than put behind a QSortFilterProxyModel: a proxy
calls back into Python once per row. The tag filter reads the kept tags; the text filter asks
`match` for the ids whose passage or note holds the words (one query), or reads the given list.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from annotator.domain.models import Annotation, MarkedSpan, Tag

Index = QModelIndex | QPersistentModelIndex
Key = tuple[int, int, int]
Fetch = Callable[[list[int]], list[Annotation]]
Match = Callable[[str], set[int]]
PAGE = 200  # rows fetched at a time when a row not fetched yet is shown
KEEP = 20_000  # fetched Annotations kept (a long article's list); then the oldest are let go


def _key(a: Annotation) -> Key:
    return (a.start, a.end, a.id)


class Rows:
    """Every row's key, sorted, and its tags: what the list needs before any row is shown.
    Plain Python, so a long article's rows can be made off the window's thread."""

    def __init__(self, keys: list[Key], tags: dict[int, tuple[int, ...]]) -> None:
        self.keys = keys
        self.tags = tags
        self.key_of = {k[2]: k for k in keys}

    @classmethod
    def from_spans(cls, spans: Sequence[MarkedSpan]) -> Rows:
        keys = sorted((s, e, i) for i, s, e, _t in spans)  # spans come in text order: a linear pass
        return cls(keys, {i: t for i, _s, _e, t in spans})


class _Sorted:
    """Keys sorted by position, for binary search."""

    def __init__(self, keys: list[Key] | None = None) -> None:
        self.keys = keys if keys is not None else []

    def row(self, key: Key) -> int | None:
        row = bisect_left(self.keys, key)
        return row if row < len(self.keys) and self.keys[row] == key else None

    def insert(self, key: Key) -> int:
        row = bisect_left(self.keys, key)
        self.keys.insert(row, key)
        return row

    def delete(self, row: int) -> None:
        del self.keys[row]


class AnnotationsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all = _Sorted()
        self._shown = self._all  # the same object while no filter is set
        self._key_of: dict[int, Key] = {}
        self._tags_of: dict[int, tuple[int, ...]] = {}
        self._cache: dict[int, Annotation] = {}  # every annotation when given whole; else the fetched ones
        self._fetch: Fetch | None = None
        self._match: Match | None = None
        self._matching: set[int] = set()  # with `match`: the ids the text filter accepts
        self._meanwhile: list[Annotation | int] | None = None  # changes while only some rows are known
        self._tag_id: int | None = None
        self._needle = ""
        self.tags: dict[int, Tag] = {}

    # --- content -------------------------------------------------------------------------
    def set_annotations(self, annotations: Sequence[Annotation]) -> None:
        """A short article's list, whole."""
        self._meanwhile = None
        self.beginResetModel()
        self._fetch = self._match = None
        self._cache = {a.id: a for a in annotations}
        self._use(Rows(sorted(_key(a) for a in annotations), {a.id: a.tag_ids for a in annotations}))
        self.endResetModel()

    def set_rows(self, rows: Rows, fetch: Fetch, match: Match, *, partial: bool = False) -> None:
        """A long article's list: every row's key and tags; the rest fetched as rows are shown.
        `partial`: only some rows (its first screen) until all of them come; the changes made
        meanwhile are then replayed onto them (they may have been read before or after)."""
        meanwhile = self._meanwhile or []
        self.beginResetModel()
        self._fetch, self._match = fetch, match
        self._cache = {}
        self._use(rows)
        self._meanwhile = [] if partial else None
        self.endResetModel()
        for change in meanwhile:
            if isinstance(change, Annotation):
                self.upsert(change)
            else:
                self.remove(change)

    def release(self) -> list[object]:
        """Empty the list; returns what held the old one, to be let go of off the window's thread."""
        held: list[object] = [self._all.keys, self._key_of, self._tags_of, self._cache, self._shown.keys]
        self._meanwhile = None
        self.beginResetModel()
        self._fetch = self._match = None
        self._cache = {}
        self._use(Rows([], {}))
        self.endResetModel()
        return held

    def _use(self, rows: Rows) -> None:
        self._all = _Sorted(rows.keys)
        self._key_of, self._tags_of = rows.key_of, rows.tags
        self._matching = self._match(self._needle) if self._match is not None and self._needle else set()
        self._shown = self._filtered()

    def set_tags(self, tags: Sequence[Tag]) -> None:
        self.tags = {t.id: t for t in tags}
        if self._shown.keys:
            self.dataChanged.emit(self.index(0), self.index(len(self._shown.keys) - 1))

    def set_filter(self, tag_id: int | None, needle: str) -> None:
        self.beginResetModel()
        self._tag_id, self._needle = tag_id, needle.casefold().strip()
        self._matching = self._match(self._needle) if self._match is not None and self._needle else set()
        self._shown = self._filtered()
        self.endResetModel()

    def upsert(self, annotation: Annotation) -> None:
        if self._meanwhile is not None:
            self._meanwhile.append(annotation)
        self._cache[annotation.id] = annotation
        self._tags_of[annotation.id] = annotation.tag_ids
        if self._match is not None and self._needle:  # the text filter's answer for this one, as it is now
            if self._needle in annotation.quote.casefold() or self._needle in annotation.note.casefold():
                self._matching.add(annotation.id)
            else:
                self._matching.discard(annotation.id)
        old_key = self._key_of.get(annotation.id)
        key = _key(annotation)
        if old_key == key:
            if self._shown is not self._all:
                shown_row = self._shown.row(key)
                if shown_row is not None and not self.accepts(annotation):
                    self._remove_shown(shown_row)
                elif shown_row is None and self.accepts(annotation):
                    self._insert_shown(key)
            row = self._shown.row(key)
            if row is not None:
                self.dataChanged.emit(self.index(row), self.index(row))
            return
        if old_key is not None:
            self._drop(annotation.id, old_key)
        self._key_of[annotation.id] = key
        if self._shown is self._all:
            self._insert_shown(key)
        else:
            self._all.insert(key)
            if self.accepts(annotation):
                self._insert_shown(key)

    def remove(self, annotation_id: int) -> None:
        if self._meanwhile is not None:
            self._meanwhile.append(annotation_id)
        key = self._key_of.pop(annotation_id, None)
        if key is None:
            return
        self._cache.pop(annotation_id, None)
        self._tags_of.pop(annotation_id, None)
        self._matching.discard(annotation_id)
        self._drop(annotation_id, key)

    def _drop(self, _annotation_id: int, key: Key) -> None:
        shown_row = self._shown.row(key)
        if self._shown is not self._all:
            all_row = self._all.row(key)
            if all_row is not None:
                self._all.delete(all_row)
        if shown_row is not None:
            self._remove_shown(shown_row)

    def _insert_shown(self, key: Key) -> None:
        row = bisect_left(self._shown.keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._shown.insert(key)
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

    def _accepts_id(self, annotation_id: int) -> bool:
        if self._tag_id is not None and self._tag_id not in self._tags_of.get(annotation_id, ()):
            return False
        if not self._needle:
            return True
        if self._match is not None:
            return annotation_id in self._matching
        a = self._cache.get(annotation_id)
        return a is not None and (self._needle in a.quote.casefold() or self._needle in a.note.casefold())

    def _filtered(self) -> _Sorted:
        if self._tag_id is None and not self._needle:
            return self._all
        accepts = self._accepts_id
        return _Sorted([k for k in self._all.keys if accepts(k[2])])

    def row_of(self, annotation_id: int) -> int | None:
        """The row showing this annotation, or None (unknown, or hidden by the filter)."""
        key = self._key_of.get(annotation_id)
        return None if key is None else self._shown.row(key)

    def annotation(self, annotation_id: int) -> Annotation | None:
        if annotation_id not in self._key_of:
            return None
        found = self._cache.get(annotation_id)
        if found is None and self._fetch is not None:
            self._remember(self._fetch([annotation_id]))
            found = self._cache.get(annotation_id)
        return found

    def all(self) -> list[Annotation]:
        """Every annotation of the list (a long article's are fetched: tests and small lists)."""
        missing = [i for i in self._key_of if i not in self._cache]
        if missing and self._fetch is not None:
            self._remember(self._fetch(missing))
        return [a for i in self._key_of if (a := self._cache.get(i)) is not None]

    def _at(self, row: int) -> Annotation | None:
        key = self._shown.keys[row]
        found = self._cache.get(key[2])
        if found is None and self._fetch is not None:
            # The page around the row: the rows a view shows next to it, in one query.
            page = self._shown.keys[max(0, row - PAGE // 4) : row + PAGE]
            self._remember(self._fetch([k[2] for k in page if k[2] not in self._cache]))
            found = self._cache.get(key[2])
        return found

    def _remember(self, fetched: list[Annotation]) -> None:
        if len(self._cache) + len(fetched) > KEEP:
            self._cache.clear()  # rows fetched long ago go; shown again, they are fetched again
        for a in fetched:
            if a.id in self._key_of:
                self._cache[a.id] = a

    # --- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown.keys)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in _ROLES:
            return None
        a = self._at(index.row())
        if a is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return a
        if role == Qt.ItemDataRole.DisplayRole:
            return " ".join(a.quote.split())
        names = ", ".join(self.tags[t].name for t in a.tag_ids if t in self.tags)
        return f"{names}\n{a.quote}" + (f"\n\nNote: {a.note}" if a.note else "")


_ROLES = (Qt.ItemDataRole.UserRole, Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
