"""The national picture: every current authority's latest overall effectiveness grade.

"Latest grade" is the most recent inspection event carrying an `overall_effectiveness`
judgement (visits and area SEND inspections grade nothing overall, so they do not count). An
authority that has not been graded since it began inherits its predecessor's latest grade,
marked `via_predecessor`, as its timeline does. One indexed look-up per authority
(ix_event_authority_date) keeps this fast at any archive size: ~150 short queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, select

from storage.models import Authority, Capture, Document, Event

HEADLINE_AREA = "overall_effectiveness"
# Enough recent inspection events to get past a few without an overall grade.
_LOOKBACK = 8
_event = Event.__table__
_doc = Document.__table__
_cap = Capture.__table__
_auth = Authority.__table__


@dataclass(frozen=True)
class NationalRow:
    code: str
    name: str
    region: str | None
    grade: str | None
    date: date | None
    inspection_type: str | None
    title: str | None
    document_id: int | None
    url: str | None
    capture_fetched_at: Any
    capture_sha256: str | None
    via_predecessor: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        for key in ("date", "capture_fetched_at"):
            if out[key] is not None:
                out[key] = out[key].isoformat()
        return out


def _latest_graded_stmt(with_before: bool) -> Any:
    conds = [_event.c.authority_code == bindparam("code"), _event.c.kind == "inspection"]
    if with_before:
        conds.append(_event.c.date < bindparam("before"))
    return (
        select(
            _event.c.date,
            _event.c.title,
            _event.c.summary,
            _event.c.grades,
            _event.c.document_id,
            _doc.c.url,
            _cap.c.fetched_at,
            _cap.c.sha256,
        )
        .select_from(
            _event.outerjoin(_doc, _doc.c.id == _event.c.document_id).outerjoin(
                _cap, _cap.c.id == _doc.c.capture_id
            )
        )
        .where(*conds)
        .order_by(_event.c.date.desc(), _event.c.id.desc())
        .limit(_LOOKBACK)
    )


# Built once: constructing and cache-keying the statement anew for each of ~150 authorities
# cost more than running the queries (about 0.3 s per national table).
_LATEST = {False: _latest_graded_stmt(False), True: _latest_graded_stmt(True)}


def _latest_graded(conn: Connection, code: str, before: date | None) -> Any:
    params: dict[str, Any] = {"code": code}
    if before is not None:
        params["before"] = before
    for row in conn.execute(_LATEST[before is not None], params):
        if (row.grades or {}).get(HEADLINE_AREA):
            return row
    return None


def national_table(engine: Engine) -> list[NationalRow]:
    """One row per current authority (valid_to is NULL), sorted by name."""
    with engine.connect() as conn:
        authorities = conn.execute(
            select(
                _auth.c.code, _auth.c.name, _auth.c.region, _auth.c.valid_from, _auth.c.predecessors
            )
            .where(_auth.c.valid_to.is_(None))
            .order_by(_auth.c.name)
        ).all()
        rows: list[NationalRow] = []
        for a in authorities:
            found, via = _latest_graded(conn, a.code, None), None
            for pred in a.predecessors or []:
                if found is not None:
                    break
                # The predecessor's history counts only before this authority began.
                found, via = _latest_graded(conn, pred, a.valid_from), pred
            rows.append(
                NationalRow(
                    code=a.code,
                    name=a.name,
                    region=a.region,
                    grade=(found.grades or {}).get(HEADLINE_AREA) if found else None,
                    date=found.date if found else None,
                    inspection_type=found.summary if found else None,
                    title=found.title if found else None,
                    document_id=found.document_id if found else None,
                    url=found.url if found else None,
                    capture_fetched_at=found.fetched_at if found else None,
                    capture_sha256=found.sha256 if found else None,
                    via_predecessor=via if found else None,
                )
            )
        return rows
