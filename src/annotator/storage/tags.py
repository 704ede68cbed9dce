"""Codebook repository: tags in their order, usage counts, add, change, delete."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from annotator.domain.fields import format_specs, stored_specs
from annotator.domain.models import Tag, TagSpec
from annotator.storage.schema import AnnotationTagRow, TagRow


def _tag(row: TagRow) -> Tag:
    return Tag(
        row.id, row.name, row.color, row.shortcut, row.description, row.position, stored_specs(row.fields), row.detector
    )


def list_all(session: Session) -> list[Tag]:
    return [_tag(row) for row in session.scalars(select(TagRow).order_by(TagRow.position, TagRow.id))]


def get(session: Session, tag_id: int) -> Tag | None:
    row = session.get(TagRow, tag_id)
    return _tag(row) if row is not None else None


def existing(session: Session, tag_ids: Sequence[int]) -> set[int]:
    return set(session.scalars(select(TagRow.id).where(TagRow.id.in_(list(tag_ids)))))


def by_name(session: Session, name: str) -> Tag | None:
    row = session.scalar(select(TagRow).where(func.lower(TagRow.name) == name.strip().lower()))
    return _tag(row) if row is not None else None


def add(session: Session, spec: TagSpec, *, position: int | None = None, tag_id: int | None = None) -> Tag:
    if position is None:
        position = (session.scalar(select(func.max(TagRow.position))) or 0) + 1
    row = TagRow(
        name=spec.name,
        color=spec.color,
        shortcut=spec.shortcut,
        description=spec.description,
        position=position,
        fields=format_specs(spec.fields),
        detector=spec.detector,
    )
    if tag_id is not None:
        row.id = tag_id
    session.add(row)
    session.flush()
    return _tag(row)


def change(session: Session, tag_id: int, spec: TagSpec) -> None:
    session.execute(
        update(TagRow)
        .where(TagRow.id == tag_id)
        .values(
            name=spec.name,
            color=spec.color,
            shortcut=spec.shortcut,
            description=spec.description,
            fields=format_specs(spec.fields),
            detector=spec.detector,
        )
    )


def clear_detector(session: Session, detector: str, except_id: int) -> None:
    session.execute(update(TagRow).where(TagRow.detector == detector, TagRow.id != except_id).values(detector=""))


def clear_shortcut(session: Session, shortcut: str, except_id: int) -> None:
    session.execute(update(TagRow).where(TagRow.shortcut == shortcut, TagRow.id != except_id).values(shortcut=""))


def reorder(session: Session, ordered_ids: Sequence[int]) -> None:
    for position, tag_id in enumerate(ordered_ids):
        session.execute(update(TagRow).where(TagRow.id == tag_id).values(position=position))


def remove(session: Session, tag_id: int) -> None:
    session.execute(delete(TagRow).where(TagRow.id == tag_id))


def usage(session: Session, tag_id: int) -> int:
    return session.scalar(select(func.count()).select_from(AnnotationTagRow).where(AnnotationTagRow.tag_id == tag_id)) or 0


def annotation_ids(session: Session, tag_id: int) -> list[int]:
    query = select(AnnotationTagRow.annotation_id).where(AnnotationTagRow.tag_id == tag_id)
    return list(session.scalars(query))
