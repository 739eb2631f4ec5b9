"""Live progress of a crawl, for the command line: a Scrapy extension that counts what a run
has done so far and hands a snapshot to a callback, a few times a second and once at the end.

The runner enables it only when someone asked for progress (crawlers/runner.py puts it in the
run's EXTENSIONS and the callback in CSWATCH_PROGRESS); the extension never prints anything
itself, so the caller decides where progress goes (a rich bar on a terminal, log lines in cron,
nothing at all) and stdout stays free for machine-readable output.

Requests and responses are counted from signals as they happen. Documents and errors come from
the archive pipeline's own counters (crawlers/archive_pipeline.py), read at each tick, so the
last snapshot agrees with the run's report: a page that failed analysis is an error, not a
document, which the item_scraped signal alone cannot tell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

# The setting holding the callback, and how often (seconds) it is called while counts change.
CALLBACK_SETTING = "CSWATCH_PROGRESS"
INTERVAL_SETTING = "CSWATCH_PROGRESS_INTERVAL"
DEFAULT_INTERVAL = 0.25

# Stored documents by outcome, as the archive pipeline counts them (a duplicate is also one
# of these: its cswatch/duplicates_* count is a second label, not a second document).
DOCUMENT_STATS = (
    "cswatch/documents_new",
    "cswatch/documents_updated",
    "cswatch/documents_unchanged",
)
ERROR_PREFIX = "cswatch/errors/"


@dataclass(frozen=True)
class CrawlProgress:
    """One spider's run so far. `finished` is True on the last snapshot of the run."""

    spider: str
    requests: int = 0
    responses: int = 0
    documents: int = 0
    errors: int = 0
    finished: bool = False


ProgressCallback = Callable[[CrawlProgress], None]


class Progress:
    """The extension. Raises NotConfigured (Scrapy then leaves it out) without a callback."""

    def __init__(self, crawler: Crawler, callback: ProgressCallback, interval: float) -> None:
        self.crawler = crawler
        self.callback = callback
        self.interval = interval
        self.requests = 0
        self.responses = 0
        # Failures the pipeline never saw: an exception in a pipeline or in a spider callback.
        self.uncaught = 0
        self._last: CrawlProgress | None = None
        self._task: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        callback = crawler.settings.get(CALLBACK_SETTING)
        if callback is None:
            raise NotConfigured
        interval = crawler.settings.getfloat(INTERVAL_SETTING, DEFAULT_INTERVAL)
        ext = cls(crawler, callback, interval)
        connect = crawler.signals.connect
        connect(ext.spider_opened, signal=signals.spider_opened)
        connect(ext.spider_closed, signal=signals.spider_closed)
        connect(ext.request_reached_downloader, signal=signals.request_reached_downloader)
        connect(ext.response_received, signal=signals.response_received)
        connect(ext.failed, signal=signals.item_error)
        connect(ext.failed, signal=signals.spider_error)
        return ext

    # ------------------------------------------------------------------ signal handlers
    def request_reached_downloader(self) -> None:
        self.requests += 1

    def response_received(self) -> None:
        self.responses += 1

    def failed(self) -> None:
        self.uncaught += 1

    def spider_opened(self) -> None:
        self._task = create_looping_call(self.report)
        self._task.start(self.interval, now=True)

    def spider_closed(self) -> None:
        if self._task is not None and self._task.running:
            self._task.stop()
        self.report(finished=True)

    # ------------------------------------------------------------------------ reporting
    def snapshot(self, *, finished: bool = False) -> CrawlProgress:
        stats = self.crawler.stats.get_stats()
        errors = sum(v for k, v in stats.items() if k.startswith(ERROR_PREFIX))
        spider = self.crawler.spider
        return CrawlProgress(
            spider=spider.name if spider else "?",
            requests=self.requests,
            responses=self.responses,
            documents=sum(stats.get(k, 0) for k in DOCUMENT_STATS),
            errors=errors + self.uncaught,
            finished=finished,
        )

    def report(self, *, finished: bool = False) -> None:
        """Call back with the current counts when they changed (always on the last one), so
        an idle crawl waiting on a slow server does not redraw or log for nothing."""
        current = self.snapshot(finished=finished)
        if current == self._last:
            return
        self._last = current
        self.callback(current)
