"""The first schema: documents, the codebook, annotations and their tags.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The starting codebook as this revision shipped it (name, colour, key, guideline). Frozen: a new
# library must get what this revision made, whatever today's defaults say (0002 updates it).
TAGS: tuple[tuple[str, str, str, str], ...] = (
    ("claim", "#0072B2", "1", "An assertion of fact or judgement that the text presents as true; mark the whole assertion."),
    ("quote", "#009E73", "2", "Words attributed to a speaker, direct or reported; mark the quoted words, not the verb."),
    ("date", "#E69F00", "3", "A point or period in time (absolute or relative: 'Nov. 8, 2023', 'last year')."),
    (
        "casualty figure",
        "#D55E00",
        "4",
        "A number of people killed, wounded, displaced, missing or detained, with its qualifier.",
    ),
    ("framing", "#CC79A7", "5", "A word or phrase that casts the events in a frame (loaded term, blame, morality, cost)."),
)


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("published", sa.String(10), nullable=False),
        sa.Column("dateline", sa.String(300), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("language", sa.String(35), nullable=False),
        sa.Column("filename", sa.String(1000), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("sha256", name=op.f("uq_documents_sha256")),
    )
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("color", sa.String(7), nullable=False),
        sa.Column("shortcut", sa.String(8), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
        sa.UniqueConstraint("name", name=op.f("uq_tags_name")),
    )
    op.create_table(
        "annotations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("prefix", sa.String(64), nullable=False),
        sa.Column("suffix", sa.String(64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("annotator", sa.String(200), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_annotations_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotations")),
    )
    op.create_index("ix_annotations_document_span", "annotations", ["document_id", "start_offset", "end_offset"])
    op.create_table(
        "annotation_tags",
        sa.Column("annotation_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["annotation_id"],
            ["annotations.id"],
            name=op.f("fk_annotation_tags_annotation_id_annotations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"],
            ["tags.id"],
            name=op.f("fk_annotation_tags_tag_id_tags"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("annotation_id", "tag_id", name=op.f("pk_annotation_tags")),
    )
    op.create_index("ix_annotation_tags_tag", "annotation_tags", ["tag_id", "annotation_id"])
    # The starting codebook, in the same transaction as the tables: a library is never left
    # without one.
    op.bulk_insert(
        sa.table(
            "tags",
            sa.column("name"),
            sa.column("color"),
            sa.column("shortcut"),
            sa.column("description"),
            sa.column("position"),
        ),
        [
            {"name": name, "color": color, "shortcut": shortcut, "description": description, "position": i}
            for i, (name, color, shortcut, description) in enumerate(TAGS)
        ],
    )


def downgrade() -> None:
    op.drop_table("annotation_tags")
    op.drop_table("annotations")
    op.drop_table("tags")
    op.drop_table("documents")
