"""Crawl runs for operators: the latest run per source, recent runs, failing feeds and
recent errors (read by `cswatch status` and the scheduler)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, select, update

from storage.archive import Archive
from storage.models import Capture, CrawlRun, Document, FeedState, FetchError

_run = CrawlRun.__table__
_err = FetchError.__table__
_feed = FeedState.__table__
_doc = Document.__table__
_cap = Capture.__table__


@dataclass(frozen=True)
class RunInfo:
    id: int
    source: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    counts: dict[str, Any]


def _info(row: Any) -> RunInfo:
    return RunInfo(
        row.id, row.source, row.started_at, row.finished_at, row.status, row.counts or {}
    )


def last_runs(archive: Archive) -> dict[str, RunInfo]:
    """The most recent run of each source (spider), by start time."""
    newest = (
        select(_run.c.source, func.max(_run.c.id).label("id")).group_by(_run.c.source).subquery()
    )
    with archive.engine.connect() as conn:
        rows = conn.execute(select(_run).join(newest, newest.c.id == _run.c.id)).all()
    return {r.source: _info(r) for r in rows}


def recent_runs(archive: Archive, limit: int = 20) -> list[RunInfo]:
    with archive.engine.connect() as conn:
        rows = conn.execute(select(_run).order_by(_run.c.id.desc()).limit(limit)).all()
    return [_info(r) for r in rows]


def mark_killed_runs(archive: Archive, started_since: datetime, now: datetime) -> int:
    """Close runs begun at or after `started_since` that still say `running`: the process
    that ran them was killed and can no longer close them itself. Only the caller can know
    that no live process owns them (the scheduler, holding the archive's schedule lock,
    after killing its child). Their counts died with the process; the status says so."""
    with archive.engine.begin() as conn:
        done = conn.execute(
            update(_run)
            .where(_run.c.status == "running", _run.c.started_at >= started_since)
            .values(status="interrupted", finished_at=now)
        )
    return done.rowcount or 0


def failing_sources(archive: Archive) -> list[str]:
    """Sources whose latest run failed outright or is still marked running (killed?)."""
    return sorted(s for s, r in last_runs(archive).items() if r.status in ("failed", "running"))


def failing_feeds(archive: Archive) -> list[dict[str, Any]]:
    with archive.engine.connect() as conn:
        rows = conn.execute(
            select(_feed.c.url, _feed.c.failures, _feed.c.last_error, _feed.c.next_poll)
            .where(_feed.c.failures > 0)
            .order_by(_feed.c.failures.desc(), _feed.c.url)
        ).all()
    return [dict(r._mapping) for r in rows]


def errors_by_kind(archive: Archive, since: datetime) -> dict[str, int]:
    with archive.engine.connect() as conn:
        rows = conn.execute(
            select(_err.c.kind, func.count())
            .where(_err.c.occurred_at >= since)
            .group_by(_err.c.kind)
        ).all()
    return {k: n for k, n in rows}


# Failures worth asking again: the server or the network, not the page's content.
TRANSIENT_KINDS = ("timeout", "connection_refused", "connection_lost", "dns", "download_error")


def retryable_failures(
    archive: Archive, *, window: timedelta = timedelta(days=14), limit: int = 5
) -> list[tuple[str, dict[str, Any]]]:
    """(url, listing) of articles whose download failed for a transient reason (timeouts, resets,
    5xx, 429) within `window`, that have no document yet and failed fewer than `limit` times:
    the next run asks again even when the feed that listed them has not changed."""
    since = datetime.now().astimezone() - window
    transient = (
        _err.c.kind.in_(TRANSIENT_KINDS) | _err.c.kind.like("http_5%") | (_err.c.kind == "http_429")
    )
    with archive.engine.connect() as conn:
        rows = conn.execute(
            select(_err.c.url, func.max(_err.c.listing), func.count())
            .where(and_(_err.c.occurred_at >= since, transient))
            .where(~select(_doc.c.id).where(_doc.c.canonical_url == _err.c.url).exists())
            .group_by(_err.c.url)
        ).all()
    out = []
    for url, listing, count in rows:
        listing = listing if isinstance(listing, dict) else {}
        if count < limit:
            out.append((url, listing))
    return out


def entry_settled(archive: Archive, url: str) -> bool:
    """Whether a feed entry's article needs no new request: a document was made from a capture
    of this URL (or has it as its identity), or its page was read and rejected for what it
    says (a soft 404: asking again would give the same page)."""
    with archive.engine.connect() as conn:
        doc = conn.execute(
            select(_doc.c.id)
            .where(
                (_doc.c.canonical_url == url)
                | _doc.c.capture_id.in_(select(_cap.c.id).where(_cap.c.url == url))
            )
            .limit(1)
        ).first()
        if doc is not None:
            return True
        rejected = conn.execute(
            select(_err.c.id).where(_err.c.url == url, _err.c.http_status == 200).limit(1)
        ).first()
    return rejected is not None


def settled_entries(archive: Archive, urls: list[str]) -> set[str]:
    """`entry_settled` for many URLs at once: those of `urls` that need no new request. A
    re-crawl asks this once per unchanged feed instead of once per entry."""
    settled: set[str] = set()
    with archive.engine.connect() as conn:
        # Chunks keep each statement under SQLite's bound-parameter limit.
        for i in range(0, len(urls), 500):
            chunk = list(set(urls[i : i + 500]))
            settled.update(
                conn.execute(select(_doc.c.canonical_url).where(_doc.c.canonical_url.in_(chunk)))
                .scalars()
                .all()
            )
            settled.update(
                conn.execute(
                    select(_cap.c.url)
                    .join(_doc, _doc.c.capture_id == _cap.c.id)
                    .where(_cap.c.url.in_(chunk))
                )
                .scalars()
                .all()
            )
            settled.update(
                conn.execute(
                    select(_err.c.url).where(_err.c.url.in_(chunk), _err.c.http_status == 200)
                )
                .scalars()
                .all()
            )
    return settled & set(urls)
