"""Spider middleware: entries of an unchanged feed whose article never reached the archive.

The feeds spider follows entries only when a feed changed. An article whose download failed
(timeout, reset, 5xx) or that a killed crawl never got to would then wait for the feed to
change, which may be never. So when a poll says "unchanged" or "not modified" (answered with
the archive's copy, see crawlers.feed_state), this reads the same bytes again and asks for
every entry whose article is not archived, with `only_if_missing`. The archive is asked once
per feed (storage.runs.settled_entries) rather than once per entry, and a settled entry never
becomes a request. The entry URLs of the body are remembered in feed_state when it is first
read, so a feed whose entries are all archived is not even parsed again. crawlers.revisit
checks the few left again (storage.runs.entry_settled) just before they go out, so a quiet
feed costs no requests.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy.crawler import Crawler
from scrapy.http import Response

from crawlers.archive_link import archive_for
from crawlers.feed_items import FeedPolled
from pipeline.feeds import FeedRejected, parse_feed
from storage.runs import settled_entries


class FollowMissingEntries:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FollowMissingEntries:
        return cls(crawler)

    def _missing(self, response: Response, item: Any) -> list[Any]:
        spider = self.crawler.spider
        if (
            not isinstance(item, FeedPolled)
            or item.outcome not in ("unchanged", "not_modified")
            or not response.body
            or not hasattr(spider, "entry_requests")
        ):
            return []
        archive = archive_for(self.crawler)
        known = response.meta.get("cswatch_feed_entry_urls")
        if known is not None and len(settled_entries(archive, known)) == len(set(known)):
            # The URLs followed when this very body was read (feed_state.entry_urls) are all
            # archived: nothing to ask for, and no need to parse the feed again.
            self.crawler.stats.inc_value("cswatch/entries_already_archived", len(set(known)))
            return []
        try:
            feed = parse_feed(
                response.body,
                url=response.url,
                content_type=response.headers.get(b"Content-Type", b"").decode("latin-1"),
            )
        except FeedRejected:
            return []
        source = next((s for s in spider.sources if s.key == response.meta.get("source")), None)
        if source is None:
            return []
        requests = spider.entry_requests(feed, source, response)
        settled = settled_entries(archive, [r.url for r in requests])
        if settled:
            self.crawler.stats.inc_value("cswatch/entries_already_archived", len(settled))
        missing = [r for r in requests if r.url not in settled]
        for request in missing:
            request.meta["only_if_missing"] = True
        return missing

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        for item in result:
            yield item
            yield from self._missing(response, item)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for item in result:
            yield item
            for request in self._missing(response, item):
                yield request
