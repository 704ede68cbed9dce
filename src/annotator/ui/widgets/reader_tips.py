"""The reader's tooltip over passages: each passage's tags, its coder (in their colour, when the
reader marks coders) and its note, as the small HTML a QToolTip shows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from annotator.domain.models import Tag
from annotator.ui.coder_marks import CoderMarks
from annotator.ui.highlights import Highlight


def passage_lines(
    under: Iterable[Highlight], tags: Mapping[int, Tag], notes: Mapping[int, str], marks: CoderMarks | None
) -> list[str]:
    """One line per passage under the pointer."""
    lines = []
    for h in under:
        names = ", ".join(tags[t].name for t in h.tag_ids if t in tags)
        note = notes.get(h.annotation_id, "")
        lines.append(f"<b>{names}</b>{coder_tip(marks, h.annotation_id)}" + (f"<br>{escape(note)}" if note else ""))
    return lines


def coder_tip(marks: CoderMarks | None, annotation_id: int) -> str:
    """ " — ■ Coder", in the coder's colour, when the reader marks coders."""
    if marks is None or not marks.shown or (name := marks.coder_of(annotation_id)) is None:
        return ""
    color = marks.color_of(annotation_id)
    square = f'<span style="color:{color.name()}">&#9632;</span> ' if color is not None else ""
    return f" — {square}{escape(name)}"


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
