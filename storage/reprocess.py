"""`cswatch reprocess`: derive documents, tags, inspections, judgements and events again from the
stored captures with the current pipeline, with no network.

Which captures: the newest successful (HTTP 200) capture of every URL, oldest first, so the
archive ends as a crawl in that order would have left it. What each capture was fetched as
(report, article, listing page, feed) and the listing facts beside its link come from the
capture's WARC metadata record; rows from before WARC storage fall back on the document made
from them (or, for an Ofsted file link with none, "report").

Idempotent: a document whose record is unchanged is left alone; press ↔ inspection links and
timeline events are recomputed at the end (storage/links.py, storage/events.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select

from pipeline import vocabulary as v
from pipeline.analyse import AnalyseError, analyse_capture
from pipeline.records import Capture as CaptureRecord
from storage.archive import Archive
from storage.errors import ArchiveError
from storage.links import link_document, relink_all
from storage.models import Capture, Document, DocumentAuthority, Event, Inspection, Judgement
from storage.warc import WarcLocation

_cap = Capture.__table__
_doc = Document.__table__
DOCUMENT_ROLES = {"report", "article"}
Progress = Callable[[int, int], None]


@dataclass
class ReprocessReport:
    captures: int = 0
    skipped: Counter = field(default_factory=Counter)  # why a capture made no attempt
    documents: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    errors: Counter = field(default_factory=Counter)  # analyse error kind → count
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)
    links: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "captures": self.captures,
            "skipped": dict(self.skipped),
            "documents_by_kind": {k: dict(c) for k, c in sorted(self.documents.items())},
            "errors_by_kind": dict(self.errors),
            "totals_before": self.before,
            "totals_after": self.after,
            "press_inspection_links": self.links,
        }


def totals(archive: Archive) -> dict[str, int]:
    tables = {
        "documents": _doc,
        "document_authorities": DocumentAuthority.__table__,
        "inspections": Inspection.__table__,
        "judgements": Judgement.__table__,
        "events": Event.__table__,
    }
    with archive.engine.connect() as conn:
        return {
            name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for name, t in tables.items()
        }


def _latest_captures(archive: Archive, since: date | None) -> list[Any]:
    """The newest 200 capture per URL, ordered by fetch time (oldest first)."""
    stmt = select(
        _cap.c.id,
        _cap.c.url,
        _cap.c.final_url,
        _cap.c.status,
        _cap.c.headers,
        _cap.c.fetched_at,
        _cap.c.source_key,
        _cap.c.warc_file,
        _cap.c.warc_offset,
        _cap.c.warc_length,
    ).where(_cap.c.status == 200)
    if since is not None:
        stmt = stmt.where(_cap.c.fetched_at >= datetime.combine(since, datetime.min.time()))
    newest: dict[str, Any] = {}
    with archive.engine.connect() as conn:
        for row in conn.execute(stmt.order_by(_cap.c.fetched_at, _cap.c.id)):
            newest[row.url] = row  # later rows replace earlier ones
    return sorted(newest.values(), key=lambda r: (r.fetched_at, r.id))


def _legacy_context(archive: Archive, row: Any) -> tuple[bytes | None, dict[str, Any]]:
    """Body and role of a capture stored before WARC: from the row and its document."""
    with archive.engine.connect() as conn:
        body = conn.execute(select(_cap.c.body).where(_cap.c.id == row.id)).scalar()
        doc = conn.execute(
            select(_doc.c.kind, _doc.c.listing).where(_doc.c.capture_id == row.id).limit(1)
        ).first()
    if doc is not None:
        role = "report" if doc.kind == v.INSPECTION_REPORT else "article"
        return body, {"role": role, "listing": doc.listing or {}}
    if row.source_key == "ofsted" and urlsplit(row.url).hostname == "files.ofsted.gov.uk":
        return body, {"role": "report"}
    return body, {}


def _body_and_meta(archive: Archive, row: Any) -> tuple[bytes | None, dict[str, Any]]:
    if row.warc_file is None or archive.warc is None:
        return _legacy_context(archive, row)
    where = WarcLocation(row.warc_file, row.warc_offset, row.warc_length)
    return archive.warc.read(where, with_meta=True)


def reprocess(
    archive: Archive, since: date | None = None, progress: Progress | None = None
) -> ReprocessReport:
    report = ReprocessReport(before=totals(archive))
    rows = _latest_captures(archive, since)
    for done, row in enumerate(rows, 1):
        if progress is not None:
            progress(done, len(rows))
        report.captures += 1
        try:
            body, meta = _body_and_meta(archive, row)
        except ArchiveError:
            report.errors["warc_unreadable"] += 1
            continue
        role = meta.get("role")
        if role not in DOCUMENT_ROLES:
            report.skipped[role or "unknown_role"] += 1
            continue
        if body is None:
            report.errors["body_missing"] += 1
            continue
        capture = CaptureRecord(
            url=row.url,
            final_url=row.final_url or row.url,
            status=row.status,
            headers=dict(row.headers or {}),
            body=body,
            fetched_at=row.fetched_at,
            source=row.source_key or meta.get("source") or "",
        )
        try:
            doc = analyse_capture(
                capture, listing=meta.get("listing") or {}, urn=meta.get("urn"), role=role
            )
        except AnalyseError as exc:
            report.errors[exc.kind] += 1
            continue
        result = archive.store_document(doc, capture_id=row.id)
        report.documents[doc.kind][result.status] += 1
        if result.status in ("new", "updated"):
            link_document(archive, result.document_id)
    # Events are derived: rebuild them all, then the press → inspection links they carry.
    archive.rebuild_events()
    report.links = relink_all(archive)
    report.after = totals(archive)
    return report
