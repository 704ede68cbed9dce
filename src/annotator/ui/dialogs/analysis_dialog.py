"""Analysis → Crosstab…, Co-occurrence… and Compare outlets… (issue 14): the tables of
services.tables with a chart of ours (widgets.chart), each pane a TablePane (analysis_pane):
computed off the GUI thread, a cell opens its passages, the table exports to CSV."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QTabWidget, QVBoxLayout, QWidget

from annotator.domain.compare import QUOTE, TERM, FigureTable, figure_grid, figure_text, is_figure
from annotator.domain.tables import TOTAL, CountTable, grid
from annotator.ui.dialogs.analysis_pane import TablePane
from annotator.ui.widgets.chart import Series

FIGURES = "figures"  # the compare pane's default for a tag with counts: by date and kind

if TYPE_CHECKING:
    from annotator.domain.models import Tag
    from annotator.services import Changes
    from annotator.services.search import Filters
    from annotator.ui.controller import Controller

COLUMNS = ["source", "year", "month", "language", "coder"]  # then the library's variables
FOLLOW_MS = 250  # a burst of changes (a merge, another coder's clicks) counts once, a moment later
SOURCE_NOTE = "Values come from the coders' fields (and suggestions accepted as passages), not from the raw text."


class CrosstabPane(TablePane):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, "crosstab", parent)
        variables = [v.name for v in controller.services.variables.variables()]
        self.columns = self.combo(self.tr("&Columns:"), [*COLUMNS, *variables], "columns")
        self.count = self.combo(self.tr("C&ount:"), ["passages", "documents"], "count")
        self.percent = self.combo(self.tr("&Percent:"), ["—", "row", "col"], "percent")
        self.layer = self.layer_combo()
        self.choices.addStretch(1)
        self.result: CountTable | None = None
        self._layer = ""  # the layer of the table shown, whatever the combo says now

    def set_variables(self, names: list[str]) -> None:
        """The library's variables now (one was defined or removed): a column gone counts again."""
        if self.set_items(self.columns, [*COLUMNS, *names]):
            self.refresh()

    def refresh(self) -> None:
        columns, count, layer = self.columns.currentText(), self.count.currentText(), self.layer.currentData()

        def show(table: CountTable) -> None:
            self._layer = layer
            self.show(table)

        self.compute(lambda services: services.tables.crosstab(columns, count=count, layer=layer), show)

    def show(self, table: CountTable) -> None:
        self.result = table
        percent = self.percent.currentText() if self.percent.currentText() in ("row", "col") else None
        header, rows = grid(table, percent, totals=True, bare=False)
        self.model.set_grid(header, rows)
        self.table.resizeColumnsToContents()
        series = [Series(c, tuple(float(table.cell(r, c)) for r in table.rows)) for c in table.columns]
        self.chart.set_data(list(table.rows), series, x_title=self.tr("tag"), y_title=table.counting)

    def export_grid(self) -> tuple[list[str], list[list[str]], int, bool, list[str]]:
        """As `annotator crosstab --format csv` writes it: a percentage is the bare share."""
        if self.result is None:
            return super().export_grid()
        percent = self.percent.currentText() if self.percent.currentText() in ("row", "col") else None
        header, rows = grid(self.result, percent, totals=True, bare=True)
        said = f"{self.result.counting} by {self.result.column_title}" + (f", % of each {percent}" if percent else "")
        return header, rows, 1, True, [said]

    def _cell(self, index: Any) -> None:
        (row,), column = index.data(Qt.ItemDataRole.UserRole)
        if self.result is None or TOTAL in (row, column) or column == self.model.header[0]:
            return
        columns, layer = self.result.column_title, self._layer
        self.open_cell(lambda services: services.tables.cell_passages(row, columns, column, layer=layer))


