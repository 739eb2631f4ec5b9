"""A narrow covering index for search filters.

Filtered searches on SQLite walk the full-text matches and look each one up in `document`;
through (id, published, kind, source_key) those look-ups read a small index instead of the
wide rows that hold the text. PostgreSQL gets the same index (harmless, and keeps the two
schemas alike).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_document_filter", "document", ["id", "published", "kind", "source_key"])


def downgrade() -> None:
    op.drop_index("ix_document_filter", table_name="document")
