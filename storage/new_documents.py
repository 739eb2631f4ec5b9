"""A crawl batch of new documents, stored and linked set-wise: the crawl's common case.

Stored one at a time (storage.documents.store, then storage.links.link_in), a new press
article costs about a dozen statements: its identity, an exact duplicate, the insert, tags,
events, its own row again, the same-day and syndication-window candidates, its events again
and each event's inspections. Through SQLAlchemy each statement costs more in Python than in
the database, and that was most of the crawl's storage time (bench/RESULTS.md, Crawl). Here a
batch costs about ten statements in all: every candidate the batch's documents could be
compared with is read once, the decisions are taken in memory in the batch's order, and the
rows are written with one executemany per table.

The result is the one-at-a-time result, row for row (tests/storage/test_new_documents.py):
documents get ids in batch order, so "older" means what it did; each document is compared
with what was stored before it, including earlier documents of the same batch as they ended
up; and the decisions are the same functions (storage.links.same_story, nearest_copy,
closest_inspection). That holds because nothing in such a batch changes a row stored before
it: documents are only inserted, and no inspection report arrives (which would relink stories
already stored). A batch that holds an inspection report, a changed document or the same
identity twice is not taken here (`store_new` returns None) and is stored one at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, or_, select

from pipeline import dedupe
from pipeline import vocabulary as v
from pipeline.articles import headline_grades
from pipeline.records import Document as DocumentRecord
from storage.documents import _reserve_ids, _tag_rows, document_events, document_values
from storage.links import (
    INSPECTION_AFTER,
    INSPECTION_BEFORE,
    PRESS_EVENTS,
    PRESS_KINDS,
    SYNDICATION_WINDOW,
    LinkResult,
    closest_inspection,
    nearest_copy,
    overall_grades,
    same_story,
)
from storage.models import Document, DocumentAuthority, Event, Inspection
from storage.results import StoreResult

_doc = Document.__table__
_tag = DocumentAuthority.__table__
_event = Event.__table__
_insp = Inspection.__table__


@dataclass
class _Original:
    """A press original a later document may repeat: stored before the batch or earlier in it."""

    id: int
    title: str
    source_key: str | None
    published: date | None
    fingerprint: int | None


def store_new(
    conn: Connection, docs: Sequence[tuple[DocumentRecord, int | None]]
) -> list[tuple[StoreResult, LinkResult | None]] | None:
    """Store (document, capture id) pairs in the caller's write transaction, as
    `documents.store` and `links.link_in` would one after the other; None (and nothing
    written) when the batch is not one this can take."""
    if not docs or any(d.inspection is not None or d.kind == v.INSPECTION_REPORT for d, _ in docs):
        return None
    now = datetime.now(UTC)
    values = [document_values(d, capture_id, now) for d, capture_id in docs]
    identities = [row["canonical_url"] for row in values]
    if len(set(identities)) != len(identities):
        return None
    stored = {
        row.canonical_url: row
        for row in conn.execute(
            select(_doc.c.canonical_url, _doc.c.id, _doc.c.record_hash, _doc.c.duplicate_of).where(
                _doc.c.canonical_url.in_(identities)
            )
        )
    }
    results: list[tuple[StoreResult, LinkResult | None] | None] = [None] * len(docs)
    fresh: list[int] = []
    for k, row in enumerate(values):
        known = stored.get(row["canonical_url"])
        if known is None:
            fresh.append(k)
        elif known.record_hash == row["record_hash"]:
            results[k] = (StoreResult(known.id, "unchanged", known.duplicate_of), None)
        else:
            return None  # an update deletes and rewrites derived rows: one at a time
    if fresh:
        _insert(conn, [docs[k][0] for k in fresh], [values[k] for k in fresh], results, fresh)
    return results  # type: ignore[return-value]


def _insert(
    conn: Connection,
    docs: list[DocumentRecord],
    rows: list[dict[str, Any]],
    results: list[Any],
    slots: list[int],
) -> None:
    ids = _reserve_ids(conn, _doc, len(docs))
    exact = _exact_originals(conn, rows)
    press = [(d, row) for d, row in zip(docs, rows, strict=True) if d.kind in PRESS_KINDS]
    same_day, window = _press_candidates(conn, press)

    links: list[LinkResult] = []
    for doc_id, doc, row in zip(ids, docs, rows, strict=True):
        row["id"] = doc_id
        # An exact copy of an earlier original (documents._find_duplicate).
        duplicate = exact.get(row["content_hash"]) if row["text"].strip() else None
        link = LinkResult()
        if doc.kind in PRESS_KINDS:
            link = LinkResult(duplicate_of=duplicate)
            if duplicate is None:
                link = _repeats(row, same_day, window)
        row["duplicate_of"] = link.duplicate_of if doc.kind in PRESS_KINDS else duplicate
        if row["duplicate_of"] is None:
            # Later documents of the batch compare with this one as stored (original).
            if row["text"].strip():
                exact.setdefault(row["content_hash"], doc_id)
            if doc.kind in PRESS_KINDS:
                original = _Original(
                    doc_id, row["title"], row["source_key"], row["published"], row["fingerprint"]
                )
                same_day.setdefault(row["published"], []).append(original)
                if original.fingerprint is not None:
                    window.append(original)
        links.append(link)
        row["exact_duplicate_of"] = duplicate

    events = [
        document_events(doc, row["id"], row["title"], row["duplicate_of"], None)
        for doc, row in zip(docs, rows, strict=True)
    ]
    linked = _link_stories(conn, docs, rows, events)

    exact_of = [row.pop("exact_duplicate_of") for row in rows]
    conn.execute(insert(_doc), rows)
    tags = [t for doc, row in zip(docs, rows, strict=True) for t in _tag_rows(row["id"], doc)]
    if tags:
        conn.execute(insert(_tag), tags)
    flat = [e for per_doc in events for e in per_doc]
    if flat:
        conn.execute(insert(_event), flat)
    for slot, doc, row, link, n, dup in zip(
        slots, docs, rows, links, linked, exact_of, strict=True
    ):
        if doc.kind in PRESS_KINDS and link.duplicate_of is None:
            link = LinkResult(inspections_linked=n)
        results[slot] = (StoreResult(row["id"], "new", dup), link)


def _exact_originals(conn: Connection, rows: list[dict[str, Any]]) -> dict[str, int]:
    """content hash → the earliest original stored with it, for the batch's hashes."""
    hashes = sorted({row["content_hash"] for row in rows if row["text"].strip()})
    if not hashes:
        return {}
    return dict(
        conn.execute(
            select(_doc.c.content_hash, func.min(_doc.c.id))
            .where(_doc.c.content_hash.in_(hashes), _doc.c.duplicate_of.is_(None))
            .group_by(_doc.c.content_hash)
        ).all()
    )


