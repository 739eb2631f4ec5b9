"""Per-source health figures in the crawl's stats (`cswatch/source/<key>/...`): requests,
responses by status, 304s, bytes; the item pipeline adds items and errors by kind. A
request's source is its `source` meta (press spiders) or the spider's name (ofsted)."""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

PREFIX = "cswatch/source/"


def source_of(request: Request | None, default: str) -> str:
    return (request.meta.get("source") if request is not None else None) or default


class SourceStats:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceStats:
        return cls(crawler)

    def _key(self, request: Request) -> str:
        spider = self.crawler.spider
        return PREFIX + source_of(request, spider.name if spider else "?")

    def process_request(self, request: Request) -> None:
        if not request.url.endswith("/robots.txt"):
            self.crawler.stats.inc_value(f"{self._key(request)}/requests")

    def process_response(self, request: Request, response: Response) -> Response:
        if request.url.endswith("/robots.txt"):
            return response
        key, stats = self._key(request), self.crawler.stats
        stats.inc_value(f"{key}/status/{response.status}")
        stats.inc_value(f"{key}/bytes", len(response.body))
        return response


def by_source(stats: dict) -> dict[str, dict]:
    """{source: {requests, responses_by_status, not_modified, bytes, items, errors_by_kind}}."""
    out: dict[str, dict] = {}
    for key, value in stats.items():
        if not key.startswith(PREFIX):
            continue
        source, _, rest = key[len(PREFIX) :].partition("/")
        entry = out.setdefault(
            source,
            {
                "requests": 0,
                "responses_by_status": {},
                "not_modified": 0,
                "bytes": 0,
                "items": 0,
                "errors_by_kind": {},
            },
        )
        if rest.startswith("status/"):
            code = rest.removeprefix("status/")
            entry["responses_by_status"][code] = value
            if code == "304":
                entry["not_modified"] = value
        elif rest.startswith("errors/"):
            entry["errors_by_kind"][rest.removeprefix("errors/")] = value
        elif rest in ("requests", "bytes", "items"):
            entry[rest] = value
    return out
