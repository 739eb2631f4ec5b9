"""The crawl's store worker (crawlers/store_worker.py): batches analysed and stored in a child
process; a child that dies or hangs on a page is replaced, the page recorded as an error and
its capture kept, and the rest of the batch stored as usual."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

import crawlers.store_worker as store_worker
from crawlers.items import Fetched
from crawlers.store_worker import (
    WORKER_CRASHED,
    StoreWorker,
    WorkerConfig,
    WorkerUnavailable,
    store_pages,
)
from pipeline.records import Capture
from storage.archive import Archive
from tests.ops.helpers import query

STORY = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    "<p>Ofsted inspectors found that Kent council's children's services were good after an "
    "inspection of help and protection and children in care, report {n}.</p><p>Social "
    "workers said caseloads had changed since the last inspection and leaders described "
    "their plans for care leavers in the year ahead, {n}.</p></article></body></html>"
)
# Loaded by the child through PYTHONPATH: a page whose body says so kills or hangs it.
FAULTS = textwrap.dedent(
    """
    import os, signal, time
    import pipeline.analyse as analyse
    real = analyse.analyse_capture
    def faulty(capture, **kwargs):
        if b"KILL-THE-WORKER" in capture.body:
            os.kill(os.getpid(), signal.SIGKILL)
        if b"HANG-THE-WORKER" in capture.body:
            time.sleep(3600)
        return real(capture, **kwargs)
    analyse.analyse_capture = faulty
    """
)


def page(n: int, title: str | None = None) -> Fetched:
    title = title or f"Kent children's services rated good (report {n})"
    url = f"https://news.example.test/{n}"
    capture = Capture(
        url=url,
        final_url=url,
        status=200,
        headers={"Content-Type": "text/html; charset=utf-8"},
        body=STORY.format(title=title, n=n).encode(),
        fetched_at=datetime(2024, 4, 2, tzinfo=UTC),
        source="example",
    )
    listing = {"feed_title": title, "feed_published": "2024-04-02T10:00:00+00:00"}
    return Fetched(capture=capture, role="article", listing=listing)


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "faults").mkdir()
    (tmp_path / "faults" / "sitecustomize.py").write_text(FAULTS)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "faults"))
    with Archive.open(f"sqlite:///{tmp_path / 'a.db'}") as a:
        yield a


def test_batches_are_stored_by_the_child(archive: Archive, tmp_path: Path) -> None:
    worker = StoreWorker(WorkerConfig.of(archive))
    try:
        run_id = archive.start_run("feeds")
        outcomes = worker.store(run_id, [page(1), page(2), page(3, "Page not found (404)")])
    finally:
        worker.close()
    statuses = [(r.stored.status if r.stored else None, failure) for r, failure in outcomes]
    assert statuses[:2] == [("new", None), ("new", None)]
    assert statuses[2][0] is None and statuses[2][1][0] == "soft_404"
    db = tmp_path / "a.db"
    assert query(db, "select count(*) from document") == [(2,)]
    assert query(db, "select count(*), count(warc_file) from capture") == [(3, 3)]
    assert query(db, "select kind from fetch_error") == [("soft_404",)]
    # The child wrote its own WARC file, synced before its rows committed.
    assert len(archive.warc.files()) == 1  # type: ignore[union-attr]


def test_a_page_that_kills_the_child_costs_only_itself(archive: Archive, tmp_path: Path) -> None:
    worker = StoreWorker(WorkerConfig.of(archive))
    try:
        run_id = archive.start_run("feeds")
        items = [page(1), page(2, "KILL-THE-WORKER"), page(3)]
        outcomes = store_pages(worker, archive, run_id, items)
        assert worker.crashes == 2  # the batch, then the page alone
        # A new child takes the next batch.
        later = store_pages(worker, archive, run_id, [page(4)])
    finally:
        worker.close()
    assert [f and f[0] for _, f in outcomes] == [None, WORKER_CRASHED, None]
    assert "killed by signal 9" in outcomes[1][1][1]  # type: ignore[index]
    assert [r.stored is not None for r, _ in outcomes] == [True, False, True]
    assert later[0][0].stored is not None
    db = tmp_path / "a.db"
    assert query(db, "select count(*) from document") == [(3,)]
    # The page's capture is kept (a later reprocess can try again), and the error recorded.
    assert query(db, "select url from capture where url like '%/2'") == [
        ("https://news.example.test/2",)
    ]
    assert query(db, "select url, kind from fetch_error") == [
        ("https://news.example.test/2", WORKER_CRASHED)
    ]


def test_a_hung_child_is_killed_and_the_page_recorded(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_worker, "SECONDS_PER_PAGE", 3.0)
    worker = StoreWorker(WorkerConfig.of(archive))
    try:
        outcomes = store_pages(worker, archive, None, [page(1, "HANG-THE-WORKER")])
    finally:
        worker.close()
    assert outcomes[0][1] is not None and outcomes[0][1][0] == WORKER_CRASHED
    assert "no answer" in outcomes[0][1][1]


def test_a_child_that_cannot_start_is_an_error_not_a_crash(
    archive: Archive, tmp_path: Path
) -> None:
    config = WorkerConfig(f"sqlite:///{tmp_path / 'missing' / 'dir' / 'a.db'}", None, 0)
    worker = StoreWorker(config)
    try:
        with pytest.raises(WorkerUnavailable):
            worker.store(None, [page(1)])
    finally:
        worker.close()
