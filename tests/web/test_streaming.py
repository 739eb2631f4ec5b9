"""Archive exports stream: exporting 20,000 documents holds about one batch in memory, not
the archive. Peak Python allocations are measured with tracemalloc (pyarrow's own pool for
Parquet); holding every row at once would need several times the bound."""

from __future__ import annotations

import csv
import json
import tracemalloc
from datetime import date, timedelta

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cswatch.exports import write_archive_export
from pipeline.records import AuthorityTag, Document
from storage import Archive
from storage.exports import ExportFilter, count_documents, iter_document_batches

N = 20_000
TEXT_CHARS = 1_500  # 20k × 1.5 kB = 30 MB of text: far above the bound below
BOUND = 12 * 1024 * 1024


def _docs():
    filler = ("Children's services in the council were inspected and found wanting. " * 30)[
        :TEXT_CHARS
    ]
    for i in range(N):
        yield Document(
            kind="news_article",
            url=f"https://news.example/{i}",
            source="communitycare",
            title=f"Story {i}",
            text=f"{i} {filler}",
            published=date(2010, 1, 1) + timedelta(days=i % 5000),
            relevant=True,
            authorities=[AuthorityTag("E08000025", "subject")],
        )


@pytest.fixture(scope="module")
def big_archive(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('big') / 'big.db'}"
    archive = Archive.open(url)
    assert archive.bulk_insert_documents(_docs(), batch_size=2000) == N
    yield archive
    archive.close()


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_text_export_of_20k_documents_stays_bounded(big_archive, tmp_path, fmt):
    out = tmp_path / f"all.{fmt}"
    flt = ExportFilter()
    assert count_documents(big_archive.engine, flt) == N
    tracemalloc.start()
    try:
        written = write_archive_export(
            iter_document_batches(big_archive.engine, flt, 500), fmt, out
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written == N
    assert out.stat().st_size > N * TEXT_CHARS  # the text really went out
    assert peak < BOUND, f"peak {peak / 1e6:.1f} MB"
    with out.open(encoding="utf-8") as fh:
        if fmt == "csv":
            rows = csv.DictReader(fh)
            ids = [int(r["id"]) for r in rows]
        else:
            ids = [json.loads(line)["id"] for line in fh]
    assert ids == sorted(ids) and len(set(ids)) == N


def test_parquet_export_of_20k_documents_stays_bounded(big_archive, tmp_path):
    out = tmp_path / "all.parquet"
    pool = pa.default_memory_pool()
    before = pool.max_memory()
    tracemalloc.start()
    try:
        written = write_archive_export(
            iter_document_batches(big_archive.engine, ExportFilter(), 500), "parquet", out
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written == N
    assert peak < BOUND, f"python peak {peak / 1e6:.1f} MB"
    # pyarrow's pool peak is process-wide; only growth beyond earlier use is ours.
    assert pool.max_memory() - before < BOUND
    meta = pq.ParquetFile(out).metadata
    assert meta.num_rows == N and meta.num_row_groups == N // 500
