"""Initial schema: authorities, sources, captures, documents, inspections, events, runs, feeds,
and the full-text index (FTS5 on SQLite, a generated tsvector + GIN on PostgreSQL).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import JSONType, UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The full-text parts are plain SQL: neither Alembic nor SQLAlchemy model them.
SQLITE_FTS = [
    # External content: the index stores only tokens; snippet() reads text from `document`.
    # porter: "inspections" finds "inspection"; remove_diacritics: "café" finds "cafe".
    """CREATE VIRTUAL TABLE document_fts USING fts5(
        title, text, content='document', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    # The triggers keep the index in step with every write to `document`, whoever makes it
    # (ORM, bulk path, a cascade); the delete command needs the old values, which only the
    # row being replaced still has. UPDATE only fires when title or text change.
    """CREATE TRIGGER document_fts_ai AFTER INSERT ON document BEGIN
        INSERT INTO document_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER document_fts_ad AFTER DELETE ON document BEGIN
        INSERT INTO document_fts(document_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER document_fts_au AFTER UPDATE OF title, text ON document BEGIN
        INSERT INTO document_fts(document_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO document_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
]

# Title weighs more than body (A vs B). The body is capped: a tsvector must stay under 1 MB,
# and half a million characters is far beyond any report we collect.
PG_FTS = [
    """ALTER TABLE document ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, left(coalesce(text, ''), 500000)), 'B')
    ) STORED""",
    "CREATE INDEX ix_document_search_vector ON document USING gin (search_vector)",
]


def upgrade() -> None:
    op.create_table(
        "authority",
        sa.Column("code", sa.String(16), primary_key=True),
        sa.Column("dfe_code", sa.String(8), index=True),
        sa.Column("urn", sa.String(16), index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("short_name", sa.String(200)),
        sa.Column("region", sa.String(100)),
        sa.Column("kind", sa.String(50)),
        sa.Column("valid_from", sa.Date),
        sa.Column("valid_to", sa.Date),
        sa.Column("aliases", JSONType, nullable=False),
        sa.Column("predecessors", JSONType, nullable=False),
        sa.Column("successors", JSONType, nullable=False),
        sa.Column("domain", sa.String(200)),
    )
    op.create_table(
        "source",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("homepage", sa.Text),
    )
    op.create_table(
        "capture",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("final_url", sa.Text),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("headers", JSONType, nullable=False),
        sa.Column("content_type", sa.String(200)),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("fetched_at", UTCDateTime, nullable=False),
        sa.Column("source_key", sa.String(64), index=True),
        sa.Column("body", sa.LargeBinary),
        sa.Column("warc_file", sa.Text),
        sa.Column("warc_offset", sa.BigInteger),
        sa.Column("warc_length", sa.BigInteger),
        sa.UniqueConstraint("url", "sha256", name="uq_capture_url_sha256"),
    )
    op.create_table(
        "document",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("canonical_url", sa.Text, nullable=False, unique=True),
        sa.Column("published", sa.Date),
        sa.Column("source_key", sa.String(64)),
        sa.Column("capture_id", sa.Integer, sa.ForeignKey("capture.id", ondelete="SET NULL")),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("record_hash", sa.String(64), nullable=False),
        sa.Column("fingerprint", sa.BigInteger),
        sa.Column(
            "duplicate_of",
            sa.Integer,
            sa.ForeignKey("document.id", ondelete="SET NULL"),
            index=True,
        ),
        sa.Column("extraction_method", sa.String(64), nullable=False),
        sa.Column("extraction_version", sa.String(64), nullable=False),
        sa.Column("language", sa.String(16)),
        sa.Column("relevant", sa.Boolean),
        sa.Column("listing", JSONType, nullable=False),
        sa.Column("pages", JSONType, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_document_published", "document", ["published"])
    op.create_index("ix_document_source_key", "document", ["source_key"])
    op.create_index("ix_document_kind", "document", ["kind"])
    op.create_index("ix_document_content_hash", "document", ["content_hash"])
    op.create_table(
        "document_authority",
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("document.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("authority_code", sa.String(16), primary_key=True, index=True),
        sa.Column("role", sa.String(16), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
    )
    op.create_table(
        "inspection",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("document.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("authority_code", sa.String(16), index=True),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("framework", sa.String(64), nullable=False),
        sa.Column("start", sa.Date),
        sa.Column("end", sa.Date),
        sa.Column("published", sa.Date, index=True),
        sa.Column("theme", sa.Text),
        sa.Column("findings", JSONType, nullable=False),
        sa.Column("missing", JSONType, nullable=False),
        sa.Column("flags", JSONType, nullable=False),
    )
    op.create_table(
        "judgement",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "inspection_id",
            sa.Integer,
            sa.ForeignKey("inspection.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("area", sa.String(64), nullable=False),
        sa.Column("grade", sa.String(64), nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("page", sa.Integer),
    )
    op.create_table(
        "event",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("authority_code", sa.String(16), nullable=False, index=True),
        sa.Column("date", sa.Date, nullable=False, index=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("summary", sa.Text),
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("document.id", ondelete="CASCADE"),
            index=True,
        ),
        sa.Column("inspection_id", sa.Integer, sa.ForeignKey("inspection.id", ondelete="CASCADE")),
        sa.Column("grades", JSONType, nullable=False),
    )
    op.create_index("ix_event_authority_date", "event", ["authority_code", "date"])
    op.create_table(
        "crawl_run",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.String(64), nullable=False, index=True),
        sa.Column("started_at", UTCDateTime, nullable=False),
        sa.Column("finished_at", UTCDateTime),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("counts", JSONType, nullable=False),
    )
    op.create_table(
        "fetch_error",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "run_id",
            sa.Integer,
            sa.ForeignKey("crawl_run.id", ondelete="SET NULL"),
            index=True,
        ),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("kind", sa.String(64), nullable=False, index=True),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("http_status", sa.Integer),
        sa.Column("occurred_at", UTCDateTime, nullable=False),
        sa.Column("listing", JSONType),
    )
    op.create_table(
        "feed_state",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("body_hash", sa.String(64)),
        sa.Column("last_poll", UTCDateTime),
        sa.Column("next_poll", UTCDateTime),
        sa.Column("interval_seconds", sa.Integer),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("moved_to", sa.Text),
    )

    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_FTS, "postgresql": PG_FTS}.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS document_fts")
    for table in (
        "feed_state",
        "fetch_error",
        "crawl_run",
        "event",
        "judgement",
        "inspection",
        "document_authority",
        "document",
        "capture",
        "source",
        "authority",
    ):
        op.drop_table(table)
