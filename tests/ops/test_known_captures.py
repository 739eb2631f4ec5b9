"""The links a page yields carry their last capture (crawlers/known_captures.py), looked up in
one query, and Revisit uses it instead of asking the archive once per request."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawlers.known_captures import META_KEY, KnownCaptures
from crawlers.revisit import Revisit
from pipeline.records import Capture
from storage.archive import Archive

KNOWN = "https://news.example.test/known"
NEW = "https://news.example.test/new"


@pytest.fixture
def crawler(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    with Archive.open(url) as archive:
        archive.record_capture(
            Capture(
                url=KNOWN,
                final_url=KNOWN,
                status=200,
                headers={"ETag": '"v1"', "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"},
                body=b"<html>known</html>",
                fetched_at=datetime(2024, 1, 2, tzinfo=UTC),
                source="example",
            )
        )
    crawler = get_crawler(settings_dict={"CSWATCH_DB": url})
    crawler.stats.open_spider()
    return crawler


def page_output(crawler, requests: list) -> list:
    response = HtmlResponse("https://news.example.test/feed", body=b"<html></html>")
    return list(KnownCaptures(crawler).process_spider_output(response, iter(requests)))


def test_links_carry_their_last_capture_and_revisit_uses_it(crawler, monkeypatch) -> None:
    fresh = Request("https://news.example.test/fresh", meta={"cswatch_fresh": True})
    out = page_output(crawler, ["an item", Request(KNOWN), Request(NEW), fresh])
    assert out[0] == "an item"
    known, new = out[1].meta[META_KEY], out[2].meta[META_KEY]
    assert known[0] == KNOWN and known[1].etag == '"v1"'
    assert new == (NEW, None)
    assert META_KEY not in fresh.meta

    from crawlers.archive_link import archive_for

    def no_query(url: str) -> None:
        raise AssertionError(f"asked the archive for {url}")

    monkeypatch.setattr(archive_for(crawler), "latest_capture", no_query)
    revisit = Revisit(crawler)
    revisit.process_request(out[1])
    revisit.process_request(out[2])
    assert out[1].headers[b"If-None-Match"] == b'"v1"'
    assert out[1].headers[b"If-Modified-Since"] == b"Mon, 01 Jan 2024 00:00:00 GMT"
    assert b"If-None-Match" not in out[2].headers


def test_a_redirected_request_is_looked_up_for_its_new_url(crawler) -> None:
    (request,) = page_output(crawler, [Request(NEW)])
    redirected = request.replace(url=KNOWN)  # a redirect keeps the meta
    Revisit(crawler).process_request(redirected)
    assert redirected.headers[b"If-None-Match"] == b'"v1"'


def test_async_output_is_annotated_too(crawler) -> None:
    async def output():
        yield Request(KNOWN)

    async def collect() -> list:
        response = HtmlResponse("https://news.example.test/feed", body=b"")
        middleware = KnownCaptures(crawler)
        return [r async for r in middleware.process_spider_output_async(response, output())]

    (request,) = asyncio.run(collect())
    assert request.meta[META_KEY][1].etag == '"v1"'
