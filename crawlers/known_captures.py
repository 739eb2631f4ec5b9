"""Spider middleware: what the archive knows of the links a page yields, asked once per page.

crawlers.revisit needs each request's last capture (to skip a known Ofsted file, or to send
If-None-Match / If-Modified-Since). Asked request by request, on the reactor thread, that was
one query per link — a feed of a hundred entries, a hundred queries, 5–10% of the crawl
process's time (bench/RESULTS.md, Crawl). Here the requests one response yields are looked up
together (storage CaptureStore.latest_captures) and each carries the answer in its meta;
Revisit uses it and asks the archive itself only for requests that do not carry one (start
requests, redirects, retries of another URL).

The answer is for the URL as yielded: a redirect keeps the meta but changes the URL, so the
URL travels with it and Revisit ignores an answer for another URL. It can be older than the
request's turn in the queue only by what this crawl stores meanwhile for that same URL, which
the duplicate filter does not let it fetch twice.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawlers.archive_link import archive_for
from storage.results import CaptureInfo

# request.meta key: (url, CaptureInfo or None) — None: the archive holds no capture of it.
META_KEY = "cswatch_latest_capture"


def known_capture(request: Request) -> tuple[bool, CaptureInfo | None]:
    """(True, the last capture or None) when the request carries the answer for its URL;
    (False, None) when it must be asked for."""
    carried = request.meta.get(META_KEY)
    if carried is None or carried[0] != request.url:
        return False, None
    return True, carried[1]


def _looked_up(request: Request) -> bool:
    # The same exemptions as Revisit: fresh requests and robots.txt are never revalidated.
    return not request.meta.get("cswatch_fresh") and not request.url.endswith("/robots.txt")


class KnownCaptures:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KnownCaptures:
        return cls(crawler)

    def _annotate(self, output: list[Any]) -> list[Any]:
        requests = [r for r in output if isinstance(r, Request) and _looked_up(r)]
        if requests:
            latest = archive_for(self.crawler).latest_captures(r.url for r in requests)
            for request in requests:
                request.meta[META_KEY] = (request.url, latest.get(request.url))
        return output

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        # A callback's output is built at once (a feed's entries, a page's links): holding it
        # until the end of the callback delays nothing that matters.
        yield from self._annotate(list(result))

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        for item in self._annotate([item async for item in result]):
            yield item
