"""The crawl's batched writes: many fetched pages in one transaction and one WARC fsync.

The item pipeline (crawlers/archive_pipeline.py) hands over a batch of captures, each with
the document the pipeline made of it (or none: a listing page, a page it could not read).
For every entry, in order: the capture row (its WARC records written, not yet synced), the
document, and the links `storage.links` derives from the rest of the archive. Then one fsync
of the WARC file, then one commit. The crash-safety contract of docs/OPERATIONS.md holds per
batch: every WARC record is on disk before any row that points at it commits, and a crash
loses at most the uncommitted batch — rows that a re-crawl fetches again (an entry of an
unchanged feed whose article is not in the archive is requested again, crawlers/feed_entries.py).

One transaction per batch instead of four per page (capture, document, links, each with a
BEGIN IMMEDIATE, a commit and a WAL write) and one fsync instead of one per page: on SQLite
those per-page costs were a third of the storage time of a crawl (bench/RESULTS.md, Crawl).
And set-wise statements rather than a dozen per page: the captures in three
(CaptureStore.captures_in), a batch of new documents in about ten
(storage/new_documents.py); a batch that changes stored documents or holds an inspection
report is stored one document at a time, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exc

from pipeline.records import Capture as CaptureRecord
from pipeline.records import Document as DocumentRecord
from storage import documents
from storage.archive import Archive
from storage.links import LinkResult, link_document, link_in
from storage.new_documents import store_new
from storage.results import StoreResult


@dataclass
class BatchEntry:
    capture: CaptureRecord
    meta: Mapping[str, Any] = field(default_factory=dict)
    request_headers: Mapping[str, str] | None = None
    document: DocumentRecord | None = None  # None: store the capture only


@dataclass(frozen=True)
class BatchResult:
    capture_id: int
    stored: StoreResult | None = None
    linked: LinkResult | None = None


def store_batch(archive: Archive, entries: Sequence[BatchEntry]) -> list[BatchResult]:
    """Store every entry in one write transaction; results in the entries' order."""
    if not entries:
        return []
    try:
        with archive._tx() as conn:
            results = _store_all(archive, conn, entries)
            if archive.warc is not None:
                archive.warc.sync()  # the records are durable before the rows commit
            return results
    except exc.IntegrityError:
        # PostgreSQL, several workers: another one stored one of these identities between our
        # look and our insert, which aborts the whole transaction. Store one at a time, where
        # Archive.store_document retries; records already written stay as unindexed copies.
        return [_store_alone(archive, e) for e in entries]


def _store_all(archive: Archive, conn: Any, entries: Sequence[BatchEntry]) -> list[BatchResult]:
    capture_ids = archive.captures_in(
        conn, [(e.capture, e.meta, e.request_headers) for e in entries]
    )
    results = [BatchResult(capture_id) for capture_id in capture_ids]
    with_docs = [(k, e.document) for k, e in enumerate(entries) if e.document is not None]
    fast = store_new(conn, [(doc, capture_ids[k]) for k, doc in with_docs])
    for n, (k, doc) in enumerate(with_docs):
        if fast is not None:
            stored, linked = fast[n]
        else:
            stored, linked = _store_document(conn, doc, capture_ids[k])
        results[k] = BatchResult(capture_ids[k], stored, linked)
    return results


def _store_document(
    conn: Any, doc: DocumentRecord, capture_id: int
) -> tuple[StoreResult, LinkResult | None]:
    """One document after another: documents.store, then its links."""
    stored = documents.store(conn, doc, capture_id)
    linked = link_in(conn, stored.document_id) if stored.status in ("new", "updated") else None
    return stored, linked


def _store_alone(archive: Archive, entry: BatchEntry) -> BatchResult:
    capture_id = archive.record_capture(
        entry.capture, meta=entry.meta, request_headers=entry.request_headers
    )
    if entry.document is None:
        return BatchResult(capture_id)
    stored = archive.store_document(entry.document, capture_id=capture_id)
    linked = (
        link_document(archive, stored.document_id) if stored.status in ("new", "updated") else None
    )
    return BatchResult(capture_id, stored, linked)
