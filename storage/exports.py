"""Streaming reads of documents for exports: the whole archive or a filtered part, in batches.

Memory stays bounded however large the archive: the document query streams (a server-side
cursor on PostgreSQL via `stream_results`/`yield_per`; SQLite's cursor steps row by row
anyway), and what belongs to each batch (authority tags, inspection, judgements) is fetched
with one query per batch keyed on that batch's ids. Every row carries its citation: the
document URL and the capture it was read from (URL, fetch time, sha256 of the body).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from pipeline import vocabulary as v
from storage.models import Capture, Document, DocumentAuthority, Inspection, Judgement

DEFAULT_BATCH = 1000
_doc = Document.__table__
_cap = Capture.__table__
_tag = DocumentAuthority.__table__
_insp = Inspection.__table__
_judg = Judgement.__table__

# The columns of an exported document, in order. `text` is last: it is the long one.
COLUMNS = (
    "id",
    "kind",
    "title",
    "published",
    "source",
    "url",
    "canonical_url",
    "subjects",
    "mentioned",
    "inspection_type",
    "inspection_framework",
    "inspection_start",
    "inspection_end",
    "overall_effectiveness",
    "grades",
    "duplicate_of",
    "relevant",
    "content_hash",
    "capture_url",
    "capture_fetched_at",
    "capture_sha256",
    "text",
)


@dataclass(frozen=True)
class ExportFilter:
    """Which documents to export. Authority matches any tag (subject or mentioned)."""

    authority: str | None = None
    since: date | None = None
    until: date | None = None
    kind: str | None = None
    with_text: bool = True

    def conditions(self) -> list[Any]:
        conds: list[Any] = []
        if self.kind:
            conds.append(_doc.c.kind == self.kind)
        if self.since:
            conds.append(_doc.c.published >= self.since)
        if self.until:
            conds.append(_doc.c.published <= self.until)
        if self.authority:
            tagged = select(_tag.c.document_id).where(_tag.c.authority_code == self.authority)
            conds.append(_doc.c.id.in_(tagged))
        return conds


def count_documents(engine: Engine, flt: ExportFilter) -> int:
    """How many documents the filter selects (for a progress bar's total)."""
    with engine.connect() as conn:
        stmt = select(func.count()).select_from(_doc).where(*flt.conditions())
        return conn.execute(stmt).scalar_one()


def iter_document_batches(
    engine: Engine, flt: ExportFilter, batch_size: int = DEFAULT_BATCH
) -> Iterator[list[dict[str, Any]]]:
    """Yield lists of at most `batch_size` export rows (dicts keyed by COLUMNS), by id."""
    columns = [
        _doc.c.id,
        _doc.c.kind,
        _doc.c.title,
        _doc.c.published,
        _doc.c.source_key,
        _doc.c.url,
        _doc.c.canonical_url,
        _doc.c.duplicate_of,
        _doc.c.relevant,
        _doc.c.content_hash,
        _cap.c.url.label("capture_url"),
        _cap.c.fetched_at.label("capture_fetched_at"),
        _cap.c.sha256.label("capture_sha256"),
    ]
    if flt.with_text:
        columns.append(_doc.c.text)
    stmt = (
        select(*columns)
        .select_from(_doc.outerjoin(_cap, _cap.c.id == _doc.c.capture_id))
        .where(*flt.conditions())
        .order_by(_doc.c.id)
    )
    # Two connections: one holds the streaming cursor, the other answers the per-batch
    # look-ups, so no driver has to interleave statements on an open server-side cursor.
    with engine.connect() as stream, engine.connect() as lookup:
        result = stream.execution_options(stream_results=True, yield_per=batch_size).execute(stmt)
        for partition in result.partitions():
            yield _assemble(lookup, partition, flt.with_text)


def _assemble(conn: Connection, rows: Any, with_text: bool) -> list[dict[str, Any]]:
    ids = [r.id for r in rows]
    subjects: dict[int, list[str]] = {}
    mentioned: dict[int, list[str]] = {}
    for doc_id, code, role in conn.execute(
        select(_tag.c.document_id, _tag.c.authority_code, _tag.c.role)
        .where(_tag.c.document_id.in_(ids))
        .order_by(_tag.c.document_id, _tag.c.score.desc(), _tag.c.authority_code)
    ):
        (subjects if role == v.SUBJECT else mentioned).setdefault(doc_id, []).append(code)
    inspections = {
        r.document_id: r
        for r in conn.execute(
            select(
                _insp.c.id,
                _insp.c.document_id,
                _insp.c.type,
                _insp.c.framework,
                _insp.c.start,
                _insp.c.end,
            ).where(_insp.c.document_id.in_(ids))
        )
    }
    grades: dict[int, dict[str, str]] = {}
    if inspections:
        by_inspection = {r.id: doc_id for doc_id, r in inspections.items()}
        for insp_id, area, grade in conn.execute(
            select(_judg.c.inspection_id, _judg.c.area, _judg.c.grade)
            .where(_judg.c.inspection_id.in_(list(by_inspection)))
            .order_by(_judg.c.id)
        ):
            grades.setdefault(by_inspection[insp_id], {})[area] = grade
    out = []
    for r in rows:
        insp = inspections.get(r.id)
        g = grades.get(r.id, {})
        out.append(
            {
                "id": r.id,
                "kind": r.kind,
                "title": r.title,
                "published": r.published,
                "source": r.source_key,
                "url": r.url,
                "canonical_url": r.canonical_url,
                "subjects": subjects.get(r.id, []),
                "mentioned": mentioned.get(r.id, []),
                "inspection_type": insp.type if insp else None,
                "inspection_framework": insp.framework if insp else None,
                "inspection_start": insp.start if insp else None,
                "inspection_end": insp.end if insp else None,
                "overall_effectiveness": g.get("overall_effectiveness"),
                "grades": g,
                "duplicate_of": r.duplicate_of,
                "relevant": r.relevant,
                "content_hash": r.content_hash,
                "capture_url": r.capture_url,
                "capture_fetched_at": r.capture_fetched_at,
                "capture_sha256": r.capture_sha256,
                "text": r.text if with_text else None,
            }
        )
    return out
