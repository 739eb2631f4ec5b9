"""Serve real-world URLs from the bundled sample web.

Spiders always request the real URL (https://reports.ofsted.gov.uk/...). In sample mode this
download handler fetches it from the local sample server instead, with the real host in the Host
header, and hands the response back under the real URL. Everything above the downloader
(robots.txt, off-site filtering, redirects, the archive's document identities) is exactly as in a
real crawl and never depends on the sample server's port.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def local_url(real_url: str, base_url: str) -> str:
    real = urlsplit(real_url)
    base = urlsplit(base_url)
    return urlunsplit((base.scheme or "http", base.netloc, real.path or "/", real.query, ""))


class SampleWebDownloadHandler(HTTP11DownloadHandler):
    """Registered for http and https by the crawl runner when SAMPLEWEB_URL is set."""

    def __init__(self, crawler: Crawler) -> None:
        base = crawler.settings.get("SAMPLEWEB_URL")
        if not base:
            raise NotConfigured("SAMPLEWEB_URL is not set")
        if urlsplit(base).hostname not in LOOPBACK_HOSTS:
            # The sample web is a loopback fixture; a crawl is never routed anywhere else.
            raise NotConfigured(f"SAMPLEWEB_URL must be a loopback address, got {base!r}")
        super().__init__(crawler)
        self.base_url = base

    async def download_request(self, request: Request) -> Response:
        real = urlsplit(request.url)
        headers = request.headers.copy()
        headers[b"Host"] = real.netloc.encode("ascii")
        local = request.replace(url=local_url(request.url, self.base_url), headers=headers)
        response = await super().download_request(local)
        location = response.headers.get(b"Location")
        if location and location.startswith(b"/"):
            # A relative redirect must resolve against the real host, not the sample server.
            absolute = f"{real.scheme}://{real.netloc}{location.decode('latin-1')}"
            response.headers[b"Location"] = absolute.encode("latin-1")
        return response.replace(url=request.url, request=request)
