"""Plain values the Archive API returns (no ORM objects escape storage/)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

StoreStatus = Literal["new", "updated", "unchanged"]


@dataclass(frozen=True)
class StoreResult:
    document_id: int
    status: StoreStatus
    # Set when another document already holds the same text (e.g. a syndicated article).
    duplicate_of: int | None = None


@dataclass(frozen=True)
class CaptureInfo:
    """What a crawler needs to revalidate a URL: the last body's hash and its validators."""

    id: int
    url: str
    sha256: str
    status: int
    fetched_at: datetime
    etag: str | None = None
    last_modified: str | None = None


# Not frozen: a timeline builds thousands of these, and frozen dataclasses initialise several
# times slower (every field goes through object.__setattr__).
@dataclass(slots=True)
class TimelineEvent:
    date: date
    kind: str
    title: str
    authority_code: str
    via_predecessor: str | None  # the predecessor's code when the event is inherited history
    document_id: int | None
    url: str | None
    source: str | None
    grades: dict[str, str] = field(default_factory=dict)
    summary: str | None = None
    inspection_type: str | None = None


@dataclass(frozen=True)
class SearchHit:
    document_id: int
    title: str
    url: str
    kind: str
    source: str | None
    published: date | None
    snippet: str  # plain text; matches wrapped in « and » (storage.search.HIGHLIGHT_*)
    score: float  # higher is better on both backends
    authorities: list[str] = field(default_factory=list)  # subject codes first


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: list[SearchHit]
    query: str = ""
    # True when a very large result set was ranked over its most recent matches only
    # (SQLite, rank order, no filters; see storage/search_sqlite.py). total stays exact.
    approximate: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "approximate": self.approximate,
            "hits": [
                {
                    **hit.__dict__,
                    "published": hit.published.isoformat() if hit.published else None,
                }
                for hit in self.hits
            ],
        }
