"""The reader's tooltip over passages: each passage's tags, its coder (in their colour, when the
reader marks coders) and its note, as the small HTML a QToolTip shows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from annotator.domain.models import Tag
from annotator.ui.coder_marks import CoderMarks
from annotator.ui.highlights import Highlight
from annotator.ui.widgets.block_highlights import ROWS
from annotator.ui.widgets.coder_lanes import Rows


def passage_lines(
    under: Iterable[Highlight],
    tags: Mapping[int, Tag],
    notes: Mapping[int, str],
    marks: CoderMarks | None,
    rows: Rows | None = None,
) -> list[str]:
    """One line per passage under the pointer; with lanes by coder, in the order of their rows,
    each naming its row (and, below the rows that fit, that the grey row stands for it)."""
    lines = []
    if rows is not None:
        under = sorted(under, key=lambda h: rows.of.get(h.annotation_id, 0))
    for h in under:
        names = ", ".join(tags[t].name for t in h.tag_ids if t in tags)
        note = notes.get(h.annotation_id, "")
        line = f"<b>{names}</b>{coder_tip(marks, h.annotation_id, rows)}"
        lines.append(line + (f"<br>{escape(note)}" if note else ""))
    return lines


def coder_tip(marks: CoderMarks | None, annotation_id: int, rows: Rows | None = None) -> str:
    """ " — ■ Coder", in the coder's colour, when the reader marks coders; with lanes by coder
    " — ■ Coder · row 2" (" — ■ gold (Curator) · row 3" for a gold passage)."""
    if marks is None or not marks.shown or (name := marks.coder_of(annotation_id)) is None:
        return ""
    row = rows.of.get(annotation_id) if rows is not None else None
    color = rows.flags.get(annotation_id) if rows is not None else marks.color_of(annotation_id)
    square = f'<span style="color:{color.name()}">&#9632;</span> ' if color is not None else ""
    if row is None:
        return f" — {square}{escape(name)}"
    who = f"gold ({escape(name)})" if annotation_id in marks.gold else escape(name)
    deep = f" (drawn as the grey row {ROWS}: more rows than fit)" if row >= ROWS else ""
    return f" — {square}{who} · row {row + 1}{deep}"


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
