"""The rows behind the Atom feeds: documents with what a feed entry needs (identity, dates,
title, a short plain-text summary, the headline grade of an inspection report).

Two ways in: an authority's newest documents (any tag, newest published first), or a list of
document ids already chosen by a search (kept in that order). Only the first SUMMARY_CHARS
characters of a document's text are read, so a feed of long reports stays cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, func, or_, select

from pipeline.vocabulary import HEADLINE_AREAS
from storage.models import Document, DocumentAuthority, Inspection, Judgement

SUMMARY_CHARS = 600
_doc = Document.__table__
_tag = DocumentAuthority.__table__
_insp = Inspection.__table__
_judg = Judgement.__table__


@dataclass(frozen=True)
class FeedEntry:
    document_id: int
    canonical_url: str
    url: str
    kind: str
    title: str
    published: date | None
    stored_at: datetime | None
    updated_at: datetime | None
    source: str | None
    text_start: str  # the first SUMMARY_CHARS characters of the text: untrusted plain text
    inspection_type: str | None = None
    headline_grade: str | None = None


def _columns() -> list[Any]:
    return [
        _doc.c.id,
        _doc.c.canonical_url,
        _doc.c.url,
        _doc.c.kind,
        _doc.c.title,
        _doc.c.published,
        _doc.c.created_at,
        _doc.c.updated_at,
        _doc.c.source_key,
        func.substr(_doc.c.text, 1, SUMMARY_CHARS).label("text_start"),
    ]


def authority_feed_entries(engine: Engine, code: str, limit: int = 50) -> list[FeedEntry]:
    """The authority's newest documents (subject or mentioned), newest published first.
    Left out: duplicates of another document (a reader would show them twice) and documents
    the pipeline judged not about children's services (a council's bin strike)."""
    tagged = select(_tag.c.document_id).where(_tag.c.authority_code == code)
    stmt = (
        select(*_columns())
        .where(
            _doc.c.id.in_(tagged),
            _doc.c.duplicate_of.is_(None),
            or_(_doc.c.relevant.is_(None), _doc.c.relevant.is_(True)),
        )
        .order_by(_doc.c.published.desc().nulls_last(), _doc.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
        return _with_inspections(conn, rows)


def feed_entries_for(engine: Engine, document_ids: Sequence[int]) -> list[FeedEntry]:
    """Entries for these documents, in the order given (unknown ids are skipped)."""
    if not document_ids:
        return []
    with engine.connect() as conn:
        rows = conn.execute(select(*_columns()).where(_doc.c.id.in_(list(document_ids)))).all()
        entries = {e.document_id: e for e in _with_inspections(conn, rows)}
    return [entries[i] for i in document_ids if i in entries]


def _with_inspections(conn: Any, rows: Sequence[Any]) -> list[FeedEntry]:
    ids = [r.id for r in rows]
    inspections: dict[int, tuple[str, str | None]] = {}
    if ids:
        for doc_id, itype, area, grade in conn.execute(
            select(_insp.c.document_id, _insp.c.type, _judg.c.area, _judg.c.grade)
            .select_from(_insp.outerjoin(_judg, _judg.c.inspection_id == _insp.c.id))
            .where(_insp.c.document_id.in_(ids))
        ):
            known = inspections.get(doc_id, (itype, None))
            headline = grade if area in HEADLINE_AREAS else known[1]
            inspections[doc_id] = (itype, headline)
    return [
        FeedEntry(
            document_id=r.id,
            canonical_url=r.canonical_url,
            url=r.url,
            kind=r.kind,
            title=r.title or "",
            published=r.published,
            stored_at=r.created_at,
            updated_at=r.updated_at,
            source=r.source_key,
            text_start=r.text_start or "",
            inspection_type=inspections.get(r.id, (None, None))[0],
            headline_grade=inspections.get(r.id, (None, None))[1],
        )
        for r in rows
    ]
