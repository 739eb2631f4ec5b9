"""Timeline events: derived from documents, inspections and tags, so they can be rebuilt.

Rules (DESIGN.md): an inspection report is an "inspection" event (a "visit" for focused and
monitoring visits) on the inspected authority, dated by the inspection's publication date or
else the document's, carrying {area: grade}; a news article is a "press" event, and a
government notice a "government_notice" event, on each subject authority. Undated documents,
exact duplicates (the original carries the event) and documents the pipeline judged not
relevant to children's services make no event.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from operator import attrgetter
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from pipeline import vocabulary as v
from storage.models import Authority, Document, DocumentAuthority, Event, Inspection, Judgement
from storage.results import TimelineEvent

VISIT_TYPES = frozenset({"focused_visit", "monitoring_visit"})
_doc = Document.__table__
_tag = DocumentAuthority.__table__
_insp = Inspection.__table__
_judg = Judgement.__table__
_event = Event.__table__


@dataclass(frozen=True)
class InspectionFacts:
    id: int
    type: str
    authority_code: str | None
    published: date | None
    grades: dict[str, str]


def derive_events(
    *,
    document_id: int,
    kind: str,
    title: str,
    published: date | None,
    relevant: bool | None,
    duplicate_of: int | None,
    subjects: Sequence[str],
    inspection: InspectionFacts | None,
    url: str | None = None,
    source: str | None = None,
) -> list[dict[str, Any]]:
    """Event rows for one document (without ids)."""
    if duplicate_of is not None or relevant is False:
        return []
    if kind == v.INSPECTION_REPORT:
        when = (inspection.published if inspection else None) or published
        codes = [inspection.authority_code] if inspection and inspection.authority_code else []
        codes = codes or list(subjects[:1])
        if when is None or not codes:
            return []
        itype = inspection.type if inspection else None
        return [
            {
                "authority_code": codes[0],
                "date": when,
                "kind": "visit" if itype in VISIT_TYPES else "inspection",
                "title": title,
                "summary": itype,
                "document_id": document_id,
                "inspection_id": inspection.id if inspection else None,
                "grades": dict(inspection.grades) if inspection else {},
                "url": url,
                "source_key": source,
            }
        ]
    event_kind = {v.NEWS_ARTICLE: "press", v.GOVERNMENT_NOTICE: "government_notice"}.get(kind)
    if event_kind is None or published is None:
        return []
    return [
        {
            "authority_code": code,
            "date": published,
            "kind": event_kind,
            "title": title,
            "summary": None,
            "document_id": document_id,
            "inspection_id": None,
            "grades": {},
            "url": url,
            "source_key": source,
        }
        for code in dict.fromkeys(subjects)  # keep order, drop repeats
    ]


def rebuild_for(conn: Connection, document_ids: Sequence[int]) -> int:
    """Recreate the events of these documents from what is stored. Returns events written."""
    if not document_ids:
        return 0
    conn.execute(delete(_event).where(_event.c.document_id.in_(document_ids)))
    docs = conn.execute(
        select(
            _doc.c.id,
            _doc.c.kind,
            _doc.c.title,
            _doc.c.published,
            _doc.c.relevant,
            _doc.c.duplicate_of,
            _doc.c.url,
            _doc.c.source_key,
        ).where(_doc.c.id.in_(document_ids))
    ).all()
    subjects: dict[int, list[str]] = {}
    for doc_id, code in conn.execute(
        select(_tag.c.document_id, _tag.c.authority_code)
        .where(_tag.c.document_id.in_(document_ids), _tag.c.role == v.SUBJECT)
        .order_by(_tag.c.document_id, _tag.c.score.desc(), _tag.c.authority_code)
    ):
        subjects.setdefault(doc_id, []).append(code)
    inspections: dict[int, InspectionFacts] = {}
    rows = conn.execute(
        select(
            _insp.c.id, _insp.c.document_id, _insp.c.type, _insp.c.authority_code, _insp.c.published
        ).where(_insp.c.document_id.in_(document_ids))
    ).all()
    grades: dict[int, dict[str, str]] = {}
    if rows:
        for insp_id, area, grade in conn.execute(
            select(_judg.c.inspection_id, _judg.c.area, _judg.c.grade)
            .where(_judg.c.inspection_id.in_([r.id for r in rows]))
            .order_by(_judg.c.id)
        ):
            grades.setdefault(insp_id, {})[area] = grade
    for r in rows:
        inspections[r.document_id] = InspectionFacts(
            r.id, r.type, r.authority_code, r.published, grades.get(r.id, {})
        )
    events: list[dict[str, Any]] = []
    for d in docs:
        events += derive_events(
            document_id=d.id,
            kind=d.kind,
            title=d.title,
            published=d.published,
            relevant=d.relevant,
            duplicate_of=d.duplicate_of,
            subjects=subjects.get(d.id, []),
            inspection=inspections.get(d.id),
            url=d.url,
            source=d.source_key,
        )
    if events:
        conn.execute(insert(_event), events)
    return len(events)


def rebuild_all(conn: Connection, batch: int = 5000) -> int:
    """Drop every event and derive them again from the documents, in id-ordered batches."""
    conn.execute(delete(_event))
    total, last = 0, 0
    while True:
        ids = list(
            conn.execute(
                select(_doc.c.id).where(_doc.c.id > last).order_by(_doc.c.id).limit(batch)
            ).scalars()
        )
        if not ids:
            return total
        total += rebuild_for(conn, ids)
        last = ids[-1]


# ------------------------------------------------------------------------------- timeline
def _lineage(conn: Connection, code: str) -> list[tuple[str, str | None, date | None]]:
    """(code, via_predecessor, cutoff) for the authority and, recursively, its predecessors.

    A predecessor's history is shown only before its successor began (the successor's
    valid_from); through a chain the earliest such date applies.
    """
    out: list[tuple[str, str | None, date | None]] = [(code, None, None)]
    seen = {code}
    frontier: list[tuple[str, date | None]] = [(code, None)]
    while frontier:
        current, cutoff = frontier.pop(0)
        row = conn.execute(
            select(Authority.valid_from, Authority.predecessors).where(Authority.code == current)
        ).first()
        if row is None:
            continue
        start = row.valid_from
        limit = min(d for d in (cutoff, start) if d) if (cutoff or start) else None
        for pred in row.predecessors or []:
            if pred in seen:
                continue
            seen.add(pred)
            out.append((pred, pred, limit))
            frontier.append((pred, limit))
    return out


def _reorganisations(conn: Connection, codes: Iterable[str]) -> list[TimelineEvent]:
    """Synthesised "reorganisation" entries: when an authority began from predecessors or
    ended into successors. They come from the register, not from documents."""
    a = Authority.__table__
    rows = conn.execute(select(a).where(a.c.code.in_(list(codes)))).all()
    related = {p for r in rows for p in (r.predecessors or []) + (r.successors or [])}
    names = dict(conn.execute(select(a.c.code, a.c.name).where(a.c.code.in_(related))).all())
    events: list[TimelineEvent] = []
    for r in rows:
        if r.predecessors and r.valid_from:
            before = ", ".join(names.get(p, p) for p in r.predecessors)
            events.append(_reorg(r.valid_from, f"{r.name} began, replacing {before}", r.code))
        if r.successors and r.valid_to:
            after = ", ".join(names.get(s, s) for s in r.successors)
            events.append(_reorg(r.valid_to, f"{r.name} ended; succeeded by {after}", r.code))
    return events


def _reorg(when: date, title: str, code: str) -> TimelineEvent:
    return TimelineEvent(when, "reorganisation", title, code, None, None, None, None, {})


def _grades(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return value
    if not value or value == "{}":
        return {}
    return json.loads(value)


def timeline(
    conn: Connection,
    code: str,
    kinds: set[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    include_predecessors: bool = True,
) -> list[TimelineEvent]:
    lineage = _lineage(conn, code) if include_predecessors else [(code, None, None)]
    events: list[TimelineEvent] = []
    append = events.append
    visits = {"inspection", "visit"}
    days: dict[Any, date] = {}  # SQLite returns ISO strings; parse each distinct day once
    # Straight through the DBAPI cursor: a timeline can hold thousands of rows, and at that
    # size SQLAlchemy's per-row Result machinery costs more than the query itself.
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        for member, via, cutoff in lineage:
            sql = (
                "SELECT date, kind, title, summary, document_id, grades, url, source_key "
                f"FROM event WHERE authority_code = {mark}"
            )
            params: list[Any] = [member]
            for clause, value in (
                (" AND date < ", cutoff),
                (" AND date >= ", since),
                (" AND date <= ", until),
            ):
                if value is not None:
                    sql += clause + mark
                    params.append(value.isoformat() if mark == "?" else value)
            if kinds:
                sql += f" AND kind IN ({', '.join([mark] * len(kinds))})"
                params.extend(sorted(kinds))
            cursor.execute(sql + " ORDER BY date, id", params)
            # Rows arrive in (date, id) order per authority; only merging needs a sort.
            for day, kind, title, summary, doc_id, grades, url, source in cursor.fetchall():
                when = days.get(day)
                if when is None:
                    when = days[day] = day if isinstance(day, date) else date.fromisoformat(day)
                append(
                    TimelineEvent(
                        when,
                        kind,
                        title,
                        member,
                        via,
                        doc_id,
                        url,
                        source,
                        _grades(grades),
                        summary,
                        summary if kind in visits else None,
                    )
                )
    finally:
        cursor.close()
    reorganisations: list[TimelineEvent] = []
    if kinds is None or "reorganisation" in kinds:
        for e in _reorganisations(conn, [m for m, _, _ in lineage]):
            if (since is None or e.date >= since) and (until is None or e.date <= until):
                via = None if e.authority_code == code else e.authority_code
                reorganisations.append(replace(e, via_predecessor=via))
    if len(lineage) == 1 and not reorganisations:
        return events
    # Stable sort by date: a reorganisation comes first on its day, then each authority's
    # events keep their (date, id) order.
    merged = reorganisations + events
    merged.sort(key=attrgetter("date"))
    return merged
