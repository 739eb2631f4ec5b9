"""SQLite plans for the search page's extras: the matches a facet count or a grade filter
needs, read in one walk over the full-text index.

SQLite's planner cannot see inside FTS5, so the plan is spelled out (as in
storage/search_sqlite.py): FTS5 drives; the authority condition is checked on its rowid
(`+rowid IN (…)`, the unary plus keeping it out of FTS5's own constraints) before any
look-up; what remains (dates, kind, source) is read from the narrow covering index
ix_document_filter, never from the wide rows that hold the text. At a million documents the
generic join looked every match up in `document`: 2.4 s for a word + authority + year search
and 3.4 s for a common word under a grade filter, against ~0.1 s this way.

Under a grade filter the walk is over `document_fts_graded` (migration 0005), the index of
graded documents only (a few percent of the archive), whose `grades` column holds a token per
headline grade: the grade joins the full-text query (`(…) AND grades : "gradeinadequate"`)
and FTS5 intersects two short doclists, so nothing is probed per match. Its bm25 statistics
(document counts, average lengths) are those of the graded documents, and the grades column
weighs nothing: a search under a grade filter ranks within graded documents, on every SQLite
plan (storage/facets.py's too).
"""

from __future__ import annotations

import heapq
import json
import re
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Connection

from pipeline.vocabulary import HEADLINE_AREAS
from storage.search_sqlite import document_conditions

if TYPE_CHECKING:
    from storage.facets import Filters

FTS_ALL = "document_fts"
FTS_GRADED = "document_fts_graded"  # graded documents only, kept in step by triggers (0005)
# Title four times the body (as storage/search_sqlite.py); the graded index's grades nothing.
BM25_WEIGHTS = {FTS_ALL: "4.0, 1.0", FTS_GRADED: "4.0, 1.0, 0.0"}
HEADLINE_AREAS_SQL = "(" + ", ".join(f"'{a}'" for a in HEADLINE_AREAS) + ")"
_GRADE = re.compile(r"[a-z0-9_]+")


class Match(NamedTuple):
    id: int
    score: float
    published: str | None  # ISO text, as SQLite keeps dates
    kind: str
    source: str | None


def grade_token(grade: str) -> str | None:
    """The grade's token in document_fts_graded's `grades` column (spelt as migration 0005's
    view spells it), or None for a grade outside the vocabulary's alphabet, which is then
    checked against the judgements instead."""
    if not _GRADE.fullmatch(grade):
        return None
    return "grade" + grade.replace("_", "")


def fts_match(f: Filters, compiled: str) -> tuple[str, str, bool]:
    """(the full-text index to walk, its MATCH expression, whether the grade filter is part of
    it). Under a grade filter only graded documents can pass, and they have an index of their
    own that holds their grades."""
    if not f.grade:
        return FTS_ALL, compiled, False
    token = grade_token(f.grade)
    if token is None:
        return FTS_GRADED, compiled, False
    return FTS_GRADED, f'({compiled}) AND grades : "{token}"', True


def bm25(table: str) -> str:
    """bm25 with the title weighing four times the body, as storage/search_sqlite.py ranks;
    the graded index's grades column weighs nothing."""
    return f"bm25({table}, {BM25_WEIGHTS[table]})"


def _conditions(f: Filters, fts: str, grade_matched: bool) -> tuple[str, dict[str, Any], bool]:
    """(SQL, parameters, whether it reads document columns)."""
    since, until = f.window()
    parts: list[str] = []
    params: dict[str, Any] = {}
    if f.authority:
        parts.append(
            f"+{fts}.rowid IN (SELECT document_id FROM document_authority "
            "WHERE authority_code = :f_authority)"
        )
        params["f_authority"] = f.authority
    if f.grade and not grade_matched:
        # Graded documents are a few percent of the archive: the set is built once per
        # statement and each match is probed against it.
        parts.append(
            f"+{fts}.rowid IN (SELECT i.document_id FROM judgement AS j "
            "JOIN inspection AS i ON i.id = j.inspection_id "
            f"WHERE j.area IN {HEADLINE_AREAS_SQL} AND j.grade = :f_grade)"
        )
        params["f_grade"] = f.grade
    on_document, document_params = document_conditions(f.kind, f.source, since, until)
    parts += on_document
    params.update(document_params)
    return "".join(f" AND {p}" for p in parts), params, bool(on_document)


def matches(
    conn: Connection,
    fts_query: str,
    filters: Filters,
    *,
    scored: bool = False,
    described: bool = True,
    newest: int | None = None,
    cap: int | None = None,
) -> list[Match]:
    """The matches passing the filters, with what the facets need. `newest`: only that many,
    highest rowid first (FTS5 walks newest-first and stops). `cap`: stop after that many, in
    ascending rowid order.
    `scored`: compute bm25 (only for matches that pass the filters). `described`: read
    published, kind and source too (else None, "", None), as the facets need."""
    fts, match, grade_matched = fts_match(filters, fts_query)
    where, params, on_document = _conditions(filters, fts, grade_matched)
    score = f"-{bm25(fts)}" if scored else "0.0"
    if on_document or described:
        columns = "d.published, d.kind, d.source_key"
        joined = f" CROSS JOIN document AS d INDEXED BY ix_document_filter ON d.id = {fts}.rowid"
    else:  # a walk over FTS5 alone: no look-up per match
        columns, joined = "NULL, '', NULL", ""
    sql = f"SELECT {fts}.rowid, {score}, {columns} FROM {fts}{joined} WHERE {fts} MATCH :q{where}"
    params["q"] = match
    if newest is not None:
        sql += f" ORDER BY {fts}.rowid DESC LIMIT :n"
        params["n"] = newest
    elif cap is not None:
        # FTS5 walks in rowid order anyway; saying so lets callers rely on it for free.
        sql += f" ORDER BY {fts}.rowid LIMIT :n"
        params["n"] = cap
    return _fetch(conn, sql, params)


def _fetch(conn: Connection, sql: str, params: dict[str, Any]) -> list[Match]:
    # Straight from the DBAPI cursor: a common word under a grade filter yields ~20,000
    # rows, and SQLAlchemy's row objects would add ~20 ms to a page.
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        return [Match._make(r) for r in cursor.execute(sql, params)]
    finally:
        cursor.close()


def page_of(rows: list[Match], order: str, offset: int, limit: int) -> list[Match]:
    """One page in the search's order: best first (bm25, then id) or newest first (published,
    undated last, then id descending). A partial sort: only offset + limit rows are ordered."""
    wanted = offset + limit
    if order == "rank":
        return heapq.nsmallest(wanted, rows, key=lambda m: (-m.score, m.id))[offset:]
    return heapq.nlargest(wanted, rows, key=lambda m: (m.published or "", m.id))[offset:]


def describe(conn: Connection, ids: list[int]) -> list[Match]:
    """published, kind and source of these documents, from the narrow covering index."""
    return _fetch(
        conn,
        "SELECT d.id, 0.0, d.published, d.kind, d.source_key "
        "FROM document AS d INDEXED BY ix_document_filter "
        "WHERE d.id IN (SELECT value FROM json_each(:ids))",
        {"ids": json.dumps(ids)},
    )
