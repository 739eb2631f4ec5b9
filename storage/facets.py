"""Search with facets, for the web search page: the hits of Archive.search plus counts of
the matching documents by authority, kind, source, year and headline grade, and two filters
the plain search does not have (year, grade).

Hits come from storage.search (its planner keeps them fast at a million documents), except
under a grade filter, which it cannot express: on SQLite every match with the grade is
collected in one walk over the index of graded documents (migration 0005, with the grade in
the full-text query: storage/facets_sqlite.py) and counted, ordered and paged from there; on
PostgreSQL the match, filters and grade semi-join are one SQL query. Facet counts are exact
when there are at most FACET_SAMPLE matches; above that, counting them all would cost more
than a page may take, so they count the FACET_SAMPLE newest matches (highest ids) and the
result says so (`facets_sampled`).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, Integer, and_, bindparam, func, literal_column, select, table
from sqlalchemy import column as sql_column
from sqlalchemy.dialects.postgresql import ARRAY

from pipeline import vocabulary as v
from storage import facets_sqlite as fts
from storage import search as base_search
from storage.archive import Archive
from storage.errors import QueryError
from storage.models import Document, DocumentAuthority, Inspection, Judgement
from storage.query import parse, to_fts5, to_tsquery
from storage.results import SearchResult

FACET_SAMPLE = 5_000
# Graded matches collected in one walk on SQLite (~19,000 for a common word at 1M documents).
GRADED_CAP = 200_000
AUTHORITY_FACET_SIZE = 15
_doc = Document.__table__
_tag = DocumentAuthority.__table__
_insp = Inspection.__table__
_judg = Judgement.__table__


@dataclass(frozen=True)
class Filters:
    authority: str | None = None  # ONS code; matches any tag (subject or mentioned)
    kind: str | None = None
    source: str | None = None
    year: int | None = None
    grade: str | None = None  # headline grade of the document's inspection
    since: date | None = None
    until: date | None = None

    def window(self) -> tuple[date | None, date | None]:
        """since/until narrowed by the year, if one is given."""
        since, until = self.since, self.until
        if self.year:
            since = max(since, date(self.year, 1, 1)) if since else date(self.year, 1, 1)
            until = min(until, date(self.year, 12, 31)) if until else date(self.year, 12, 31)
        return since, until


@dataclass
class FacetedResult:
    result: SearchResult
    facets: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    facets_sampled: bool = False


def _match(conn: Connection, query: str, filters: Filters) -> tuple[Any, Any, Any, Any]:
    """(from clause, match condition, score column, compiled query) for the engine."""
    tree = parse(query)
    if conn.dialect.name == "sqlite":
        compiled = to_fts5(tree)
        # The same index, expression and weights (so the same bm25) as the one-walk plan;
        # the grade condition of _conditions is then redundant but harmless.
        name, expression, _ = fts.fts_match(filters, compiled)
        index = table(name, sql_column("rowid"))  # rowid = document.id
        matched = literal_column(name).op("MATCH")(bindparam("fts_query", expression))
        score = (-literal_column(fts.bm25(name))).label("score")
        # Snippets come from document_fts, with the user's query alone.
        return index.join(_doc, index.c.rowid == _doc.c.id), matched, score, compiled
    if conn.dialect.name == "postgresql":
        compiled = to_tsquery(tree)
        vector = literal_column("document.search_vector")
        matched = vector.op("@@")(compiled)
        return _doc, matched, func.ts_rank(vector, compiled).label("score"), compiled
    raise QueryError(f"full-text search is not available on {conn.dialect.name}")


def _conditions(f: Filters) -> list[Any]:
    since, until = f.window()
    conds: list[Any] = []
    if f.kind:
        conds.append(_doc.c.kind == f.kind)
    if f.source:
        conds.append(_doc.c.source_key == f.source)
    if since:
        conds.append(_doc.c.published >= since)
    if until:
        conds.append(_doc.c.published <= until)
    if f.authority:
        tagged = select(_tag.c.document_id).where(_tag.c.authority_code == f.authority)
        conds.append(_doc.c.id.in_(tagged))
    if f.grade:
        graded = (
            select(_insp.c.document_id)
            .join(_judg, _judg.c.inspection_id == _insp.c.id)
            .where(_judg.c.area.in_(v.HEADLINE_AREAS), _judg.c.grade == f.grade)
        )
        conds.append(_doc.c.id.in_(graded))
    return conds


def faceted_search(
    archive: Archive,
    query: str,
    filters: Filters,
    *,
    order: str = "rank",
    limit: int = 20,
    offset: int = 0,
) -> FacetedResult:
    """One page of hits, the exact total, and facet counts. Raises QueryError."""
    sqlite = archive.engine.dialect.name == "sqlite"
    survivors: list[fts.Match] | None = None
    if not (filters.grade and sqlite):
        # Before taking a connection here: Archive.search takes its own, and a request must
        # never hold two from the pool (many concurrent requests could then starve it).
        result = filtered_search(archive, query, filters, order=order, limit=limit, offset=offset)
        if result.total == 0:
            return FacetedResult(result)
    with archive.engine.connect() as conn:
        if filters.grade and sqlite:
            result, survivors = _graded_sqlite(conn, query, filters, order, limit, offset)
        if result.total == 0:
            return FacetedResult(result)
        sampled = result.total > FACET_SAMPLE
        if survivors is not None:
            # The survivors come in ascending id order: the newest are the last.
            sample = fts.describe(conn, [m.id for m in survivors[-FACET_SAMPLE:]])
        elif sqlite:
            compiled = to_fts5(parse(query))
            sample = fts.matches(conn, compiled, filters, newest=FACET_SAMPLE)
        else:
            sample = _generic_sample(conn, query, filters)
        return FacetedResult(result, _facets(conn, sample), sampled)


def filtered_search(
    archive: Archive,
    query: str,
    filters: Filters,
    *,
    order: str = "rank",
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    """One page of hits and the exact total under these filters, without facets (the Atom
    feeds need no counts). Raises QueryError."""
    if filters.grade:
        with archive.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                return _graded_sqlite(conn, query, filters, order, limit, offset)[0]
            return _graded_page(conn, query, filters, order, limit, offset)
    since, until = filters.window()
    return archive.search(
        query,
        authority=filters.authority,
        kind=filters.kind,
        source=filters.source,
        since=since,
        until=until,
        order=order,
        limit=limit,
        offset=offset,
    )


def _check_page(order: str, limit: int, offset: int) -> None:
    if order not in base_search.ORDERS:
        raise QueryError(f"unknown order {order!r}: use one of {', '.join(base_search.ORDERS)}")
    if limit < 0 or offset < 0:
        raise QueryError("limit and offset must not be negative")


def _graded_sqlite(
    conn: Connection, query: str, filters: Filters, order: str, limit: int, offset: int
) -> tuple[SearchResult, list[fts.Match] | None]:
    """The page under a grade filter on SQLite: every graded match in one walk (graded
    documents are a few percent of the archive), counted, ordered and paged here. Returns
    the matches too, so the facets need no second walk."""
    _check_page(order, limit, offset)
    compiled = to_fts5(parse(query))
    rows = fts.matches(
        conn,
        compiled,
        filters,
        scored=order == "rank",
        described=order == "date",
        cap=GRADED_CAP + 1,
    )
    if len(rows) > GRADED_CAP:  # an archive far larger than planned for: the general plan
        return _graded_page(conn, query, filters, order, limit, offset), None
    page = [(m.id, m.score) for m in fts.page_of(rows, order, offset, limit)]
    return SearchResult(len(rows), base_search.page_hits(conn, compiled, page), query), rows


def _graded_page(
    conn: Connection, query: str, filters: Filters, order: str, limit: int, offset: int
) -> SearchResult:
    """The page under a grade filter, which Archive.search cannot express (PostgreSQL's
    planner joins the grade set well by itself)."""
    _check_page(order, limit, offset)
    base, matched, score, compiled = _match(conn, query, filters)
    where = and_(matched, *_conditions(filters))
    total = conn.execute(select(func.count()).select_from(base).where(where)).scalar_one()
    if total == 0:
        return SearchResult(0, [], query)
    ordering = (
        [score.desc(), _doc.c.id]
        if order == "rank"
        else [_doc.c.published.desc().nulls_last(), _doc.c.id.desc()]
    )
    page = conn.execute(
        select(_doc.c.id, score)
        .select_from(base)
        .where(where)
        .order_by(*ordering)
        .limit(limit)
        .offset(offset)
    ).all()
    return SearchResult(
        total,
        base_search.page_hits(conn, compiled, [(r.id, float(r.score or 0.0)) for r in page]),
        query,
    )


def _generic_sample(conn: Connection, query: str, filters: Filters) -> list[fts.Match]:
    """The FACET_SAMPLE newest matches (all of them when fewer), on PostgreSQL."""
    base, matched, _, _ = _match(conn, query, filters)
    rows = conn.execute(
        select(_doc.c.id, _doc.c.published, _doc.c.kind, _doc.c.source_key)
        .select_from(base)
        .where(and_(matched, *_conditions(filters)))
        .order_by(_doc.c.id.desc())
        .limit(FACET_SAMPLE)
    )
    return [
        fts.Match(r.id, 0.0, r.published and r.published.isoformat(), r.kind, r.source_key)
        for r in rows
    ]


def _id_set(conn: Connection, ids: list[int]) -> Any:
    """A subquery of these ids, bound as one parameter: thousands of separate bound values
    cost more to compile than the counts cost to run."""
    if conn.dialect.name == "sqlite":
        values = func.json_each(bindparam("ids", json.dumps(ids))).table_valued("value")
        return select(values.c.value)
    # render_derived: PostgreSQL names the column only in "AS alias(id)".
    array = (
        func.unnest(bindparam("ids", ids, type_=ARRAY(Integer))).table_valued("id").render_derived()
    )
    return select(array.c.id)


def _facets(conn: Connection, sample: list[fts.Match]) -> dict[str, list]:
    """Counts over the sample: kind, source and year from the rows in hand; authority and
    grade by the sample's ids (at most FACET_SAMPLE of them)."""
    kinds: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    years: Counter[int] = Counter()
    for m in sample:
        kinds[m.kind] += 1
        if m.source:
            sources[m.source] += 1
        if m.published:
            years[int(str(m.published)[:4])] += 1
    ids = _id_set(conn, [m.id for m in sample])
    authorities = conn.execute(
        select(_tag.c.authority_code, func.count())
        .where(_tag.c.document_id.in_(ids), _tag.c.role == v.SUBJECT)
        .group_by(_tag.c.authority_code)
        .order_by(func.count().desc(), _tag.c.authority_code)
        .limit(AUTHORITY_FACET_SIZE)
    ).all()
    grades = conn.execute(
        select(_judg.c.grade, func.count(func.distinct(_insp.c.document_id)))
        .select_from(_insp.join(_judg, _judg.c.inspection_id == _insp.c.id))
        .where(_insp.c.document_id.in_(ids), _judg.c.area.in_(v.HEADLINE_AREAS))
        .group_by(_judg.c.grade)
    ).all()
    grade_order = {g: i for i, g in enumerate((*v.GRADES, *sorted(v.SEND_OUTCOMES)))}
    return {
        "authority": [(code, n) for code, n in authorities],
        "kind": sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])),
        "source": sorted(sources.items(), key=lambda kv: (-kv[1], kv[0])),
        "year": sorted(years.items(), reverse=True),
        "grade": sorted(grades, key=lambda gn: grade_order.get(gn[0], 99)),
    }
