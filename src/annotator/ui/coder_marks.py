"""Whose passage is whose, in colour: one colour per coder of the library, and which coder each
annotation of the open document belongs to (decision 020).

The reader begins each passage's underline bars with a flag of its coder's colour; View →
Passages of shows the same colours as its legend; the reader's tooltip names the coder. A small piece of
plain data so other views (agreement, adjudication) can mark coders the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtGui import QColor

from annotator.domain.coders import Coder

# Strong colours away from the codebook's (Okabe–Ito) tag colours, so a coder's flag is not
# read as one more tag bar. A coder's colour is fixed by their place among the library's coders
# (by id, which is never reused), so it stays the same from one session to the next.
PALETTE: tuple[str, ...] = ("#332288", "#EE3377", "#117733", "#AA4499", "#661100", "#88CCEE", "#DDCC77", "#222222")


def coder_color(position: int) -> QColor:
    """The colour of the library's coder at `position` (0 = the first coder made)."""
    return QColor(PALETTE[position % len(PALETTE)])


class CoderMarks:
    """The library's coders with their colours, and the coder of each annotation of one document.
    `shown` is False in a library with one coder: it then looks exactly as without coders."""

    def __init__(self, coders: Sequence[Coder], of: Mapping[int, str], gold: Iterable[int] = ()) -> None:
        ordered = sorted(coders, key=lambda c: c.id)
        self.colors: dict[str, QColor] = {c.login: coder_color(n) for n, c in enumerate(ordered)}
        self.names: dict[str, str] = {c.login: c.display_name for c in ordered}
        self.shown = len(ordered) > 1
        self._of: dict[int, str] = dict(of)
        self.gold: set[int] = set(gold)  # the gold layer's passages (their coder is the curator)
        colors = self.colors
        # annotation id -> colour: what the reader's highlight layer draws each flag with
        self.by_id: dict[int, QColor] = {a: colors[login] for a, login in of.items() if login in colors}

    def knows(self, login: str) -> bool:
        return login in self.colors

    def add(self, annotation_id: int, login: str, *, gold: bool = False) -> None:
        """An annotation made or changed while the document is open."""
        self._of[annotation_id] = login
        if gold:
            self.gold.add(annotation_id)
        color = self.colors.get(login)
        if color is not None:
            self.by_id[annotation_id] = color

    def login_of(self, annotation_id: int) -> str | None:
        return self._of.get(annotation_id)

    def coder_of(self, annotation_id: int) -> str | None:
        """The display name of the annotation's coder (None if not known)."""
        login = self._of.get(annotation_id)
        return self.names.get(login, login) if login is not None else None

    def color_of(self, annotation_id: int) -> QColor | None:
        return self.by_id.get(annotation_id)
