"""Full-text search over documents: one interface, two engines.

SQLite: the external-content FTS5 table `document_fts` (rowid = document.id), ranked by
bm25 with the title weighted 4× the body. PostgreSQL: the generated column
`document.search_vector` (title weight A, body B) with a GIN index, ranked by ts_rank.
The query tree from storage.query is compiled per engine; filters (authority, kind, source,
dates) are ordinary WHERE clauses on the base tables and their B-tree indexes, never part of
the full-text expression.

Snippets are plain text with matches wrapped in HIGHLIGHT_START/HIGHLIGHT_END («…»): the text
is untrusted crawled content, so a web page must escape the snippet first and only then turn
the markers into <mark> tags. They are computed only for the page of hits returned.
Scores are "higher is better" on both engines but not comparable between them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    bindparam,
    func,
    literal_column,
    select,
    text,
)

from pipeline import vocabulary as v
from storage import search_sqlite
from storage.errors import QueryError
from storage.models import Document, DocumentAuthority
from storage.query import parse, to_fts5, to_tsquery
from storage.results import SearchHit, SearchResult

HIGHLIGHT_START = "«"
HIGHLIGHT_END = "»"
ELLIPSIS = "…"
SNIPPET_TOKENS = 24
# ts_headline re-parses the text it is given; long reports are cut to keep a page fast.
PG_HEADLINE_CHARS = 200_000
ORDERS = ("rank", "date")

_doc = Document.__table__
_tag = DocumentAuthority.__table__


def _filters(
    codes: list[str] | None,
    role: str | None,
    kind: str | None,
    source: str | None,
    since: date | None,
    until: date | None,
) -> list[Any]:
    conds: list[Any] = []
    if kind:
        conds.append(_doc.c.kind == kind)
    if source:
        conds.append(_doc.c.source_key == source)
    if since:
        conds.append(_doc.c.published >= since)
    if until:
        conds.append(_doc.c.published <= until)
    if codes:
        tagged = select(_tag.c.document_id).where(_tag.c.authority_code.in_(codes))
        if role:
            tagged = tagged.where(_tag.c.role == role)
        conds.append(_doc.c.id.in_(tagged))
    return conds


def search(
    conn: Connection,
    query: str,
    *,
    authority: str | Iterable[str] | None = None,
    role: str | None = None,
    kind: str | None = None,
    source: str | None = None,
    since: date | None = None,
    until: date | None = None,
    order: str = "rank",
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    if order not in ORDERS:
        raise QueryError(f"unknown order {order!r}: use one of {', '.join(ORDERS)}")
    if limit < 0 or offset < 0:
        raise QueryError("limit and offset must not be negative")
    tree = parse(query)
    codes = None
    if authority:
        codes = [authority] if isinstance(authority, str) else sorted(set(authority))
    if conn.dialect.name == "sqlite":
        match = to_fts5(tree)
        filters = search_sqlite._filter_sql(codes, role, kind, source, since, until)
        total, scored, approximate = search_sqlite.page_ids(
            conn, match, filters, order, limit, offset
        )
        compiled: Any = match
    elif conn.dialect.name == "postgresql":
        tsq = to_tsquery(tree)
        total, scored, approximate = _pg_page(
            conn, tsq, _filters(codes, role, kind, source, since, until), order, limit, offset
        )
        compiled = tsq
    else:  # pragma: no cover - only the two supported engines reach here
        raise QueryError(f"full-text search is not available on {conn.dialect.name}")

    hits = page_hits(conn, compiled, scored)
    return SearchResult(total, hits, query, approximate)


def _pg_page(
    conn: Connection, tsq: Any, conds: list[Any], order: str, limit: int, offset: int
) -> tuple[int, list[tuple[int, float]], bool]:
    # Enough memory for an exact bitmap of a large match set: a lossy bitmap makes PostgreSQL
    # re-check every row's tsvector. Local to this read transaction.
    conn.exec_driver_sql("SET LOCAL work_mem = '64MB'")
    vector = literal_column("document.search_vector")
    matched = vector.op("@@")(tsq)
    where = and_(matched, *conds)
    total = conn.execute(select(func.count()).select_from(_doc).where(where)).scalar_one()
    if total == 0 or limit == 0:
        return total, [], False
    approximate = False
    if order == "rank" and not conds and total > search_sqlite.RANK_WINDOW:
        # As on SQLite: ts_rank reads every match's tsvector, so a huge unfiltered result
        # set is ranked among its most recently archived matches (total stays exact).
        floor = (
            select(_doc.c.id)
            .where(matched)
            .order_by(_doc.c.id.desc())
            .offset(search_sqlite.RANK_WINDOW - 1)
            .limit(1)
            .scalar_subquery()
        )
        where = and_(where, _doc.c.id >= floor)
        approximate = True
    score = func.ts_rank(vector, tsq).label("score")
    ordering = (
        [score.desc(), _doc.c.id]
        if order == "rank"
        else [_doc.c.published.desc().nulls_last(), _doc.c.id.desc()]
    )
    rows = conn.execute(
        select(_doc.c.id, score).where(where).order_by(*ordering).limit(limit).offset(offset)
    ).all()
    return total, [(r.id, float(r.score or 0.0)) for r in rows], approximate


def _sqlite_snippets(conn: Connection, match: str, ids: list[int]) -> dict[int, str]:
    # A second, tiny query: snippet() in the ranked query would run for every match before
    # the sort, not just for the page. Column 1 is the body; a title-only match falls back
    # to the highlighted title (column 0).
    stmt = text(
        "SELECT rowid, snippet(document_fts, 1, :a, :b, :e, :n) AS body, "
        "highlight(document_fts, 0, :a, :b) AS title "
        "FROM document_fts WHERE document_fts MATCH :q AND rowid IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    params = {
        "a": HIGHLIGHT_START,
        "b": HIGHLIGHT_END,
        "e": ELLIPSIS,
        "n": SNIPPET_TOKENS,
        "q": match,
        "ids": ids,
    }
    out: dict[int, str] = {}
    for rowid, body, title in conn.execute(stmt, params):
        out[rowid] = body if body and HIGHLIGHT_START in body else (title if title else body)
    return out


def _pg_snippets(conn: Connection, tsq: Any, ids: list[int]) -> dict[int, str]:
    options = (
        f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_END}, MaxWords={SNIPPET_TOKENS}, "
        f'MinWords=8, MaxFragments=2, FragmentDelimiter=" {ELLIPSIS} "'
    )
    regconfig = literal_column("'english'::regconfig")
    body = func.ts_headline(
        regconfig, func.left(_doc.c.text, PG_HEADLINE_CHARS), tsq, bindparam("hl", options)
    )
    title = func.ts_headline(regconfig, _doc.c.title, tsq, bindparam("hl2", options))
    out: dict[int, str] = {}
    for doc_id, b, t in conn.execute(select(_doc.c.id, body, title).where(_doc.c.id.in_(ids))):
        out[doc_id] = b if b and HIGHLIGHT_START in b else (t if t and HIGHLIGHT_START in t else b)
    return out


def _authorities(conn: Connection, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    rows = conn.execute(
        select(_tag.c.document_id, _tag.c.authority_code, _tag.c.role)
        .where(_tag.c.document_id.in_(ids))
        .order_by(_tag.c.document_id, _tag.c.role != v.SUBJECT, _tag.c.score.desc())
    )
    for doc_id, code, _role in rows:
        if code not in out.setdefault(doc_id, []):
            out[doc_id].append(code)
    return out


def page_hits(conn: Connection, compiled: Any, scored: list[tuple[int, float]]) -> list[SearchHit]:
    """Search hits for a page of (document id, score), in that order, with snippets from the
    backend's own highlighter (`compiled` is the FTS5 MATCH string or the tsquery text)."""
    ids = [doc_id for doc_id, _ in scored]
    if not ids:
        return []
    rows = {
        r.id: r
        for r in conn.execute(
            select(
                _doc.c.id,
                _doc.c.title,
                _doc.c.url,
                _doc.c.kind,
                _doc.c.source_key,
                _doc.c.published,
            ).where(_doc.c.id.in_(ids))
        )
    }
    if conn.dialect.name == "sqlite":
        snippets = _sqlite_snippets(conn, compiled, ids)
    else:
        snippets = _pg_snippets(conn, compiled, ids)
    tags = _authorities(conn, ids)
    return [
        SearchHit(
            document_id=doc_id,
            title=rows[doc_id].title,
            url=rows[doc_id].url,
            kind=rows[doc_id].kind,
            source=rows[doc_id].source_key,
            published=rows[doc_id].published,
            snippet=snippets.get(doc_id, ""),
            score=score,
            authorities=tags.get(doc_id, []),
        )
        for doc_id, score in scored
        if doc_id in rows  # deleted between the page query and this one
    ]
