"""Writing documents: one at a time (idempotent store) and in bulk (fresh loads).

A document's identity is its canonical URL, or its URL when it has none; it is kept in the
unique `document.canonical_url` column. Storing the same record again writes nothing: the
comparison is on a digest of everything the pipeline produced (text, tags, inspection, …),
which includes the content hash, so a re-run of an improved parser over unchanged text still
updates the tags and judgements. The full-text index follows `document` by itself (FTS5
triggers / a generated tsvector column, see migrations/versions/0001_initial.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from pipeline import vocabulary as v
from pipeline.records import Document as DocumentRecord
from storage.events import InspectionFacts, derive_events
from storage.models import Document, DocumentAuthority, Event, Inspection, Judgement
from storage.results import StoreResult

_doc = Document.__table__
_tag = DocumentAuthority.__table__
_insp = Inspection.__table__
_judg = Judgement.__table__
_event = Event.__table__


def identity(doc: DocumentRecord) -> str:
    return doc.canonical_url or doc.url


def record_digest(doc: DocumentRecord) -> str:
    # Built by hand rather than with dataclasses.asdict, which is several times slower and
    # dominated bulk loads; every field of the record takes part.
    i = doc.inspection
    parts = [
        doc.kind,
        doc.url,
        doc.source,
        doc.title,
        doc.text,
        doc.canonical_url,
        doc.published,
        doc.content_hash,
        doc.fingerprint,
        doc.extraction_method,
        doc.extraction_version,
        doc.language,
        doc.relevant,
        sorted(doc.listing.items()),
        doc.pages,
        [(t.code, t.role, t.score, t.evidence) for t in doc.authorities],
        None
        if i is None
        else [
            i.type,
            i.framework,
            i.authority_code,
            i.start,
            i.end,
            i.published,
            [(j.area, j.grade, j.quote, j.page) for j in i.judgements],
            i.findings,
            i.theme,
            [(m.field, m.reason) for m in i.missing],
            i.flags,
        ],
    ]
    payload = json.dumps(parts, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def content_hash(doc: DocumentRecord) -> str:
    # The pipeline sets it; a record built by hand still gets one so duplicates are found.
    return doc.content_hash or hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def document_values(doc: DocumentRecord, capture_id: int | None, now: datetime) -> dict[str, Any]:
    return {
        "kind": doc.kind,
        "title": doc.title or "",
        "text": doc.text or "",
        "url": doc.url,
        "canonical_url": identity(doc),
        "published": doc.published,
        "source_key": doc.source,
        "capture_id": capture_id,
        "content_hash": content_hash(doc),
        "record_hash": record_digest(doc),
        "fingerprint": doc.fingerprint,
        "extraction_method": doc.extraction_method or "",
        "extraction_version": doc.extraction_version or "",
        "language": doc.language,
        "relevant": doc.relevant,
        "listing": dict(doc.listing or {}),
        "pages": list(doc.pages or []),
        "created_at": now,
        "updated_at": now,
    }


def _tag_rows(doc_id: int, doc: DocumentRecord) -> list[dict[str, Any]]:
    # The primary key is (document, authority, role): keep the strongest tag of each pair.
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for tag in doc.authorities:
        key = (tag.code, tag.role)
        if key not in best or tag.score > best[key]["score"]:
            best[key] = {
                "document_id": doc_id,
                "authority_code": tag.code,
                "role": tag.role,
                "score": float(tag.score),
                "evidence": tag.evidence or "",
            }
    return list(best.values())


def _subjects(doc: DocumentRecord) -> list[str]:
    tags = sorted(
        (t for t in doc.authorities if t.role == v.SUBJECT), key=lambda t: (-t.score, t.code)
    )
    return [t.code for t in tags]


def document_events(
    doc: DocumentRecord,
    doc_id: int,
    title: str,
    duplicate_of: int | None,
    inspection: InspectionFacts | None,
) -> list[dict[str, Any]]:
    """The event rows of a document as stored (`title` as in its row)."""
    return derive_events(
        document_id=doc_id,
        kind=doc.kind,
        title=title,
        published=doc.published,
        relevant=doc.relevant,
        duplicate_of=duplicate_of,
        subjects=_subjects(doc),
        inspection=inspection,
        url=doc.url,
        source=doc.source,
    )


def _inspection_row(doc_id: int, doc: DocumentRecord) -> dict[str, Any] | None:
    i = doc.inspection
    if i is None:
        return None
    return {
        "document_id": doc_id,
        "authority_code": i.authority_code,
        "type": i.type,
        "framework": i.framework or "",
        "start": i.start,
        "end": i.end,
        "published": i.published,
        "theme": i.theme,
        "findings": list(i.findings),
        "missing": [asdict(m) for m in i.missing],
        "flags": list(i.flags),
    }


def _judgement_rows(inspection_id: int, doc: DocumentRecord) -> list[dict[str, Any]]:
    assert doc.inspection is not None
    return [
        {
            "inspection_id": inspection_id,
            "area": j.area,
            "grade": j.grade,
            "quote": j.quote or "",
            "page": j.page,
        }
        for j in doc.inspection.judgements
    ]


def _find_duplicate(conn: Connection, doc_id: int | None, values: dict[str, Any]) -> int | None:
    """The earliest other original document with the very same text, if any."""
    if not values["text"].strip():
        return None
    stmt = select(_doc.c.id).where(
        _doc.c.content_hash == values["content_hash"], _doc.c.duplicate_of.is_(None)
    )
    if doc_id is not None:
        stmt = stmt.where(_doc.c.id != doc_id)
    return conn.execute(stmt.order_by(_doc.c.id).limit(1)).scalar()


def store(conn: Connection, doc: DocumentRecord, capture_id: int | None) -> StoreResult:
    """Insert or update one document and everything derived from it, in the caller's
    transaction. Raises IntegrityError if another writer inserted the same identity first."""
    now = datetime.now(UTC)
    values = document_values(doc, capture_id, now)
    row = conn.execute(
        select(_doc.c.id, _doc.c.record_hash, _doc.c.duplicate_of).where(
            _doc.c.canonical_url == values["canonical_url"]
        )
    ).first()
    if row is not None and row.record_hash == values["record_hash"]:
        return StoreResult(row.id, "unchanged", row.duplicate_of)

    values["duplicate_of"] = _find_duplicate(conn, row.id if row else None, values)
    if row is None:
        # Values as parameters rather than .values(): a constant statement, so SQLAlchemy's
        # compiled cache hits without building a cache key from every value.
        doc_id = conn.execute(insert(_doc).returning(_doc.c.id), values).scalar_one()
        status = "new"
    else:
        doc_id = row.id
        del values["created_at"]
        if capture_id is None:
            del values["capture_id"]  # keep the capture we had rather than forget it
        conn.execute(update(_doc).where(_doc.c.id == doc_id).values(values))
        # Everything derived goes and is written again (judgements go with the inspection).
        conn.execute(delete(_event).where(_event.c.document_id == doc_id))
        conn.execute(delete(_tag).where(_tag.c.document_id == doc_id))
        conn.execute(delete(_insp).where(_insp.c.document_id == doc_id))
        status = "updated"

    tags = _tag_rows(doc_id, doc)
    if tags:
        conn.execute(insert(_tag), tags)
    facts = None
    insp = _inspection_row(doc_id, doc)
    if insp is not None:
        insp_id = conn.execute(insert(_insp).returning(_insp.c.id), insp).scalar_one()
        judgements = _judgement_rows(insp_id, doc)
        if judgements:
            conn.execute(insert(_judg), judgements)
        facts = InspectionFacts(
            insp_id,
            insp["type"],
            insp["authority_code"],
            insp["published"],
            {j["area"]: j["grade"] for j in judgements},
        )
    events = document_events(doc, doc_id, values["title"], values["duplicate_of"], facts)
    if events:
        conn.execute(insert(_event), events)
    return StoreResult(doc_id, status, values["duplicate_of"])  # type: ignore[arg-type]


def _batches(items: Iterable[DocumentRecord], size: int) -> Iterable[list[DocumentRecord]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _reserve_ids(conn: Connection, table: Any, count: int) -> list[int]:
    """Ids for rows we are about to insert, without RETURNING (which SQLAlchemy cannot batch
    on SQLite with a guaranteed order). SQLite: the write transaction (BEGIN IMMEDIATE) holds
    the only write lock, so max(id) cannot move under us. PostgreSQL: the sequence."""
    if conn.dialect.name == "postgresql":
        rows = conn.execute(
            select(func.nextval(f"{table.name}_id_seq")).select_from(func.generate_series(1, count))
        ).scalars()
        return list(rows)
    start = conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one() + 1
    return list(range(start, start + count))


# Page cache for a bulk load on SQLite: the random-keyed indexes (content hash, canonical URL,
# the timeline index) outgrow the default cache at a few hundred thousand documents, and
# every insert then waits on a read.
BULK_SQLITE_CACHE_KIB = 512 * 1024


def bulk_insert(engine: Any, docs: Iterable[DocumentRecord], batch_size: int = 2000) -> int:
    """Load new documents fast: executemany per table, one transaction per batch, events
    derived from the records in memory. For fresh loads (benchmarks, imports): an identity
    already stored raises, and duplicate detection is skipped. Returns documents inserted."""
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            default_cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
            conn.exec_driver_sql(f"PRAGMA cache_size = -{BULK_SQLITE_CACHE_KIB}")
            conn.commit()
        try:
            count = _bulk_batches(conn, docs, batch_size)
            if not sqlite:
                # A bulk load changes the tables' shape entirely; without fresh statistics
                # the planner keeps its empty-table estimates and picks plans that are
                # orders of magnitude off (e.g. for the full-text index).
                conn.exec_driver_sql("ANALYZE document, document_authority, event")
                conn.commit()
            return count
        finally:
            if sqlite:
                conn.rollback()
                conn.exec_driver_sql(f"PRAGMA cache_size = {default_cache}")
                conn.commit()


def _bulk_batches(conn: Connection, docs: Iterable[DocumentRecord], batch_size: int) -> int:
    total = 0
    for batch in _batches(docs, batch_size):
        now = datetime.now(UTC)
        with conn.begin():
            ids = _reserve_ids(conn, _doc, len(batch))
            rows = [document_values(d, None, now) for d in batch]
            for doc_id, r in zip(ids, rows, strict=True):
                r["id"] = doc_id
                r["duplicate_of"] = None
            conn.execute(insert(_doc), rows)
            tags = [t for doc_id, d in zip(ids, batch, strict=True) for t in _tag_rows(doc_id, d)]
            if tags:
                conn.execute(insert(_tag), tags)
            with_insp = [(i, d) for i, d in zip(ids, batch, strict=True) if d.inspection]
            facts: dict[int, InspectionFacts] = {}
            if with_insp:
                insp_ids = _reserve_ids(conn, _insp, len(with_insp))
                insp_rows = []
                judgements = []
                for iid, (doc_id, d) in zip(insp_ids, with_insp, strict=True):
                    row = _inspection_row(doc_id, d)
                    assert row is not None
                    insp_rows.append({"id": iid, **row})
                    js = _judgement_rows(iid, d)
                    judgements += js
                    facts[doc_id] = InspectionFacts(
                        iid,
                        row["type"],
                        row["authority_code"],
                        row["published"],
                        {j["area"]: j["grade"] for j in js},
                    )
                conn.execute(insert(_insp), insp_rows)
                if judgements:
                    conn.execute(insert(_judg), judgements)
            events = [
                e
                for doc_id, d, r in zip(ids, batch, rows, strict=True)
                for e in document_events(d, doc_id, r["title"], None, facts.get(doc_id))
            ]
            if events:
                conn.execute(insert(_event), events)
        total += len(batch)
    return total
