"""Do not download again what the archive already holds.

- A request marked `immutable` (an Ofsted file id never changes its bytes) is dropped when the
  archive already holds a document made from that URL.
- Any other URL seen before is revalidated with If-None-Match / If-Modified-Since; a 304 is
  answered from the stored capture so the spider can still follow the page's links without the
  body crossing the network again.

A request yielded by a spider callback carries its URL's last capture, looked up with the rest
of its page's links (crawlers/known_captures.py); others are looked up here.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawlers.archive_link import archive_for
from crawlers.known_captures import known_capture
from storage.errors import ArchiveError
from storage.runs import entry_settled


class AlreadyArchived(IgnoreRequest):
    """Not an error: the archive holds these bytes already."""


class Revisit:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Revisit:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if request.meta.get("cswatch_fresh") or request.url.endswith("/robots.txt"):
            return None
        archive = archive_for(self.crawler)
        stats = self.crawler.stats
        # An entry of an unchanged feed: only wanted if its article never reached the archive
        # (the last run was killed before it, or its download failed).
        if request.meta.get("only_if_missing") and entry_settled(archive, request.url):
            stats.inc_value("cswatch/entries_already_archived")
            raise AlreadyArchived(f"already archived: {request.url}")
        carried, known = known_capture(request)
        if not carried:
            known = archive.latest_capture(request.url)
        if known is None or known.status != 200:
            return None
        # An error page fetched from a file link made no document: ask again next time.
        if request.meta.get("immutable") and archive.has_document(request.url):
            stats.inc_value("cswatch/skipped_known")
            raise AlreadyArchived(f"already archived: {request.url}")
        if known.etag:
            request.headers[b"If-None-Match"] = known.etag.encode("latin-1")
        if known.last_modified:
            request.headers[b"If-Modified-Since"] = known.last_modified.encode("latin-1")
        request.meta["cswatch_known_capture"] = known.id
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        capture_id = request.meta.get("cswatch_known_capture")
        if response.status != 304 or capture_id is None:
            return response
        self.crawler.stats.inc_value("cswatch/not_modified")
        try:
            body = archive_for(self.crawler).capture_body(capture_id)
        except ArchiveError:
            body = None  # its WARC file is gone or damaged: fetch the bytes again
        if body is None:
            # The stored capture has no body to replay: fetch it once more, unconditionally.
            meta = dict(request.meta, cswatch_fresh=True)
            return request.replace(meta=meta, dont_filter=True)  # type: ignore[return-value]
        return response.replace(status=200, body=body, flags=[*response.flags, "revalidated"])
