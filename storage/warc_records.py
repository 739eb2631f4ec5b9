"""WARC records as bytes (ISO 28500, WARC/1.0), serialised directly.

storage.warc writes what these build and reads records back with warcio.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
import zlib
from datetime import UTC, datetime


def status_line(status: int) -> str:
    from http import HTTPStatus

    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    return f"{status} {phrase}"


def warc_date(ts: datetime) -> str:
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# Records are serialised here rather than through warcio's record builder, which cost about as
# much as all the crawl's SQL per page (bench/RESULTS.md, Crawl); warcio still reads them (and
# writes the rare capture with non-ASCII headers). The layout is warcio's: WARC/1.0 headers
# with SHA-1 block and payload digests, the HTTP head and body, CRLF CRLF, each record its own
# gzip member so it can be read from its offset.
# zlib's default level: for pages of a few kB it compresses as well as 9 (warcio's), and for
# multi-MB report PDFs — mostly compressed already — 9 only costs time.
GZIP_LEVEL = 6


def new_record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def digest(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def ascii_only(first_line: str, *header_lists: list[tuple[str, str]]) -> bool:
    return first_line.isascii() and all(
        name.isascii() and value.isascii() for headers in header_lists for name, value in headers
    )


def http_head(first_line: str, headers: list[tuple[str, str]]) -> bytes:
    lines = [first_line, *(f"{k}: {v}" for k, v in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")


def record(
    rec_type: str,
    url: str,
    date: str,
    block: bytes,
    content_type: str,
    payload_digest: str | None,
    extra: list[tuple[str, str]],
    record_id: str | None = None,
) -> bytes:
    """One uncompressed WARC record. `payload_digest` None: the block is the payload."""
    block_digest = digest(block)
    headers = [
        ("WARC-Type", rec_type),
        ("WARC-Record-ID", record_id or new_record_id()),
        ("WARC-Target-URI", url),
        ("WARC-Date", date),
        *extra,
        ("WARC-Payload-Digest", payload_digest or block_digest),
        ("WARC-Block-Digest", block_digest),
        ("Content-Type", content_type),
        ("Content-Length", str(len(block))),
    ]
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("utf-8") + block + b"\r\n\r\n"


def gzip_member(data: bytes) -> bytes:
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return compressor.compress(data) + compressor.flush()
