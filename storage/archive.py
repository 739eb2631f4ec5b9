"""The archive: the one door through which the rest of cswatch reads and writes the database.

Every public method runs in its own transaction and returns plain values (dataclasses, dicts),
never ORM objects, so callers never hold a session open across network waits.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, exc, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from pipeline import vocabulary as v
from pipeline.records import Document as DocumentRecord
from storage import documents, events
from storage import search as search_module
from storage.captures import CaptureStore
from storage.db import WRITE_OPTION, create_engine_for, explain_connect_failure, mask, resolve_url
from storage.errors import ArchiveError, QueryError
from storage.migrate import upgrade
from storage.models import (
    Authority,
    Capture,
    CrawlRun,
    Document,
    DocumentAuthority,
    Event,
    FetchError,
    Inspection,
    Source,
)
from storage.results import SearchResult, StoreResult, TimelineEvent
from storage.warc import WarcStore, default_directory

__all__ = ["Archive", "ArchiveError", "QueryError"]


def _now() -> datetime:
    return datetime.now(UTC)


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _authority_values(item: Any) -> dict[str, Any]:
    """Accept pipeline.authorities.Authority objects, anything with .to_dict(), or mappings."""
    if isinstance(item, Mapping):
        data = dict(item)
    elif hasattr(item, "to_dict"):
        data = dict(item.to_dict())
    else:
        data = dict(vars(item))

    def codes(value: Any) -> list[str]:
        return [str(x) for x in (value or [])]

    return {
        "code": str(data["code"]),
        "dfe_code": (str(data["dfe_code"]) if data.get("dfe_code") is not None else None),
        "urn": str(data["urn"]) if data.get("urn") is not None else None,
        "name": data["name"],
        "short_name": data.get("short_name"),
        "region": data.get("region"),
        "kind": data.get("kind"),
        "valid_from": _as_date(data.get("valid_from")),
        "valid_to": _as_date(data.get("valid_to")),
        "aliases": codes(data.get("aliases")),
        "predecessors": codes(data.get("predecessors")),
        "successors": codes(data.get("successors")),
        "domain": data.get("domain"),
    }


class Archive(CaptureStore):
    """An open archive database. Use `Archive.open(url)`; it creates/upgrades the schema."""

    def __init__(self, engine: Engine, url: URL) -> None:
        self.engine = engine
        self.url = url
        # Same pool; transactions on this one start with BEGIN IMMEDIATE on SQLite.
        self._write_engine = engine.execution_options(**{WRITE_OPTION: True})
        # Raw bodies go to WARC files (storage/warc.py); None keeps them in the capture row.
        warc_dir = default_directory(url)
        self.warc: WarcStore | None = WarcStore(warc_dir) if warc_dir is not None else None

    # ------------------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, url: str | None = None, *, migrate: bool = True) -> Archive:
        parsed = resolve_url(url)
        engine = create_engine_for(parsed)
        try:
            with engine.connect():
                pass
            if migrate:
                upgrade(engine)
        except ArchiveError:
            engine.dispose()
            raise
        except exc.DBAPIError as error:
            engine.dispose()
            raise explain_connect_failure(parsed, error) from None
        return cls(engine, parsed)

    def close(self) -> None:
        if self.warc is not None:
            self.warc.close()
        self.engine.dispose()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Archive({mask(self.url)})"

    @property
    def backend(self) -> str:
        """ "sqlite" or "postgresql"."""
        return self.engine.dialect.name

    @contextmanager
    def session(self, write: bool = False) -> Iterator[Session]:
        """An ORM session in one transaction: committed on success, rolled back on error."""
        with Session(self._write_engine if write else self.engine, expire_on_commit=False) as s:
            with s.begin():
                yield s

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        with self._write_engine.begin() as conn:
            yield conn

    def _upsert(self, conn: Connection, table: Any, values: list[dict[str, Any]], key: str) -> None:
        """INSERT … ON CONFLICT (key) DO UPDATE, in each backend's dialect."""
        if not values:
            return
        dialect = postgresql if self.backend == "postgresql" else sqlite
        stmt = dialect.insert(table)
        changes = {c: stmt.excluded[c] for c in values[0] if c != key}
        conn.execute(stmt.on_conflict_do_update(index_elements=[key], set_=changes), values)

    # --------------------------------------------------------------------- reference data
    def sync_authorities(self, authorities: Iterable[Any]) -> int:
        """Insert or update the register's authorities (by ONS code). Returns how many."""
        rows = [_authority_values(a) for a in authorities]
        with self._tx() as conn:
            self._upsert(conn, Authority.__table__, rows, "code")
        return len(rows)

    def upsert_source(self, key: str, name: str, homepage: str | None = None) -> None:
        with self._tx() as conn:
            self._upsert(
                conn, Source.__table__, [{"key": key, "name": name, "homepage": homepage}], "key"
            )

    # ------------------------------------------------------------------------ documents (lookup)
    def has_document(self, url: str) -> bool:
        """Whether a document was made from this URL (a fetched error page makes none).
        Documents without a canonical URL are keyed by their URL, so the unique index serves."""
        d = Document.__table__
        with self.engine.connect() as conn:
            found = conn.execute(select(d.c.id).where(d.c.canonical_url == url)).first()
        return found is not None

    # ------------------------------------------------------------------------ documents
    def store_document(self, doc: DocumentRecord, capture_id: int | None = None) -> StoreResult:
        """Insert, update or leave alone one document (identity: canonical URL or URL)."""
        for attempt in range(3):
            try:
                with self._tx() as conn:
                    return documents.store(conn, doc, capture_id)
            except exc.IntegrityError:
                # Another worker stored the same identity between our look and our insert;
                # the next attempt sees its row and updates or leaves it.
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def bulk_insert_documents(self, docs: Iterable[DocumentRecord], batch_size: int = 2000) -> int:
        """Fast path for loading many new documents (imports, benchmarks). See documents.py."""
        return documents.bulk_insert(self._write_engine, docs, batch_size)

    # ---------------------------------------------------------------------- crawl runs
    def start_run(self, source: str) -> int:
        t = CrawlRun.__table__
        with self._tx() as conn:
            return conn.execute(
                insert(t)
                .values(source=source, started_at=_now(), status="running", counts={})
                .returning(t.c.id)
            ).scalar_one()

    def finish_run(self, run_id: int, counts: dict, status: str = "ok") -> None:
        t = CrawlRun.__table__
        with self._tx() as conn:
            conn.execute(
                update(t)
                .where(t.c.id == run_id)
                .values(finished_at=_now(), status=status, counts=dict(counts))
            )

    def record_error(
        self,
        run_id: int | None,
        url: str,
        kind: str,
        message: str,
        http_status: int | None = None,
        listing: dict | None = None,
    ) -> None:
        with self._tx() as conn:
            conn.execute(
                insert(FetchError.__table__).values(
                    run_id=run_id,
                    url=url,
                    kind=kind,
                    message=message,
                    http_status=http_status,
                    occurred_at=_now(),
                    listing=listing,
                )
            )

    # ------------------------------------------------------------------- timeline/search
    def rebuild_events(self) -> int:
        """Derive every timeline event again from the stored documents. Returns the count."""
        with self._tx() as conn:
            return events.rebuild_all(conn)

    def timeline(
        self,
        code: str,
        kinds: set[str] | None = None,
        since: date | None = None,
        until: date | None = None,
        include_predecessors: bool = True,
    ) -> list[TimelineEvent]:
        """An authority's events in date order, with its predecessors' history before it began."""
        with self.engine.connect() as conn:
            return events.timeline(conn, code, kinds, since, until, include_predecessors)

    def search(
        self,
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
        """Full-text search; raises QueryError for a query it cannot read. See search.py."""
        with self.engine.connect() as conn:
            return search_module.search(
                conn,
                query,
                authority=authority,
                role=role,
                kind=kind,
                source=source,
                since=since,
                until=until,
                order=order,
                limit=limit,
                offset=offset,
            )

    # --------------------------------------------------------------------------- status
    def stats(self) -> dict[str, Any]:
        d, t, e = Document.__table__, DocumentAuthority.__table__, FetchError.__table__

        def grouped(conn: Connection, column: Any, *where: Any) -> dict[str, int]:
            stmt = select(column, func.count()).where(*where).group_by(column)
            return {str(k): n for k, n in conn.execute(stmt) if k is not None}

        def count(conn: Connection, table: Any) -> int:
            return conn.execute(select(func.count()).select_from(table)).scalar_one()

        with self.engine.connect() as conn:
            by_authority = conn.execute(
                select(t.c.authority_code, func.count())
                .where(t.c.role == v.SUBJECT)
                .group_by(t.c.authority_code)
            ).all()
            return {
                "documents": count(conn, d),
                "documents_by_kind": grouped(conn, d.c.kind),
                "documents_by_source": grouped(conn, d.c.source_key),
                "documents_by_authority": {code: n for code, n in by_authority},
                "duplicates": conn.execute(
                    select(func.count()).where(d.c.duplicate_of.is_not(None))
                ).scalar_one(),
                "errors": count(conn, e),
                "errors_by_kind": grouped(conn, e.c.kind),
                "captures": count(conn, Capture.__table__),
                "authorities": count(conn, Authority.__table__),
                "inspections": count(conn, Inspection.__table__),
                "events": count(conn, Event.__table__),
                "runs": count(conn, CrawlRun.__table__),
            }
