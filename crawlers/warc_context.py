"""Spider middleware: attach the request headers we sent to each `Fetched` item, so the WARC
request record says what was asked (spiders only parse and never see this)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy.http import Response

from crawlers.items import Fetched

# Credentials never go into the archive: a proxy URL's user:password becomes a
# Proxy-Authorization header on every request (HTTPPROXY_ENABLED), and WARC files are shared.
SECRET_HEADERS = frozenset({b"proxy-authorization", b"authorization"})


def _headers(response: Response) -> dict[str, str]:
    request = response.request
    if request is None:
        return {}
    return {
        k.decode("latin-1"): b", ".join(v).decode("latin-1")
        for k, v in request.headers.items()
        if k.lower() not in SECRET_HEADERS
    }


class WarcContext:
    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        for item in result:
            if isinstance(item, Fetched) and not item.request_headers:
                item.request_headers = _headers(response)
            yield item

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for item in result:
            if isinstance(item, Fetched) and not item.request_headers:
                item.request_headers = _headers(response)
            yield item