class CooccurrencePane(TablePane):
    """Tags by tags: how often two tags meet in one passage, in overlapping passages, or in one
    document; a cell lists the passages it counts."""

    WITHIN = {"same passage": "passage", "overlapping": "overlap", "same document": "document"}

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, "cooccurrence", parent)
        self.within = self.combo(self.tr("&Within:"), list(self.WITHIN), "within")
        self.choices.addStretch(1)
        self.result: CountTable | None = None
        self._within = "passage"  # what the table shown counts, whatever the combo says now

    def refresh(self) -> None:
        within = self.WITHIN[self.within.currentText()]

        def show(table: CountTable) -> None:
            self._within = within
            self.show(table)

        self.compute(lambda services: services.tables.cooccurrence(within), show)

    def show(self, table: CountTable) -> None:
        self.result = table
        header, rows = grid(table, None, totals=False, bare=False)
        self.model.set_grid(header, rows)
        self.table.resizeColumnsToContents()
        series = [Series(c, tuple(float(table.cell(r, c)) for r in table.rows)) for c in table.columns]
        self.chart.set_data(list(table.rows), series, x_title=self.tr("tag"), y_title=table.counting)

    def _cell(self, index: Any) -> None:
        (row,), column = index.data(Qt.ItemDataRole.UserRole)
        if self.result is None or column not in self.result.columns:
            return
        within = self._within
        self.open_cell(lambda services: services.tables.cooccurrence_passages(row, column, within))

    def export_grid(self) -> tuple[list[str], list[list[str]], int, bool, list[str]]:
        if self.result is None:
            return super().export_grid()
        header, rows = grid(self.result, None, totals=False, bare=True)
        return header, rows, 1, True, [f"{self.result.counting} with both tags ({self._within})"]


