"""Raw captures in WARC files (ISO 28500, written and read with warcio).

Every capture the crawler keeps becomes three records in the current file of this process:
`request` (what we asked), `response` (status line, headers and the body exactly as received)
and `metadata` (JSON: source, role, listing facts, sha256) linked by WARC-Concurrent-To. Each
record is gzipped on its own, so any record can be read by seeking to its offset; the capture
row keeps the file name (relative to the WARC directory, so the archive can be moved), the
offset and length of the response record, and the body's sha256.

Files are per process (several crawler workers never interleave writes in one file) and rotate
when they pass `max_bytes`. `write` flushes and fsyncs before it returns (or, with
`sync=False`, leaves that to one `sync()` for a whole batch, storage/batch.py): the database row
that points at a record is only committed after the record is on disk, so a crash leaves at
worst a record without a row (harmless: `cswatch reprocess --scan-warc` can index it), never a
row without its bytes.
"""

from __future__ import annotations

import io
import json
import os
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storage.errors import ArchiveError
from storage.warc_records import (
    ascii_only,
    digest,
    gzip_member,
    http_head,
    new_record_id,
    record,
    status_line,
    warc_date,
)

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
ENV_DIR = "CSWATCH_WARC_DIR"


class WarcError(ArchiveError):
    """A WARC record the archive points at is missing or unreadable."""


@dataclass(frozen=True)
class WarcLocation:
    file: str  # relative to the WARC directory
    offset: int
    length: int


