"""Search across the library (Ctrl+Shift+F): a query with filters (source, dates, tags, a
document variable's value, a coder), aligned keyword-in-context rows, hits per document. The
search runs off the GUI thread (the controller's Tasks); a row opened (Enter, double-click)
asks the window to show the hit; keys 1–9 ask it to tag the selected hits — the window does
both (one write door)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.wording import count_of
from annotator.ui.models.kwic_model import KwicModel

# The search modules (SQLAlchemy, the stemmers) load on the first search, not with the window.
if TYPE_CHECKING:
    from annotator.domain.coders import Coder
    from annotator.domain.search.matching import Hit
    from annotator.domain.variables import Variable
    from annotator.services.search import Filters, SearchResult
    from annotator.ui.controller import Controller

SEARCH_TASK = "library search"  # a newer search supersedes a running one
PAGE = 1000  # rows shown; the counts cover every hit


class KwicView(QTableView):
    """The hits; Enter opens the current one, digits 1–9 tag the selected ones."""

    openRequested = Signal(object)  # Hit
    keyPressed = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.openRequested.emit(self.currentIndex().data(Qt.ItemDataRole.UserRole))
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.keyPressed.emit(key - Qt.Key.Key_0)
        else:
            super().keyPressEvent(event)


class SearchDialog(QDialog):
    openRequested = Signal(object)  # Hit: show it in the reader
    tagRequested = Signal(list, int)  # hits, tag key

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(self.tr("Search the library"))
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(self.tr('words (any form), "a phrase", prefix*, NEAR(word word, 10)'))
        self.scope = QComboBox(self)
        for scope, label in (("documents", "texts"), ("passages", "passages"), ("notes", "notes")):
            self.scope.addItem(self.tr(label), scope)
        self.button = QPushButton(self.tr("Search"), self)
        self.source, self.date_from, self.date_to = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.date_from.setPlaceholderText("2024-03")
        self.date_to.setPlaceholderText("2024-12-31")
        self.with_tag, self.without_tag = QComboBox(self), QComboBox(self)
        # A variable's value: typed (text, number, date) or one of a list's choices.
        self.variable, self.value, self.choice = QComboBox(self), QLineEdit(self), QComboBox(self)
        self._variables: dict[str, Variable] = {}
        self.coder = QComboBox(self)
        self.model = KwicModel(self)
        self.table = KwicView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.Interactive, QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(column, mode)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.counts = QListWidget(self)
        self.status = QLabel(self)
        self._layout()
        self.set_tags()
        self.set_lists([], [])
        self.variable.currentIndexChanged.connect(self._variable_chosen)
        self.query.returnPressed.connect(self.search)
        self.button.clicked.connect(self.search)
        self.table.doubleClicked.connect(lambda index: self.openRequested.emit(index.data(Qt.ItemDataRole.UserRole)))
        self.table.openRequested.connect(self.openRequested)
        self.table.keyPressed.connect(self._tag_selected)
        self.resize(1000, 600)

    def _layout(self) -> None:
        line = QHBoxLayout()
        line.addWidget(self.query, 1)
        line.addWidget(QLabel(self.tr("in"), self))
        line.addWidget(self.scope)
        line.addWidget(self.button)
        # Two columns of three rows: what a document is (left), what was tagged in it (right).
        about, tagged = QFormLayout(), QFormLayout()
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("–", self))
        dates.addWidget(self.date_to)
        value = QHBoxLayout()
        value.addWidget(self.variable)
        value.addWidget(self.value, 1)
        value.addWidget(self.choice, 1)
        about.addRow(self.tr("Source"), self.source)
        about.addRow(self.tr("Published"), dates)
        about.addRow(self.tr("Variable"), value)
        tagged.addRow(self.tr("With a passage tagged"), self.with_tag)
        tagged.addRow(self.tr("Without a passage tagged"), self.without_tag)
        tagged.addRow(self.tr("By coder"), self.coder)
        filters = QHBoxLayout()
        filters.addLayout(about, 1)
        filters.addSpacing(24)
        filters.addLayout(tagged, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(self.counts)
        split.setSizes([800, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(line)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

    def set_tags(self) -> None:
        for box in (self.with_tag, self.without_tag):
            chosen = box.currentData()
            box.clear()
            box.addItem(self.tr("(any)"), "")
            for tag in self.controller.tags:
                box.addItem(tag.name, tag.name)
            box.setCurrentIndex(max(0, box.findData(chosen)))

    def set_lists(self, variables: Sequence[Variable], coders: Sequence[Coder]) -> None:
        """The library's variables and coders to choose from; what was chosen stays chosen."""
        self._variables = {v.name: v for v in variables}
        chosen_variable, chosen_coder = self.variable.currentData(), self.coder.currentData()
        with_signals = self.variable.blockSignals(True)
        self.variable.clear()
        self.variable.addItem(self.tr("(any)"), "")
        for variable in variables:
            self.variable.addItem(variable.name, variable.name)
        self.variable.setCurrentIndex(max(0, self.variable.findData(chosen_variable)))
        self.variable.blockSignals(with_signals)
        self._show_value()
        self.coder.clear()
        self.coder.addItem(self.tr("(any)"), "")
        for coder in coders:
            self.coder.addItem(f"{coder.display_name} ({coder.login})", coder.login)
        self.coder.setCurrentIndex(max(0, self.coder.findData(chosen_coder)))

    def _variable_chosen(self) -> None:
        """Another variable chosen: one variable's value rarely fits another, so it goes."""
        self.value.clear()
        self._show_value()

    def _show_value(self) -> None:
        """The value field that fits the chosen variable: a list's choices, or a line to type in."""
        variable = self._variables.get(self.variable.currentData() or "")
        listed = variable is not None and variable.kind == "choice"
        self.value.setVisible(variable is not None and not listed)
        self.choice.setVisible(listed)
        if variable is None:
            return
        if listed:
            chosen = self.choice.currentText()
            self.choice.clear()
            self.choice.addItems(list(variable.choices))
            self.choice.setCurrentIndex(max(0, self.choice.findText(chosen)))
        hint = {"number": self.tr("a number"), "date": self.tr("a date: 2024, 2024-03 or 2024-03-12")}
        self.value.setPlaceholderText(hint.get(variable.kind, self.tr("the value, as stored")))

    def filters(self) -> Filters:
        from annotator.services.search import Filters

        with_tag, without_tag = self.with_tag.currentData(), self.without_tag.currentData()
        variable = self._variables.get(self.variable.currentData() or "")
        if variable is None:
            values: tuple[tuple[str, str], ...] = ()
        else:  # an empty value is sent too: the search says which variable wants one
            value = self.choice.currentText() if variable.kind == "choice" else self.value.text()
            values = ((variable.name, value),)
        return Filters(
            source=self.source.text().strip(),
            published_from=self.date_from.text().strip(),
            published_to=self.date_to.text().strip(),
            tags=(with_tag,) if with_tag else (),
            without_tags=(without_tag,) if without_tag else (),
            coder=self.coder.currentData() or "",
            values=values,
        )

    def search(self) -> None:
        """Run the query off the GUI thread; a search still running is superseded."""
        from annotator.services.search import Scope

        query, filters, scope = self.query.text(), self.filters(), Scope(self.scope.currentData())
        if not query.strip():
            return
        services = self.controller.services
        self.status.setText(self.tr("Searching…"))

        def work(ticket: object) -> tuple[SearchResult, dict[int, str]]:
            result = services.search.search(query, filters, scope=scope, cancelled=lambda: ticket.cancelled)  # type: ignore[attr-defined]
            titles = {d.id: d.meta.title or d.filename for d in services.documents.list() if d.id in result.counts}
            return result, titles

        self.controller.tasks.run(SEARCH_TASK, work, self._show, failed=lambda exc: self.status.setText(str(exc)))

    def _show(self, found: tuple[SearchResult, dict[int, str]]) -> None:
        result, titles = found
        self.model.set_hits(result.hits[:PAGE], titles)
        self.counts.clear()
        for document_id, n in sorted(result.counts.items()):
            item = QListWidgetItem(f"{n} · {document_id} · {titles.get(document_id, '')}")
            item.setData(Qt.ItemDataRole.UserRole, document_id)
            self.counts.addItem(item)
        shown = "" if len(result.hits) <= PAGE else self.tr(" (the first %d shown)") % PAGE
        hits = count_of(result.total, self.tr("hit"), self.tr("hits"))
        documents = count_of(len(result.counts), self.tr("document"), self.tr("documents"))
        self.status.setText(self.tr("%s in %s") % (hits, documents) + shown)
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
            self.table.setFocus()

    def selected_hits(self) -> list[Hit]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.hit(row) for row in rows]

    def _tag_selected(self, key: int) -> None:
        hits = self.selected_hits()
        if hits:
            self.tagRequested.emit(hits, key)
