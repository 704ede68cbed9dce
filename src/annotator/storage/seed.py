"""The codebook a new library starts with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import insert

from annotator.domain.codebook import DEFAULT_TAGS
from annotator.storage.schema import TagRow

if TYPE_CHECKING:
    from annotator.storage.engine import Library


def seed_codebook(library: Library) -> None:
    with library.writing() as session:
        if session.query(TagRow.id).first() is not None:
            return
        session.execute(
            insert(TagRow),
            [
                {
                    "name": spec.name,
                    "color": spec.color,
                    "shortcut": spec.shortcut,
                    "description": spec.description,
                    "position": index,
                }
                for index, spec in enumerate(DEFAULT_TAGS)
            ],
        )
