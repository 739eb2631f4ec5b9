"""Links between stored documents that the single-document store cannot see.

Called by the crawl's item pipeline after each document is stored (and safe to call again at
any time: every function recomputes from what is stored, so re-runs change nothing).

1. Duplicates beyond the exact content hash (which `storage.documents.store` already links):
   - the same title from the same source on the same day (pipeline.dedupe.story_key), and
   - a syndicated copy: press or government documents within SYNDICATION_WINDOW of each other
     whose fingerprints differ by at most pipeline.dedupe.NEAR_DUPLICATE_BITS.
   The later-stored document gets `duplicate_of` = the earliest original; nothing is deleted,
   and the duplicate's timeline events are dropped (the original carries the story).
2. Press → inspection: a press or government event is linked (`event.inspection_id`) to the
   inspection of the same authority published between INSPECTION_BEFORE before and
   INSPECTION_AFTER after the story, when the story reports that inspection's overall grade
   (pipeline.articles.headline_grades). Storing an inspection report links the stories
   already archived around it, so the order in which a crawl meets them does not matter.
   `Archive.rebuild_events` recreates events without these links: call `relink_all` after it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, and_, delete, or_, select, update

from pipeline import dedupe
from pipeline import vocabulary as v
from pipeline.articles import headline_grades
from storage.archive import Archive
from storage.models import Document, Event, Inspection, Judgement

_doc = Document.__table__
_event = Event.__table__
_insp = Inspection.__table__
_judg = Judgement.__table__

PRESS_KINDS = (v.NEWS_ARTICLE, v.GOVERNMENT_NOTICE)
PRESS_EVENTS = ("press", "government_notice")
SYNDICATION_WINDOW = timedelta(days=14)
# Stories usually follow a report's publication by days; a few run the day before (embargo
# lifted early) and follow-ups come weeks later.
INSPECTION_BEFORE = timedelta(days=42)
INSPECTION_AFTER = timedelta(days=3)


@dataclass(frozen=True)
class LinkResult:
    duplicate_of: int | None = None
    rule: str | None = None  # "same_story" | "near_duplicate"
    inspections_linked: int = 0


def link_document(archive: Archive, document_id: int) -> LinkResult:
    """Apply both kinds of link for one just-stored document, in one transaction."""
    with archive.session(write=True) as session:
        return link_in(session.connection(), document_id)


def link_in(conn: Connection, document_id: int) -> LinkResult:
    """`link_document` in the caller's write transaction (the crawl's batched writes,
    storage/batch.py)."""
    row = conn.execute(select(_doc).where(_doc.c.id == document_id)).first()
    if row is None:
        return LinkResult()
    if row.kind == v.INSPECTION_REPORT:
        return LinkResult(inspections_linked=_link_stories_around(conn, document_id))
    if row.kind not in PRESS_KINDS:
        return LinkResult()
    original, rule = row.duplicate_of, None
    if original is None:
        original, rule = _find_original(conn, row)
        if original is not None:
            conn.execute(update(_doc).where(_doc.c.id == document_id).values(duplicate_of=original))
            # A duplicate carries no events (events.derive_events), so rebuilding its events
            # is deleting them; done directly, it skips rebuild_for's four look-ups.
            conn.execute(delete(_event).where(_event.c.document_id == document_id))
    linked = _link_story(conn, document_id) if original is None else 0
    return LinkResult(original, rule, linked)


def relink_all(archive: Archive) -> int:
    """Recompute press → inspection links for every press event. Returns links made."""
    with archive.session(write=True) as session:
        conn = session.connection()
        ids = conn.execute(
            select(_event.c.document_id).distinct().where(_event.c.kind.in_(PRESS_EVENTS))
        ).scalars()
        return sum(_link_story(conn, doc_id) for doc_id in list(ids) if doc_id is not None)


# ------------------------------------------------------------------------ duplicates ---


def _find_original(conn: Connection, doc: Any) -> tuple[int | None, str | None]:
    """The earliest original this document repeats (`doc` is its document row)."""
    published = doc.published
    older = [_doc.c.id < doc.id, _doc.c.duplicate_of.is_(None), _doc.c.kind.in_(PRESS_KINDS)]
    if dedupe.story_key(doc.title, doc.source_key, published) is not None:
        # The source is compared in Python, not in SQL: with both equalities SQLite walked the
        # source_key index (every document of the source, so a crawl went quadratic) rather
        # than the published one (that day's documents); bench/RESULTS.md, Crawl.
        same_day = conn.execute(
            select(_doc.c.id, _doc.c.title, _doc.c.source_key)
            .where(*older, _doc.c.published == published)
            .order_by(_doc.c.id)
        ).all()
        found = same_story(doc.title, doc.source_key, published, same_day)
        if found is not None:
            return found, "same_story"
    fp = doc.fingerprint
    if fp is None:
        return None, None
    window = [_doc.c.fingerprint.is_not(None)]
    if published is not None:
        window.append(
            or_(
                _doc.c.published.is_(None),
                _doc.c.published.between(
                    published - SYNDICATION_WINDOW, published + SYNDICATION_WINDOW
                ),
            )
        )
    candidates = conn.execute(
        select(_doc.c.id, _doc.c.fingerprint).where(*older, *window).order_by(_doc.c.id)
    ).all()
    found = nearest_copy(fp, candidates)
    return (found, "near_duplicate") if found is not None else (None, None)


# The decisions themselves, apart from how the candidates were fetched: one document at a time
# (above) or a whole crawl batch at once (storage/new_documents.py) decide alike.


def same_story(
    title: str, source_key: str | None, published: Any, same_day: Iterable[Any]
) -> int | None:
    """The first of `same_day` — (id, title, source_key) of older originals published that
    day, in id order — that is the same story by pipeline.dedupe.story_key."""
    key = dedupe.story_key(title, source_key, published)
    if key is None:
        return None
    for other_id, other_title, other_source in same_day:
        if other_source != source_key:
            continue
        if dedupe.story_key(other_title, source_key, published) == key:
            return other_id
    return None


def nearest_copy(fingerprint: int, candidates: Iterable[Any]) -> int | None:
    """Of `candidates` — (id, fingerprint) of older originals in the syndication window — the
    closest within NEAR_DUPLICATE_BITS (the earliest on a tie)."""
    best = min(
        ((dedupe.hamming(fingerprint, fp), other_id) for other_id, fp in candidates),
        default=None,
    )
    if best is not None and best[0] <= dedupe.NEAR_DUPLICATE_BITS:
        return best[1]
    return None


def closest_inspection(
    when: date, found: Iterable[Any], grades: dict[int, set[str]], reported: set[str]
) -> int | None:
    """Of `found` — (id, published) of the authority's inspections around a story dated
    `when`, in id order — the one published closest to it whose headline grade the story
    reports (the earliest on a tie)."""
    fitting = [f for f in found if grades.get(f[0], set()) & reported]
    if not fitting:
        return None
    return min(fitting, key=lambda f: abs((when - f[1]).days))[0]


# ------------------------------------------------------------------ press ↔ inspection ---


def overall_grades(conn: Connection, inspection_ids: list[int]) -> dict[int, set[str]]:
    """Each inspection's headline grade (overall effectiveness; every grade when it has
    none, as in SEND and the 2026 framework)."""
    grades: dict[int, dict[str, str]] = {}
    for iid, area, grade in conn.execute(
        select(_judg.c.inspection_id, _judg.c.area, _judg.c.grade).where(
            _judg.c.inspection_id.in_(inspection_ids)
        )
    ):
        grades.setdefault(iid, {})[area] = grade
    return {
        iid: {g["overall_effectiveness"]} if "overall_effectiveness" in g else set(g.values())
        for iid, g in grades.items()
    }


def _link_story(conn: Connection, document_id: int) -> int:
    """Set inspection_id on this document's press events. Returns how many were linked."""
    text = conn.execute(select(_doc.c.title, _doc.c.text).where(_doc.c.id == document_id)).first()
    events = conn.execute(
        select(_event.c.id, _event.c.authority_code, _event.c.date).where(
            _event.c.document_id == document_id, _event.c.kind.in_(PRESS_EVENTS)
        )
    ).all()
    if text is None or not events:
        return 0
    reported = headline_grades(text.title, text.text)
    linked = 0
    for ev in events:
        match = None
        if reported:
            found = conn.execute(
                select(_insp.c.id, _insp.c.published)
                .where(
                    _insp.c.authority_code == ev.authority_code,
                    _insp.c.published.between(
                        ev.date - INSPECTION_BEFORE, ev.date + INSPECTION_AFTER
                    ),
                )
                .order_by(_insp.c.id)
            ).all()
            grades = overall_grades(conn, [f.id for f in found]) if found else {}
            match = closest_inspection(ev.date, found, grades, reported)
        conn.execute(update(_event).where(_event.c.id == ev.id).values(inspection_id=match))
        linked += match is not None
    return linked


