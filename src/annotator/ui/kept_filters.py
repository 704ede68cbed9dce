"""The window's filters, kept per library beside its reading places (ui/places.py): the library
pane's filter, the annotation list's tag and text filters, and whose passages are shown (View →
Passages of…). Each is saved as it changes and set again when that library is opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from annotator.ui.coder_view import ALL, MINE

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow
    from annotator.ui.places import ReadingPlaces

CODER_PREFIX = "coder:"  # a login saved as whose passages are shown ('mine' and '' are the others)


class KeptFilters(QObject):
    def __init__(self, window: MainWindow, places: ReadingPlaces) -> None:
        super().__init__(window)
        self._places = places
        self._library = window.library.filter
        pane = window.workspace.pane
        self._tags, self._text = pane.tag_filter, pane.text_filter
        controller = window.controller
        self._controller, self._view = controller, controller.coder_view
        # Set back before anything is shown (the text filters at once; the tag when the codebook has it).
        self._library.setText(places.filter("library"))
        self._text.setText(places.filter("passages"))
        self._tag = places.filter("tag")  # waits for its tag in the list (the codebook comes later)
        self._view.mode = _mode(places.filter("coder"))
        self._choose_tag()
        self._library.textChanged.connect(lambda text: places.set_filter("library", text))
        self._text.textChanged.connect(lambda text: places.set_filter("passages", text))
        self._tags.currentIndexChanged.connect(self._tag_chosen)
        self._view.changed.connect(lambda: places.set_filter("coder", _saved(self._view.mode)))
        controller.codebookChanged.connect(lambda _tags: self._choose_tag())
        controller.servicesAttached.connect(self._attached)
        if controller.ready and self._unknown_coder():
            self._view.choose(ALL)

    def _choose_tag(self) -> None:
        if self._tag.isdigit() and (index := self._tags.findData(int(self._tag))) >= 0:
            self._tags.setCurrentIndex(index)  # (saves it again: the same value)

    def _tag_chosen(self, _index: int) -> None:
        chosen = self._tags.currentData()
        self._tag = "" if chosen is None else str(chosen)
        self._places.set_filter("tag", self._tag)

    def _attached(self) -> None:
        """The document painted at start-up showed every coder's passages (read before the
        library was open): read it again through the chosen view."""
        if self._view.mode == ALL:
            return
        if self._unknown_coder():
            self._view.choose(ALL)  # (which reads the document again, and is saved)
        elif self._controller.document is not None:
            self._controller.reload()

    def _unknown_coder(self) -> bool:
        """A coder this library no longer has (merged into another) would show no passages at all."""
        mode = self._view.mode
        return mode not in (ALL, MINE) and mode not in {c.login for c in self._controller.services.coders.list()}


def _mode(saved: str) -> str:
    if saved == "mine":
        return MINE
    return saved.removeprefix(CODER_PREFIX) if saved.startswith(CODER_PREFIX) else ALL


def _saved(mode: str) -> str:
    return "mine" if mode == MINE else (CODER_PREFIX + mode if mode != ALL else "")
