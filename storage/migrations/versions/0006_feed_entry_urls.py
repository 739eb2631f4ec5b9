"""`feed_state.entry_urls`: the entry URLs of the feed body whose hash the row holds.

An unchanged feed (304, or the same body hash) is still checked for entries whose article never
reached the archive (crawlers/feed_entries.py). That check used to parse the feed again on
every poll — feedparser over every unchanged feed was most of a re-crawl's time
(bench/RESULTS.md, Crawl). The URLs the spider followed when it last read the body are kept
here, so an unchanged feed is checked with one query; the body is parsed again only when an
entry is missing and its request has to be rebuilt. NULL (rows from before, or a body never
read) means "parse it", as before.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import JSONType

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("feed_state", sa.Column("entry_urls", JSONType))


def downgrade() -> None:
    with op.batch_alter_table("feed_state") as batch:
        batch.drop_column("entry_urls")
