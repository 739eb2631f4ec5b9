"""Ofsted's reports site: one provider page per authority, each report a PDF link.

The spider only reads pages: which reports a provider page lists (with the type label and
listing date printed beside each link) and the bytes of each report. Interpreting the PDF is
pipeline/'s job, storing it storage/'s.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawlers.capture import capture_from_response
from crawlers.failures import failure_item
from crawlers.items import Fetched, FetchFailed
from pipeline.authorities import register
from pipeline.listing import parse_listing_label

PROVIDER_URL = "https://reports.ofsted.gov.uk/provider/44/{urn}"


class OfstedSpider(scrapy.Spider):
    name = "ofsted"
    allowed_domains = ["reports.ofsted.gov.uk", "files.ofsted.gov.uk"]

    def __init__(self, urns: str | Iterable[str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if isinstance(urns, str):
            urns = [u for u in urns.split(",") if u.strip()]
        self.urns = list(urns) if urns else default_urns()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for urn in self.urns:
            yield scrapy.Request(
                PROVIDER_URL.format(urn=urn.strip()),
                callback=self.parse_provider,
                errback=self.failed,
                meta={"urn": urn.strip()},
            )

    def parse_provider(self, response: Response) -> Iterable[Any]:
        urn = response.meta["urn"]
        yield Fetched(capture=capture_from_response(response, "ofsted"), role="listing", urn=urn)
        for link in response.css("a.publication-link"):
            href = link.attrib.get("href")
            if not href:
                continue
            entry = parse_listing_label(" ".join(link.css("span.nonvisual ::text").getall()))
            listing = entry.as_dict() | {"provider_urn": urn, "provider_page": response.url}
            yield response.follow(
                href,
                callback=self.parse_report,
                errback=self.failed,
                # An Ofsted file id always names the same bytes: never fetch one twice.
                meta={"urn": urn, "listing": listing, "immutable": True},
            )

    def parse_report(self, response: Response) -> Iterable[Any]:
        yield Fetched(
            capture=capture_from_response(response, "ofsted"),
            role="report",
            listing=response.meta.get("listing", {}),
            urn=response.meta.get("urn"),
        )

    def failed(self, failure: Failure) -> Iterable[FetchFailed]:
        item = failure_item(failure)
        if item is not None:
            yield item


def default_urns() -> list[str]:
    """Every current authority's provider page, plus ended ones that still have their own."""
    return sorted({a.urn for a in register().all() if a.urn})
