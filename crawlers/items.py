"""What spiders hand to the item pipeline: raw fetches and failures, nothing interpreted."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.records import Capture


@dataclass
class Fetched:
    """A response worth keeping. `role` says what the pipeline should make of it:
    "listing" pages are archived as captures only; "report"/"article" become documents."""

    capture: Capture
    role: str
    listing: dict[str, str] = field(default_factory=dict)
    urn: str | None = None
    # What we sent, for the WARC request record (filled in by crawlers.warc_context).
    request_headers: dict[str, str] = field(default_factory=dict)


@dataclass
class FetchFailed:
    url: str
    kind: str  # e.g. http_404, timeout, dns, connection, not_a_pdf
    message: str
    http_status: int | None = None
    listing: dict[str, str] = field(default_factory=dict)
    source: str | None = None  # None: the spider's name (ofsted)
