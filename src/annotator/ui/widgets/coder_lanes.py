"""Lanes by coder (decision 045): a reader mode in which each coder's passages are drawn on that
coder's own underline row, so two coders' spans of one tag are two rows and a difference in
extent shows at a glance. Row = the coder's place among the coders whose passages the reader
holds (in the library's order, as their colours); gold passages on a row after them.

Plain data for the highlight layer: an annotation id -> row map it uses in place of the stacked
lanes (`highlight_layer._lanes`), and each passage's flag colour (gold's own colour for gold).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor

from annotator.domain.models import Annotation
from annotator.ui.coder_marks import CoderMarks

if TYPE_CHECKING:
    from annotator.ui.widgets.highlight_layer import HighlightLayer

GOLD = QColor("#c9a227")  # a gold passage's flag in this mode (its coder is the curator)


@dataclass
class Rows:
    of: dict[int, int]  # annotation id -> its row
    names: list[str]  # row -> whose it is (a coder's display name, or "gold")
    flags: dict[int, QColor]  # annotation id -> the colour its bar begins with
    by_login: dict[str, int] = field(default_factory=dict)  # a coder's login -> their row
    gold: int | None = None  # gold's row, once the document has a gold passage


def coder_rows(ids: Iterable[int], marks: CoderMarks) -> Rows:
    """One row per coder with a passage among `ids`, in the library's order, then gold's."""
    ids = list(ids)
    gold_ids = marks.gold
    login_of = marks.login_of
    logins = {login_of(a) for a in ids if a not in gold_ids} - {None}
    order = [login for login in marks.colors if login in logins]  # the library's order: by id
    order += sorted(str(x) for x in logins - set(order))  # (a coder the marks do not know yet)
    rows = Rows({}, [marks.names.get(x, x) for x in order], {}, {x: n for n, x in enumerate(order)})
    if any(a in gold_ids for a in ids):
        rows.gold = len(order)
        rows.names.append("gold")
    for a in ids:
        place(rows, marks, a)
    return rows


def place(rows: Rows, marks: CoderMarks, annotation_id: int) -> bool:
    """Put one passage on its row; False if its coder (or gold) has no row yet."""
    if annotation_id in marks.gold:
        row, flag = rows.gold, GOLD
    else:
        login = marks.login_of(annotation_id)
        row, flag = rows.by_login.get(login) if login is not None else None, marks.color_of(annotation_id)
    if row is None:
        return False
    rows.of[annotation_id] = row
    if flag is not None:
        rows.flags[annotation_id] = flag
    return True


class CoderLanes:
    """The reader's side of the mode: on or off, whose passage is whose, the rows; it tells the
    highlight layer which lanes and flags to draw (stacked lanes and coder flags when off)."""

    def __init__(self, layer: HighlightLayer) -> None:
        self._layer = layer
        self.on = False
        self.marks: CoderMarks | None = None
        self.rows: Rows | None = None

    def set_marks(self, marks: CoderMarks | None) -> bool:
        """New marks (a document opened); False when nothing is drawn differently."""
        before = self.marks is not None and self.marks.shown
        self.marks = marks
        if not before and (marks is None or not marks.shown):
            return False  # one coder, as before: nothing to paint again
        self.update()
        return True

    def set_on(self, on: bool) -> None:
        self.on = on
        self.update()

    def update(self) -> None:
        """The rows again from every passage the layer holds; the layer is invalidated."""
        layer, marks = self._layer, self.marks
        shown = marks.by_id if marks is not None and marks.shown else None
        self.rows = (
            coder_rows((h.annotation_id for h in layer.index), marks) if self.on and marks and shown is not None else None
        )
        layer.rows = self.rows.of if self.rows is not None else None
        layer.coders = self.rows.flags if self.rows is not None else shown
        layer.invalidate_all()

    def add(self, annotation: Annotation) -> bool:
        """An annotation made or changed while open; True when the rows must be made again (its
        coder's, or gold's, first passage here: a new row) — by `update`, once it is in the index."""
        if self.marks is None:
            return False
        self.marks.add(annotation.id, annotation.coder, gold=annotation.layer == "gold")
        return self.rows is not None and not place(self.rows, self.marks, annotation.id)