def _link_stories_around(conn: Connection, report_document_id: int) -> int:
    """An inspection report was stored: relink the stories about its authority around it."""
    insp = conn.execute(
        select(_insp.c.authority_code, _insp.c.published).where(
            _insp.c.document_id == report_document_id
        )
    ).first()
    if insp is None or insp.authority_code is None or insp.published is None:
        return 0
    doc_ids = conn.execute(
        select(_event.c.document_id)
        .distinct()
        .where(
            and_(
                _event.c.kind.in_(PRESS_EVENTS),
                _event.c.authority_code == insp.authority_code,
                _event.c.date.between(
                    insp.published - INSPECTION_AFTER, insp.published + INSPECTION_BEFORE
                ),
            )
        )
    ).scalars()
    return sum(_link_story(conn, d) for d in list(doc_ids) if d is not None)


def story_links(archive: Archive, code: str) -> list[tuple[int, int]]:
    """(document_id, inspection_id) of an authority's press events linked to an inspection."""
    with archive.engine.connect() as conn:
        rows = conn.execute(
            select(_event.c.document_id, _event.c.inspection_id).where(
                _event.c.authority_code == code,
                _event.c.kind.in_(PRESS_EVENTS),
                _event.c.inspection_id.is_not(None),
            )
        ).all()
    return [(r.document_id, r.inspection_id) for r in rows]
