"""Feeds (RSS, Atom, JSON Feed) of the sources in sources.toml, and the articles they list.

Feeds run inside Scrapy rather than beside it: the same robots.txt handling, User-Agent,
per-host throttling, retries, sample-web routing and archive pipeline serve feeds and
articles alike, and an entry's article is fetched in the same crawl. `feed_state` (conditional
GET validators, body hash, schedule, back-off, moved URL) is read by
crawlers.feed_state.FeedStateMiddleware and written by the item pipeline from the
`FeedPolled` items this spider yields; the spider itself only reads responses.

Spider arguments: `sources` (comma-separated keys; default all with feeds) and `due_only`
("1": poll only feeds whose adaptive schedule says they are due; for `cswatch schedule`).
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterable
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawlers.capture import capture_from_response
from crawlers.failures import describe_failure
from crawlers.feed_items import FeedPolled
from crawlers.feed_state import FeedNotDue
from crawlers.revisit import AlreadyArchived
from crawlers.spiders.articles import ArticleFollowing
from pipeline.feeds import FeedRejected, parse_feed

PERMANENT = {301, 308}


class FeedsSpider(ArticleFollowing):
    name = "feeds"

    def __init__(self, due_only: str | bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.due_only = str(due_only).lower() in {"1", "true", "yes"}

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for source in self.sources:
            for url in source.feeds:
                yield scrapy.Request(
                    url,
                    callback=self.parse_feed,
                    errback=self.feed_failed,
                    dont_filter=True,
                    meta={
                        "cswatch_feed": url,
                        "source": source.key,
                        "due_only": self.due_only,
                        "handle_httpstatus_list": [304],
                    },
                )

    def _polled(self, response_or_request: Any, outcome: str, **fields: Any) -> FeedPolled:
        meta = response_or_request.meta
        source = next(s for s in self.sources if s.key == meta["source"])
        return FeedPolled(
            url=meta.get("cswatch_feed_key") or meta["cswatch_feed"],
            source=source.key,
            outcome=outcome,
            cadence=source.cadence,
            **fields,
        )

    def parse_feed(self, response: Response) -> Iterable[Any]:
        reasons = response.meta.get("redirect_reasons") or []
        # Only a chain of permanent redirects moves the feed; a 302 is a detour.
        moved = response.url if reasons and all(r in PERMANENT for r in reasons) else None
        # A 304, possibly answered with the archive's copy ("revalidated", crawlers.feed_state,
        # so crawlers.feed_entries can follow entries that never reached the archive).
        if response.status == 304 or "revalidated" in response.flags:
            yield self._polled(response, "not_modified", moved_to=moved, http_status=304)
            return
        body_hash = hashlib.sha256(response.body).hexdigest()
        capture = capture_from_response(response, response.meta["source"])
        if body_hash == response.meta.get("cswatch_feed_known_hash"):
            yield self._polled(
                response, "unchanged", body_hash=body_hash, moved_to=moved, http_status=200
            )
            return
        try:
            feed = parse_feed(
                response.body,
                url=response.url,
                content_type=response.headers.get(b"Content-Type", b"").decode("latin-1"),
            )
        except FeedRejected as exc:
            yield self._polled(
                response,
                "rejected",
                capture=capture,
                body_hash=body_hash,
                moved_to=moved,
                error_kind=exc.kind,
                error_message=str(exc),
                http_status=response.status,
            )
            return
        source = next(s for s in self.sources if s.key == response.meta["source"])
        requests = self.entry_requests(feed, source, response)
        yield self._polled(
            response,
            "changed",
            capture=capture,
            body_hash=body_hash,
            moved_to=moved,
            entries=len(feed.entries),
            followed=len(requests),
            entry_times=[e.published for e in feed.entries if e.published],
            warnings=feed.warnings,
            http_status=response.status,
            entry_urls=[r.url for r in requests],
        )
        yield from requests

    def entry_requests(self, feed: Any, source: Any, response: Response) -> list[scrapy.Request]:
        requests = []
        for entry in feed.entries:
            listing = {
                "feed_url": response.meta["cswatch_feed"],
                "feed_title": entry.title,
                "feed_published": entry.published.isoformat() if entry.published else "",
                "feed_entry_id": entry.id[:500],
            }
            request = self.article_request(entry.link, source, listing)
            if request is not None:
                requests.append(request)
        return requests

    def feed_failed(self, failure: Failure) -> Iterable[Any]:
        if failure.check(FeedNotDue, AlreadyArchived):
            return
        kind, message, status = describe_failure(failure)
        request = failure.request  # type: ignore[attr-defined]
        yield self._polled(
            request, "failed", error_kind=kind, error_message=message, http_status=status
        )
