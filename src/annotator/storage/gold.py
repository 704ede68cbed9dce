"""The gold layer's provenance (gold_decisions) and the curator's hold on a document (curators)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from annotator.storage.schema import AnnotationRow, AnnotationTagRow, CoderRow, CuratorRow, GoldDecisionRow, TagRow


@dataclass(frozen=True)
class Decision:
    """One adjudication decision as stored (ids local to this library; sources by UUID)."""

    id: int
    document_id: int
    tag: str
    decision: str  # accepted | edited | added | rejected
    sources: tuple[str, ...]  # the coders' annotations it came from, by UUID
    gold_uuid: str | None  # the gold annotation it made (None: rejected)
    curator: str  # login
    decided_at: str


def insert_decision(
    session: Session,
    document_id: int,
    tag_id: int,
    decision: str,
    sources: Sequence[str],
    gold_uuid: str | None,
    curator_id: int,
    decided_at: str,
    *,
    keep_id: int | None = None,
) -> int:
    """A decision row; keep_id puts back one undone (redo) under its own id."""
    values = {
        "document_id": document_id,
        "tag_id": tag_id,
        "decision": decision,
        "sources": json.dumps(list(sources)),
        "gold_uuid": gold_uuid,
        "curator_id": curator_id,
        "decided_at": decided_at,
    }
    if keep_id is not None:
        values["id"] = keep_id
    statement = insert(GoldDecisionRow).values(**values).returning(GoldDecisionRow.id)
    return int(session.execute(statement).scalar_one())


def remove_decision(session: Session, decision_id: int) -> bool:
    """Delete one decision row (undo); False if it was not there."""
    done = session.execute(delete(GoldDecisionRow).where(GoldDecisionRow.id == decision_id))
    return bool(done.rowcount)  # type: ignore[attr-defined]


def decisions(session: Session, document_ids: Sequence[int] = ()) -> list[Decision]:
    """Every decision (of these documents), oldest first."""
    statement = (
        select(
            GoldDecisionRow.id,
            GoldDecisionRow.document_id,
            TagRow.name,
            GoldDecisionRow.decision,
            GoldDecisionRow.sources,
            GoldDecisionRow.gold_uuid,
            CoderRow.login,
            GoldDecisionRow.decided_at,
        )
        .join(TagRow, TagRow.id == GoldDecisionRow.tag_id)
        .join(CoderRow, CoderRow.id == GoldDecisionRow.curator_id)
        .order_by(GoldDecisionRow.id)
    )
    if document_ids:
        statement = statement.where(GoldDecisionRow.document_id.in_(list(document_ids)))
    return [
        Decision(i, d, tag, kind, tuple(json.loads(sources or "[]")), gold, who, when)
        for i, d, tag, kind, sources, gold, who, when in session.execute(statement)
    ]


def holder(session: Session, document_id: int) -> tuple[int, str, str] | None:
    """(coder id, login, expires_at) of whoever holds the document, if a row is there."""
    row = session.execute(
        select(CuratorRow.coder_id, CoderRow.login, CuratorRow.expires_at)
        .join(CoderRow, CoderRow.id == CuratorRow.coder_id)
        .where(CuratorRow.document_id == document_id)
    ).first()
    return None if row is None else (row[0], row[1], row[2])


# One statement, so two curators cannot both pass a check made before it (decision 033): the row
# is inserted, or, if the document has one, taken over only while it is this coder's or expired.
# On PostgreSQL a second transaction racing for the same row waits for the first and then
# re-checks the WHERE on the row the first committed; SQLite's writers are serialised anyway.
# ON CONFLICT … DO UPDATE … WHERE and RETURNING: PostgreSQL ≥ 9.5, SQLite ≥ 3.35.
_TAKE = text(
    "INSERT INTO curators (document_id, coder_id, expires_at) VALUES (:document_id, :coder_id, :expires_at) "
    "ON CONFLICT (document_id) DO UPDATE SET coder_id = excluded.coder_id, expires_at = excluded.expires_at "
    "WHERE curators.coder_id = excluded.coder_id OR curators.expires_at <= :now "
    "RETURNING coder_id"
)


def take(session: Session, document_id: int, coder_id: int, expires_at: str, now: str) -> bool:
    """Take, renew or take over (expired at `now`) the document's hold, atomically; False if
    another coder holds it (then nothing was written)."""
    params = {"document_id": document_id, "coder_id": coder_id, "expires_at": expires_at, "now": now}
    return session.execute(_TAKE, params).first() is not None


def release(session: Session, document_id: int, coder_id: int) -> None:
    session.execute(delete(CuratorRow).where(CuratorRow.document_id == document_id, CuratorRow.coder_id == coder_id))


def annotation_ids(session: Session, uuids: Sequence[str]) -> dict[str, int]:
    """UUID -> id of the annotations with these UUIDs (those row security lets this session see)."""
    from annotator.storage.schema import AnnotationRow

    if not uuids:
        return {}
    found = session.execute(select(AnnotationRow.uuid, AnnotationRow.id).where(AnnotationRow.uuid.in_(list(uuids))))
    return {u: i for u, i in found}


def coder_passages(session: Session, document_id: int, uuids: Sequence[str]) -> set[str]:
    """Which of these UUIDs are coders' annotations of this document (that this session may see)."""
    from annotator.storage.schema import AnnotationRow

    if not uuids:
        return set()
    statement = select(AnnotationRow.uuid).where(
        AnnotationRow.uuid.in_(list(uuids)), AnnotationRow.document_id == document_id, AnnotationRow.layer == "coder"
    )
    return set(session.execute(statement).scalars())


def gold_spans(session: Session, document_ids: Sequence[int] = ()) -> set[tuple[int, str, int, int]]:
    """(document id, tag name, start, end) of every gold passage–tag pair: what is in gold already,
    whatever its decision rows say (a merge brings gold passages without their decisions)."""
    statement = (
        select(AnnotationRow.document_id, TagRow.name, AnnotationRow.start, AnnotationRow.end)
        .join(AnnotationTagRow, AnnotationTagRow.annotation_id == AnnotationRow.id)
        .join(TagRow, TagRow.id == AnnotationTagRow.tag_id)
        .where(AnnotationRow.layer == "gold")
    )
    if document_ids:
        statement = statement.where(AnnotationRow.document_id.in_(list(document_ids)))
    return {(doc, tag, start, end) for doc, tag, start, end in session.execute(statement)}
