"""Downloader middleware for feed polls: conditional GET from `feed_state`, moved feeds,
and (optionally) only the feeds that are due.

A request is a feed poll when its meta has `cswatch_feed`. Before it goes out:
- a feed recorded as permanently moved is requested at its new URL instead;
- with `due_only`, a feed whose next poll is still ahead is dropped (FeedNotDue, no request);
- its ETag / Last-Modified from feed_state go out as If-None-Match / If-Modified-Since, and the
  last body hash rides along in meta for the spider's "server ignored conditional GET" check.
Feed polls bypass crawlers.revisit (which would replay a stored body on 304): an unchanged
feed has nothing to follow.
"""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawlers.archive_link import archive_for
from storage.errors import ArchiveError
from storage.feeds import current_url, get_state


class FeedNotDue(IgnoreRequest):
    """Not an error: the feed's adaptive schedule says it is not time yet."""


class FeedStateMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FeedStateMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> Request | None:
        if not request.meta.get("cswatch_feed") or request.meta.get("cswatch_feed_key"):
            return None  # not a feed, or prepared already (a redirect hop)
        archive = archive_for(self.crawler)
        url = current_url(archive, request.url)
        state = get_state(archive, url)
        if request.meta.get("due_only") and state is not None and not state.due(datetime.now(UTC)):
            self.crawler.stats.inc_value("cswatch/feeds_not_due")
            raise FeedNotDue(f"feed not due until {state.next_poll}: {url}")
        meta = dict(request.meta, cswatch_feed_key=url, cswatch_fresh=True)
        meta["cswatch_feed_known_hash"] = state.body_hash if state else None
        meta["cswatch_feed_entry_urls"] = state.entry_urls if state else None
        headers = request.headers.copy()
        if state is not None and state.etag:
            headers[b"If-None-Match"] = state.etag.encode("latin-1")
        if state is not None and state.last_modified:
            headers[b"If-Modified-Since"] = state.last_modified.encode("latin-1")
        if url != request.url:
            self.crawler.stats.inc_value("cswatch/feeds_moved_followed")
        return request.replace(url=url, meta=meta, headers=headers, dont_filter=True)

    def process_response(self, request: Request, response: Response) -> Response:
        if not request.meta.get("cswatch_feed") or response.status != 304:
            return response
        self.crawler.stats.inc_value("cswatch/not_modified")
        # Answer from the archive's copy, flagged "revalidated": the spider still reads the
        # entries, to follow any whose article never reached the archive.
        archive = archive_for(self.crawler)
        known = archive.latest_capture(request.url)
        if known is None or known.status != 200:
            return response
        try:
            body = archive.capture_body(known.id)
        except ArchiveError:
            return response
        if body is None:
            return response
        return response.replace(status=200, body=body, flags=[*response.flags, "revalidated"])
