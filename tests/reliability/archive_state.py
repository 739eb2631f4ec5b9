"""What an archive holds, independent of row ids and crawl order, and what must always be true
of it, however the process that wrote it died.

`canonical(db)` is the content a researcher sees (documents, tags, inspections, judgements,
events), keyed by URL; two archives built from the same sources must be equal. `problems(db)`
lists every broken promise: SQLite or FTS5 corruption, half-written documents, duplicates,
captures whose raw bytes cannot be read back.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

# Not `listing`: a story in two feeds keeps the entry facts of whichever feed was read first.
DOC_FIELDS = "kind, title, text, content_hash, published, source_key, relevant"


@contextmanager
def connect(db: Path) -> Iterator[sqlite3.Connection]:
    """A connection that is closed, not just committed, on exit: a connection left open in
    this process would lose its locks when any other file handle on the database closes."""
    with closing(sqlite3.connect(db)) as con, con:
        yield con


def _rows(con: sqlite3.Connection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def documents(db: Path) -> dict[str, dict[str, Any]]:
    """Per canonical URL: the document's fields, tags, inspection and judgements."""
    with connect(db) as con:
        out: dict[str, dict[str, Any]] = {}
        ids: dict[int, str] = {}
        sql = f"select id, canonical_url, {DOC_FIELDS} from document"
        for doc_id, url, *fields in _rows(con, sql):
            ids[doc_id] = url
            out[url] = {"fields": tuple(fields), "tags": [], "inspection": None, "judgements": []}
        for doc_id, code, role in _rows(
            con, "select document_id, authority_code, role from document_authority"
        ):
            out[ids[doc_id]]["tags"].append((code, role))
        for doc_id, *fields in _rows(
            con,
            "select document_id, authority_code, type, framework, start, end, published "
            "from inspection",
        ):
            out[ids[doc_id]]["inspection"] = tuple(fields)
        for doc_id, area, grade in _rows(
            con,
            "select i.document_id, j.area, j.grade from judgement j "
            "join inspection i on i.id = j.inspection_id",
        ):
            out[ids[doc_id]]["judgements"].append((area, grade))
    for doc in out.values():
        doc["tags"].sort()
        doc["judgements"].sort()
    return out


def canonical(db: Path) -> dict[str, Any]:
    """The archive's content: documents as above, duplicate groups, and timeline events."""
    with connect(db) as con:
        urls = dict(_rows(con, "select id, canonical_url from document"))
        pairs = _rows(con, "select id, duplicate_of from document where duplicate_of is not null")
        # Per authority, date and kind: a syndicated story's event carries the title of
        # whichever copy arrived first.
        events = _rows(con, "select authority_code, date, kind from event")
    # Which copy of a syndicated story is "the original" follows arrival order, which a
    # concurrent crawl does not fix; the group of copies is what must not change.
    groups: dict[int, set[str]] = {}
    for doc_id, original in pairs:
        groups.setdefault(original, {urls[original]}).add(urls[doc_id])
    return {
        "documents": documents(db),
        "duplicate_groups": sorted(sorted(g) for g in groups.values()),
        "events": sorted(Counter(events).items()),
    }


def problems(db: Path, reference: dict[str, dict[str, Any]] | None = None) -> list[str]:
    """Everything wrong with the archive at `db`; `reference` (documents() of a clean run)
    additionally requires every stored document to be complete and equal to its clean twin."""
    found: list[str] = []
    with connect(db) as con:
        check = _rows(con, "pragma integrity_check")
        if check != [("ok",)]:
            found.append(f"integrity_check: {check[:5]}")
        if fk := _rows(con, "pragma foreign_key_check"):
            found.append(f"foreign keys: {fk[:5]}")
        tables = {t for (t,) in _rows(con, "select name from sqlite_master where type='table'")}
        if not {"document", "capture", "alembic_version"} <= tables:
            return found  # killed before (or while) the schema was created: nothing stored yet
        try:  # FTS5 compares its index with the document table, row by row
            con.execute("insert into document_fts(document_fts) values ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            found.append(f"FTS index out of step with documents: {exc}")
        half = _rows(
            con,
            "select canonical_url from document where content_hash = '' or record_hash = '' "
            "or text = '' or title = ''",
        )
        if half:
            found.append(f"half-written documents: {half[:5]}")
        bare = _rows(
            con,
            "select d.canonical_url from document d where d.kind = 'inspection_report' and "
            "not exists (select 1 from inspection i where i.document_id = d.id)",
        )
        if bare:
            found.append(f"reports without their inspection: {bare[:5]}")
        for sql, what in [
            ("select canonical_url from document group by canonical_url having count(*) > 1",
             "duplicate documents"),
            ("select url, sha256 from capture group by url, sha256 having count(*) > 1",
             "duplicate captures"),
            ("select document_id, authority_code, kind, date from event "
             "group by document_id, authority_code, kind, date having count(*) > 1",
             "duplicate events"),
        ]:  # fmt: skip
            if dup := _rows(con, sql):
                found.append(f"{what}: {dup[:5]}")
    found += _unreadable_captures(db)
    if reference is not None:
        for url, doc in documents(db).items():
            if url not in reference:
                found.append(f"document the clean run does not have: {url}")
            elif doc != reference[url]:
                found.append(f"document differs from the clean run's: {url}")
    return found


def _unreadable_captures(db: Path) -> list[str]:
    """Every capture's raw bytes can be read back and hash to its recorded sha256."""
    from storage import Archive

    archive = Archive.open(f"sqlite:///{db}")
    try:
        with connect(db) as con:
            rows = _rows(con, "select id, url, sha256 from capture")
        bad = []
        for capture_id, url, sha in rows:
            try:
                body = archive.capture_body(capture_id)
            except Exception as exc:  # noqa: BLE001 - any failure to read back is the finding
                bad.append(f"{url}: {type(exc).__name__}")
                continue
            if body is None or hashlib.sha256(body).hexdigest() != sha:
                bad.append(url)
        return [f"captures whose bytes cannot be read back: {bad[:5]}"] if bad else []
    finally:
        archive.close()
