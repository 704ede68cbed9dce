"""The Suggestions list beside the annotations: what the detectors found, to accept or reject."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from annotator.domain.models import Tag
from annotator.domain.suggest import Suggestion
from annotator.domain.wording import count_of
from annotator.ui import theme

Index = QModelIndex | QPersistentModelIndex


class SuggestionsModel(QAbstractListModel):
    """Rows: (number, suggestion, passage) for the suggestions shown (one tag, or all)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[int, Suggestion, str]] = []
        self.colors: dict[str, str] = {}

    def set_rows(self, rows: list[tuple[int, Suggestion, str]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        number, s, passage = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            values = " · ".join(v if k == s.tag else f"{k.replace('_', ' ')}: {v}" for k, v in s.fields)
            short = " ".join(passage.split())
            short = short if len(short) <= 70 else short[:69] + "…"
            return f"{short}\n{s.tag}" + (f" · {values}" if values else "")
        if role == Qt.ItemDataRole.DecorationRole:
            return theme.swatch(self.colors.get(s.tag, "#999999"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{passage}\n\nA or Enter: accept · X or Backspace: reject"
        if role == Qt.ItemDataRole.UserRole:
            return number
        return None

    def row_of(self, number: int) -> int | None:
        return next((i for i, row in enumerate(self.rows) if row[0] == number), None)


class SuggestionsPane(QWidget):
    selected = Signal(int)  # suggestion number
    acceptRequested = Signal(int)
    rejectRequested = Signal(int)
    acceptAllRequested = Signal(str)  # tag name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SuggestionsModel(self)
        self._offers: list[Suggestion] = []
        self._passages: list[str] = []
        self.tag_filter = QComboBox(self)
        self.tag_filter.currentIndexChanged.connect(lambda _: self._refill())
        self.accept_all = QPushButton(self.tr("Accept all"), self)
        self.accept_all.setToolTip(self.tr("Accept every suggestion of the chosen tag (one undo step)"))
        self.accept_all.clicked.connect(lambda: self.acceptAllRequested.emit(self.tag_filter.currentData() or ""))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.setWordWrap(False)
        self.list.setSpacing(2)
        self.list.selectionModel().currentChanged.connect(self._on_current)
        self.list.installEventFilter(self)
        top = QHBoxLayout()
        top.addWidget(self.tag_filter, 1)
        top.addWidget(self.accept_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        self.set_tags([])

    def set_tags(self, tags: Sequence[Tag]) -> None:
        self.model.colors = {t.name: t.color for t in tags}
        theme.fill_tag_filter(self.tag_filter, tags, self.tr("All suggestions"), lambda t: t.name)
        self._refill()

    def set_suggestions(self, offers: list[Suggestion], passages: list[str], status: str = "") -> None:
        current = self.current()
        self._offers, self._passages = offers, passages
        self._refill()
        self.status.setText(
            status
            or self.tr("%s · A/Enter accept · X/Backspace reject · N next")
            % count_of(len(offers), self.tr("suggestion"), self.tr("suggestions"))
        )
        if current is not None:
            self.select(current)

    def _refill(self) -> None:
        tag = self.tag_filter.currentData()
        self.accept_all.setEnabled(bool(tag))
        self.accept_all.setText(self.tr("Accept all “%s”") % tag if tag else self.tr("Accept all"))
        self.model.set_rows([(i, s, self._passages[i]) for i, s in enumerate(self._offers) if not tag or s.tag == tag])

    def current(self) -> int | None:
        index = self.list.currentIndex()
        return index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None

    def select(self, number: int | None) -> None:
        """Make a suggestion current without announcing it back."""
        row = self.model.row_of(number) if number is not None else None
        self.list.selectionModel().blockSignals(True)
        if row is None:
            self.list.clearSelection()
            self.list.setCurrentIndex(QModelIndex())
        else:
            self.list.setCurrentIndex(self.model.index(row))
            self.list.scrollTo(self.model.index(row))
        self.list.selectionModel().blockSignals(False)
        self.list.viewport().update()

    def visible_numbers(self) -> list[int]:
        return [row[0] for row in self.model.rows]

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.selected.emit(current.data(Qt.ItemDataRole.UserRole))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress and self.current() is not None:
            key: QKeyEvent = event  # type: ignore[assignment]
            number = self.current()
            if key.key() == Qt.Key.Key_A and key.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.acceptAllRequested.emit(self._offers[number].tag)
                return True
            if key.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_A):
                self.acceptRequested.emit(number)
                return True
            if key.key() in (Qt.Key.Key_X, Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
                self.rejectRequested.emit(number)
                return True
        return super().eventFilter(watched, event)
