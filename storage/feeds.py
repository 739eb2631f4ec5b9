"""`feed_state`: what the feed reader remembers per feed URL between polls.

Validators for the conditional GET (ETag, Last-Modified), the hash of the last body (for servers
that ignore conditional GET), the poll schedule (last/next poll, interval), the failure count
for back-off, the last error, and `moved_to` when the feed answered a permanent redirect.
The schedule itself is computed by pipeline.feeds.next_interval; this module only stores it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from storage.archive import Archive
from storage.models import FeedState

_feed = FeedState.__table__
# A chain of moves longer than this is a loop or a misconfiguration: stop following it.
MAX_MOVES = 5


@dataclass(frozen=True)
class FeedStateInfo:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_poll: datetime | None = None
    next_poll: datetime | None = None
    interval_seconds: int | None = None
    failures: int = 0
    last_error: str | None = None
    moved_to: str | None = None
    # The entry URLs followed when the body `body_hash` names was read (None: not known).
    entry_urls: list[str] | None = None

    def due(self, now: datetime) -> bool:
        return self.next_poll is None or self.next_poll <= now


def get_state(archive: Archive, url: str) -> FeedStateInfo | None:
    with archive.engine.connect() as conn:
        row = conn.execute(select(_feed).where(_feed.c.url == url)).mappings().first()
    return FeedStateInfo(**dict(row)) if row is not None else None


def current_url(archive: Archive, url: str) -> str:
    """Where the feed lives now: `url` after following recorded permanent moves."""
    seen = {url}
    for _ in range(MAX_MOVES):
        state = get_state(archive, url)
        if state is None or not state.moved_to or state.moved_to in seen:
            return url
        url = state.moved_to
        seen.add(url)
    return url


def save_state(archive: Archive, state: FeedStateInfo) -> None:
    """Insert or replace the row for `state.url`."""
    values = asdict(state)
    dialect = postgresql if archive.backend == "postgresql" else sqlite
    stmt = dialect.insert(_feed).values(values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["url"], set_={k: stmt.excluded[k] for k in values if k != "url"}
    )
    with archive.session(write=True) as session:
        session.execute(stmt)


def all_states(archive: Archive) -> list[FeedStateInfo]:
    with archive.engine.connect() as conn:
        rows = conn.execute(select(_feed).order_by(_feed.c.url)).mappings().all()
    return [FeedStateInfo(**dict(r)) for r in rows]
