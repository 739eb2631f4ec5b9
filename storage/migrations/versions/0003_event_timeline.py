"""Timelines read from one place: each event carries its document's URL and source, and on
SQLite a covering index holds an authority's events side by side, so a timeline of thousands
of events is one index range scan (no look-ups into the wide document rows).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TIMELINE_COLUMNS = [
    "authority_code",
    "date",
    "id",
    "kind",
    "title",
    "summary",
    "document_id",
    "url",
    "source_key",
    "grades",
]


def upgrade() -> None:
    op.add_column("event", sa.Column("url", sa.Text))
    op.add_column("event", sa.Column("source_key", sa.String(64)))
    # Events are derived: fill the new columns from the documents they point at.
    op.execute(
        "UPDATE event SET "
        "url = (SELECT url FROM document WHERE document.id = event.document_id), "
        "source_key = (SELECT source_key FROM document WHERE document.id = event.document_id)"
    )
    if op.get_bind().dialect.name == "sqlite":
        # PostgreSQL reads the heap quickly and caps B-tree entries (~2.7 kB), which a long
        # title could exceed, so the covering index is SQLite's alone.
        op.create_index("ix_event_timeline", "event", TIMELINE_COLUMNS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("ix_event_timeline", table_name="event")
    with op.batch_alter_table("event") as batch:
        batch.drop_column("source_key")
        batch.drop_column("url")
