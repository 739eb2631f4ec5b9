"""Raw captures live in WARC files: what an operator (or any WARC tool) finds on disk."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from pipeline.records import Capture
from storage.archive import Archive
from storage.warc import WarcStore


def capture(url: str = "https://files.ofsted.gov.uk/v1/file/1", body: bytes = b"%PDF-1.4 x"):
    return Capture(
        url=url,
        final_url=url,
        status=200,
        headers={"Content-Type": "application/pdf", "ETag": '"v1"', "Content-Encoding": "gzip"},
        body=body,
        fetched_at=datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
        source="ofsted",
    )


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("CSWATCH_WARC_DIR", raising=False)
    a = Archive.open(f"sqlite:///{tmp_path / 'archive.db'}")
    yield a
    a.close()


def test_body_goes_to_a_warc_file_beside_the_database(archive: Archive, tmp_path: Path) -> None:
    cid = archive.record_capture(
        capture(), meta={"role": "report", "urn": "80477"}, request_headers={"User-Agent": "t"}
    )
    with sqlite3.connect(tmp_path / "archive.db") as con:
        body, name, offset, length, sha = con.execute(
            "select body, warc_file, warc_offset, warc_length, sha256 from capture where id = ?",
            (cid,),
        ).fetchone()
    assert body is None and name.endswith(".warc.gz") and length > 0
    assert sha == capture().sha256
    assert archive.capture_body(cid) == b"%PDF-1.4 x"
    # Any WARC reader sees request, response and metadata, in that order.
    with open(tmp_path / "archive.warc" / name, "rb") as fh:
        records = [(r.rec_type, r.content_stream().read()) for r in ArchiveIterator(fh)]
    assert [t for t, _ in records] == ["request", "response", "metadata"]
    assert records[1][1] == b"%PDF-1.4 x"
    assert b'"role": "report"' in records[2][1]
    # The same bytes again: no second record, the same row.
    assert archive.record_capture(capture()) == cid
    assert len(list(WarcStore(tmp_path / "archive.warc").iter_captures(name))) == 1


def test_old_rows_with_a_body_are_still_read(archive: Archive) -> None:
    archive.warc = None  # what the archive wrote before WARC storage
    old = archive.record_capture(capture(body=b"old bytes"))
    archive.warc = WarcStore(Path(str(archive.url.database)).with_suffix(".warc"))
    assert archive.capture_body(old) == b"old bytes"


def test_files_rotate_by_size_and_every_record_stays_readable(tmp_path: Path) -> None:
    store = WarcStore(tmp_path / "w", max_bytes=2000)
    where = []
    for i in range(20):
        body = bytes(range(256)) * 8 + str(i).encode()
        where.append(
            (
                body,
                store.write(
                    url=f"https://x/{i}",
                    status=200,
                    headers={},
                    body=body,
                    fetched_at=datetime.now(UTC),
                    meta={},
                ),
            )
        )
    store.close()
    assert len(store.files()) > 3
    assert all(store.read_body(loc) == body for body, loc in where)
    indexed = [c.url for name in store.files() for c in store.iter_captures(name)]
    assert sorted(indexed) == sorted(f"https://x/{i}" for i in range(20))


def test_a_row_cannot_point_outside_the_warc_directory(tmp_path: Path) -> None:
    from storage.warc import WarcError, WarcLocation

    with pytest.raises(WarcError):
        WarcStore(tmp_path / "w").read_body(WarcLocation("../../etc/passwd", 0, 10))


@pytest.mark.parametrize("etag", ['"v1"', '"naïve"'])  # the second: warcio %-encodes it
def test_records_carry_valid_digests_and_link_to_their_response(tmp_path: Path, etag: str) -> None:
    store = WarcStore(tmp_path / "w")
    c = capture(body=b"%PDF-1.4 " + bytes(range(256)) * 40)
    where = store.write(
        url=c.url,
        status=200,
        headers={**c.headers, "ETag": etag},
        body=c.body,
        fetched_at=c.fetched_at,
        meta={"source": "ofsted", "role": "report"},
        request_headers={"User-Agent": "cswatch", "Host": "ignored"},
    )
    store.close()
    records = []
    with open(store.directory / where.file, "rb") as fh:
        iterator = ArchiveIterator(fh, check_digests="raise")
        for record in iterator:
            records.append((record, record.content_stream().read()))
            iterator.read_to_end(record)
    (request, _), (response, body), (metadata, meta) = records
    assert [r.rec_type for r, _ in records] == ["request", "response", "metadata"]
    assert all(r.digest_checker.passed for r, _ in records)
    response_id = response.rec_headers.get_header("WARC-Record-ID")
    assert request.rec_headers.get_header("WARC-Concurrent-To") == response_id
    assert metadata.rec_headers.get_header("WARC-Concurrent-To") == response_id
    assert (request.http_headers.protocol, request.http_headers.statusline) == (
        "GET",
        "/v1/file/1 HTTP/1.1",
    )
    assert request.http_headers.get_header("Host") == "files.ofsted.gov.uk"
    assert body == c.body and meta == b'{"source": "ofsted", "role": "report"}'
    assert response.http_headers.get_header("Content-Encoding") is None  # already undone
    assert response.http_headers.get_header("Content-Length") == str(len(c.body))
    assert store.read(where, with_meta=True) == (c.body, {"source": "ofsted", "role": "report"})
