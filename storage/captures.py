"""Captures: one HTTP fetch each, never modified. The bytes go to WARC files (storage/warc.py)
and are on disk before the row that points at them commits; old rows keep the body inline.

`CaptureStore` is the capture half of `storage.archive.Archive`, which mixes it in; it relies on
the archive's engine, write transactions, backend name and WARC store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.dialects import postgresql, sqlite

from pipeline.records import Capture as CaptureRecord
from storage.models import Capture
from storage.results import CaptureInfo
from storage.warc import WarcLocation, WarcStore

# One fetch for `captures_in`: the capture, its WARC metadata, the request headers sent.
CaptureEntry = tuple[CaptureRecord, Mapping[str, Any] | None, Mapping[str, str] | None]


def _header(headers: Mapping[str, str], name: str) -> str | None:
    lowered = name.lower()
    for key, value in headers.items():
        if key.lower() == lowered:
            return value
    return None


_INFO_COLUMNS = tuple(
    getattr(Capture.__table__.c, name)
    for name in ("id", "url", "sha256", "status", "fetched_at", "headers")
)


def _capture_info(row: Any) -> CaptureInfo:
    headers = row.headers or {}
    return CaptureInfo(
        id=row.id,
        url=row.url,
        sha256=row.sha256,
        status=row.status,
        fetched_at=row.fetched_at,
        etag=_header(headers, "etag"),
        last_modified=_header(headers, "last-modified"),
    )


def _existing_capture(capture: CaptureRecord) -> Any:
    table = Capture.__table__
    return select(table.c.id).where(table.c.url == capture.url, table.c.sha256 == capture.sha256)


class CaptureStore:
    engine: Engine
    warc: WarcStore | None
    backend: str

    def _tx(self) -> AbstractContextManager[Connection]:  # provided by Archive
        raise NotImplementedError

    def record_capture(
        self,
        capture: CaptureRecord,
        *,
        meta: Mapping[str, Any] | None = None,
        request_headers: Mapping[str, str] | None = None,
    ) -> int:
        """Store one fetch; the same (url, body) again returns the existing id. With a WARC
        directory the bytes (and `meta`: role, listing facts) go to a WARC record that is on
        disk before the row pointing at it commits."""
        with self.engine.connect() as conn:
            found = conn.execute(_existing_capture(capture)).scalar()
        if found is not None:
            return found
        values = self._capture_values(capture, meta, request_headers, sync=True)
        with self._tx() as conn:
            return self._insert_capture(conn, capture, values)

    def captures_in(self, conn: Connection, fetches: Sequence[CaptureEntry]) -> list[int]:
        """`record_capture` for a whole batch, inside the caller's write transaction
        (storage/batch.py), in three statements rather than two or three a capture: the
        batch's known (url, sha256) pairs in one look-up, the new ones inserted in one
        executemany, their ids read back in one more. Ids in the order given; the same fetch
        twice in a batch is written once. The WARC records are written but not fsynced: the
        caller must `warc.sync()` before it commits."""
        table = Capture.__table__

        def ids_of(urls: Iterable[str]) -> dict[tuple[str, str], int]:
            rows = conn.execute(
                select(table.c.url, table.c.sha256, table.c.id).where(
                    table.c.url.in_(sorted(set(urls)))
                )
            )
            return {(url, sha): capture_id for url, sha, capture_id in rows}

        keys = [(capture.url, capture.sha256) for capture, _, _ in fetches]
        known = ids_of(url for url, _ in keys)
        new: dict[tuple[str, str], dict[str, Any]] = {}
        for key, (capture, meta, request_headers) in zip(keys, fetches, strict=True):
            if key not in known and key not in new:
                new[key] = self._capture_values(capture, meta, request_headers, sync=False)
        if new:
            # ON CONFLICT DO NOTHING: a concurrent worker may have stored one since our look
            # (its WARC record is then an unindexed copy, which is harmless).
            dialect = postgresql if self.backend == "postgresql" else sqlite
            conn.execute(dialect.insert(table).on_conflict_do_nothing(), list(new.values()))
            known |= ids_of(url for url, _ in new)
        return [known[key] for key in keys]

    def _capture_values(
        self,
        capture: CaptureRecord,
        meta: Mapping[str, Any] | None,
        request_headers: Mapping[str, str] | None,
        sync: bool,
    ) -> dict[str, Any]:
        values = {
            "url": capture.url,
            "final_url": capture.final_url,
            "status": capture.status,
            "headers": dict(capture.headers),
            "content_type": _header(capture.headers, "content-type"),
            "sha256": capture.sha256,
            "size": len(capture.body),
            "fetched_at": capture.fetched_at,
            "source_key": capture.source,
            "body": capture.body,
        }
        if self.warc is not None:
            where = self.warc.write(
                url=capture.url,
                status=capture.status,
                headers=capture.headers,
                body=capture.body,
                fetched_at=capture.fetched_at,
                meta={"source": capture.source, "sha256": capture.sha256, **(meta or {})},
                request_headers=request_headers,
                sync=sync,
            )
            values |= {
                "body": None,
                "warc_file": where.file,
                "warc_offset": where.offset,
                "warc_length": where.length,
            }
        return values

    def _insert_capture(self, conn: Connection, capture: CaptureRecord, values: dict) -> int:
        # ON CONFLICT DO NOTHING: a concurrent worker may have stored it since our look
        # (its WARC record is then an unindexed copy, which is harmless).
        table = Capture.__table__
        dialect = postgresql if self.backend == "postgresql" else sqlite
        stmt = dialect.insert(table).on_conflict_do_nothing().returning(table.c.id)
        # Values as parameters, not .values(): the statement stays the same object shape, so
        # SQLAlchemy's compiled cache hits without walking every value (bench/RESULTS.md).
        new_id = conn.execute(stmt, values).scalar()
        return (
            new_id if new_id is not None else conn.execute(_existing_capture(capture)).scalar_one()
        )

    def latest_capture(self, url: str) -> CaptureInfo | None:
        """The most recent stored fetch of a URL, with its validators for a conditional GET."""
        c = Capture.__table__
        with self.engine.connect() as conn:
            row = conn.execute(
                select(*_INFO_COLUMNS)
                .where(c.c.url == url)
                .order_by(c.c.fetched_at.desc(), c.c.id.desc())
                .limit(1)
            ).first()
        return _capture_info(row) if row is not None else None

    def latest_captures(self, urls: Iterable[str]) -> dict[str, CaptureInfo]:
        """`latest_capture` for many URLs in one query (those never fetched are left out):
        the links one page yields are looked up together rather than one request at a time
        (crawlers/known_captures.py)."""
        c = Capture.__table__
        wanted = sorted(set(urls))
        found: dict[str, CaptureInfo] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), 500):
                rows = conn.execute(
                    select(*_INFO_COLUMNS)
                    .where(c.c.url.in_(wanted[start : start + 500]))
                    .order_by(c.c.url, c.c.fetched_at.desc(), c.c.id.desc())
                )
                for row in rows:
                    if row.url not in found:  # the first of each URL is its latest
                        found[row.url] = _capture_info(row)
        return found

    def capture_body(self, capture_id: int) -> bytes | None:
        """The stored bytes of a capture (from its WARC record, or the row for old captures),
        to answer a 304 without the network."""
        c = Capture.__table__
        with self.engine.connect() as conn:
            row = conn.execute(
                select(c.c.body, c.c.warc_file, c.c.warc_offset, c.c.warc_length).where(
                    c.c.id == capture_id
                )
            ).first()
        if row is None:
            return None
        if row.warc_file is None or self.warc is None:
            return row.body
        return self.warc.read_body(WarcLocation(row.warc_file, row.warc_offset, row.warc_length))
