"""Turn a Scrapy response into the archive's Capture record."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy.http import Response

from pipeline.records import Capture


def requested_url(response: Response) -> str:
    """The URL the spider asked for, before redirects (the document's stable identity)."""
    redirects = response.request.meta.get("redirect_urls") if response.request else None
    return redirects[0] if redirects else response.url


def capture_from_response(response: Response, source: str) -> Capture:
    headers = {
        k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()
    }
    return Capture(
        url=requested_url(response),
        final_url=response.url,
        status=response.status,
        headers=headers,
        body=response.body,
        fetched_at=datetime.now(UTC),
        source=source,
    )
