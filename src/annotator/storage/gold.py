"""The gold layer's provenance (gold_decisions) and the curator's hold on a document (curators)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from annotator.storage.schema import CoderRow, CuratorRow, GoldDecisionRow, TagRow


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


def hold(session: Session, document_id: int, coder_id: int, expires_at: str, *, replace: bool) -> None:
    """Take (replace=False: no row yet) or renew/take over (replace=True) the document's hold."""
    if replace:
        session.execute(
            update(CuratorRow).where(CuratorRow.document_id == document_id).values(coder_id=coder_id, expires_at=expires_at)
        )
    else:
        session.execute(insert(CuratorRow).values(document_id=document_id, coder_id=coder_id, expires_at=expires_at))


def release(session: Session, document_id: int, coder_id: int) -> None:
    session.execute(delete(CuratorRow).where(CuratorRow.document_id == document_id, CuratorRow.coder_id == coder_id))


def annotation_ids(session: Session, uuids: Sequence[str]) -> dict[str, int]:
    """UUID -> id of the annotations with these UUIDs (those row security lets this session see)."""
    from annotator.storage.schema import AnnotationRow

    if not uuids:
        return {}
    found = session.execute(select(AnnotationRow.uuid, AnnotationRow.id).where(AnnotationRow.uuid.in_(list(uuids))))
    return {u: i for u, i in found}
