"""A PDF article's pages (issue 15): `document_pages(document_id, page, start)` — page n (from 1)
of the document starts at code-point offset `start` of its text. Written once, when the PDF is
imported (importers.pdf's page starts); a document of another kind has no rows. An export's page
of a passage is the page of the last start at or before the passage's start (storage.export_query).

- The key is (document, page); the index (document, start_offset, page) answers "the last start at or
  before s" by one seek and holds the page too (nothing else read).
- Deleting a document takes its pages with it (ON DELETE CASCADE); undo puts them back.
- Not logged in the change log: pages are written only with their document (whose insert is
  logged) and never change. The log function stays 0010's.
- PostgreSQL: as the document variables (0010) — coders read, only the lead (who imports) writes.
  No row security: every coder sees every document.

Written out here, never generated from today's code.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

CODERS, LEAD = "annotator_coders", "annotator_lead"


def upgrade() -> None:
    op.create_table(
        "document_pages",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("document_id", "page", name="pk_document_pages"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_document_pages_document_id_documents", ondelete="CASCADE"
        ),
        sa.CheckConstraint("page >= 1 AND start_offset >= 0", name="ck_document_pages_positive"),
    )
    op.create_index("ix_document_pages_start", "document_pages", ["document_id", "start_offset", "page"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"GRANT SELECT ON document_pages TO {CODERS}")
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON document_pages TO {LEAD}")


def downgrade() -> None:
    op.drop_index("ix_document_pages_start", table_name="document_pages")
    op.drop_table("document_pages")
