"""Rejected suggestions and the framing lexicon."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from annotator.storage.schema import LexiconTermRow, RejectedSuggestionRow

_R = RejectedSuggestionRow.__table__
_L = LexiconTermRow.__table__

Rejection = tuple[int, int, int]  # (tag id, start, end)
Owned = tuple[int, int, int, int]  # (coder id, tag id, start, end)


def rejected(session: Session, document_id: int, coder_id: int) -> set[Rejection]:
    """What one coder rejected in a document (revision 0015: a rejection is its coder's only)."""
    query = select(_R.c.tag_id, _R.c.start_offset, _R.c.end_offset).where(
        _R.c.document_id == document_id, _R.c.coder_id == coder_id
    )
    return {(t, s, e) for t, s, e in session.execute(query)}


def reject(session: Session, document_id: int, coder_id: int, rejections: Iterable[Rejection]) -> None:
    new = set(rejections) - rejected(session, document_id, coder_id)
    if new:
        session.execute(
            insert(_R),
            [
                {"document_id": document_id, "coder_id": coder_id, "tag_id": t, "start_offset": s, "end_offset": e}
                for t, s, e in sorted(new)
            ],
        )


def unreject(session: Session, document_id: int, coder_id: int, rejections: Iterable[Rejection]) -> None:
    for t, s, e in rejections:
        session.execute(
            delete(_R).where(
                _R.c.document_id == document_id,
                _R.c.coder_id == coder_id,
                _R.c.tag_id == t,
                _R.c.start_offset == s,
                _R.c.end_offset == e,
            )
        )


def everyones(session: Session, document_id: int) -> set[Owned]:
    """Every coder's rejections in a document this session may read (a deleted document's snapshot)."""
    query = select(_R.c.coder_id, _R.c.tag_id, _R.c.start_offset, _R.c.end_offset).where(_R.c.document_id == document_id)
    return {(c, t, s, e) for c, t, s, e in session.execute(query)}


def put_back(session: Session, document_id: int, owned: Iterable[Owned]) -> None:
    """A deleted document's rejections again, each its coder's."""
    by_coder: dict[int, list[Rejection]] = {}
    for c, t, s, e in owned:
        by_coder.setdefault(c, []).append((t, s, e))
    for coder_id, rejections in sorted(by_coder.items()):
        reject(session, document_id, coder_id, rejections)


def lexicon(session: Session) -> list[tuple[str, str]]:
    return [(t, f) for t, f in session.execute(select(_L.c.term, _L.c.frame).order_by(_L.c.position, _L.c.id))]


def replace_lexicon(session: Session, entries: list[tuple[str, str]]) -> None:
    session.execute(delete(_L))
    if entries:
        session.execute(insert(_L), [{"term": t, "frame": f, "position": i} for i, (t, f) in enumerate(entries)])