@dataclass(frozen=True)
class WarcCapture:
    """What a response record plus its metadata record say (for reprocessing and indexing)."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    meta: dict[str, Any]
    location: WarcLocation


class WarcStore:
    """The WARC directory of one archive. Thread-safe; one open file per process."""

    def __init__(self, directory: Path | str, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._fh: BinaryIO | None = None
        self._name: str | None = None
        self._pid: int | None = None
        self._seq = 0

    # ----------------------------------------------------------------------------- writing
    def _file(self) -> tuple[BinaryIO, str]:
        # A forked worker must not append to its parent's file: reopen per process.
        if self._fh is not None and self._pid == os.getpid():
            if self._fh.tell() < self.max_bytes:
                return self._fh, self._name  # type: ignore[return-value]
            self._fh.close()
        self.directory.mkdir(parents=True, exist_ok=True)
        self._pid = os.getpid()
        while True:
            self._seq += 1
            stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
            name = f"cswatch-{stamp}-{self._pid}-{self._seq:05d}.warc.gz"
            try:
                # "x": never append to (or clobber) another process's file.
                self._fh = open(self.directory / name, "xb")  # noqa: SIM115 - kept open
            except FileExistsError:
                continue
            self._name = name
            return self._fh, name

    def write(
        self,
        *,
        url: str,
        status: int,
        headers: Mapping[str, str],
        body: bytes,
        fetched_at: datetime,
        meta: Mapping[str, Any],
        request_headers: Mapping[str, str] | None = None,
        sync: bool = True,
    ) -> WarcLocation:
        """Append request, response and metadata records; return where the response is."""
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        req_headers = [("Host", parts.netloc)] + [
            (k, v) for k, v in (request_headers or {}).items() if k.lower() != "host"
        ]
        # Headers are stored as received, except the ones that describe a transfer encoding
        # Scrapy already undid: the stored payload is the decoded body.
        kept = [
            (k, v)
            for k, v in headers.items()
            if k.lower() not in {"content-encoding", "transfer-encoding", "content-length"}
        ]
        kept.append(("Content-Length", str(len(body))))
        date = warc_date(fetched_at)
        meta_json = json.dumps(dict(meta), default=str).encode("utf-8")
        request_line = f"GET {target} HTTP/1.1"
        if not ascii_only(request_line, req_headers, kept):
            # Non-ASCII header values are %-encoded per RFC 8187 by warcio: rare, so it
            # writes those; every other capture takes the direct path below.
            return self._write_with_warcio(
                url,
                date,
                request_line,
                req_headers,
                status_line(status),
                kept,
                body,
                meta_json,
                sync,
            )
        response_id = new_record_id()
        http_request = http_head(request_line, req_headers)
        http_response = http_head(f"HTTP/1.1 {status_line(status)}", kept) + body
        request = gzip_member(
            record(
                "request",
                url,
                date,
                http_request,
                "application/http; msgtype=request",
                digest(b""),
                [("WARC-Concurrent-To", response_id)],
            )
        )
        response = gzip_member(
            record(
                "response",
                url,
                date,
                http_response,
                "application/http; msgtype=response",
                digest(body),
                [],
                record_id=response_id,
            )
        )
        metadata = gzip_member(
            record(
                "metadata",
                url,
                date,
                meta_json,
                "application/json",
                None,
                [("WARC-Concurrent-To", response_id)],
            )
        )
        with self._lock:
            fh, name = self._file()
            offset = fh.tell() + len(request)
            fh.write(request + response + metadata)
            if sync:
                self._sync(fh)
            return WarcLocation(name, offset, len(response))

    def _write_with_warcio(
        self,
        url: str,
        date: str,
        request_line: str,
        req_headers: list[tuple[str, str]],
        status_line: str,
        kept: list[tuple[str, str]],
        body: bytes,
        meta_json: bytes,
        sync: bool,
    ) -> WarcLocation:
        with self._lock:
            fh, name = self._file()
            writer = WARCWriter(fh, gzip=True)
            request = writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(request_line, req_headers, is_http_request=True),
                warc_headers_dict={"WARC-Date": date},
            )
            response = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=StatusAndHeaders(status_line, kept, protocol="HTTP/1.1"),
                warc_headers_dict={"WARC-Date": date},
            )
            response_id = response.rec_headers.get_header("WARC-Record-ID")
            request.rec_headers.add_header("WARC-Concurrent-To", response_id)
            metadata = writer.create_warc_record(
                url,
                "metadata",
                payload=io.BytesIO(meta_json),
                warc_content_type="application/json",
                warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response_id},
            )
            writer.write_record(request)
            offset = fh.tell()
            writer.write_record(response)
            length = fh.tell() - offset
            writer.write_record(metadata)
            if sync:
                self._sync(fh)
            return WarcLocation(name, offset, length)

    @staticmethod
    def _sync(fh: BinaryIO) -> None:
        fh.flush()
        os.fsync(fh.fileno())

    def sync(self) -> None:
        """Flush and fsync the open file (after a batch written with sync=False)."""
        with self._lock:
            if self._fh is not None and self._pid == os.getpid():
                self._sync(self._fh)

    def close(self) -> None:
        with self._lock:
            if self._fh is not None and self._pid == os.getpid():
                self._sync(self._fh)
                self._fh.close()
            self._fh = None

    # ----------------------------------------------------------------------------- reading
    def _path(self, name: str) -> Path:
        path = (self.directory / name).resolve()
        # A file name comes from the database: never let it point outside the directory.
        if self.directory.resolve() not in path.parents:
            raise WarcError(f"WARC file name escapes the WARC directory: {name!r}")
        return path

    def read(self, location: WarcLocation, *, with_meta: bool = False) -> tuple[bytes, dict]:
        """The payload of the response record at this location and (optionally) the metadata
        record written right after it."""
        try:
            with open(self._path(location.file), "rb") as fh:
                fh.seek(location.offset)
                records = ArchiveIterator(fh)
                record = next(records, None)
                if record is None or record.rec_type != "response":
                    raise WarcError(f"no response record at {location}")
                body = record.content_stream().read()
                meta: dict = {}
                if with_meta:
                    following = next(records, None)
                    if following is not None and following.rec_type == "metadata":
                        meta = json.loads(following.content_stream().read() or b"{}")
                return body, meta
        except (OSError, ValueError) as error:
            raise WarcError(f"cannot read WARC record {location}: {error}") from error

    def read_body(self, location: WarcLocation) -> bytes:
        return self.read(location)[0]

    def iter_captures(self, name: str) -> Iterator[WarcCapture]:
        """Every response in one file with its metadata (to index records without a row)."""
        pending: WarcCapture | None = None
        with open(self._path(name), "rb") as fh:
            iterator = ArchiveIterator(fh)
            for record in iterator:
                if record.rec_type == "response":
                    if pending is not None:
                        yield pending
                    offset = iterator.get_record_offset()
                    body = record.content_stream().read()
                    http = record.http_headers
                    pending = WarcCapture(
                        url=record.rec_headers.get_header("WARC-Target-URI"),
                        status=int(http.get_statuscode()),
                        headers={k: v for k, v in http.headers if k.lower() != "content-length"},
                        body=body,
                        fetched_at=datetime.fromisoformat(
                            record.rec_headers.get_header("WARC-Date").replace("Z", "+00:00")
                        ),
                        meta={},
                        location=WarcLocation(name, offset, 0),
                    )
                elif record.rec_type == "metadata" and pending is not None:
                    meta = json.loads(record.content_stream().read() or b"{}")
                    yield WarcCapture(**{**pending.__dict__, "meta": meta})
                    pending = None
            if pending is not None:
                yield pending

    def files(self) -> list[str]:
        if not self.directory.is_dir():
            return []
        return sorted(p.name for p in self.directory.glob("*.warc.gz"))


def default_directory(url: Any) -> Path | None:
    """Where an archive keeps its WARC files: $CSWATCH_WARC_DIR, else `<db stem>.warc/` beside
    a SQLite file. None (bodies stay in the database) for in-memory SQLite and for PostgreSQL
    without a directory setting: there is no safe place to guess on a shared server."""
    configured = os.environ.get(ENV_DIR)
    if configured:
        return Path(configured).expanduser()
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        db = Path(url.database).expanduser()
        return db.with_name(db.stem + ".warc")
    return None
