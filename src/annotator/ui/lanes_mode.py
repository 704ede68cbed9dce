"""View → Lanes by coder (F7, decision 045): the reader draws each coder's passages on that coder's
own underline row. The choice is remembered apart for reading and for adjudicating: off by
default while reading, on by default once the agreement view shows a disagreement, until it closes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from annotator.ui.widgets.reader import ReaderView

READING, ADJUDICATING = "lanes_by_coder", "lanes_by_coder_adjudicating"  # settings keys
DEFAULTS = {READING: False, ADJUDICATING: True}
KEY = "F7"  # beside F8 / F9, the adjudication keys


class LanesMode(QObject):
    def __init__(self, reader: ReaderView, settings: QSettings, menu: QMenu) -> None:
        super().__init__(menu)
        self._reader, self._settings = reader, settings
        self.adjudicating = False  # the agreement view is showing disagreements in the reader
        self.action = QAction(self.tr("&Lanes by coder"), menu, checkable=True)
        self.action.setShortcut(QKeySequence(KEY))
        # Application-wide: it answers in the agreement view too, as F8 and F9 do.
        self.action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.action.setToolTip(self.tr("Each coder's passages on that coder's own underline row; gold on its own"))
        self.action.triggered.connect(self._chosen)
        menu.addAction(self.action)
        self._apply()

    def set_adjudicating(self, on: bool) -> None:
        """Stepping through disagreements (on) or reading again (off): that context's choice."""
        if on != self.adjudicating:
            self.adjudicating = on
            self._apply()

    def _key(self) -> str:
        return ADJUDICATING if self.adjudicating else READING

    def _apply(self) -> None:
        key = self._key()
        on = str(self._settings.value(key, DEFAULTS[key])).lower() == "true"
        self.action.setChecked(on)
        self._reader.set_lanes_by_coder(on)

    def _chosen(self, on: bool) -> None:
        self._settings.setValue(self._key(), on)
        self._reader.set_lanes_by_coder(on)
