"""What the feeds spider hands to the item pipeline about one feed poll."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pipeline.records import Capture


@dataclass
class FeedPolled:
    """One poll of one feed URL and how it went.

    outcome: "changed" (new body, read), "not_modified" (304), "unchanged" (200 with the body
    hash of the last poll: the server ignores conditional GET), "rejected" (a body that is not
    a readable feed: `error_kind` says why), "failed" (no usable response).
    """

    url: str  # the URL polled (the feed_state key)
    source: str
    outcome: str
    cadence: int  # the source's configured interval, seconds
    capture: Capture | None = None  # the body, when one was downloaded
    body_hash: str | None = None
    moved_to: str | None = None  # final URL after permanent (301/308) redirects only
    entries: int = 0
    followed: int = 0
    entry_times: list[datetime] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error_kind: str | None = None
    error_message: str | None = None
    http_status: int | None = None
    # "changed": the URLs of the entry requests made from this body (kept in feed_state).
    entry_urls: list[str] | None = None
