"""Whose passages the reader shows: every coder's (the default), mine, or one coder's.

The filter sits between the controller and the views: the spans and annotations a document is
opened with, and each change that arrives later, pass through `keeps`, so the reader and the
annotations pane never learn about coders. View → Passages of… chooses; the choice lasts while
the window is open. On SQLite this is a view, not blind coding (nothing stops a look at the file).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from annotator.domain.coders import Coder
from annotator.domain.models import Annotation, MarkedSpan
from annotator.ui import theme
from annotator.ui.coder_marks import CoderMarks

if TYPE_CHECKING:
    from annotator.services import Services

ALL = ""  # every coder's passages
MINE = "\x00mine"  # the current coder's, whoever that is after a switch


class CoderView(QObject):
    changed = Signal()  # the choice changed: the open document is read again

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.mode = ALL
        self._coders: dict[int, str] = {}  # annotation id -> login, of the open document
        self._gold: set[int] = set()  # its gold passages' ids (their coder is the curator)
        self._coders_of = -1  # which document _coders describes
        self._library_coders: tuple[object, list[Coder]] | None = None  # (services, its coders)

    def choose(self, mode: str) -> None:
        if mode != self.mode:
            self.mode = mode
            self.changed.emit()

    def _wanted(self, services: Services) -> str:
        return services.coders.login if self.mode == MINE else self.mode

    def spans(self, services: Services, document_id: int, spans: list[MarkedSpan]) -> list[MarkedSpan]:
        if self.mode == ALL:
            return spans
        (self._coders, self._gold), self._coders_of = services.annotations.coders_of(document_id), document_id
        wanted = self._wanted(services)
        return [s for s in spans if self._coders.get(s[0]) == wanted]

    def marks(self, services: Services, document_id: int, *, fresh: bool = False) -> CoderMarks:
        """The library's coders with their colours and the coder of each passage of a document
        (the reader marks whose passage is whose when the library has several coders). The
        coders are read once per library (a query on every open cost ~1–2 ms of a 15 ms open),
        and again with `fresh`: when a passage of a coder not known yet arrives."""
        if fresh or self._library_coders is None or self._library_coders[0] is not services:
            self._library_coders = (services, services.coders.list())
        coders = self._library_coders[1]
        if len(coders) < 2:
            return CoderMarks(coders, {})  # nothing is marked: no need to read whose
        known = self.mode != ALL and self._coders_of == document_id  # read by spans() a moment ago
        of, gold = (self._coders, self._gold) if known else services.annotations.coders_of(document_id)
        return CoderMarks(coders, of, gold)

    def annotations(self, services: Services, annotations: Sequence[Annotation]) -> list[Annotation]:
        return [a for a in annotations if self.keeps(services, a)]

    def keeps(self, services: Services, annotation: Annotation) -> bool:
        return self.mode == ALL or annotation.coder == self._wanted(services)


class CoderViewMenu(QObject):
    """View → Passages of: All coders, Mine, then each coder of the library (read when shown)."""

    def __init__(self, view: CoderView, services: object, menu: QMenu) -> None:
        super().__init__(menu)
        self._view, self._services = view, services
        self.menu = menu.addMenu(self.tr("Passages &of"))
        self.menu.aboutToShow.connect(self._fill)

    def _fill(self) -> None:
        self.menu.clear()
        group = QActionGroup(self.menu)
        services = self._services() if callable(self._services) else self._services
        choices = [(self.tr("&All coders"), ALL), (self.tr("&Mine"), MINE)]
        coders = services.coders.list() if services is not None else []
        choices += [(f"{c.display_name} ({c.login})", c.login) for c in coders]
        # The legend of the reader's coder flags: each coder's entry shows their colour.
        colors = CoderMarks(coders, {}).colors if len(coders) > 1 else {}
        for number, (label, mode) in enumerate(choices):
            if number == 2:
                self.menu.addSeparator()
            action = QAction(label, self.menu, checkable=True, checked=mode == self._view.mode)
            if mode in colors:
                action.setIcon(theme.swatch(colors[mode].name()))
            action.setData(mode)
            group.addAction(action)
            action.triggered.connect(lambda _=False, m=mode: self._view.choose(m))
            self.menu.addAction(action)
