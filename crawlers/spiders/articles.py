"""Article pages: followed from feed entries (spiders/feeds.py) and from listing pages.

`ListingsSpider` reads the listing pages of sources without a usable feed (CYP Now): the page
itself is archived as a capture, each article link the source's `links` selector finds (and
whose path matches `follow`) is fetched and handed on as role "article". Spiders only read
pages: whether a page is an article, what it says and about whom is pipeline/'s job.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

from crawlers.capture import capture_from_response
from crawlers.failures import failure_item
from crawlers.items import Fetched, FetchFailed
from crawlers.sources import Source, download_slots, load_sources, select
from pipeline.dedupe import canonical_url


def polite_slots(settings: BaseSettings, sources: list[Source]) -> None:
    """Per-host delays from sources.toml, for real crawls (the sample web is our own
    loopback server, so the runner turns delays off there)."""
    if settings.get("SAMPLEWEB_URL"):
        return
    slots = dict(settings.getdict("DOWNLOAD_SLOTS"))
    for host, slot in download_slots(sources).items():
        slots.setdefault(host, slot)
    settings.set("DOWNLOAD_SLOTS", slots, priority="spider")


class ArticleFollowing(scrapy.Spider):
    """Shared by the feeds and listings spiders: fetch an article, report failures."""

    def __init__(
        self,
        sources: str | list[str] | None = None,
        sources_file: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        # `sources_file`: another sources.toml (tests, or an operator's own watch list).
        self.sources = select(load_sources(Path(sources_file) if sources_file else None), sources)

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        polite_slots(settings, list(load_sources().values()))

    def article_request(
        self, url: str, source: Source, listing: dict[str, str]
    ) -> scrapy.Request | None:
        """A request for an article link, or None for a link off the source's hosts."""
        url = canonical_url(url)  # tracking parameters, AMP and mobile variants: one page
        if not source.allows(urlsplit(url).hostname):
            self.crawler.stats.inc_value("cswatch/links_off_source")
            return None
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.failed,
            meta={"source": source.key, "listing": listing},
        )

    def parse_article(self, response: Response) -> Iterable[Fetched]:
        yield Fetched(
            capture=capture_from_response(response, response.meta["source"]),
            role="article",
            listing=response.meta.get("listing", {}),
        )

    def failed(self, failure: Failure) -> Iterable[FetchFailed]:
        item = failure_item(failure)
        if item is not None:
            yield item


class ListingsSpider(ArticleFollowing):
    name = "listings"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for source in self.sources:
            for listing in source.listings:
                yield scrapy.Request(
                    listing.url,
                    callback=self.parse_listing,
                    errback=self.failed,
                    meta={"source": source.key, "listing_url": listing.url},
                )

    def parse_listing(self, response: Response) -> Iterable[Any]:
        source = next(s for s in self.sources if s.key == response.meta["source"])
        listing = next(x for x in source.listings if x.url == response.meta["listing_url"])
        yield Fetched(capture=capture_from_response(response, source.key), role="listing")
        if not hasattr(response, "css"):  # not HTML (an image, a PDF): nothing to follow
            return
        seen: set[str] = set()
        for link in response.css(listing.links):
            href = link.attrib.get("href")
            if not href:
                continue
            url = response.urljoin(href)
            if not listing.follow.search(urlsplit(url).path) or url in seen:
                continue
            seen.add(url)
            title = " ".join(" ".join(link.css("::text").getall()).split())
            request = self.article_request(
                url, source, {"listing_page": response.url, "feed_title": title}
            )
            if request is not None:
                yield request
