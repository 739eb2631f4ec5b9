"""The thin adapter from spiders to pipeline/ and storage/: record the capture, normalise it
with the same pure functions `cswatch analyse` uses, store the document, and record every
failure with its reason so the crawl goes on."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler

from crawlers.archive_link import archive_for
from crawlers.feed_items import FeedPolled
from crawlers.feed_recording import record_feed_poll
from crawlers.items import Fetched, FetchFailed
from crawlers.source_stats import PREFIX, by_source
from pipeline.analyse import AnalyseError, analyse_capture
from pipeline.authorities import register
from storage.archive import Archive
from storage.links import link_document

log = logging.getLogger(__name__)


class ArchivePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_id: int | None = None

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

    def close_spider(self) -> None:
        counts = run_counts(self.crawler.stats.get_stats())
        self.archive.finish_run(self.run_id, counts, status=run_status(counts))

    def process_item(self, item: Any) -> Any:
        stats = self.crawler.stats
        if isinstance(item, FetchFailed):
            self._error(
                item.url, item.kind, item.message, item.http_status, item.listing, item.source
            )
            return item
        if isinstance(item, FeedPolled):
            stats.inc_value(f"cswatch/feeds_{item.outcome}")
            record_feed_poll(self.archive, item)
            if item.error_kind:
                listing = {"source": item.source, "feed_outcome": item.outcome}
                self._error(
                    item.url,
                    item.error_kind,
                    item.error_message or "",
                    item.http_status,
                    listing,
                    item.source,
                )
            return item
        if not isinstance(item, Fetched):
            return item
        capture = item.capture
        stats.inc_value(f"{PREFIX}{capture.source}/items")
        capture_id = self.archive.record_capture(
            capture,
            meta={"role": item.role, "listing": item.listing, "urn": item.urn},
            request_headers=item.request_headers,
        )
        if item.role == "listing":
            return item
        try:
            doc = analyse_capture(capture, listing=item.listing, urn=item.urn, role=item.role)
        except AnalyseError as exc:
            self._error(
                capture.url, exc.kind, str(exc), capture.status, item.listing, capture.source
            )
            return item
        result = self.archive.store_document(doc, capture_id=capture_id)
        stats.inc_value(f"cswatch/documents_{result.status}")
        if result.status in ("new", "updated"):
            # Syndicated copies, same-story URLs and press ↔ inspection links need the rest
            # of the archive: storage/links.py, after the document is in.
            linked = link_document(self.archive, result.document_id)
            if linked.rule:
                stats.inc_value(f"cswatch/duplicates_{linked.rule}")
            if linked.inspections_linked:
                stats.inc_value("cswatch/press_linked_to_inspection", linked.inspections_linked)
        log.debug("stored %s as document %s (%s)", capture.url, result.document_id, result.status)
        return item

    def _error(
        self,
        url: str,
        kind: str,
        message: str,
        status: int | None,
        listing: dict,
        source: str | None = None,
    ) -> None:
        self.crawler.stats.inc_value(f"cswatch/errors/{kind}")
        spider = self.crawler.spider
        source = source or (spider.name if spider else "?")
        self.crawler.stats.inc_value(f"{PREFIX}{source}/errors/{kind}")
        self.archive.record_error(
            self.run_id, url, kind, message, http_status=status, listing=listing
        )
        log.warning("%s: %s (%s)", kind, url, message)


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
