"""The agreement's read on a server as a merge join (issue 13, decision 059). PostgreSQL only: on
SQLite nothing changes.

Two indexes in the order (document, annotation id): `ix_annotations_document_id` on annotations
(document_id, id) and `ix_annotation_tags_document` on annotation_tags (document_id,
annotation_id) INCLUDE (tag_id), over the links' own copies of their passage's document (0014).
The agreement's read of a range of documents then walks both in step (a merge join, the links'
side index-only) instead of probing `pk_annotation_tags` once per passage: per million passage–tag
rows ~0.85 s of the server's CPU instead of ~1.6-1.9 s (decision 059). SQLite has no such copies
(row security is a server's), and its read of the same rows met the target as it is.

Written out here, never generated from today's code.

Revision ID: 0017
Revises: 0016
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_annotations_document_id", "annotations (document_id, id)"),
    ("ix_annotation_tags_document", "annotation_tags (document_id, annotation_id) INCLUDE (tag_id)"),
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for name, on in INDEXES:
        op.execute(f"CREATE INDEX {name} ON {on}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for name, _ in INDEXES:
        op.execute(f"DROP INDEX {name}")
