"""One Archive per crawl process, shared by the middlewares and the item pipeline."""

from __future__ import annotations

from scrapy.crawler import Crawler

from storage.archive import Archive

_open: dict[str | None, Archive] = {}


def archive_for(crawler: Crawler) -> Archive:
    url = crawler.settings.get("CSWATCH_DB") or None
    if url not in _open:
        _open[url] = Archive.open(url)
    return _open[url]
