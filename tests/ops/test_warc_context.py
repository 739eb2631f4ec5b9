"""The WARC request record keeps what we asked for, but never credentials."""

from __future__ import annotations

from scrapy.http import HtmlResponse, Request

from crawlers.items import Fetched
from crawlers.warc_context import WarcContext


def test_request_headers_reach_the_item_without_credentials() -> None:
    request = Request(
        "https://www.example.org/news",
        headers={
            "User-Agent": "cswatch-test",
            "Proxy-Authorization": "Basic dXNlcjpzZWNyZXQ=",
            "Authorization": "Bearer token",
        },
    )
    response = HtmlResponse(request.url, body=b"<html></html>", request=request)
    item = Fetched(capture=None, role="article")  # type: ignore[arg-type]  # not read here
    out = list(WarcContext().process_spider_output(response, [item]))
    headers = {k.lower(): v for k, v in out[0].request_headers.items()}
    assert headers["user-agent"] == "cswatch-test"
    assert "proxy-authorization" not in headers and "authorization" not in headers
