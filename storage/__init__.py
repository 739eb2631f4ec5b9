"""storage/: the schema, migrations, archive API, full-text search and timelines.

Nothing outside this package writes SQL. Start with `Archive.open(url)`.
"""

from storage.archive import Archive
from storage.errors import ArchiveError, QueryError
from storage.results import (
    CaptureInfo,
    SearchHit,
    SearchResult,
    StoreResult,
    TimelineEvent,
)

__all__ = [
    "Archive",
    "ArchiveError",
    "CaptureInfo",
    "QueryError",
    "SearchHit",
    "SearchResult",
    "StoreResult",
    "TimelineEvent",
]