def _press_candidates(
    conn: Connection, press: list[tuple[DocumentRecord, dict[str, Any]]]
) -> tuple[dict[date | None, list[_Original]], list[_Original]]:
    """Every stored press original the batch's press documents could repeat, read once: the
    same-day ones by date, and those in any of their syndication windows (in id order)."""
    originals = [_doc.c.duplicate_of.is_(None), _doc.c.kind.in_(PRESS_KINDS)]
    columns = (_doc.c.id, _doc.c.title, _doc.c.source_key, _doc.c.published, _doc.c.fingerprint)
    same_day: dict[date | None, list[_Original]] = {}
    days = sorted(
        {
            row["published"]
            for _, row in press
            if dedupe.story_key(row["title"], row["source_key"], row["published"]) is not None
        }
    )
    if days:
        for r in conn.execute(
            select(*columns).where(*originals, _doc.c.published.in_(days)).order_by(_doc.c.id)
        ):
            same_day.setdefault(r.published, []).append(_Original(*r))
    dated = [row["published"] for _, row in press if row["fingerprint"] is not None]
    window: list[_Original] = []
    if dated:
        where = [*originals, _doc.c.fingerprint.is_not(None)]
        if None not in dated:
            lo, hi = min(dated) - SYNDICATION_WINDOW, max(dated) + SYNDICATION_WINDOW
            where.append(or_(_doc.c.published.is_(None), _doc.c.published.between(lo, hi)))
        rows = conn.execute(select(*columns).where(*where).order_by(_doc.c.id))
        window = [_Original(*r) for r in rows]
    return same_day, window


def _repeats(
    row: dict[str, Any], same_day: dict[date | None, list[_Original]], window: list[_Original]
) -> LinkResult:
    """links._find_original for a new press document, over the candidates in memory."""
    published = row["published"]
    found = same_story(
        row["title"],
        row["source_key"],
        published,
        ((o.id, o.title, o.source_key) for o in same_day.get(published, ())),
    )
    if found is not None:
        return LinkResult(found, "same_story")
    fp = row["fingerprint"]
    if fp is None:
        return LinkResult()
    if published is None:
        near = window
    else:
        lo, hi = published - SYNDICATION_WINDOW, published + SYNDICATION_WINDOW
        near = [o for o in window if o.published is None or lo <= o.published <= hi]
    found = nearest_copy(fp, ((o.id, o.fingerprint) for o in near))
    return LinkResult(found, "near_duplicate") if found is not None else LinkResult()


def _link_stories(
    conn: Connection,
    docs: list[DocumentRecord],
    rows: list[dict[str, Any]],
    events: list[list[dict[str, Any]]],
) -> list[int]:
    """links._link_story for each document: its press events' inspection, set before they
    are inserted. No inspection arrives in such a batch, so one read serves them all."""
    wanted: list[tuple[dict[str, Any], set[str]]] = []
    for row, per_doc in zip(rows, events, strict=True):
        press = [e for e in per_doc if e["kind"] in PRESS_EVENTS]
        if press:
            reported = headline_grades(row["title"], row["text"])
            wanted += [(e, reported) for e in press if reported]
    by_authority: dict[str | None, list[Any]] = {}
    grades: dict[int, set[str]] = {}
    if wanted:
        dates = [e["date"] for e, _ in wanted]
        found = conn.execute(
            select(_insp.c.id, _insp.c.published, _insp.c.authority_code)
            .where(
                _insp.c.authority_code.in_(sorted({e["authority_code"] for e, _ in wanted})),
                _insp.c.published.between(
                    min(dates) - INSPECTION_BEFORE, max(dates) + INSPECTION_AFTER
                ),
            )
            .order_by(_insp.c.id)
        ).all()
        for f in found:
            by_authority.setdefault(f.authority_code, []).append((f.id, f.published))
        grades = overall_grades(conn, [f.id for f in found]) if found else {}
    for event, reported in wanted:
        when = event["date"]
        lo, hi = when - INSPECTION_BEFORE, when + INSPECTION_AFTER
        around = [f for f in by_authority.get(event["authority_code"], ()) if lo <= f[1] <= hi]
        event["inspection_id"] = closest_inspection(when, around, grades, reported)
    return [sum(e["inspection_id"] is not None for e in per_doc) for per_doc in events]