class ComparePane(TablePane):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, "compare", parent)
        tags = [t.name for t in controller.tags if t.fields]  # the codebook the window holds: no read
        self.tag = self.combo(self.tr("&Tag:"), tags, "tag")
        # What the passages are counted by: figures (a tag with counts), a field, the passage's
        # words (quote) or the framing lexicon's term it is (term) — as `compare --by`.
        self.by = self.combo(self.tr("&By:"), [], "by")
        self._by_tag = ""  # the tag the By list was made for
        # The documents compared: a published-date range, partial dates as search's filters take them.
        self.date_from = self._date(self.tr("&From:"), "date-from", self.tr("2023, 2023-09 or 2023-09-20"))
        self.date_to = self._date(self.tr("T&o:"), "date-to", self.tr("on or before"))
        self.layer = self.layer_combo()
        self._shown_layer = ""  # the layer of the table shown, whatever the combo says now
        self.result: FigureTable | CountTable | None = None
        self._shown_tag, self._shown_filters = "", self.filters()
        if "casualty figure" in tags:
            self.tag.setCurrentText("casualty figure")
        # The chart shows one kind of figure at a time (killed, wounded, …): a day's 32 killed and
        # 200 wounded are different facts, and one line through both would show only the 200.
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        self.kind.currentIndexChanged.connect(lambda _i: self._redraw())
        self.kind_caption = QLabel(self.tr("Chart &kind:"), self)
        self.kind_caption.setBuddy(self.kind)
        self.choices.addWidget(self.kind_caption)
        self.choices.addWidget(self.kind)
        note = QLabel(self.tr(SOURCE_NOTE), self)
        note.setWordWrap(True)
        self.choices.addWidget(note, 1)

    def set_tags(self, tags: list[Tag]) -> None:
        """The codebook changed: the tags with fields, as it has them now."""
        if self.set_items(self.tag, [t.name for t in tags if t.fields]):
            self.refresh()

    def _date(self, label: str, name: str, hint: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(hint)
        edit.setMaximumWidth(130)
        edit.editingFinished.connect(self.refresh)
        caption = QLabel(label, self)
        caption.setBuddy(edit)
        self.choices.addWidget(caption)
        self.choices.addWidget(edit)
        return edit

    def filters(self) -> Filters:
        """The documents compared, as typed (search's filters: the one rule for partial dates)."""
        from annotator.services.search import Filters  # here: SQLAlchemy stays off the first paint's path

        return Filters(published_from=self.date_from.text().strip(), published_to=self.date_to.text().strip())

    def _by_items(self, tag: str) -> list[str]:
        """What the tag's passages can be counted by, the default first."""
        fields = next(([f.name for f in t.fields] for t in self.controller.tags if t.name == tag), [])
        return [*([FIGURES] if is_figure(fields) else []), *fields, QUOTE, TERM]

    def refresh(self) -> None:
        tag, filters, layer = self.tag.currentText(), self.filters(), self.layer.currentData()
        if tag:
            self.set_items(self.by, self._by_items(tag))
            if tag != self._by_tag:  # another tag: its own default (figures, else its first field)
                self._by_tag = tag
                self.by.blockSignals(True)
                self.by.setCurrentIndex(0)
                self.by.blockSignals(False)
            by = "" if self.by.currentText() == FIGURES else self.by.currentText()

            def shown(table: FigureTable | CountTable) -> None:
                self._shown_tag, self._shown_filters, self._shown_layer = tag, filters, layer
                self.show(table)

            self.compute(lambda services: services.tables.compare(tag, by=by, filters=filters, layer=layer), shown)

    def show(self, table: FigureTable | CountTable) -> None:
        self.result = table
        self.passages.clear()  # the last table's cell
        figures = isinstance(table, FigureTable)
        self.kind.setVisible(figures)
        self.kind_caption.setVisible(figures)
        if isinstance(table, FigureTable):
            header, rows = figure_grid(table)
            self.model.set_grid(header, rows, keys=2)
            # The most reported kind first (the default); the one chosen stays chosen if still there.
            self.set_items(self.kind, kinds_by_frequency(table))
            self._figures_chart(table)
        else:
            header, rows = grid(table, None, totals=True, bare=False)
            self.model.set_grid(header, rows)
            series = [Series(o, tuple(float(table.cell(r, o)) for r in table.rows)) for o in table.columns]
            self.chart.set_data(list(table.rows), series, x_title=table.row_title, y_title=table.counting)
        self.table.resizeColumnsToContents()

    def export_grid(self) -> tuple[list[str], list[list[str]], int, bool, list[str]]:
        """Figures as reported (text); any other comparison's counts as numbers."""
        table = self.result
        if isinstance(table, FigureTable):
            header, rows = figure_grid(table)
            return header, rows, 2, False, [f"{table.tag}: the figures each outlet reported, by date and kind", SOURCE_NOTE]
        if table is None:
            return super().export_grid()
        header, rows = grid(table, None, totals=True, bare=True)
        return header, rows, 1, True, [f"{table.counting} by {table.column_title}", SOURCE_NOTE]

    def _redraw(self) -> None:
        if isinstance(self.result, FigureTable):
            self._figures_chart(self.result)

    def _figures_chart(self, table: FigureTable) -> None:
        """Figures of the chosen kind over time, one line per outlet: the highest figure of that
        kind each outlet reported that day."""
        kind = self.kind.currentText()
        dates = sorted({date for date, of_kind in table.rows if of_kind == kind})
        series = []
        for outlet in table.outlets:
            values: list[float | None] = []
            labels: list[str] = []
            for date in dates:
                # The cell's distinct figures (shared objects): the first highest is the same one.
                found = [f.fields for f in dict.fromkeys(table.cell((date, kind), outlet))]
                numbers = [(n, f) for f in found if (n := _amount(f)) is not None]
                highest = max(numbers, key=lambda pair: pair[0], default=None)
                values.append(highest[0] if highest else None)
                labels.append(figure_text(_grouped(highest[1])) if highest else "")
            # An outlet that reported no figure keeps its place in the legend, saying so.
            name = outlet if any(v is not None for v in values) else self.tr("%s: no figure") % outlet
            series.append(Series(name, tuple(values), labels=tuple(labels)))
        y_title = self.tr("figure reported: %s") % kind if kind else self.tr("figure reported")
        self.chart.set_data(dates, series, kind="lines", x_title=self.tr("date"), y_title=y_title)

    def _cell(self, index: Any) -> None:
        filters, layer = self._shown_filters, self._shown_layer  # the table's, whatever the boxes say now
        if isinstance(self.result, CountTable):  # speaker × outlet, frame × outlet, words × outlet
            (value,), outlet = index.data(Qt.ItemDataRole.UserRole)
            if TOTAL in (value, outlet) or outlet not in self.result.columns:
                return
            tag, by = self._shown_tag, self.result.row_title
            self.open_cell(
                lambda services: services.tables.by_outlet_passages(tag, by, value, outlet, filters=filters, layer=layer)
            )
            return
        if not isinstance(self.result, FigureTable):
            return
        (date, kind), outlet = index.data(Qt.ItemDataRole.UserRole)
        if outlet not in self.result.outlets:
            return
        tag = self.result.tag  # the table's tag, whatever the combo says now
        self.open_cell(
            lambda services: services.tables.figure_passages(tag, date, kind, outlet, filters=filters, layer=layer)
        )


def kinds_by_frequency(table: FigureTable) -> list[str]:
    """The kinds of figure in the table, the most reported first (figures counted once per
    outlet and day), then by name."""
    counts: dict[str, int] = {}
    for date, kind in table.rows:
        counts[kind] = counts.get(kind, 0) + sum(len(dict.fromkeys(table.cell((date, kind), o))) for o in table.outlets)
    return sorted(counts, key=lambda k: (-counts[k], k.casefold()))


def _grouped(fields: Any) -> dict[str, str]:
    """The counts with thousands grouped ("100,000"), as articles print them, for the chart. Only
    ASCII digits: "10²" is a digit string to str.isdigit, not a number to int."""
    return {
        k: f"{int(v):,}" if k in ("count_min", "count_max") and v.isascii() and v.isdecimal() else v
        for k, v in fields.items()
    }


def _amount(fields: Any) -> float | None:
    for name in ("count_max", "count_min"):
        try:
            return float(fields[name])
        except (KeyError, ValueError):
            continue
    return None


class AnalysisDialog(QDialog):
    """Not modal: it stays open beside the reader while one opens the passages of its cells."""

    passageRequested = Signal(int, int)

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Analysis"))
        self.resize(980, 720)
        self.tabs = QTabWidget(self)
        self.crosstab = CrosstabPane(controller, self)
        self.cooccurrence = CooccurrencePane(controller, self)
        self.compare = ComparePane(controller, self)
        self.tabs.addTab(self.crosstab, self.tr("&Crosstab"))
        self.tabs.addTab(self.cooccurrence, self.tr("Co-occ&urrence"))
        self.tabs.addTab(self.compare, self.tr("Compare &outlets"))
        self.panes: dict[str, TablePane] = {
            "crosstab": self.crosstab,
            "cooccurrence": self.cooccurrence,
            "compare": self.compare,
        }
        for pane in self.panes.values():
            pane.passageRequested.connect(self.passageRequested)
        QVBoxLayout(self).addWidget(self.tabs)
        # The tables follow the library (the controller's one change signal; the codebook's own
        # signal brings the tags): the open table counts again off the GUI thread, a moment after
        # a burst of changes; the other tabs when shown; nothing while the window is closed.
        self._controller = controller
        self._stale: set[str] = set()
        self._later = QTimer(self, singleShot=True, interval=FOLLOW_MS)
        self._later.timeout.connect(self._follow)
        controller.changed.connect(self._on_changed)
        controller.codebookChanged.connect(self._on_codebook)
        self.tabs.currentChanged.connect(lambda _i: self._refresh_if_stale())

    def show_tab(self, which: str) -> None:
        pane = self.panes[which]
        self._stale.discard(pane.key)
        self.tabs.setCurrentWidget(pane)
        self._read_variables()  # defined or removed meanwhile (the dialog heard nothing while closed)
        pane.refresh()

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.documents or changes.annotations or changes.library or changes.codebook:
            self._stale.update(self.panes)
            self._later.start()

    def _on_codebook(self, tags: list[Tag]) -> None:
        self.compare.set_tags(tags)
        self._stale.update(self.panes)
        self._later.start()

    def _follow(self) -> None:
        if not self.isVisible():
            return  # counted again when shown (show_tab)
        self._read_variables()
        self._refresh_if_stale()

    def _read_variables(self) -> None:
        services = self._controller.services
        self._controller.tasks.run(
            ("analysis", "variables"),
            lambda _ticket: [v.name for v in services.variables.variables()],
            self.crosstab.set_variables,
            failed=lambda _exc: None,  # unreadable just now: the list stays, the next change asks again
        )

    def _refresh_if_stale(self) -> None:
        pane = self.tabs.currentWidget()
        if self.isVisible() and isinstance(pane, TablePane) and pane.key in self._stale:
            self._stale.discard(pane.key)
            pane.refresh()
