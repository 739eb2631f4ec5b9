"""Scale-out: several crawler processes (or machines) split one crawl through Redis, with
scrapy-redis as the shared request queue and duplicate filter, and PostgreSQL as the archive.

- `seed(redis_url, crawl_id, spiders)` pushes each spider's start requests into the shared
  queue (`cswatch:<crawl>:<spider>:requests`) and marks them in the shared duplicate filter
  (`cswatch:<crawl>:<spider>:dupefilter`): one seeding, however many workers.
- `redis_overrides(...)` are the Scrapy settings of a worker: the scrapy-redis scheduler and
  duplicate filter under that crawl's key prefix, the queue kept when a worker stops (another
  may still be working), and seeded mode, in which a worker's own start requests are dropped
  (SeededStart) so only the queue decides what is fetched.
- A worker whose queue is empty waits `CSWATCH_REDIS_IDLE_CLOSE` seconds for work that another
  worker may still add (KeepAliveWhileQueued) before it stops.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured

KEY = "cswatch:{crawl}:%(spider)s:{what}"


def redis_overrides(redis_url: str, crawl_id: str, idle_close: int = 10) -> dict[str, Any]:
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "REDIS_URL": redis_url,
        "SCHEDULER_QUEUE_KEY": KEY.format(crawl=crawl_id, what="requests"),
        "SCHEDULER_DUPEFILTER_KEY": KEY.format(crawl=crawl_id, what="dupefilter"),
        "SCHEDULER_PERSIST": True,
        # A blocking pop would stall the reactor: poll, and let the extension below wait.
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
        "CSWATCH_SEEDED": True,
        "CSWATCH_REDIS_IDLE_CLOSE": idle_close,
        "EXTENSIONS": {"crawlers.distributed.KeepAliveWhileQueued": 500},
    }


def crawl_keys(crawl_id: str) -> str:
    """The Redis key pattern of one crawl (to inspect or delete it)."""
    return f"cswatch:{crawl_id}:*"


class SeededStart:
    """Spider middleware: in seeded mode a worker's start requests come from the queue."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("CSWATCH_SEEDED"):
            raise NotConfigured
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeededStart:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for _request in start:
            pass
        return
        yield  # an async generator that yields nothing


class KeepAliveWhileQueued:
    """Keep an idle worker open until the shared queue has stayed empty for a while."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.idle_close = crawler.settings.getint("CSWATCH_REDIS_IDLE_CLOSE", 10)
        self.empty_since: float | None = None
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KeepAliveWhileQueued:
        return cls(crawler)

    def spider_idle(self) -> None:
        scheduler = self.crawler.engine.slot.scheduler if self.crawler.engine else None
        if scheduler is not None and scheduler.has_pending_requests():
            self.empty_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self.empty_since is None:
            self.empty_since = now
        if now - self.empty_since < self.idle_close:
            raise DontCloseSpider


def seed(redis_url: str, crawl_id: str, spiders: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Push every spider's start requests into the crawl's queue. Returns how many per spider
    (a request already seen by the crawl's duplicate filter is not pushed again)."""
    import redis
    from scrapy.crawler import CrawlerRunner
    from scrapy_redis.dupefilter import RFPDupeFilter
    from scrapy_redis.queue import PriorityQueue

    from crawlers.runner import crawl_settings

    server = redis.Redis.from_url(redis_url)
    runner = CrawlerRunner(crawl_settings(None))
    pushed: dict[str, int] = {}
    for name, kwargs in spiders.items():
        crawler = runner.create_crawler(name)
        spider = crawler.spidercls.from_crawler(crawler, **kwargs)
        queue = PriorityQueue(server, spider, KEY.format(crawl=crawl_id, what="requests"))
        seen = RFPDupeFilter(
            server, KEY.format(crawl=crawl_id, what="dupefilter") % {"spider": name}
        )

        async def collect(spider: Any) -> list[Request]:
            return [r async for r in spider.start()]

        count = 0
        for request in asyncio.run(collect(spider)):
            if not request.dont_filter and seen.request_seen(request):
                continue
            if request.dont_filter and seen.server.sadd(seen.key, "seed:" + request.url) == 0:
                continue  # feeds are dont_filter: still push each one once per crawl
            queue.push(request)
            count += 1
        pushed[name] = count
    return pushed
