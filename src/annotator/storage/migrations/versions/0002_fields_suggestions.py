"""Typed fields per tag and per annotation; which detector serves a tag; rejected suggestions;
the framing lexicon.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from annotator.domain.codebook import DEFAULT_TAGS, FIRST_DESCRIPTIONS
from annotator.domain.fields import DEFAULT_FIELDS
from annotator.domain.suggest.lexicon import parse
from annotator.domain.suggest.model import DETECTORS
from annotator.paths import shipped

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("tags", sa.Column("fields", sa.Text(), nullable=False, server_default=""))
    op.add_column("tags", sa.Column("detector", sa.String(32), nullable=False, server_default=""))
    op.add_column("annotations", sa.Column("fields", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "rejected_suggestions",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_rejected_suggestions_document_id_documents"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"],
                                name=op.f("fk_rejected_suggestions_tag_id_tags"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id", "tag_id", "start_offset", "end_offset",
                                name=op.f("pk_rejected_suggestions")),
    )
    op.create_table(
        "lexicon_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(200), nullable=False),
        sa.Column("frame", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lexicon_terms")),
        sa.UniqueConstraint("term", name=op.f("uq_lexicon_terms_term")),
    )
    tags = sa.table("tags", sa.column("name"), sa.column("fields"), sa.column("description"), sa.column("detector"))
    for name, fields in DEFAULT_FIELDS.items():
        op.execute(tags.update().where(tags.c.name == name, tags.c.fields == "").values(fields=fields))
    for name in DETECTORS:  # the tags the detectors were made for, by their default names
        op.execute(tags.update().where(tags.c.name == name).values(detector=name))
    descriptions = {t.name: t.description for t in DEFAULT_TAGS}
    for name, old in FIRST_DESCRIPTIONS.items():  # only where nobody has edited the guideline
        op.execute(tags.update().where(tags.c.name == name, tags.c.description == old)
                   .values(description=descriptions[name]))
    lexicon = parse((shipped("resources") / "framing_lexicon.csv").read_text(encoding="utf-8"))
    op.bulk_insert(
        sa.table("lexicon_terms", sa.column("term"), sa.column("frame"), sa.column("position")),
        [{"term": term, "frame": frame, "position": i} for i, (term, frame) in enumerate(lexicon)],
    )


def downgrade() -> None:
    op.drop_table("lexicon_terms")
    op.drop_table("rejected_suggestions")
    op.drop_column("annotations", "fields")
    op.drop_column("tags", "fields")
