"""The thin adapter from spiders to pipeline/ and storage/: record the capture, normalise it
with the same pure functions `cswatch analyse` uses, store the document, and record every
failure with its reason so the crawl goes on.

Off the reactor, in batches, in another process. Fetched pages are gathered into batches
(BATCH_SIZE pages, or what arrived within BATCH_WAIT seconds) and handed to the store worker
(crawlers/store_worker.py), a child process that analyses them (trafilatura, dates,
attribution) and stores them in one transaction with one WARC fsync (storage/batch.py, which
states what a crash can lose). The crawl is CPU-bound: in this process analysis and storage
only took turns with the reactor for the GIL, while the second core idled. A writer thread
here sends the batches in order and waits for each answer, so everything else the pipeline
writes (feed polls, fetch errors, the run) stays in order with them. A child that dies on a
page is replaced and the batch retried page by page: the page that kills it is stored as a
capture and recorded as a `worker_crashed` error, and the crawl goes on.

`process_item` returns as soon as its page is handed over, not when it is stored: Scrapy's
engine asks for the next request only when a response's processing has finished, so waiting
for the batch (a quarter of a second to fill, then the worker's time) paced the downloads and
left both processes idle most of the crawl (bench/RESULTS.md, Crawl). What waits for storage
is bounded here instead: past PENDING_BYTES of pages not yet stored, `process_item` waits for
its own page, Scrapy's scraper slot fills (SCRAPER_SLOT_MAX_ACTIVE_SIZE) and downloading stops
until the store catches up. A crash loses at most those pages; the next run fetches them
again. A failed batch is logged once here. An in-memory SQLite archive cannot be shared with
another process (or thread): it is analysed and stored on the reactor, as before.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred, maybeDeferred
from twisted.internet.interfaces import IDelayedCall
from twisted.internet.threads import deferToThreadPool
from twisted.python.failure import Failure
from twisted.python.threadpool import ThreadPool

from crawlers.archive_link import archive_for
from crawlers.feed_items import FeedPolled
from crawlers.feed_recording import record_feed_poll
from crawlers.items import Fetched, FetchFailed
from crawlers.source_stats import PREFIX, by_source
from crawlers.store_worker import (
    Outcome,
    PageFailure,
    StoreWorker,
    acquire,
    analyse_and_store,
    release,
    store_pages,
)
from pipeline.authorities import register
from storage.archive import Archive
from storage.batch import BatchResult

log = logging.getLogger(__name__)

# Pages per transaction, and the longest a page waits for its batch to fill. Larger batches
# gained little more in bench/crawl.py; the wait keeps a slow crawl committing steadily.
BATCH_SIZE = 64
BATCH_WAIT = 0.25
# Bytes of fetched pages handed over but not yet stored before `process_item` waits for its
# own page (each page counts at least 1 KiB, as in Scrapy's scraper slot): about a thousand
# small pages, the bound the scraper slot kept before (crawlers/settings.py).
PENDING_BYTES = 1_000_000
MIN_PAGE_BYTES = 1024
# Set when the reactor stopped before close_spider ran (see ArchivePipeline._abandon).
INTERRUPTED_STAT = "cswatch/interrupted"


class ArchivePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_id: int | None = None
        self._pending: list[tuple[Fetched, Deferred]] = []
        self._unstored_bytes = 0  # pages handed over (pending or in a batch), not yet stored
        self._timer: IDelayedCall | None = None
        self._writer: ThreadPool | None = None
        self._worker: StoreWorker | None = None
        self._shutdown_trigger: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler)

    @property
    def archive(self) -> Archive:
        return archive_for(self.crawler)

    def open_spider(self) -> None:
        # Timelines, filters and predecessor history join on the register; keep it current.
        self.archive.sync_authorities(register().all())
        self.run_id = self.archive.start_run(self.crawler.spider.name)
        url = self.archive.url
        # An in-memory SQLite archive is one connection per thread: write on the reactor.
        if not (url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")):
            self._writer = ThreadPool(1, 1, name="cswatch-archive-writer")
            self._writer.start()
            self._worker = acquire(self.archive)
        # A SIGTERM that lands while the spiders are still opening stops the reactor without
        # Scrapy ever calling close_spider (Scrapy 2.19): the run would stay `running` and the
        # writer thread would keep the process alive until the scheduler killed it. This
        # trigger closes what close_spider would have, and records the run as interrupted.
        self._shutdown_trigger = _reactor().addSystemEventTrigger(
            "before", "shutdown", self._abandon
        )

    async def close_spider(self) -> None:
        await maybe_deferred_to_future(self._flush())
        try:
            if not self.crawler.crawling:
                # Scrapy clears `crawling` before a stop it was asked for (SIGTERM, Ctrl-C)
                # and not when a spider runs out of work: the run did not finish, and the
                # errors of its cancelled requests say nothing about the sources.
                self.crawler.stats.set_value(INTERRUPTED_STAT, 1)
            counts = run_counts(self.crawler.stats.get_stats())
            status = "interrupted" if self.crawler.stats.get_value(INTERRUPTED_STAT) else None
            await self._write(
                self.archive.finish_run, self.run_id, counts, status or run_status(counts)
            )
        finally:
            # Removed only now: a forced stop while this close is still waiting on the store
            # leaves it to the trigger.
            if self._shutdown_trigger is not None:
                _reactor().removeSystemEventTrigger(self._shutdown_trigger)
                self._shutdown_trigger = None
            self._stop_writers()

    def _stop_writers(self) -> None:
        if self._writer is not None:
            self._writer.stop()  # waits for the batch in hand, so its pages are kept
            self._writer = None
        if self._worker is not None:
            release(self._worker)
            self._worker = None

    def _abandon(self) -> None:
        """The reactor is stopping and close_spider never ran: pages not yet handed to the
        store are dropped (the next run fetches them again) and the run is closed as
        `interrupted`, so `cswatch status` does not show it as still running."""
        self._shutdown_trigger = None
        if self._timer is not None and self._timer.active():
            self._timer.cancel()
        self._pending.clear()
        self._stop_writers()
        self.crawler.stats.set_value(INTERRUPTED_STAT, 1)
        counts = run_counts(self.crawler.stats.get_stats())
        try:
            self.archive.finish_run(self.run_id, counts, "interrupted")
        except Exception:  # the archive may be what failed; the process must still exit
            log.exception("could not record run %s as interrupted", self.run_id)

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, FetchFailed):
            await self._error(
                item.url, item.kind, item.message, item.http_status, item.listing, item.source
            )
        elif isinstance(item, FeedPolled):
            self.crawler.stats.inc_value(f"cswatch/feeds_{item.outcome}")
            # Not awaited, like pages: the writer keeps it in order, and the feed's entries
            # (already scheduled) need nothing from it until the next run.
            recorded = self._write_d(record_feed_poll, self.archive, item)
            recorded.addErrback(_log_failure, f"recording the poll of {item.url}")
            if item.error_kind:
                listing = {"source": item.source, "feed_outcome": item.outcome}
                await self._error(
                    item.url,
                    item.error_kind,
                    item.error_message or "",
                    item.http_status,
                    listing,
                    item.source,
                )
        elif isinstance(item, Fetched):
            self.crawler.stats.inc_value(f"{PREFIX}{item.capture.source}/items")
            stored: Deferred = Deferred()
            self._pending.append((item, stored))
            self._unstored_bytes += _page_bytes(item)
            if len(self._pending) >= BATCH_SIZE:
                self._flush()
            elif self._timer is None:
                self._timer = _reactor().callLater(BATCH_WAIT, self._flush)
            if self._unstored_bytes > PENDING_BYTES:
                await maybe_deferred_to_future(stored)  # the store is behind: wait for it
            else:
                stored.addErrback(lambda _: None)  # _flush logged it; nobody waits
        return item

    # ------------------------------------------------------------------------- writing
    def _write_d(self, fn: Any, *args: Any) -> Deferred:
        """Run a storage call in the writer thread, in order with the batches."""
        if self._writer is None:
            return maybeDeferred(fn, *args)
        return deferToThreadPool(_reactor(), self._writer, fn, *args)

    def _write(self, fn: Any, *args: Any) -> Any:
        return maybe_deferred_to_future(self._write_d(fn, *args))

    def _flush(self) -> Deferred:
        """Hand the pending pages to the writer as one batch. The writer runs in order, so
        the Deferred returned also means every earlier batch is done."""
        if self._timer is not None and self._timer.active():
            self._timer.cancel()
        self._timer = None
        batch, self._pending = self._pending, []
        d = self._write_d(self._analyse_and_store, [item for item, _ in batch])

        def stored(outcomes: list) -> None:
            for (item, waiting), outcome in zip(batch, outcomes, strict=True):
                self._unstored_bytes -= _page_bytes(item)
                self._account(item, *outcome)
                waiting.callback(item)

        def failed(failure: Failure) -> None:
            _log_failure(failure, f"storing a batch of {len(batch)} pages")
            self.crawler.stats.inc_value("cswatch/batches_failed")
            for item, waiting in batch:  # a page whose process_item waits raises it
                self._unstored_bytes -= _page_bytes(item)
                waiting.errback(failure)

        return d.addCallbacks(stored, failed)

    def _analyse_and_store(self, items: list[Fetched]) -> list[Outcome]:
        """In the writer thread: the batch through the store worker (or, for an in-memory
        archive, right here)."""
        if not items:  # close_spider's flush: nothing to store, no reason to start a worker
            return []
        if self._worker is None:
            return analyse_and_store(self.archive, self.run_id, items)
        return store_pages(self._worker, self.archive, self.run_id, items)

    def _account(self, item: Fetched, result: BatchResult, failure: PageFailure) -> None:
        """On the reactor: the run's counters for one stored page."""
        stats = self.crawler.stats
        capture = item.capture
        if failure is not None:
            self._count_error(capture.url, *failure, capture.source)
            return
        if result.stored is None:
            return
        stats.inc_value(f"cswatch/documents_{result.stored.status}")
        linked = result.linked
        if linked is not None and linked.rule:
            stats.inc_value(f"cswatch/duplicates_{linked.rule}")
        if linked is not None and linked.inspections_linked:
            stats.inc_value("cswatch/press_linked_to_inspection", linked.inspections_linked)
        log.debug(
            "stored %s as document %s (%s)",
            capture.url,
            result.stored.document_id,
            result.stored.status,
        )

    async def _error(
        self,
        url: str,
        kind: str,
        message: str,
        status: int | None,
        listing: dict,
        source: str | None = None,
    ) -> None:
        self._count_error(url, kind, message, source)
        await self._write(
            self.archive.record_error, self.run_id, url, kind, message, status, listing
        )

    def _count_error(self, url: str, kind: str, message: str, source: str | None) -> None:
        self.crawler.stats.inc_value(f"cswatch/errors/{kind}")
        spider = self.crawler.spider
        source = source or (spider.name if spider else "?")
        self.crawler.stats.inc_value(f"{PREFIX}{source}/errors/{kind}")
        log.warning("%s: %s (%s)", kind, url, message)


