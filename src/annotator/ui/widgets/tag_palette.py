"""The tag palette: swatch, name, key and count in this document; clicking a tag tags the selection."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from annotator.domain.models import Tag
from annotator.ui import theme


class TagPalette(QTreeWidget):
    tagClicked = Signal(int)  # tag id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(3)
        self.setHeaderLabels([self.tr("Tag"), self.tr("Key"), self.tr("Passages")])
        self.headerItem().setToolTip(2, self.tr("Passages with this tag in the open document"))
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys belong to the reader
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.itemClicked.connect(lambda item, _column: self.tagClicked.emit(item.data(0, Qt.ItemDataRole.UserRole)))
        self._counts: dict[int, int] = {}
        self._tags: list[Tag] = []

    def set_tags(self, tags: Sequence[Tag]) -> None:
        self._tags = list(tags)
        self.clear()
        for tag in self._tags:
            item = QTreeWidgetItem([tag.name, tag.shortcut, ""])
            item.setIcon(0, theme.swatch(tag.color))
            item.setData(0, Qt.ItemDataRole.UserRole, tag.id)
            item.setToolTip(0, tag.description or tag.name)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignCenter)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.addTopLevelItem(item)
        self.set_counts(self._counts)
        self.setFixedHeight(self.sizeHintForRow(0) * max(3, len(self._tags)) + self.header().height() + 6)

    def set_counts(self, counts: dict[int, int]) -> None:
        self._counts = dict(counts)
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            count = self._counts.get(item.data(0, Qt.ItemDataRole.UserRole), 0)
            item.setText(2, str(count) if count else "")

    def bump(self, tag_ids: Sequence[int], delta: int) -> None:
        for tag_id in tag_ids:
            self._counts[tag_id] = max(0, self._counts.get(tag_id, 0) + delta)
        self.set_counts(self._counts)
