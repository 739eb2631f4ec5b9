"""The archive's tables as SQLAlchemy 2 typed models.

The migrations in storage/migrations/versions are the source of truth for the schema on disk;
these models must match them (tests/storage/test_migrations.py compares the two). The
full-text index is not modelled here: on SQLite it is the FTS5 table `document_fts` (and
`document_fts_graded`, the graded documents only, for the grade filter: migration 0005), on
PostgreSQL the generated column `document.search_vector`; all are created by migrations and
only storage/search*.py and storage/facets*.py query them.
"""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import Fingerprint64, JSONType, UTCDateTime


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSONType, list[Any]: JSONType, datetime: UTCDateTime}


class Authority(Base):
    __tablename__ = "authority"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)  # ONS code
    dfe_code: Mapped[str | None] = mapped_column(String(8), index=True)
    urn: Mapped[str | None] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str | None] = mapped_column(String(50))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    predecessors: Mapped[list[Any]] = mapped_column(default=list)
    successors: Mapped[list[Any]] = mapped_column(default=list)
    domain: Mapped[str | None] = mapped_column(String(200))


class Source(Base):
    __tablename__ = "source"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    homepage: Mapped[str | None] = mapped_column(Text)


class Capture(Base):
    """One HTTP fetch. Rows are only ever inserted."""

    __tablename__ = "capture"
    __table_args__ = (UniqueConstraint("url", "sha256", name="uq_capture_url_sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(Text)
    status: Mapped[int] = mapped_column(Integer)
    headers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    content_type: Mapped[str | None] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    fetched_at: Mapped[datetime]
    source_key: Mapped[str | None] = mapped_column(String(64), index=True)
    # Bodies live here until WARC storage lands; then body is NULL and warc_* point at the record.
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    warc_file: Mapped[str | None] = mapped_column(Text)
    warc_offset: Mapped[int | None] = mapped_column(BigInteger)
    warc_length: Mapped[int | None] = mapped_column(BigInteger)


class Document(Base):
    __tablename__ = "document"
    __table_args__ = (
        Index("ix_document_published", "published"),
        Index("ix_document_source_key", "source_key"),
        Index("ix_document_kind", "kind"),
        Index("ix_document_content_hash", "content_hash"),
        # Covering index for search filters (migration 0002, storage/search_sqlite.py).
        Index("ix_document_filter", "id", "published", "kind", "source_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text)
    # The document's identity: its canonical URL, or its URL when it has none.
    canonical_url: Mapped[str] = mapped_column(Text, unique=True)
    published: Mapped[date | None] = mapped_column(Date)
    source_key: Mapped[str | None] = mapped_column(String(64))
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("capture.id", ondelete="SET NULL"))
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    # Digest of everything the pipeline said about the document: equal digest = nothing to write.
    record_hash: Mapped[str] = mapped_column(String(64), default="")
    fingerprint: Mapped[int | None] = mapped_column(Fingerprint64)
    duplicate_of: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL"), index=True
    )
    extraction_method: Mapped[str] = mapped_column(String(64), default="")
    extraction_version: Mapped[str] = mapped_column(String(64), default="")
    language: Mapped[str | None] = mapped_column(String(16))
    relevant: Mapped[bool | None] = mapped_column(Boolean)
    listing: Mapped[dict[str, Any]] = mapped_column(default=dict)
    pages: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class DocumentAuthority(Base):
    __tablename__ = "document_authority"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True
    )
    # No foreign key to authority: the pipeline may tag a code the register does not hold yet,
    # and a missing register row must not lose the document.
    authority_code: Mapped[str] = mapped_column(String(16), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    score: Mapped[float] = mapped_column(Float, default=1.0)
    evidence: Mapped[str] = mapped_column(Text, default="")


class Inspection(Base):
    __tablename__ = "inspection"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), unique=True
    )
    authority_code: Mapped[str | None] = mapped_column(String(16), index=True)
    type: Mapped[str] = mapped_column(String(64))
    framework: Mapped[str] = mapped_column(String(64), default="")
    start: Mapped[date | None] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    theme: Mapped[str | None] = mapped_column(Text)
    findings: Mapped[list[Any]] = mapped_column(default=list)
    missing: Mapped[list[Any]] = mapped_column(default=list)
    flags: Mapped[list[Any]] = mapped_column(default=list)


class Judgement(Base):
    __tablename__ = "judgement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspection.id", ondelete="CASCADE"), index=True
    )
    area: Mapped[str] = mapped_column(String(64))
    grade: Mapped[str] = mapped_column(String(64))
    quote: Mapped[str] = mapped_column(Text, default="")
    page: Mapped[int | None] = mapped_column(Integer)


class Event(Base):
    """A dated timeline entry. Derived from documents; Archive.rebuild_events recreates them."""

    __tablename__ = "event"
    __table_args__ = (Index("ix_event_authority_date", "authority_code", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    authority_code: Mapped[str] = mapped_column(String(16), index=True)
    # Annotated via the module: a bare `date` here would resolve to this attribute itself.
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str | None] = mapped_column(Text)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    inspection_id: Mapped[int | None] = mapped_column(
        ForeignKey("inspection.id", ondelete="CASCADE")
    )
    grades: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Copied from the document (migration 0003) so a timeline never reads document rows.
    url: Mapped[str | None] = mapped_column(Text)
    source_key: Mapped[str | None] = mapped_column(String(64))


class CrawlRun(Base):
    __tablename__ = "crawl_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(64), index=True)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(32), default="running")
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)


class FetchError(Base):
    __tablename__ = "fetch_error"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("crawl_run.id", ondelete="SET NULL"), index=True
    )
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    http_status: Mapped[int | None] = mapped_column(Integer)
    occurred_at: Mapped[datetime]
    listing: Mapped[dict[str, Any] | None] = mapped_column(JSONType)


class FeedState(Base):
    __tablename__ = "feed_state"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    body_hash: Mapped[str | None] = mapped_column(String(64))
    last_poll: Mapped[datetime | None]
    next_poll: Mapped[datetime | None]
    interval_seconds: Mapped[int | None] = mapped_column(Integer)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    moved_to: Mapped[str | None] = mapped_column(Text)
    # Entry URLs of the body `body_hash` names (migration 0006; crawlers/feed_entries.py).
    entry_urls: Mapped[list[Any] | None] = mapped_column(JSONType)