def _log_failure(failure: Failure, what: str) -> None:
    log.error(
        "%s failed: %s",
        what,
        failure.getErrorMessage(),
        exc_info=(failure.type, failure.value, failure.getTracebackObject()),
    )


def _page_bytes(item: Fetched) -> int:
    return max(len(item.capture.body), MIN_PAGE_BYTES)


def _reactor() -> Any:
    # Imported when used: importing it at module level would install Twisted's default
    # reactor before Scrapy installs the asyncio one.
    from twisted.internet import reactor

    return reactor


def run_counts(stats: dict[str, Any]) -> dict[str, Any]:
    """The per-run figures operators read in `cswatch status`."""
    by_status = {
        key.rsplit("/", 1)[1]: value
        for key, value in stats.items()
        if key.startswith("downloader/response_status_count/")
    }
    errors = {
        key.removeprefix("cswatch/errors/"): value
        for key, value in stats.items()
        if key.startswith("cswatch/errors/")
    }
    return {
        "requests": stats.get("downloader/request_count", 0),
        "responses_by_status": by_status,
        "not_modified": stats.get("cswatch/not_modified", 0),
        "skipped_known": stats.get("cswatch/skipped_known", 0),
        # Links to other hosts, dropped before any request (press sources' hosts, or Ofsted's).
        "links_off_site": stats.get("cswatch/links_off_source", 0)
        + stats.get("offsite/filtered", 0),
        # robots.txt is fetched every run by Scrapy itself; it is not content we archive.
        "bodies_downloaded": sum(v for k, v in by_status.items() if k != "304")
        - stats.get("robotstxt/response_count", 0),
        "robots_txt_fetched": stats.get("robotstxt/response_count", 0),
        "bytes": stats.get("downloader/response_bytes", 0),
        "documents_new": stats.get("cswatch/documents_new", 0),
        "documents_updated": stats.get("cswatch/documents_updated", 0),
        "documents_unchanged": stats.get("cswatch/documents_unchanged", 0),
        "duplicates": stats.get("cswatch/documents_duplicate", 0)
        + stats.get("cswatch/duplicates_same_story", 0)
        + stats.get("cswatch/duplicates_near_duplicate", 0),
        "feeds": {
            key.removeprefix("cswatch/feeds_"): value
            for key, value in stats.items()
            if key.startswith("cswatch/feeds_")
        },
        "errors_by_kind": errors,
        "by_source": by_source(stats),
    }


def run_status(counts: dict[str, Any]) -> str:
    """ "failed" when nothing worked: errors, and no request (robots.txt aside) got a usable
    answer. Retries make several requests per failure, so errors are not compared with
    requests."""
    errors = sum(counts["errors_by_kind"].values())
    answered = sum(
        n
        for source in counts.get("by_source", {}).values()
        for code, n in source["responses_by_status"].items()
        if code.isdigit() and int(code) < 400
    )
    if errors and not answered:
        return "failed"
    return "partial" if errors else "ok"
