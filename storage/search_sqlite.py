"""The SQLite side of search: picking a plan that stays fast at a million documents.

SQLite's planner cannot see inside FTS5, so the join order is chosen here (CROSS JOIN fixes
it in SQLite):

* No filters: count and rank inside FTS5 alone, then fetch the page's rows by id.
* Filters: walk the FTS5 matches and look each up in `document` through the narrow covering
  index ix_document_filter (id, published, kind, source_key) — filter checks never touch the
  wide rows holding the text. bm25 is computed only for matches that pass the filters, and
  when at most SURVIVOR_CAP pass, one walk gives the total and the page together.
* Date order over a dense match set: walk the published index newest-first and probe FTS5
  for each row, stopping after one page; sparse matches are sorted instead.
* Rank order over more than RANK_WINDOW matches with no filter: exact bm25 would score every
  match (~1 µs each), so the ranking is computed over the RANK_WINDOW most recently archived
  matches and the result says `approximate=True`. `total` is always exact.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, text

RANK_WINDOW = 10_000
# Filtered searches with at most this many survivors are counted, ranked and paged in one pass.
SURVIVOR_CAP = 5_000
# Walk the date index only while fewer than this many rows are expected to be probed.
PROBE_BUDGET = 3_000
BM25 = "bm25(document_fts, 4.0, 1.0)"


def document_conditions(
    kind: str | None, source: str | None, since: date | None, until: date | None
) -> tuple[list[str], dict[str, Any]]:
    """Conditions on `document AS d`'s own columns, all held by the covering index
    ix_document_filter (plain and faceted search share them)."""
    parts: list[str] = []
    params: dict[str, Any] = {}
    if kind:
        parts.append("d.kind = :f_kind")
        params["f_kind"] = kind
    if source:
        parts.append("d.source_key = :f_source")
        params["f_source"] = source
    if since:
        parts.append("d.published >= :f_since")
        params["f_since"] = since.isoformat()
    if until:
        parts.append("d.published <= :f_until")
        params["f_until"] = until.isoformat()
    return parts, params


def _filter_sql(
    codes: list[str] | None,
    role: str | None,
    kind: str | None,
    source: str | None,
    since: date | None,
    until: date | None,
) -> tuple[str, dict[str, Any]]:
    parts, params = document_conditions(kind, source, since, until)
    if codes:
        names = []
        for i, code in enumerate(codes):
            params[f"f_code{i}"] = code
            names.append(f":f_code{i}")
        role_sql = ""
        if role:
            role_sql = " AND role = :f_role"
            params["f_role"] = role
        # {ID} is filled per plan: when FTS5 drives, the check runs on its rowid before the
        # look-up into document (unary + keeps SQLite from turning it into FTS5 probes).
        parts.append(
            "{ID} IN (SELECT document_id FROM document_authority "
            f"WHERE authority_code IN ({', '.join(names)}){role_sql})"
        )
    return " AND ".join(parts), params


def page_ids(
    conn: Connection,
    match: str,
    filters: tuple[str, dict[str, Any]],
    order: str,
    limit: int,
    offset: int,
) -> tuple[int, list[tuple[int, float]], bool]:
    """(total, [(document id, score)], approximate) for one page."""
    where, params = filters
    params = {**params, "q": match, "limit": limit, "offset": offset}
    fts_total = conn.execute(
        text("SELECT count(*) FROM document_fts WHERE document_fts MATCH :q"), params
    ).scalar_one()
    if fts_total == 0:
        return 0, [], False
    filtered = f" AND {where}" if where else ""
    fts_first = filtered.replace("{ID}", "+document_fts.rowid")
    # FTS5 first, then the narrow index on document (see module docstring).
    joined = (
        "FROM document_fts CROSS JOIN document AS d INDEXED BY ix_document_filter "
        "ON d.id = document_fts.rowid WHERE document_fts MATCH :q"
    )
    if where:
        return _filtered(conn, joined, fts_first, filtered.replace("{ID}", "d.id"), params, order)

    if order == "date":
        return fts_total, _by_date(conn, joined, filtered, params, fts_total), False
    window, approximate = "", False
    if fts_total > RANK_WINDOW:
        floor = conn.execute(
            text(
                "SELECT rowid FROM document_fts WHERE document_fts MATCH :q "
                "ORDER BY rowid DESC LIMIT 1 OFFSET :w"
            ),
            {**params, "w": RANK_WINDOW - 1},
        ).scalar_one()
        window = " AND rowid >= :floor"
        params["floor"] = floor
        approximate = True
    rows = conn.execute(
        text(
            f"SELECT rowid, -{BM25} AS score FROM document_fts "
            f"WHERE document_fts MATCH :q{window} "
            "ORDER BY score DESC, rowid LIMIT :limit OFFSET :offset"
        ),
        params,
    ).all()
    return fts_total, [(r[0], float(r[1])) for r in rows], approximate


def _filtered(
    conn: Connection,
    joined: str,
    filtered: str,
    date_walk_filter: str,
    params: dict[str, Any],
    order: str,
) -> tuple[int, list[tuple[int, float]], bool]:
    # One pass over the matches collects every survivor of the filters with its score when
    # there are few (the usual case: an authority, a date range), giving the exact total and
    # any page at once; the second, ordered pass is only for large filtered sets.
    score = f"-{BM25}" if order == "rank" else "0.0"
    rows = conn.execute(
        text(f"SELECT d.id, {score}, d.published {joined}{filtered} LIMIT :cap"),
        {**params, "cap": SURVIVOR_CAP + 1},
    ).all()
    start, stop = params["offset"], params["offset"] + params["limit"]
    if len(rows) <= SURVIVOR_CAP:
        if order == "rank":
            rows.sort(key=lambda r: (-r[1], r[0]))
        else:  # newest first, undated last, then id descending like the SQL below
            rows.sort(key=lambda r: (r[2] or "", r[0]), reverse=True)
        return len(rows), [(r[0], float(r[1])) for r in rows[start:stop]], False
    total = conn.execute(text(f"SELECT count(*) {joined}{filtered}"), params).scalar_one()
    if order == "date":
        return total, _by_date(conn, joined, filtered, params, total, date_walk_filter), False
    page = conn.execute(
        text(
            f"SELECT d.id, -{BM25} AS score {joined}{filtered} "
            "ORDER BY score DESC, d.id LIMIT :limit OFFSET :offset"
        ),
        params,
    ).all()
    return total, [(r[0], float(r[1])) for r in page], False


def _by_date(
    conn: Connection,
    joined: str,
    filtered: str,
    params: dict[str, Any],
    total: int,
    walk_filter: str | None = None,
) -> list[tuple[int, float]]:
    documents = conn.execute(text("SELECT max(id) FROM document")).scalar_one() or 1
    density = total / documents
    wanted = params["limit"] + params["offset"]
    if wanted / density <= PROBE_BUDGET:
        # Dense: newest first from the published index, one FTS probe per row, stop early.
        sql = (
            "SELECT d.id, 0.0 FROM document AS d INDEXED BY ix_document_published "
            "CROSS JOIN document_fts ON document_fts.rowid = d.id "
            f"WHERE document_fts MATCH :q{filtered if walk_filter is None else walk_filter} "
            "ORDER BY d.published DESC, d.id DESC LIMIT :limit OFFSET :offset"
        )
    else:
        sql = (
            f"SELECT d.id, 0.0 {joined}{filtered} "
            "ORDER BY d.published IS NULL, d.published DESC, d.id DESC "
            "LIMIT :limit OFFSET :offset"
        )
    return [(r[0], float(r[1])) for r in conn.execute(text(sql), params)]
