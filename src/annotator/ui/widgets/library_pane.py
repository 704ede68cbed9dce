"""The library pane: documents with title, source, date, tag count and status; sortable, filterable."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QKeySequence, QPainter, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.listing import ListedDocument, Row
from annotator.domain.models import Document
from annotator.domain.wording import count_of
from annotator.ui.models.documents_model import STATUS_MARK, DocumentsModel

TITLE_CHARS = 64  # average characters of title the pane makes room for (a 60-character title shows whole)


class _TitleDelegate(QStyledItemDelegate):
    """Title on the first line; beneath it, muted, the status mark, the outlet (what analysts
    compare), the date and the passages: the title has the row's whole width."""

    MARGINS = (6, 4, -4, -4)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # type: ignore[override]
        return QSize(120, QFontMetrics(option.font).height() * 2 + 10)

    def shown_title(self, index: QModelIndex, rect: QRect, font: QFont) -> str:
        """The title as drawn in a cell of that size: whole, or elided to fit."""
        document: ListedDocument = index.data(Qt.ItemDataRole.UserRole)
        width = rect.adjusted(*self.MARGINS).width()
        return QFontMetrics(font).elidedText(document.title or document.filename, Qt.TextElideMode.ElideRight, width)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # type: ignore[override]
        document: ListedDocument = index.data(Qt.ItemDataRole.UserRole)
        self.initStyleOption(option, index)
        option.text = ""
        option.widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        metrics = QFontMetrics(option.font)
        rect = option.rect.adjusted(*self.MARGINS)
        painter.save()
        painter.setPen(option.palette.color(role))
        title = self.shown_title(index, option.rect, option.font)
        painter.drawText(rect.adjusted(0, 0, 0, -metrics.height()), Qt.AlignmentFlag.AlignLeft, title)
        muted = option.palette.color(role)
        muted.setAlphaF(0.65)
        painter.setPen(muted)
        count = count_of(document.annotation_count, "passage", "passages")
        parts = [document.source or "—", document.published, count]
        line = f"{STATUS_MARK[document.status.value]}  " + "  ·  ".join(p for p in parts if p)
        source = metrics.elidedText(line, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect.adjusted(0, metrics.height(), 0, 0), Qt.AlignmentFlag.AlignLeft, source)
        painter.restore()


class _DocumentTable(QTableView):
    openRequested = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.openRequested.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class LibraryPane(QWidget):
    openRequested = Signal(int)  # document id
    deleteRequested = Signal(int)  # document id (the context menu's Delete document…)
    setVariableRequested = Signal(list)  # the selected documents' ids (the context menu's Set variable…)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentsModel(self)

        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter documents…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)
        self.filter.returnPressed.connect(self._to_table)  # keyboard: type, Enter, arrows, Enter
        # Only in the filter box: a window-wide Down would swallow the arrow keys of the table itself.
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.filter, self._to_table)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.table = _DocumentTable(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Ctrl/Shift-click gathers several documents for "Set variable…"; only the current one opens.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setItemDelegateForColumn(0, _TitleDelegate(self.table))
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(QFontMetrics(self.font()).height() * 2 + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # Sized to the rows on screen: by default Qt measures the first 1,000 rows of each column
        # on every reset (60 ms of the pane's 200 at 10,000 documents).
        header.setResizeContentsPrecision(0)
        # The outlet, date, passages and status show under the title: the title takes the room. Each
        # column can be shown again (the header's context menu), to sort by it with a click.
        for column in range(1, 5):
            header.setSectionHidden(column, True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        # A click or an arrow key opens the document, as in a mail client; the short wait lets a
        # held arrow key run down the list without opening every article on the way.
        self._open_id: int | None = None
        self._open_timer = QTimer(self, singleShot=True, interval=120)
        self._open_timer.timeout.connect(self._open_current)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._open_timer.start())
        self.table.doubleClicked.connect(self._open_index)
        self.table.openRequested.connect(self._open_index)

        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)

    def preferred_width(self) -> int:
        """Room for a title of about 60 characters (capitals are wide: 64 average ones) on the row's
        first line, beside the pane's margins, frame and scroll bar."""
        title = QFontMetrics(self.table.font()).averageCharWidth() * TITLE_CHARS + 10
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return title + scroll_bar + 2 * self.table.frameWidth() + 8

    def _to_table(self) -> None:
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.selectRow(0)

    def set_rows(self, rows: Sequence[Row]) -> None:
        """The whole library as listed (plain rows: no object per document until one is shown)."""
        self.model.set_rows(rows)
        self._show_open()

    def update_documents(self, documents: Sequence[Document]) -> None:
        self.model.update_documents(documents)

    def _filter_changed(self, needle: str) -> None:
        self.model.set_filter(needle)
        self._show_open()

    def select_document(self, document_id: int) -> None:
        """The open document: its row is the highlighted one (selecting it opens nothing)."""
        self._open_id = document_id
        self._show_open()

    def _show_open(self) -> None:
        row = self.model.row_of(self._open_id) if self._open_id is not None else None
        if row is None:
            return
        index = self.model.index(row, 0)
        chosen = self.table.selectionModel()
        # The document just opened from a selection of several: keep the selection (the user is
        # gathering documents); otherwise its row alone is the highlighted one.
        keep = chosen.isRowSelected(row) and len(chosen.selectedRows()) > 1
        flags = QItemSelectionModel.SelectionFlag.NoUpdate if keep else QItemSelectionModel.SelectionFlag.ClearAndSelect
        chosen.setCurrentIndex(index, flags | QItemSelectionModel.SelectionFlag.Rows)
        self._open_timer.stop()
        self.table.scrollTo(index)

    def _column_menu(self, position: QPoint) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for column in range(1, self.model.columnCount()):
            action = menu.addAction(self.tr("Show %s column") % self.model.headerData(column, Qt.Orientation.Horizontal))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        menu.popup(header.viewport().mapToGlobal(position))

    def _context_menu(self, position: QPoint) -> None:
        document: ListedDocument | None = self.table.indexAt(position).data(Qt.ItemDataRole.UserRole)
        if document is None:
            return
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chosen = self.selected_ids()
        if document.id not in chosen:  # a right-click outside the selection acts on that row alone
            chosen = [document.id]
        label = self.tr("Set variable…") if len(chosen) == 1 else self.tr("Set variable for %d documents…") % len(chosen)
        menu.addAction(label, lambda: self.setVariableRequested.emit(chosen))
        menu.addAction(self.tr("Delete document…"), lambda: self.deleteRequested.emit(document.id))
        menu.popup(self.table.viewport().mapToGlobal(position))  # not exec(): no nested event loop

    def selected_ids(self) -> list[int]:
        """The documents of the selected rows, in the order shown."""
        rows = sorted(self.table.selectionModel().selectedRows(), key=lambda index: index.row())
        return [index.data(Qt.ItemDataRole.UserRole).id for index in rows]

    def _open_current(self) -> None:
        """The current row opens if it is selected: a Ctrl-click that takes a row out of a
        selection of several (or Ctrl+arrow, which moves without selecting) opens nothing."""
        current = self.table.currentIndex()
        if current.isValid() and self.table.selectionModel().isRowSelected(current.row()):
            self._open_index(current)

    def _open_index(self, index: QModelIndex) -> None:
        document: ListedDocument | None = index.data(Qt.ItemDataRole.UserRole)
        if document is not None and document.id != self._open_id:
            self.openRequested.emit(document.id)
