"""Search with facets, for the web search page: the hits of Archive.search plus counts of
the matching documents by authority, kind, source, year and headline grade, and two filters
the plain search does not have (year, grade).

Hits come from storage.search (its planner keeps them fast at a million documents), except
under a grade filter, which it cannot express: then the match and filters are compiled here
with the extra grade condition (grades are on inspection reports, a small share of the
archive). Facet counts are exact when there are at most FACET_SAMPLE matches; above that,
counting them all would cost more than a page may take, so they count the FACET_SAMPLE
newest matches (highest ids) and the result says so (`facets_sampled`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, literal_column, select, table
from sqlalchemy import column as sql_column

from pipeline import vocabulary as v
from storage import search as base_search
from storage.archive import Archive
from storage.errors import QueryError
from storage.models import Document, DocumentAuthority, Inspection, Judgement
from storage.query import parse, to_fts5, to_tsquery
from storage.results import SearchHit, SearchResult

FACET_SAMPLE = 5_000
AUTHORITY_FACET_SIZE = 15
HEADLINE_AREAS = ("overall_effectiveness", "send_outcome")
_doc = Document.__table__
_tag = DocumentAuthority.__table__
_insp = Inspection.__table__
_judg = Judgement.__table__
_FTS = table("document_fts", sql_column("rowid"))  # SQLite's FTS5 index (rowid = document.id)


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


def _match(conn: Connection, query: str) -> tuple[Any, Any, Any, Any]:
    """(from clause, match condition, score column, compiled query) for the engine."""
    tree = parse(query)
    if conn.dialect.name == "sqlite":
        compiled = to_fts5(tree)
        matched = literal_column("document_fts").op("MATCH")(bindparam("fts_query", compiled))
        score = (-func.bm25(literal_column("document_fts"), 4.0, 1.0)).label("score")
        return _FTS.join(_doc, _FTS.c.rowid == _doc.c.id), matched, score, compiled
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
            .where(_judg.c.area.in_(HEADLINE_AREAS), _judg.c.grade == f.grade)
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
    result = filtered_search(archive, query, filters, order=order, limit=limit, offset=offset)
    if result.total == 0:
        return FacetedResult(result)
    with archive.engine.connect() as conn:
        base, matched, _, _ = _match(conn, query)
        where = and_(matched, *_conditions(filters))
        sampled = result.total > FACET_SAMPLE
        return FacetedResult(result, _facets(conn, base, where, sampled), sampled)


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


def _graded_page(
    conn: Connection, query: str, filters: Filters, order: str, limit: int, offset: int
) -> SearchResult:
    """The page under a grade filter, which Archive.search cannot express."""
    if order not in base_search.ORDERS:
        raise QueryError(f"unknown order {order!r}: use one of {', '.join(base_search.ORDERS)}")
    if limit < 0 or offset < 0:
        raise QueryError("limit and offset must not be negative")
    base, matched, score, compiled = _match(conn, query)
    where = and_(matched, *_conditions(filters))
    total = conn.execute(select(func.count()).select_from(base).where(where)).scalar_one()
    if total == 0:
        return SearchResult(0, [], query)
    ordering = (
        [score.desc(), _doc.c.id]
        if order == "rank"
        else [_doc.c.published.desc().nulls_last(), _doc.c.id.desc()]
    )
    columns = [_doc.c.id, _doc.c.title, _doc.c.url, _doc.c.kind, _doc.c.source_key]
    page = conn.execute(
        select(*columns, _doc.c.published, score)
        .select_from(base)
        .where(where)
        .order_by(*ordering)
        .limit(limit)
        .offset(offset)
    ).all()
    ids = [r.id for r in page]
    if not ids:
        return SearchResult(total, [], query)
    if conn.dialect.name == "sqlite":
        snippets = base_search._sqlite_snippets(conn, compiled, ids)
    else:
        snippets = base_search._pg_snippets(conn, compiled, ids)
    tags = base_search._authorities(conn, ids)
    hits = [
        SearchHit(
            document_id=r.id,
            title=r.title,
            url=r.url,
            kind=r.kind,
            source=r.source_key,
            published=r.published,
            snippet=snippets.get(r.id, ""),
            score=float(r.score or 0.0),
            authorities=tags.get(r.id, []),
        )
        for r in page
    ]
    return SearchResult(total, hits, query)


def _facets(conn: Connection, base: Any, where: Any, sampled: bool) -> dict[str, list]:
    # The matching ids, as a subquery every facet counts over; the newest ones when sampled.
    ids = select(_doc.c.id.label("id")).select_from(base).where(where)
    if sampled:
        # On SQLite, ordering by the FTS rowid lets FTS5 walk its matches newest-first and
        # stop early; ordering by document.id made it collect and sort every match (100×).
        newest = _FTS.c.rowid if conn.dialect.name == "sqlite" else _doc.c.id
        ids = ids.order_by(newest.desc()).limit(FACET_SAMPLE)
    ids = ids.subquery("matches")
    # ISO dates sort and slice as text on SQLite; extract() is the portable spelling.
    year = (
        func.substr(_doc.c.published, 1, 4)
        if conn.dialect.name == "sqlite"
        else func.extract("year", _doc.c.published)
    )
    kinds: dict[str, int] = {}
    sources: dict[str, int] = {}
    years: dict[int, int] = {}
    for kind, source, y, n in conn.execute(
        select(_doc.c.kind, _doc.c.source_key, year, func.count())
        .select_from(_doc.join(ids, ids.c.id == _doc.c.id))
        .group_by(_doc.c.kind, _doc.c.source_key, year)
    ):
        kinds[kind] = kinds.get(kind, 0) + n
        if source:
            sources[source] = sources.get(source, 0) + n
        if y is not None:
            years[int(y)] = years.get(int(y), 0) + n
    authorities = conn.execute(
        select(_tag.c.authority_code, func.count())
        .select_from(_tag.join(ids, ids.c.id == _tag.c.document_id))
        .where(_tag.c.role == v.SUBJECT)
        .group_by(_tag.c.authority_code)
        .order_by(func.count().desc(), _tag.c.authority_code)
        .limit(AUTHORITY_FACET_SIZE)
    ).all()
    grades = conn.execute(
        select(_judg.c.grade, func.count(func.distinct(_insp.c.document_id)))
        .select_from(
            _insp.join(ids, ids.c.id == _insp.c.document_id).join(
                _judg, _judg.c.inspection_id == _insp.c.id
            )
        )
        .where(_judg.c.area.in_(HEADLINE_AREAS))
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
